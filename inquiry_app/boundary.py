"""What every request passes through before a view sees it.

* Form fields and query parameters are cleaned by one function
  (:func:`drafting.cleaning.clean_text`): no NUL or other control characters, Word's line
  break becomes a line break, NFC. Views, forms and operations therefore never see text a
  letter or PostgreSQL would refuse later.
* Integer URL parts are bounded to what the databases store (64-bit signed); larger ones are
  "not found" instead of an overflow deep in the driver.
"""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items
from werkzeug.routing import IntegerConverter

from drafting.cleaning import clean_text

MAX_DB_INT = 2**63 - 1


class CleanedMultiDict(ImmutableMultiDict):
    """Form and query data with every string value cleaned (files are left as they are)."""

    def __init__(self, mapping=None):
        if mapping is not None:
            mapping = [
                (clean_text(key) if isinstance(key, str) else key,
                 clean_text(value) if isinstance(value, str) else value)
                for key, value in iter_multi_items(mapping)
            ]
        super().__init__(mapping)


class CleanedRequest(Request):
    parameter_storage_class = CleanedMultiDict


class BoundedIntegerConverter(IntegerConverter):
    """``<int:id>`` that matches only values a BIGINT column can hold."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_DB_INT)
        super().__init__(map, *args, **kwargs)


MAX_PAGE = 1_000_000


def int_or_none(value) -> int | None:
    """An id from a form or query parameter; junk, negatives and values no BIGINT column can
    hold give ``None`` (the caller treats that like "not found")."""
    if isinstance(value, int):
        number = value
    else:
        text = (value or "").strip()
        if not text.isdigit() or len(text) > 19:
            return None
        number = int(text)
    return number if 0 <= number <= MAX_DB_INT else None


def page_number(value) -> int:
    """A page number from ``?seite=``: junk gives 1, huge values stop at ``MAX_PAGE``."""
    number = int_or_none(value)
    if number is None or number < 1:
        return 1
    return min(number, MAX_PAGE)


def install(app) -> None:
    app.request_class = CleanedRequest
    app.url_map.converters["int"] = BoundedIntegerConverter
