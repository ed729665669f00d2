"""Every list is bounded (issue 14, item 2): start pages show at most a section's rows with a
link to the whole list, the inquiry list, the public list and the audit search are read page by
page ("Weiter" / "Zurück"), and none of them costs more SQL statements with more data."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from factories import (
    PASSWORD,
    answered,
    confirmed,
    contribute,
    drafted,
    request_context,
    routed,
    world,
)
from factories import inquiry as new_inquiry
from test_query_counts import counted

from inquiry_app.audit.search import Filters, count
from inquiry_app.extensions import db
from inquiry_app.inquiries import listing
from inquiry_app.inquiries.listing import PAGE_SIZE
from inquiry_app.models import Inquiry, InquiryState
from inquiry_app.models.base import utcnow

NUMBER = re.compile(r'href="/anfragen/\d+">([^<]+)</a>')
PUBLIC_NUMBER = re.compile(r'href="/oeffentlich/anfragen/\d+">([^<]+)</a>')
ENTRY = re.compile(r'<tr class="kern-table__row">\s*(<td.*?)</tr>', re.S)
NEXT = re.compile(r'rel="next" href="([^"]+)"')
PREVIOUS = re.compile(r'rel="prev" href="([^"]+)"')


def _published(w, token: str, count: int) -> list[Inquiry]:
    """Inquiries as the app leaves them after publication (the public list reads only the
    inquiry, its submitters and faction); each published a minute after the previous one."""
    now = utcnow()
    items = []
    for i in range(count):
        item = new_inquiry(1, actor=w.council_office, subject=f"Veröffentlicht {token} {i}")
        item.state = InquiryState.PUBLISHED
        item.signed_at = now - timedelta(days=2)
        item.sent_on = item.due_on
        item.published_at = now - timedelta(minutes=count - i)
        items.append(item)
    db.session.flush()
    return items


def _in_review(w, *, approvals: int = 0) -> Inquiry:
    """An answered inquiry whose draft is in review, ``approvals`` steps approved (by the
    person of each step's unit; after the last step: awaiting signature)."""
    from inquiry_app.letters import operations as letter_ops

    co = w.council_office
    item = routed(new_inquiry(1, actor=co), co, [w.lead_unit])
    answered(item, w.workers())
    drafted(item, co)
    with request_context():
        letter_ops.submit_for_review(item, co)
        for _ in range(approvals):
            step = letter_ops.pending_review(item)
            person = next(p for p in (w.lead_head, w.division_head, w.signatory)
                          if p.org_unit_id == step.org_unit_id)
            letter_ops.approve_review(item, person)
    db.session.flush()
    return item


def _reattach(w) -> None:
    """The world's units and people from the session again (a measured request starts with an
    empty session)."""
    for f in dataclasses.fields(w):
        value = getattr(w, f.name)
        setattr(w, f.name, db.session.get(type(value), sa.inspect(value).identity[0]))


def _batch(w, copies: int) -> None:
    """``copies`` inquiries in every state a start page section shows."""
    from inquiry_app.assignments.operations import return_assignment

    _reattach(w)
    co = w.council_office
    w.contributing_unit.requires_head_approval = True
    for _ in range(copies):
        new_inquiry(1, actor=co)
        confirmed(new_inquiry(1, actor=co), co)
        item = routed(new_inquiry(2, actor=co), co, [w.lead_unit], {1: [w.contributing_unit]})
        contribute(next(a for a in item.assignments if a.org_unit_id == w.contributing_unit.id),
                   w.contributing_clerk)
        with request_context():
            return_assignment(next(a for a in item.assignments if a.question.number == "2"),
                              w.lead_clerk, "nicht zuständig", None)
        _in_review(w)
        _in_review(w, approvals=2)
        _in_review(w, approvals=3)
    _published(w, "Stapel", copies)
    db.session.commit()


def _pages(w) -> dict[str, list[str]]:
    states = "received,split,answers_complete,draft,returned,signed,sent"
    return {
        w.council_office.login: ["/aufgaben", "/anfragen/", "/anfragen/?q=Testanfrage",
                                 "/anfragen/?aufgabe=zurueckgegeben",
                                 f"/anfragen/?status={states}&sortierung=frist"],
        w.lead_clerk.login: ["/aufgaben", "/anfragen/", "/anfragen/?aufgabe=zuweisungen"],
        w.lead_head.login: ["/aufgaben", "/anfragen/?aufgabe=mitzeichnung"],
        w.contributing_head.login: ["/aufgaben", "/anfragen/?aufgabe=freigabe"],
        w.signatory.login: ["/aufgaben", "/anfragen/?aufgabe=mitzeichnung"],
        w.admin.login: ["/aufgaben", "/verlauf/suche", "/verlauf/suche?objekt=assignment",
                        f"/verlauf/suche?benutzer={w.council_office.login}"],
        "": ["/oeffentlich/"],
    }


def _statements(browser, url) -> tuple[int, str]:
    browser.get(url)  # warm caches, as on a running server
    db.session.expunge_all()
    with counted(db.engine) as statements:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(statements), response.get_data(as_text=True)


def _measure(browser, w) -> tuple[dict[str, int], dict[str, str]]:
    counts, bodies = {}, {}
    for login, urls in _pages(w).items():
        if login:
            browser.login(login, PASSWORD)
        for url in urls:
            counts[f"{login} {url}"], bodies[f"{login} {url}"] = _statements(browser, url)
        if login:
            browser.logout()
    return counts, bodies


def _rows(body: str) -> int:
    """Rows of all tables on the page (without the header rows)."""
    return body.count('<tr class="kern-table__row">') - body.count('<thead')


SMALL = {"PAGE_SIZE": 10, "SECTION_SIZE": 3}  # bounds small enough to pass with few inquiries


@pytest.fixture
def small_bounds(monkeypatch):
    for name, value in SMALL.items():
        monkeypatch.setattr(listing, name, value)
    return SMALL


@pytest.mark.slow
def test_start_pages_and_lists_cost_the_same_queries_with_more_data(browser, session, small_bounds):
    """One inquiry of each kind (7), then seven of each (49; with a section of 3 rows and a list
    page of 10, well over every bound): every start page, the inquiry list (with filters), the
    public list and the audit search take the same number of SQL statements, and no page shows
    more than its bound."""
    w = world(sole_mayor_office=True)  # the review chain ends at the world's signatory
    _batch(w, 1)
    small, _ = _measure(browser, w)
    _batch(w, 6)
    large, bodies = _measure(browser, w)
    _reattach(w)
    section, page_size = small_bounds["SECTION_SIZE"], small_bounds["PAGE_SIZE"]
    print(small, large)
    assert {page: (small[page], large[page]) for page in small if small[page] != large[page]} == {}
    # the sections are bounded and link to the whole list
    co_start = bodies[f"{w.council_office.login} /aufgaben"]
    assert _rows(co_start) == 2 * section
    assert "aufgabe=zurueckgegeben" in co_start and "sortierung=frist" in co_start
    clerk_start = bodies[f"{w.lead_clerk.login} /aufgaben"]
    assert _rows(clerk_start) == section and "aufgabe=zuweisungen" in clerk_start
    head_start = bodies[f"{w.lead_head.login} /aufgaben"]
    assert "aufgabe=mitzeichnung" in head_start
    assert "aufgabe=freigabe" in bodies[f"{w.contributing_head.login} /aufgaben"]
    signatory_start = bodies[f"{w.signatory.login} /aufgaben"]
    assert _rows(signatory_start) == 2 * section
    assert "aufgabe=mitzeichnung" in signatory_start and "awaiting_signature" in signatory_start
    for page, body in bodies.items():
        assert _rows(body) <= (50 if "/verlauf/" in page else page_size), page


def test_a_section_shows_what_waits_and_its_list_shows_all_of_it(browser, session, small_bounds):
    """The lead office's head sees the drafts whose pending step is theirs (not those further
    along the chain); "alle anzeigen" leads to the list with exactly those."""
    w = world(sole_mayor_office=True)  # the review chain ends at the world's signatory
    mine = [_in_review(w) for _ in range(small_bounds["SECTION_SIZE"] + 2)]
    further = _in_review(w, approvals=1)
    db.session.commit()
    browser.login(w.lead_head.login, PASSWORD)
    start = browser.get("/aufgaben").get_data(as_text=True)
    assert _rows(start) == small_bounds["SECTION_SIZE"]
    assert "Alle Antwortschreiben zur Mitzeichnung anzeigen" in start
    numbers = _walk(browser, "/anfragen/?aufgabe=mitzeichnung")
    assert sorted(numbers) == sorted(i.number for i in mine)
    assert further.number not in numbers
    browser.logout()
    browser.login(w.division_head.login, PASSWORD)  # decides steps of the units below, too
    assert sorted(_walk(browser, "/anfragen/?aufgabe=mitzeichnung")) == sorted(
        i.number for i in [*mine, further])


def _walk(browser, url: str, number=NUMBER, size: int = PAGE_SIZE) -> list[str]:
    """Follow "Weiter" from ``url`` to the end, then "Zurück" to the start; the numbers seen
    forward, checked against those seen backward (same pages, same rows)."""
    forward, pages = [], []
    while url:
        body = browser.get(url).get_data(as_text=True)
        rows = number.findall(body)
        assert len(rows) <= size
        forward.append(rows)
        pages.append(body)
        link = NEXT.search(body)
        url = html.unescape(link.group(1)) if link else None
    backward = [forward[-1]]
    link = PREVIOUS.search(pages[-1])
    while link:
        body = browser.get(html.unescape(link.group(1))).get_data(as_text=True)
        backward.insert(0, number.findall(body))
        link = PREVIOUS.search(body)
    assert backward == forward
    return [n for rows in forward for n in rows]


def test_paging_forward_and_back_shows_every_inquiry_once_and_keeps_the_filter(browser, session):
    w = world(sole_mayor_office=True)  # the review chain ends at the world's signatory
    co = w.council_office
    token = "Blaetterprobe"
    wanted = [new_inquiry(1, actor=co, subject=f"{token} {i}") for i in range(2 * PAGE_SIZE + 7)]
    for item in wanted[::3]:
        confirmed(item, co)
    new_inquiry(1, actor=co, subject="Andere Anfrage")
    db.session.commit()
    browser.login(co.login, PASSWORD)

    first = browser.get(f"/anfragen/?q={token}").get_data(as_text=True)
    assert "Seite 1<" in first  # a text search is not counted (it would read the table twice)
    counted_list = browser.get("/anfragen/?status=received").get_data(as_text=True)
    assert re.search(r"\d+ Anfragen gefunden\.", counted_list) and "Seite 1 von " in counted_list
    assert f"q={token}" in html.unescape(NEXT.search(first).group(1))
    numbers = _walk(browser, f"/anfragen/?q={token}")
    assert sorted(numbers) == sorted(i.number for i in wanted)  # each exactly once
    # received on the same day: newest registration first
    assert numbers == [i.number for i in sorted(wanted, key=lambda i: -i.id)]

    split = _walk(browser, f"/anfragen/?q={token}&status=split&sortierung=frist")
    assert sorted(split) == sorted(i.number for i in wanted[::3])
    two_states = _walk(browser, f"/anfragen/?q={token}&status=received,split&sortierung=frist")
    assert two_states == [i.number for i in sorted(wanted, key=lambda i: i.id)]

    # an address beyond the end, a broken key: a page with a way back, never an error
    beyond = browser.get(f"/anfragen/?q={token}&seite=9")
    assert beyond.status_code == 200 and "Keine weiteren Anfragen" in beyond.get_data(as_text=True)
    far = browser.get(f"/anfragen/?q={token}&seite=999")  # OFFSET bounded: only "Weiter" goes there
    assert far.status_code == 200 and "Seite zu weit hinten" in far.get_data(as_text=True)
    broken = browser.get(f"/anfragen/?q={token}&nach=kaputt~x&seite=2")
    assert broken.status_code == 200 and _rows(broken.get_data(as_text=True)) == PAGE_SIZE


def test_department_list_pages_through_its_own_inquiries_only(browser, session, small_bounds):
    w = world(sole_mayor_office=True)  # the review chain ends at the world's signatory
    co = w.council_office
    size = small_bounds["PAGE_SIZE"]
    own = [routed(new_inquiry(1, actor=co), co, [w.lead_unit]) for _ in range(size + 3)]
    routed(new_inquiry(1, actor=co), co, [w.other_unit])
    db.session.commit()
    browser.login(w.lead_clerk.login, PASSWORD)
    assert sorted(_walk(browser, "/anfragen/", size=size)) == sorted(i.number for i in own)
    assert sorted(_walk(browser, "/anfragen/?aufgabe=zuweisungen", size=size)) == sorted(
        i.number for i in own)


def test_public_list_pages(browser, session):
    w = world(sole_mayor_office=True)  # the review chain ends at the world's signatory
    items = _published(w, "Öffentlich", PAGE_SIZE + 5)
    db.session.commit()
    numbers = _walk(browser, "/oeffentlich/", PUBLIC_NUMBER)
    published = session.scalar(sa.select(sa.func.count(Inquiry.id)).where(
        Inquiry.state == InquiryState.PUBLISHED))
    assert len(numbers) == len(set(numbers)) == published  # every one exactly once
    mine = {i.number for i in items}
    assert [n for n in numbers if n in mine] == [i.number for i in reversed(items)]  # newest first


def test_audit_search_pages_through_the_merged_trail(browser, session):
    """Changes and workflow steps of one inquiry, merged newest first across both tables:
    every entry once, the same forward and back, the filter kept."""
    w = world(sole_mayor_office=True)  # the review chain ends at the world's signatory
    co = w.council_office
    item = new_inquiry(1, actor=co)
    for i in range(PAGE_SIZE + 10):
        item.questions[0].text = f"Fassung {i}"
        db.session.flush()
    confirmed(item, co)
    db.session.commit()
    browser.login(w.admin.login, PASSWORD)
    url = f"/verlauf/suche?anfrage={item.number}"
    first = browser.get(url).get_data(as_text=True)
    assert "Seite 1 von 2" in first and f"anfrage={item.number}" in html.unescape(
        NEXT.search(first).group(1))
    seen = _walk(browser, url, ENTRY)
    assert len(seen) == len(set(seen)) == count(Filters.from_args({"anfrage": item.number}))[0]
    assert sum("Arbeitsschritt" in row for row in seen) == 2  # registration, split confirmed
    assert all(f"Fassung {i}<" in "".join(seen) for i in range(PAGE_SIZE + 10))
