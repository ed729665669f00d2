"""Withdrawal closes the assignments still being worked on (issue 14, item 4).

The council office records the withdrawal; the open and accepted assignments are closed, each
affected office gets one mail, the offices' start pages no longer list the work, a contribution
begun stays readable but cannot be submitted. ``flask check`` finds open assignments of
inquiries withdrawn before this, ``--repair`` closes them. Migration 0005 upgrades a database
that has such rows without losing contributions.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import PASSWORD, contribute, request_context, routed, world
from factories import inquiry as new_inquiry

from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    AssignmentState,
    AuditEntry,
    ContributionState,
    Inquiry,
    InquiryState,
    OutboxMail,
    Transition,
)
from inquiry_app.models.base import utcnow

CLOSED_SUBJECT = "zurückgezogen: Zuweisung geschlossen"


def _setup():
    """Question 1: lead office with a contributing office, question 2: the contributing office
    as lead, which has submitted its contribution; the lead office has a draft."""
    w = world()
    item = new_inquiry(2, actor=w.council_office, subject="Zurückzuziehende Anfrage")
    routed(item, w.council_office, [w.lead_unit, w.contributing_unit], {1: [w.other_unit]})
    by_unit = {(a.org_unit_id, a.question.number): a for a in item.assignments}
    lead = by_unit[(w.lead_unit.id, "1")]
    other = by_unit[(w.other_unit.id, "1")]
    done = by_unit[(w.contributing_unit.id, "2")]
    contribute(done, w.contributing_clerk)
    from inquiry_app.contributions import operations as contribution_ops

    with request_context():
        contribution_ops.save(lead, w.lead_clerk, "Begonnene Zuarbeit des Amtes, **Entwurf**.",
                              None)
    db.session.commit()
    return w, item, lead, other, done


def _withdraw(browser, w, item):
    browser.login(w.council_office.login, PASSWORD)
    response = browser.submit(f"/anfragen/{item.id}/zurueckziehen",
                              {"note": "Schreiben der Fraktion vom 1.4.", "confirm": "y"},
                              form_url=f"/anfragen/{item.id}/schreiben")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    browser.logout()


def _closed_mails(item) -> list[OutboxMail]:
    return db.session.scalars(sa.select(OutboxMail).where(
        OutboxMail.inquiry_id == item.id, OutboxMail.subject.contains(CLOSED_SUBJECT))
        .order_by(OutboxMail.id)).all()


def test_withdrawal_closes_open_assignments_and_tells_each_office(browser, session):
    w, item, lead, other, done = _setup()
    _withdraw(browser, w, item)

    session.expire_all()
    assert session.get(Inquiry, item.id).state == InquiryState.WITHDRAWN
    assert session.get(Assignment, lead.id).state == AssignmentState.CLOSED
    assert session.get(Assignment, other.id).state == AssignmentState.CLOSED
    assert session.get(Assignment, done.id).state == AssignmentState.SUBMITTED  # done stays done

    mails = _closed_mails(item)
    assert sorted(m.recipients[0] for m in mails) == sorted([w.lead_unit.mailbox,
                                                              w.other_unit.mailbox])
    assert all(len(m.recipients) == 1 for m in mails)
    lead_mail = next(m for m in mails if m.recipients == [w.lead_unit.mailbox])
    assert f"Anfrage {item.number}" in lead_mail.subject
    assert "Frage 1 (federführend)" in lead_mail.body
    assert "nicht mehr übermittelt" in lead_mail.body

    steps = session.scalars(sa.select(Transition).where(Transition.inquiry_id == item.id)
                            .order_by(Transition.id)).all()
    assert [s.event for s in steps[-2:]] == ["withdraw", "close_assignments"]
    assert steps[-1].actor_id == w.council_office.id
    assert w.lead_unit.code in steps[-1].note and w.other_unit.code in steps[-1].note
    audited = session.scalars(sa.select(AuditEntry).where(
        AuditEntry.entity == "assignment", AuditEntry.entity_id == lead.id,
        AuditEntry.action == "update")).all()
    assert any(e.changes.get("state") == ["accepted", "closed"] for e in audited)

    browser.login(w.council_office.login, PASSWORD)
    history = browser.get(f"/verlauf/anfragen/{item.id}").get_data(as_text=True)
    assert "Zuweisungen geschlossen" in history


def test_the_offices_start_pages_no_longer_list_the_work(browser, session):
    w, item, _lead, _other, _done = _setup()
    browser.login(w.other_clerk.login, PASSWORD)
    assert item.number in browser.get("/aufgaben").get_data(as_text=True)
    browser.logout()

    _withdraw(browser, w, item)
    for person in (w.lead_clerk, w.other_clerk, w.lead_head):
        browser.login(person.login, PASSWORD)
        page = browser.get("/aufgaben")
        assert page.status_code == 200
        assert item.number not in page.get_data(as_text=True), person.login
        browser.logout()


def test_the_start_page_never_shows_work_of_answered_or_withdrawn_inquiries(browser, session):
    """Rows written directly (e.g. from before withdrawal closed assignments): an assignment
    still open on an inquiry that is sent, published, signed or withdrawn is not shown."""
    w = world()
    now = utcnow()
    items = {}
    for state in (InquiryState.SIGNED, InquiryState.SENT, InquiryState.PUBLISHED,
                  InquiryState.WITHDRAWN, InquiryState.ROUTED):
        item = new_inquiry(1, actor=w.council_office, subject=f"Anfrage im Status {state.value}")
        routed(item, w.council_office, [w.other_unit])
        items[state] = item
        values = {"state": state.value}
        if state in (InquiryState.SIGNED, InquiryState.SENT, InquiryState.PUBLISHED):
            values["signed_at"] = now
        if state in (InquiryState.SENT, InquiryState.PUBLISHED):
            values["sent_on"] = now.date()
        if state == InquiryState.PUBLISHED:
            values["published_at"] = now
        if state == InquiryState.WITHDRAWN:
            values["withdrawn_at"] = now
        session.execute(sa.update(Inquiry.__table__).where(Inquiry.__table__.c.id == item.id)
                        .values(**values))
    session.commit()
    assert all(a.state == AssignmentState.OPEN for i in items.values() for a in i.assignments)

    browser.login(w.other_clerk.login, PASSWORD)
    for url in ("/aufgaben", "/anfragen/?aufgabe=zuweisungen"):  # and its "alle anzeigen"
        page = browser.get(url).get_data(as_text=True)
        assert items[InquiryState.ROUTED].number in page, url
        for state, item in items.items():
            if state != InquiryState.ROUTED:
                assert item.number not in page, (url, state.value)


def test_the_contribution_stays_readable_and_cannot_be_submitted(browser, session):
    w, item, lead, _other, _done = _setup()
    _withdraw(browser, w, item)
    detail = f"/zuweisungen/{lead.id}"

    browser.login(w.lead_clerk.login, PASSWORD)
    page = browser.get(detail)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Begonnene Zuarbeit des Amtes" in html  # the text, rendered
    assert "Zuweisung geschlossen" in html and "zurückgezogen" in html
    assert "data-autosave-url" not in html  # no editor
    assert "An das federführende Amt übermitteln" not in html

    version = session.get(Assignment, lead.id).contribution.version
    refused = browser.submit(f"{detail}/beitrag", {"text": "Neuer Text", "version": version,
                                                    "action": "submit"},
                             form_url=detail, follow_redirects=True)
    assert refused.status_code == 422  # the page again, with the reason
    assert "Die Anfrage wurde zurückgezogen und die Zuweisung geschlossen" in \
        refused.get_data(as_text=True)
    autosave = browser.submit(f"{detail}/beitrag/autosave", {"text": "Neuer Text",
                                                              "version": version},
                              form_url=detail)
    assert autosave.status_code == 422
    assert "zurückgezogen" in autosave.get_json()["message"]
    accepted = browser.submit(f"{detail}/annehmen", {}, form_url=detail, follow_redirects=True)
    assert accepted.status_code == 200

    session.expire_all()
    assignment = session.get(Assignment, lead.id)
    assert assignment.state == AssignmentState.CLOSED
    assert assignment.contribution.state == ContributionState.DRAFT
    assert assignment.contribution.text == "Begonnene Zuarbeit des Amtes, **Entwurf**."


def test_a_contribution_waiting_for_the_head_cannot_be_approved_after_withdrawal(browser,
                                                                                 session):
    w = world()
    w.lead_unit.requires_head_approval = True
    item = new_inquiry(1, actor=w.council_office)
    routed(item, w.council_office, [w.lead_unit])
    assignment = item.assignments[0]
    contribute(assignment, w.lead_clerk, "Wartet auf die Amtsleitung.")
    assert assignment.contribution.state == ContributionState.AWAITING_APPROVAL
    db.session.commit()
    _withdraw(browser, w, item)

    browser.login(w.lead_head.login, PASSWORD)
    assert item.number not in browser.get("/aufgaben").get_data(as_text=True)
    detail = f"/zuweisungen/{assignment.id}"
    html = browser.get(detail).get_data(as_text=True)
    assert "Wartet auf die Amtsleitung." in html and "Freigeben und übermitteln" not in html
    refused = browser.submit(f"/beitraege/{assignment.contribution.id}/freigeben", {},
                             form_url=detail, follow_redirects=True)
    assert refused.status_code == 200
    assert "Die Anfrage wurde zurückgezogen" in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(Assignment, assignment.id).contribution.state == \
        ContributionState.AWAITING_APPROVAL


# --- flask check ------------------------------------------------------------------------------

def _check(app, *args):
    return app.test_cli_runner().invoke(args=["check", *args])


def test_check_finds_and_repairs_open_assignments_of_withdrawn_inquiries(app, session):
    w = world()
    item = new_inquiry(2, actor=w.council_office, subject="Früher zurückgezogen")
    routed(item, w.council_office, [w.lead_unit, w.contributing_unit])
    # as before withdrawal closed assignments: the inquiry withdrawn, the assignments left open
    session.execute(sa.update(Inquiry.__table__).where(Inquiry.__table__.c.id == item.id)
                    .values(state=InquiryState.WITHDRAWN.value, withdrawn_at=utcnow()))
    session.commit()

    found = _check(app)
    assert found.exit_code == 1, found.output
    assert f"{item.number}: Zurückgezogen, aber 2 Zuweisungen noch offen" in found.output
    session.expire_all()
    assert {a.state for a in session.get(Inquiry, item.id).assignments} == {AssignmentState.OPEN}

    repaired = _check(app, "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert f"{item.number}: Zurückgezogen" in repaired.output and "Zuweisungen geschlossen" in \
        repaired.output
    session.expire_all()
    item = session.get(Inquiry, item.id)
    assert {a.state for a in item.assignments} == {AssignmentState.CLOSED}
    assert sorted(m.recipients[0] for m in _closed_mails(item)) == sorted(
        [w.lead_unit.mailbox, w.contributing_unit.mailbox])
    step = session.scalars(sa.select(Transition).where(Transition.inquiry_id == item.id)
                           .order_by(Transition.id.desc())).first()
    assert (step.event, step.actor_id) == ("close_assignments", None)
    assert step.note.startswith("Datenprüfung")

    again = _check(app)
    assert item.number not in again.output


# --- migration 0005 -----------------------------------------------------------------------------

def test_migration_0005_keeps_contributions_of_withdrawn_inquiries(db_server):
    """A database at 0004 with a withdrawn inquiry whose assignment is still open and has a
    contribution, a revision and a reminder: upgraded, everything is still there and the
    assignment can be closed; a downgrade brings it back to open."""
    from flask_migrate import downgrade, upgrade

    from inquiry_app import create_app

    application = create_app({"TESTING": True, "SECRET_KEY": "migration-test",
                              "SQLALCHEMY_DATABASE_URI": db_server("withdrawal_migration")})
    rows = [
        "INSERT INTO org_unit (id, code, name, kind, active, requires_head_approval, created_at) "
        "VALUES (1, '33', 'Bürgeramt', 'office', true, false, '2025-01-01')",
        "INSERT INTO inquiry (id, number, kind, subject, received_on, due_on, original_due_on, "
        "submitted_text, preamble, remark, state, signed_on_behalf, withdrawn_at, created_at, "
        "version, no_claim_to_answer) VALUES (1, 'AF0001/25', 'written', 'Zurückgezogen', "
        "'2025-01-01', '2025-01-29', '2025-01-29', '', '', '', 'withdrawn', false, "
        "'2025-01-10', '2025-01-01', 1, false)",
        "INSERT INTO question (id, inquiry_id, position, number, text) "
        "VALUES (1, 1, 1, '1', 'Wie viele?')",
        "INSERT INTO assignment (id, inquiry_id, question_id, org_unit_id, role, state, due_on, "
        "sent_at, created_at) VALUES (1, 1, 1, 1, 'lead', 'accepted', '2025-01-20', "
        "'2025-01-02', '2025-01-02')",
        "INSERT INTO contribution (id, assignment_id, text, state, late, updated_at, version) "
        "VALUES (1, 1, 'Begonnen', 'draft', false, '2025-01-03', 1)",
        "INSERT INTO contribution_revision (id, contribution_id, number, text, created_at) "
        "VALUES (1, 1, 1, 'Begonnen', '2025-01-03')",
        "INSERT INTO reminder (id, assignment_id, due_on) VALUES (1, 1, '2025-01-19')",
    ]

    def counts(conn):
        return [conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("assignment", "contribution", "contribution_revision", "reminder")]

    with application.app_context():
        upgrade(revision="0004")
        with db.engine.begin() as conn:
            for row in rows:
                conn.execute(sa.text(row))
        upgrade()
        with db.engine.begin() as conn:
            assert counts(conn) == [1, 1, 1, 1]
            assert conn.execute(sa.text("SELECT text FROM contribution")).scalar() == "Begonnen"
            conn.execute(sa.text("UPDATE assignment SET state = 'closed'"))
        with db.engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):
            conn.execute(sa.text("UPDATE assignment SET state = 'vergessen'"))
        downgrade(revision="0004")
        with db.engine.connect() as conn:
            assert counts(conn) == [1, 1, 1, 1]
            assert conn.execute(sa.text("SELECT state FROM assignment")).scalar() == "open"
        upgrade()
        with db.engine.connect() as conn:
            assert counts(conn) == [1, 1, 1, 1]
            if conn.dialect.name == "sqlite":
                assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()
