"""Several people at once, through real HTTP on a real multi-threaded server, on the database of
the run (a SQLite file by default: the embedded default must serve a city office; PostgreSQL with
``--db=postgresql``). Two people working at once never get an error page: a conflict is the
merge page (409), a lost race is a clear message, every acknowledged save is stored."""

from __future__ import annotations

import itertools
import re

import factories
import pytest
import sqlalchemy as sa
from live import parallel, start_live_app

pytestmark = pytest.mark.timeout(300)

VERSION_RE = re.compile(r'name="version" value="(\d*)"')


@pytest.fixture(scope="module")
def live(db_server):
    live = start_live_app(db_server("concurrency"))
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def people(live):
    """The world of tests/factories.py in the live database (its mayor's office the last review
    station), a second signatory in the division, and an inquiry of four questions, split."""
    from inquiry_app.extensions import db
    from inquiry_app.models import OrgUnit, Role, User

    built = live.world(sole_mayor_office=True)

    def more():
        office = db.session.scalar(sa.select(User).where(
            User.login == built["logins"]["council_office"]))
        division = db.session.get(OrgUnit, built["units"]["division"])
        deputy = factories.user(Role.SIGNATORY, division)
        inquiry = factories.confirmed(factories.councillor_inquiry(
            SimpleWorld(office), 4), office)
        db.session.commit()
        return deputy.login, inquiry.id

    built["logins"]["deputy"], built["inquiry"] = live.run(more)
    return built


class SimpleWorld:
    """What factories.councillor_inquiry needs of a world: its council office."""

    def __init__(self, council_office):
        self.council_office = council_office


def _client(live, people, person):
    return live.client(people["logins"][person], factories.PASSWORD)


def _logins(people) -> list[str]:
    return sorted(people["logins"].values())


def _route_reference(live, people) -> dict[str, int]:
    """Route the inquiry as the reference was (1, 2, 4 -> the lead unit; 3 -> the
    contributing unit); the assignment ids by question."""
    from inquiry_app.assignments.operations import QuestionPlan, save_plan, send
    from inquiry_app.extensions import db
    from inquiry_app.models import Assignment, Inquiry, User

    def route():
        inquiry = db.session.get(Inquiry, people["inquiry"])
        if not any(a.sent_at for a in inquiry.assignments):
            lead, other = people["units"]["lead_unit"], people["units"]["contributing_unit"]
            clerk = db.session.scalar(sa.select(User).where(
                User.login == people["logins"]["council_office"]))
            plans = {q.id: QuestionPlan(other if q.number == "3" else lead)
                     for q in inquiry.questions}
            with live.app.test_request_context():
                save_plan(inquiry, plans, clerk)
                send(inquiry, clerk)
            db.session.commit()
        rows = db.session.execute(
            sa.select(Assignment.id, Assignment.question_id).where(Assignment.inquiry_id == inquiry.id)
        ).all()
        numbers = {q.id: q.number for q in inquiry.questions}
        return {numbers[qid]: aid for aid, qid in rows}

    return live.run(route)


def test_twenty_people_log_in_at_the_same_moment(live, people):
    clients = [live.client() for _ in range(20)]
    logins = list(itertools.islice(itertools.cycle(_logins(people)), 20))
    tokens = [c.token("/anmelden") for c in clients]
    results = parallel([
        (lambda c=c, login=login, token=token: c.post(
            "/anmelden", {"login": login, "password": factories.PASSWORD}, token=token))
        for c, login, token in zip(clients, logins, tokens, strict=True)
    ])
    for login, response in zip(logins, results, strict=True):
        assert not isinstance(response, Exception), response
        assert response.status_code == 200, (login, response.status_code)
        assert response.history and response.history[0].status_code == 302, login
        assert "/anmelden" not in response.url, login
    # and each of them is really logged in
    assert all(c.get("/aufgaben").status_code == 200 for c in clients)


def test_twenty_parallel_saves_of_one_contribution_give_one_save_and_merge_pages(live, people):
    assignment_id = _route_reference(live, people)["2"]
    path = f"/zuweisungen/{assignment_id}/beitrag"
    page_path = f"/zuweisungen/{assignment_id}"
    clients = [_client(live, people, "lead_clerk") for _ in range(20)]
    forms = []
    for c in clients:
        page = c.get(page_path).text
        forms.append((c.token(page_path), VERSION_RE.search(page).group(1)))
    results = parallel([
        (lambda c=c, token=token, version=version, i=i: c.post(
            path, {"text": f"Fassung {i} von Amt 33", "version": version, "action": "save"},
            token=token))
        for i, (c, (token, version)) in enumerate(zip(clients, forms, strict=True))
    ])
    statuses = [r.status_code if not isinstance(r, Exception) else repr(r) for r in results]
    assert 500 not in statuses and 503 not in statuses, statuses
    saved = [i for i, r in enumerate(results) if r.status_code == 200 and "gespeichert" in r.text
             and "Zusammengeführte Fassung" not in r.text]
    merged = [r for r in results if r.status_code == 409]
    assert len(saved) == 1, statuses
    assert len(merged) == 19, statuses
    assert all("Zusammengeführte Fassung speichern" in r.text for r in merged)

    from inquiry_app.models import Assignment

    def stored():
        from inquiry_app.extensions import db

        contribution = db.session.get(Assignment, assignment_id).contribution
        return contribution.text, len(contribution.revisions)

    text, revisions = live.run(stored)
    assert text == f"Fassung {saved[0]} von Amt 33"
    assert revisions == 1


