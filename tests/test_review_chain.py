"""The review chain (issue 15, point 4): built from every lead office of the inquiry, editable
per inquiry by the council office before the review starts, refused up front where a station
has nobody who can act, a waiting station reassigned by the admin, the letter shown before
the buttons, and the mayor approving and signing in one step as the last station."""

from __future__ import annotations

import html
import io
import re

import docx
import factories
import pytest
import sqlalchemy as sa
from factories import PASSWORD, login, post

from inquiry_app.models import (
    Inquiry,
    InquiryState,
    OrgUnitKind,
    Review,
    ReviewDecision,
    Role,
    Transition,
)


@pytest.fixture
def w(session):
    """The world (its mayor's office the last station) and a Stadtkämmerei with a head and a
    clerk in a Geschäftsbereich of its own (with a head)."""
    world = factories.world(sole_mayor_office=True)
    finance = factories.org_unit("Geschäftsbereich Finanzen (Test)", kind=OrgUnitKind.DIVISION)
    world.kaemmerei = factories.org_unit("Stadtkämmerei (Test)", parent=finance)
    world.finance = finance
    world.kaemmerei_head = factories.user(Role.DEPARTMENT_HEAD, world.kaemmerei,
                                          name="Kämmerin Test")
    world.kaemmerei_clerk = factories.user(Role.DEPARTMENT, world.kaemmerei)
    world.finance_head = factories.user(Role.DEPARTMENT_HEAD, finance)
    return world


def _away(session, *people) -> None:
    """``people`` are deactivated (committed)."""
    session.expire_all()
    for person in people:
        session.get(type(person), person.id).active = False
    session.commit()


def _drafted(w, leads: dict, contributors: dict | None = None) -> Inquiry:
    """An inquiry whose questions are led as ``leads`` (position -> unit), with
    ``contributors`` (position -> units), answered, with a draft letter (state ``draft``),
    committed."""
    item = factories.councillor_inquiry(w, len(leads))
    factories.routed(item, w.council_office, leads, contributors)
    factories.answered(item, {**w.workers(), w.kaemmerei.id: w.kaemmerei_clerk})
    factories.drafted(item, w.council_office)
    factories.stored()
    return item


@pytest.fixture
def three_leads(w) -> Inquiry:
    """Question 1 led by the lead office, 2 by the Stadtkämmerei (the uninvolved office of the
    world contributing), 3 by the contributing office."""
    return _drafted(w, {1: w.lead_unit, 2: w.kaemmerei, 3: w.contributing_unit},
                    {2: [w.other_unit]})


def _base(item) -> str:
    return f"/anfragen/{item.id}/schreiben"


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _reviews(session, item) -> list[Review]:
    session.expire_all()
    newest = session.scalar(sa.select(sa.func.max(Review.round)).where(
        Review.inquiry_id == item.id))
    return session.scalars(sa.select(Review).where(
        Review.inquiry_id == item.id, Review.round == newest).order_by(Review.position)).all()


def _state(session, item) -> InquiryState:
    return factories.fresh(session, item).state


def _events(session, item) -> list[str]:
    return [t.event for t in session.scalars(sa.select(Transition).where(
        Transition.inquiry_id == item.id).order_by(Transition.id))]


def _chain_post(browser, item, action, unit=None):
    data = {"action": action}
    if unit is not None:
        data["unit_id"] = str(unit.id)
    return browser.submit(f"{_base(item)}/mitzeichnungskette", data, form_url=_base(item))


def _chain_on_page(page: str, units) -> list[int]:
    """Where each unit's label stands in the page's chain section."""
    section = page[page.index('id="chain-heading"'):]
    return [section.index(u.label) for u in units]


# --- the computed chain ---------------------------------------------------------------------

