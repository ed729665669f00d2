"""Forms of the contribution editor, the head's approval, the consolidation page (answers,
grouping, remark, reopening) and comments."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms import Form as WTForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from inquiry_app.boundary import int_or_none
from inquiry_app.contributions.answers import MAX_COMMENT_CHARS
from inquiry_app.form_fields import CheckboxListField, HiddenIdField, VersionField
from inquiry_app.forms import Form


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class EditorForm(Form):
    """A contribution or an answer: the text, the version it was loaded with and the button
    pressed (``action``: save, submit, final, unfinal, ungroup)."""

    text = TextAreaField("Ihre Antwort")
    version = VersionField()
    action = StringField(default="save")

    @property
    def posted_text(self) -> str:
        return self.text.data or ""

    @property
    def chosen_action(self) -> str:
        return self.action.data or "save"


class AnswerEditorForm(EditorForm):
    """An answer on the consolidation page; ``confirm_merge`` is asked for (``ask_merge``)
    when an answer that is still the unedited merge of several contributions is to be
    marked final."""

    confirm_merge = BooleanField("Ja, die zusammengeführten Zuarbeiten unverändert als "
                                 "endgültige Antwort übernehmen")
    ask_merge = False


class CompareForm(WTForm):
    """Two versions to compare (a GET form: the link can be shared, no token); ``choices`` are
    the revision numbers, set by the page."""

    a = SelectField("Ältere Version", coerce=int_or_none, validate_choice=False)
    b = SelectField("Neuere Version", coerce=int_or_none, validate_choice=False)

    def offer(self, numbers: list[int]) -> None:
        choices = [SelectChoice(n, f"Version {n}") for n in numbers]
        self.a.choices, self.b.choices = choices, list(choices)


class PreviewForm(Form):
    text = TextAreaField()


class ActionForm(Form):
    """A button without fields (approve, restore a version, match answers)."""


class HeadReturnForm(Form):
    """The head returns a contribution to its author with a comment."""

    comment = TextAreaField(
        "Kommentar für die Bearbeitung", id="head-comment", filters=[_strip],
        validators=[DataRequired("Bitte begründen Sie die Rückgabe an die Bearbeitung.")],
    )


class GroupForm(Form):
    question = CheckboxListField(
        "Diese Fragen erhalten eine gemeinsame Antwort („Zu den Fragen …“)", id="group")


class ReopenForm(Form):
    note = StringField("Grund", id="reopen-note")


class RemarkForm(Form):
    remark = TextAreaField("Vorbemerkung (steht im Schreiben vor der ersten Frage)")


class CommentForm(Form):
    text = TextAreaField(
        "Kommentar", filters=[_strip],
        validators=[DataRequired("Bitte schreiben Sie einen Kommentar."),
                    Length(max=MAX_COMMENT_CHARS, message="Der Kommentar ist zu lang.")],
    )
    question_id = HiddenIdField()
    back = StringField()  # where the comment was written (older pages post it)

    def back_url(self, default: str) -> str:
        """Where the comment was written (a path of this site only)."""
        back = self.back.data or ""
        return back if back.startswith("/") and not back.startswith("//") else default