def test_readers_and_writers_at_once_lose_no_acknowledged_save(live, people):
    """12 people read pages while 4 keep saving contributions (a fixed number of rounds each)."""
    assignments = _route_reference(live, people)
    writer_paths = [f"/zuweisungen/{assignments[n]}" for n in ("1", "4")]
    lead, other = "lead_clerk", "contributing_clerk"
    writers = [(_client(live, people, lead), writer_paths[0]),
               (_client(live, people, lead), writer_paths[1]),
               (_client(live, people, other), f"/zuweisungen/{assignments['3']}"),
               (_client(live, people, other), f"/zuweisungen/{assignments['3']}")]
    readers = [live.client(login, factories.PASSWORD)
               for login in itertools.islice(itertools.cycle(_logins(people)), 12)]
    acknowledged: dict[str, str] = {}
    errors: list[str] = []

    def write(client, page_path, tag):
        for count in range(15):
            page = client.get(page_path)
            version = VERSION_RE.search(page.text).group(1)
            text = f"{tag} Stand {count}"
            response = client.post(page_path + "/beitrag",
                                   {"text": text, "version": version, "action": "save"},
                                   token=re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                                                   page.text).group(1))
            if response.status_code >= 500:
                errors.append(f"{tag}: {response.status_code}")
            elif response.status_code == 200 and "Die Zuarbeit wurde gespeichert" in response.text:
                acknowledged[page_path] = text

    def read(client):
        for _ in range(20):
            for path in ("/aufgaben", "/anfragen/"):
                response = client.get(path)
                if response.status_code != 200:
                    errors.append(f"GET {path}: {response.status_code}")

    tasks = [(lambda c=c, p=p, i=i: write(c, p, f"Schreiber {i}")) for i, (c, p) in enumerate(writers)]
    tasks += [(lambda c=c: read(c)) for c in readers]
    outcomes = parallel(tasks)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert not errors, errors[:10]
    # two own assignments of the lead unit, one shared by the contributing unit's writers
    assert len(acknowledged) == 3

    from inquiry_app.extensions import db
    from inquiry_app.models import Assignment

    def stored(path):
        assignment_id = int(path.rsplit("/", 1)[1])
        return db.session.get(Assignment, assignment_id).contribution.text

    for path, text in acknowledged.items():
        assert live.run(lambda path=path: stored(path)) == text


def test_four_signatories_at_once_one_signs_the_others_are_told(live, people):
    from inquiry_app.contributions import answers as answer_ops
    from inquiry_app.contributions import operations as contribution_ops
    from inquiry_app.extensions import db
    from inquiry_app.models import Inquiry, ReplyLetter, User

    assignments = _route_reference(live, people)

    def finish_answers():
        inquiry = db.session.get(Inquiry, people["inquiry"])
        users = {name: db.session.scalar(sa.select(User).where(
            User.login == people["logins"][person]))
            for name, person in (("lead", "lead_clerk"), ("other", "contributing_clerk"))}
        with live.app.test_request_context():
            for number, assignment_id in assignments.items():
                assignment = next(a for a in inquiry.assignments if a.id == assignment_id)
                user = users["other" if number == "3" else "lead"]
                contribution_ops.save(assignment, user, f"Antwort auf Frage {number}.", None
                                      if assignment.contribution is None
                                      else assignment.contribution.version)
                contribution_ops.submit(assignment, user)
            if hasattr(answer_ops, "ensure_answers"):
                answer_ops.ensure_answers(inquiry)
            for answer in inquiry.answers:
                user = users["other" if answer.questions[0].number == "3" else "lead"]
                answer_ops.set_final(answer, user, True)
        db.session.commit()
        return inquiry.id

    inquiry_id = live.run(finish_answers)
    base = f"/anfragen/{inquiry_id}/schreiben"
    rat = _client(live, people, "council_office")
    assert rat.post(base + "/entwurf", {}, token=rat.token("/aufgaben")).status_code == 200
    assert rat.post(base + "/mitzeichnung", {}, token=rat.token("/aufgaben")).status_code == 200
    # the chain: the lead offices' heads (question 3 is led by the contributing office), the
    # division, the mayor's office
    for person in ("lead_head", "contributing_head", "division_head", "signatory"):
        reviewer = _client(live, people, person)
        response = reviewer.post(base + "/mitzeichnen", {}, token=reviewer.token("/aufgaben"))
        assert response.status_code == 200, (person, response.status_code)

    signatories = [_client(live, people, person)
                   for person in ("signatory", "deputy", "signatory", "deputy")]
    tokens = [c.token(base) for c in signatories]  # all four pages open before anyone signs
    results = parallel([
        (lambda c=c, token=token: c.post(
            base + "/zeichnen", {"password": factories.PASSWORD, "mode": "self"}, token=token))
        for c, token in zip(signatories, tokens, strict=True)
    ])
    statuses = [r.status_code if not isinstance(r, Exception) else repr(r) for r in results]
    assert statuses.count(200) == 1, statuses
    assert statuses.count(409) == 3, statuses
    assert all("bereits gezeichnet" in r.text for r in results if r.status_code == 409)

    def signed_count():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ReplyLetter)
                                 .where(ReplyLetter.signed_at.is_not(None)))

    assert live.run(signed_count) == 1