def test_three_lead_offices_bring_their_three_heads_in_question_order(browser, w, three_leads,
                                                                      session):
    expected = [w.lead_unit, w.kaemmerei, w.contributing_unit, w.division, w.finance,
                w.mayor_office]
    login(browser, w.council_office)
    page = _page(browser.get(_base(three_leads)))
    assert "Standard: die Leitungen aller federführenden Ämter" in page
    positions = _chain_on_page(page, expected)
    assert positions == sorted(positions)

    assert post(browser, f"{_base(three_leads)}/mitzeichnung").status_code == 302
    assert [r.org_unit_id for r in _reviews(session, three_leads)] == [u.id for u in expected]

    # the Stadtkämmerei's head decides its station; the contributing office's head must wait
    login(browser, w.lead_head)
    assert post(browser, f"{_base(three_leads)}/mitzeichnen").status_code == 302
    login(browser, w.contributing_head)
    refused = post(browser, f"{_base(three_leads)}/mitzeichnen")
    assert refused.status_code == 409
    assert "Die Mitzeichnung liegt zurzeit nicht bei Ihnen." in _page(refused)
    login(browser, w.kaemmerei_head)
    assert post(browser, f"{_base(three_leads)}/mitzeichnen").status_code == 302
    decided = _reviews(session, three_leads)
    assert [r.decision for r in decided[:3]] == [ReviewDecision.APPROVED, ReviewDecision.APPROVED,
                                                 ReviewDecision.PENDING]
    assert decided[1].reviewer_id == w.kaemmerei_head.id


def test_an_office_leading_two_questions_is_one_station(browser, w, session):
    item = _drafted(w, {1: w.kaemmerei, 2: w.lead_unit, 3: w.kaemmerei})
    login(browser, w.council_office)
    assert post(browser, f"{_base(item)}/mitzeichnung").status_code == 302
    assert [r.org_unit_id for r in _reviews(session, item)] == [
        w.kaemmerei.id, w.lead_unit.id, w.finance.id, w.division.id, w.mayor_office.id]


# --- editing the chain ----------------------------------------------------------------------

def test_the_council_office_edits_the_chain_of_this_inquiry(browser, w, three_leads, session):
    login(browser, w.council_office)
    assert _chain_post(browser, three_leads, f"remove:{w.finance.id}").status_code == 302
    assert _chain_post(browser, three_leads, "add", w.other_unit).status_code == 302
    assert _chain_post(browser, three_leads, f"up:{w.other_unit.id}").status_code == 302
    assert _chain_post(browser, three_leads, f"down:{w.lead_unit.id}").status_code == 302
    edited = [w.kaemmerei, w.lead_unit, w.contributing_unit, w.division, w.other_unit,
              w.mayor_office]
    page = _page(browser.get(_base(three_leads)))
    assert "Für diese Anfrage angepasst." in page
    positions = _chain_on_page(page, edited)
    assert positions == sorted(positions)
    assert w.finance.label not in page[page.index('id="chain-heading"'):page.index(
        'id="chain-unit"')]
    assert "edit_review_chain" in _events(session, three_leads)

    # another inquiry keeps the computed chain
    other = _drafted(w, {1: w.lead_unit})
    page = _page(browser.get(_base(other)))
    assert "Für diese Anfrage angepasst." not in page

    assert post(browser, f"{_base(three_leads)}/mitzeichnung").status_code == 302
    assert [r.org_unit_id for r in _reviews(session, three_leads)] == [u.id for u in edited]


def test_the_computed_chain_can_be_restored(browser, w, three_leads, session):
    login(browser, w.council_office)
    assert _chain_post(browser, three_leads, f"remove:{w.kaemmerei.id}").status_code == 302
    assert "Für diese Anfrage angepasst." in _page(browser.get(_base(three_leads)))
    assert _chain_post(browser, three_leads, "reset").status_code == 302
    page = _page(browser.get(_base(three_leads)))
    assert "Für diese Anfrage angepasst." not in page
    assert post(browser, f"{_base(three_leads)}/mitzeichnung").status_code == 302
    assert w.kaemmerei.id in [r.org_unit_id for r in _reviews(session, three_leads)]


