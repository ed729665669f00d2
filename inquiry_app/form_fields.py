"""Form fields for values the pages post in their own wire format: ids from selects and
checkboxes (junk gives "none", as :func:`inquiry_app.boundary.int_or_none`), version numbers
of optimistic locking; :func:`place` for a form shown once per row."""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import Field
from wtforms.widgets import HiddenInput, html_params

from inquiry_app.boundary import int_or_none


class IdField(Field):
    """One id posted as text; junk and out-of-range numbers give None, which the operations
    treat as "not chosen" or "not found"."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = int_or_none(valuelist[0])

    def _value(self):
        return "" if self.data is None else str(self.data)


class HiddenIdField(IdField):
    """An id the page carries along (``type="hidden"``, rendered by ``forms.csrf``)."""

    widget = HiddenInput()


class IdListField(Field):
    """Ids posted as repeated fields of one name (multiple select, checkboxes):
    ``formdata.getlist(name)``; junk is left out."""

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if self.data is None:
            self.data = []

    def process_formdata(self, valuelist):
        self.data = [i for i in map(int_or_none, valuelist) if i]


class CheckboxListField(IdListField):
    """Ids chosen with checkboxes of one name; ``choices`` are ``SelectChoice(id, label)``,
    set per page (the ``forms.field`` macro renders one checkbox per choice). ``coerce``
    reads other values than ids (e.g. ``str``); a value it turns into None or "" is left out."""

    def __init__(self, label=None, validators=None, choices=(), coerce=int_or_none, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = list(choices)
        self.coerce = coerce

    def process_formdata(self, valuelist):
        self.data = [v for v in map(self.coerce, valuelist) if v]


class _NameFirstHiddenInput(HiddenInput):
    """``<input type="hidden" name=… value=…>`` in this order (scripts and the tests read
    the version as ``name="version" value="…"``)."""

    def __call__(self, field, **kwargs):
        kwargs.pop("type", None)
        rest = html_params(**{k: v for k, v in kwargs.items() if k not in ("name", "value")})
        return Markup(f'<input type="hidden" name="{escape(field.name)}" '
                      f'value="{escape(field._value())}"{" " + rest if rest else ""}>')


class VersionField(Field):
    """The version a form was loaded with (optimistic locking); missing or junk gives None.
    Rendered as a hidden field (by ``forms.csrf``)."""

    widget = _NameFirstHiddenInput()

    def process_formdata(self, valuelist):
        value = valuelist[0] if valuelist else ""
        self.data = int(value) if value.isdigit() else None

    def _value(self):
        return "" if self.data is None else str(self.data)


def place(field, id: str, label: str | None = None):
    """Give one field of a form that a page shows several times (one per row) its own id
    and, optionally, its own label; the posted name stays the same. Returns the field."""
    field.id = id
    field.label.field_id = id
    if label is not None:
        field.label.text = label
    return field
