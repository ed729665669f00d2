"""Running a search for a page: the engine's result, or an empty result with a German message
when the database refuses the query (a page never fails on what was typed); and the inquiries
a text matches, for the inquiry list's ``q=``."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from inquiry_app import search as engine
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models.enums import InquiryState
from inquiry_app.search import Filters, Result, SearchQuery
from inquiry_app.search.engine import MAX_PER_PAGE

log = logging.getLogger(__name__)

FAILED = ("Die Suche konnte mit diesem Suchbegriff nicht ausgeführt werden. Bitte formulieren "
          "Sie ihn anders, z. B. ohne Sonderzeichen.")
#: the inquiry list reads the inquiries of at most so many hits (best first)
LIST_HITS = 1000


def run(user, query: SearchQuery) -> Result:
    try:
        return engine.search(user, query)
    except DomainError as error:
        db.session.rollback()
        return Result(query, [], 0, message=error.message)
    except sa.exc.SQLAlchemyError:
        log.exception("Suche fehlgeschlagen: %r", query.text[:200])
        db.session.rollback()
        return Result(query, [], 0, message=FAILED)


def inquiry_ids(user, text: str, states: tuple[InquiryState, ...] = ()) -> list[int]:
    """The inquiries with a hit for ``text`` (best first, at most LIST_HITS), read page by
    page as the engine gives them (one hit per inquiry)."""
    ids: list[int] = []
    page = 1
    while len(ids) < LIST_HITS:
        result = run(user, SearchQuery(text, Filters(states=states), page=page,
                                       per_page=MAX_PER_PAGE))
        ids.extend(hit.inquiry_id for hit in result.hits)
        if len(result.hits) < MAX_PER_PAGE or len(ids) >= result.total:
            break
        page += 1
    return list(dict.fromkeys(ids))[:LIST_HITS]