@pytest.mark.parametrize(("action", "message"), [
    ("add", "Bitte wählen Sie die Organisationseinheit, die Sie als Station hinzufügen möchten."),
    ("add-twice", "ist bereits eine Station der Mitzeichnung."),
    ("up-first", "Die Station steht bereits an erster Stelle."),
    ("down-last", "Die Station steht bereits an letzter Stelle."),
])
def test_a_senseless_change_of_the_chain_is_refused(browser, w, three_leads, session, action,
                                                    message):
    login(browser, w.council_office)
    if action == "add-twice":
        response = _chain_post(browser, three_leads, "add", w.kaemmerei)
    elif action == "up-first":
        response = _chain_post(browser, three_leads, f"up:{w.lead_unit.id}")
    elif action == "down-last":
        response = _chain_post(browser, three_leads, f"down:{w.mayor_office.id}")
    else:
        response = _chain_post(browser, three_leads, "add")
    assert response.status_code == 422
    page = _page(response)
    assert message in page and "Mitzeichnungskette" in page
    assert "Für diese Anfrage angepasst." not in page


def test_the_last_station_cannot_be_removed(browser, w, session):
    item = _drafted(w, {1: w.lead_unit})
    login(browser, w.council_office)
    for unit in (w.lead_unit, w.division):
        assert _chain_post(browser, item, f"remove:{unit.id}").status_code == 302
    response = _chain_post(browser, item, f"remove:{w.mayor_office.id}")
    assert response.status_code == 422
    assert "Die Mitzeichnung braucht mindestens eine Station." in _page(response)


def test_only_the_council_office_edits_the_chain_and_only_before_the_review(browser, w,
                                                                           three_leads, session):
    for person in (w.lead_head, w.signatory, w.admin):
        login(browser, person)
        response = browser.submit(f"{_base(three_leads)}/mitzeichnungskette",
                                  {"action": f"remove:{w.kaemmerei.id}"},
                                  form_url=_base(three_leads))
        assert response.status_code == 403, person.login
    login(browser, w.council_office)
    assert post(browser, f"{_base(three_leads)}/mitzeichnung").status_code == 302
    page = _page(browser.get(_base(three_leads)))
    assert 'id="chain-heading"' not in page
    response = _chain_post(browser, three_leads, f"remove:{w.kaemmerei.id}")
    assert response.status_code == 409
    assert "kann die Mitzeichnungskette nicht mehr geändert werden" in _page(response)
    assert w.kaemmerei.id in [r.org_unit_id for r in _reviews(session, three_leads)]


# --- nobody at a station, reassignment -------------------------------------------------------

def test_sending_to_review_is_refused_while_a_station_has_nobody_who_can_act(browser, w,
                                                                            three_leads, session):
    lonely = factories.org_unit("Amt ohne Leitung (Test)")
    factories.user(Role.DEPARTMENT, lonely)  # a clerk cannot approve
    factories.stored()
    login(browser, w.council_office)
    assert _chain_post(browser, three_leads, "add", lonely).status_code == 302
    response = post(browser, f"{_base(three_leads)}/mitzeichnung")
    assert response.status_code == 409
    page = _page(response)
    assert (f"Die Mitzeichnung kann nicht beginnen: Bei der Station „{lonely.label}“ gibt es "
            "keine aktive Person, die mitzeichnen kann") in page
    assert _state(session, three_leads) == InquiryState.DRAFT
    assert _reviews(session, three_leads) == []

    # the heads of the Stadtkämmerei and of its Geschäftsbereich leave: both stations have
    # nobody either
    _away(session, w.kaemmerei_head, w.finance_head)
    response = post(browser, f"{_base(three_leads)}/mitzeichnung")
    assert response.status_code == 409
    assert (f"Bei den Stationen „{w.kaemmerei.label}“, „{w.finance.label}“ und "
            f"„{lonely.label}“ gibt es keine aktive Person") in _page(response)

    # the council office takes these stations out: the review starts
    for unit in (lonely, w.kaemmerei, w.finance):
        assert _chain_post(browser, three_leads, f"remove:{unit.id}").status_code == 302
    assert post(browser, f"{_base(three_leads)}/mitzeichnung").status_code == 302
    assert _state(session, three_leads) == InquiryState.IN_REVIEW


