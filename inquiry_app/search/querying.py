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
#: the inquiry list reads the inquiries of at most so many hits (each engine page of
#: MAX_PER_PAGE hits costs a search with snippets and facets)
LIST_HITS = 200


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


def inquiry_ids(user, text: str, states: tuple[InquiryState, ...] = (), *,
                newest_first: bool = False) -> tuple[list[int], bool]:
    """The inquiries with a hit for ``text``, at most LIST_HITS (best first, or the newest
    first: then they are exactly the first rows of a list by receipt), read page by page as
    the engine gives them (one hit per inquiry); and whether more have hits."""
    ids: list[int] = []
    page, total = 1, 0
    while len(ids) < LIST_HITS:
        result = run(user, SearchQuery(text, Filters(states=states),
                                       "datum" if newest_first else "relevanz", page,
                                       MAX_PER_PAGE))
        ids.extend(hit.inquiry_id for hit in result.hits)
        total = result.total
        if len(result.hits) < MAX_PER_PAGE or len(ids) >= total:
            break
        page += 1
    ids = list(dict.fromkeys(ids))[:LIST_HITS]
    return ids, total > len(ids)
