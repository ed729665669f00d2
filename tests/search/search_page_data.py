"""Data and page readers shared by the search page tests (tests/search/test_search_page*.py):
a small corpus of inquiries with invented words, the hits as a user reads them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import factories
from html_tree import parse

from inquiry_app.extensions import db
from inquiry_app.models import Answer, InquiryState
from inquiry_app.models.base import utcnow
from tests.search.archive import archived

# invented words: no demo inquiry contains them
ZOO = "Okapigehege"
SHARED = "Tapirweide"
HIDDEN = "Wombatbrücke"
ANSWER_ONLY = "Kiwiufer"
PUBLIC = "Lamasteg"
PAGED = "Gürteltierpfad"


def indexed() -> None:
    """Commit the test's data (the requests read it; the commit brings the changed
    inquiries into the search index)."""
    factories.stored()


def published(w, questions: list[str], answers: list[str], **kw):
    """A published inquiry the app worked through (not imported): each question with its
    final answer."""
    item = factories.councillor_inquiry(w, questions, **kw)
    item.answers = [Answer(position=q.position, text=text, is_final=True, questions=[q])
                    for q, text in zip(item.questions, answers, strict=True)]
    db.session.flush()  # before it is signed: then nothing of it may change
    now = utcnow()
    item.state = InquiryState.PUBLISHED
    item.signed_at = now - timedelta(days=2)
    item.sent_on = item.due_on
    item.published_at = now - timedelta(days=1)
    db.session.flush()
    return item


def build_corpus(world):
    """Four inquiries of two factions:

    - ``zoo``: answered (final answers, not yet signed: the answers are not searchable), its
      question 1 about the Okapigehege, in the world's lead and contributing units;
    - ``received``: only received in 2024 (overdue), faction ``left``, Tapirweide in its
      subject and question 2;
    - ``archived``: a published imported record of 2025, faction ``right``, Tapirweide and
      Kiwiufer only in its answer;
    - ``hidden``: routed to the other unit only, Wombatbrücke in its question;
    - ``public``: published (not imported), Lamasteg in its question, no office of the world.
    """
    left, right = factories.faction("Links-Test"), factories.faction("Rechts-Test")
    zoo = factories.complete(world, [f"Wie groß ist das {ZOO} im Zoo?",
                                     "Wie viele Einbürgerungsanträge liegen vor?"],
                             subject="Tiere im Zoo")
    received = factories.councillor_inquiry(
        world, ["Wann wird der Weg gebaut?", f"Wer pflegt die {SHARED}?"],
        subject=f"Pflege der {SHARED}", received_on=date(2024, 1, 10),
        due_on=date(2024, 2, 7), submitters=[factories.councillor("Linksrat", of=left)])
    rights = factories.councillor("Rechtsrat", of=right)
    record = archived(
        [("Wie viele Tiere leben im Park?",
          f"Auf der {SHARED} am {ANSWER_ONLY} leben zwölf Tapire auf 2.000 Quadratmetern.")],
        subject="Tiere im Park", received_on=date(2025, 3, 3), submitters=[rights],
        faction=right)
    hidden = factories.routed(factories.councillor_inquiry(
        world, [f"Wann wird die {HIDDEN} saniert?"], subject="Brücken"),
        world.council_office, [world.other_unit])
    public = published(world, [f"Wann wird der {PUBLIC} erneuert?"],
                       ["Im nächsten Jahr."], subject="Wege im Zoo")
    indexed()
    return SimpleNamespace(zoo=zoo, received=received, archived=record, hidden=hidden,
                           public=public, left=left, right=right)


def search_page(browser, **params):
    response = browser.get("/suche", query_string=params)
    assert response.status_code == 200, response.status_code
    return parse(response.get_data(as_text=True))


def hits(tree) -> list:
    return tree.find_all("li", class_="app-hit")


def hit_numbers(tree) -> list[str]:
    return [h.find("h3").text.split(" – ")[0] for h in hits(tree)]


def place(hit) -> str:
    """Where the hit is: "Frage 2", "Antwort auf Frage 2", "Anfrage"."""
    return hit.one("span", class_="app-hit__place").text


def snippet(hit) -> str:
    """The snippet's text as written (the tree puts spaces around the marked words)."""
    node = hit.one("p", class_="app-hit__snippet")
    return "".join(c if isinstance(c, str) else c.text for c in node.children).strip()


def link_of(hit) -> str:
    return hit.find("h3").find("a").attrs["href"]


def status_text(tree) -> str:
    return tree.one(role="status", class_="app-search__total").text


def facet_boxes(tree, name: str) -> dict[str, tuple[str, bool]]:
    """The checkboxes of one filter: value -> (label, checked)."""
    group = tree.one("fieldset", id=name)
    result = {}
    for box in group.find_all("input", type="checkbox"):
        label = group.one("label", **{"for": box.attrs["id"]})
        result[box.attrs["value"]] = (label.text, "checked" in box.attrs)
    return result


def count_in(label: str) -> int:
    return int(re.search(r"\((\d[\d.]*)\)$", label).group(1).replace(".", ""))