def test_the_admin_reassigns_a_waiting_station(browser, w, three_leads, session):
    login(browser, w.council_office)
    assert post(browser, f"{_base(three_leads)}/mitzeichnung").status_code == 302
    login(browser, w.lead_head)
    assert post(browser, f"{_base(three_leads)}/mitzeichnen").status_code == 302
    _away(session, w.kaemmerei_head, w.finance_head)  # on leave
    waiting = _reviews(session, three_leads)[1]
    assert waiting.org_unit_id == w.kaemmerei.id

    login(browser, w.admin)
    page = _page(browser.get(_base(three_leads)))
    assert "niemand kann hier mitzeichnen" in page and "Station umleiten" in page
    login(browser, w.council_office)  # not the council office's step
    response = browser.submit(f"{_base(three_leads)}/umleiten",
                              {"review_id": str(waiting.id), "unit_id": str(w.other_unit.id)},
                              form_url=_base(three_leads))
    assert response.status_code == 403
    login(browser, w.admin)
    response = browser.submit(f"{_base(three_leads)}/umleiten",
                              {"review_id": str(waiting.id), "unit_id": str(w.other_unit.id),
                               "note": "Kämmerin im Urlaub"}, form_url=_base(three_leads))
    assert response.status_code == 302
    assert _reviews(session, three_leads)[1].org_unit_id == w.other_unit.id
    notes = session.scalars(sa.select(Transition.note).where(
        Transition.inquiry_id == three_leads.id, Transition.event == "reassign_review")).all()
    assert notes == [f"Station 2: {w.kaemmerei.label} -> {w.other_unit.label} "
                     "(Kämmerin im Urlaub)"]
    login(browser, w.other_head)
    assert post(browser, f"{_base(three_leads)}/mitzeichnen").status_code == 302
    assert _reviews(session, three_leads)[1].decision == ReviewDecision.APPROVED


def test_reassigning_to_a_unit_without_anybody_is_refused(browser, w, three_leads, session):
    lonely = factories.org_unit("Amt ohne Leitung (Test)")
    factories.stored()
    login(browser, w.council_office)
    assert post(browser, f"{_base(three_leads)}/mitzeichnung").status_code == 302
    waiting = _reviews(session, three_leads)[0]
    login(browser, w.admin)
    response = browser.submit(f"{_base(three_leads)}/umleiten",
                              {"review_id": str(waiting.id), "unit_id": str(lonely.id)},
                              form_url=_base(three_leads))
    assert response.status_code == 422
    assert (f"Bei {lonely.label} gibt es keine aktive Person, die mitzeichnen kann."
            in _page(response))
    assert _reviews(session, three_leads)[0].org_unit_id == w.lead_unit.id


# --- the page: letter first, then the buttons -------------------------------------------------

def _letter_before(page: str, button: str) -> None:
    assert 'aria-label="Brieftext"' in page and button in page
    assert page.index('aria-label="Brieftext"') < page.index(button), button


def test_review_and_signature_pages_show_the_letter_before_the_buttons(browser, w, session):
    item = _drafted(w, {1: w.lead_unit})
    login(browser, w.council_office)
    assert post(browser, f"{_base(item)}/mitzeichnung").status_code == 302
    login(browser, w.lead_head)
    page = _page(browser.get(_base(item)))
    _letter_before(page, ">Mitzeichnen<")
    _letter_before(page, ">Entwurf zurückgeben<")
    assert post(browser, f"{_base(item)}/mitzeichnen").status_code == 302
    login(browser, w.division_head)
    assert post(browser, f"{_base(item)}/mitzeichnen").status_code == 302
    login(browser, w.signatory)
    _letter_before(_page(browser.get(_base(item))), ">Mitzeichnen und unterschreiben<")
    assert post(browser, f"{_base(item)}/mitzeichnen").status_code == 302
    _letter_before(_page(browser.get(_base(item))), ">Verbindlich zeichnen<")


