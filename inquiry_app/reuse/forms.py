"""The editors' forms with the past question whose answer a button inserts."""

from __future__ import annotations

from inquiry_app.contributions.forms import AnswerEditorForm, EditorForm
from inquiry_app.form_fields import IdField


class InsertForm(EditorForm):
    """The contribution editor posted by "Antwort übernehmen": what the editor held, its
    version and (the button's value) the past question whose answer is inserted."""

    reuse = IdField()


class InsertAnswerForm(AnswerEditorForm):
    """The same for an answer on the consolidation page."""

    reuse = IdField()