# --- the mayor signs in one step --------------------------------------------------------------

def _at_the_mayor(browser, w, item) -> None:
    login(browser, w.council_office)
    assert post(browser, f"{_base(item)}/mitzeichnung").status_code == 302
    for person in factories.reviewers(w, item, w.kaemmerei_head, w.finance_head)[:-1]:
        login(browser, person)
        assert post(browser, f"{_base(item)}/mitzeichnen").status_code == 302, person.login


def test_the_mayor_approves_and_signs_in_one_step(browser, w, three_leads, session):
    _at_the_mayor(browser, w, three_leads)
    login(browser, w.lead_head)
    assert "Mitzeichnen und unterschreiben" not in _page(browser.get(_base(three_leads)))
    login(browser, w.signatory)
    page = _page(browser.get(_base(three_leads)))
    assert "Ihre Station ist die letzte der Mitzeichnung." in page
    assert "Ihr Passwort zur Bestätigung" in page

    wrong = browser.submit(f"{_base(three_leads)}/mitzeichnen-und-zeichnen",
                           {"password": "falsch", "mode": "self"}, form_url=_base(three_leads))
    assert wrong.status_code == 403
    assert "Das Passwort ist nicht korrekt." in _page(wrong)
    assert _state(session, three_leads) == InquiryState.IN_REVIEW
    assert _reviews(session, three_leads)[-1].decision == ReviewDecision.PENDING

    done = browser.submit(f"{_base(three_leads)}/mitzeichnen-und-zeichnen",
                          {"password": PASSWORD, "mode": "self", "comment": "Einverstanden"},
                          form_url=_base(three_leads))
    assert done.status_code == 302
    item = factories.fresh(session, three_leads)
    assert item.state == InquiryState.SIGNED and item.signatory_id == w.signatory.id
    last = _reviews(session, item)[-1]
    assert (last.decision, last.reviewer_id, last.comment) == (
        ReviewDecision.APPROVED, w.signatory.id, "Einverstanden")
    assert _events(session, item)[-3:] == ["approve_review", "complete_review", "sign"]
    page = _page(browser.get(_base(item)))
    assert "Gezeichnet von" in page
    link = re.search(r'href="(/schreiben/\d+\.docx)"', page).group(1)
    signed_docx = docx.Document(io.BytesIO(browser.get(link).data))
    assert w.signatory.name in "\n".join(p.text for p in signed_docx.paragraphs)


def test_on_behalf_in_one_step(browser, w, session):
    item = _drafted(w, {1: w.lead_unit})
    _at_the_mayor(browser, w, item)
    login(browser, w.signatory)
    assert browser.submit(f"{_base(item)}/mitzeichnen-und-zeichnen",
                          {"password": PASSWORD, "mode": "on_behalf"},
                          form_url=_base(item)).status_code == 302
    item = factories.fresh(session, item)
    assert item.state == InquiryState.SIGNED and item.signed_on_behalf


def test_no_one_step_where_the_mayor_is_not_the_last_station(browser, w, session):
    item = _drafted(w, {1: w.lead_unit})
    login(browser, w.council_office)
    assert _chain_post(browser, item, f"up:{w.mayor_office.id}").status_code == 302
    assert post(browser, f"{_base(item)}/mitzeichnung").status_code == 302
    login(browser, w.lead_head)
    assert post(browser, f"{_base(item)}/mitzeichnen").status_code == 302
    login(browser, w.signatory)  # the mayor's office now, the division last
    page = _page(browser.get(_base(item)))
    assert ">Mitzeichnen<" in page and "Mitzeichnen und unterschreiben" not in page
    response = browser.submit(f"{_base(item)}/mitzeichnen-und-zeichnen",
                              {"password": PASSWORD, "mode": "self"}, form_url=_base(item))
    assert response.status_code == 409
    assert "nur an der letzten Station" in _page(response)
    item = factories.fresh(session, item)
    assert item.state == InquiryState.IN_REVIEW and item.signed_at is None
