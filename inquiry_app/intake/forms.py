from __future__ import annotations

from datetime import date

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as WTForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from drafting.cleaning import clean_line
from inquiry_app.form_fields import VersionField
from inquiry_app.forms import Form, PlausibleDate
from inquiry_app.intake.operations import Draft, QuestionRow
from inquiry_app.models import InquiryKind

KIND_CHOICES = [SelectChoice(k.value, k.label) for k in InquiryKind]


class RegisterForm(Form):
    number = StringField(
        "Nummer", validators=[DataRequired("Bitte geben Sie die Nummer der Anfrage an."),
                              Length(max=40)],
    )
    kind = SelectField("Art der Anfrage", choices=KIND_CHOICES, default=InquiryKind.WRITTEN.value)
    received_on = DateField(
        "Eingangsdatum", default=date.today,
        validators=[DataRequired("Bitte geben Sie das Eingangsdatum an (TT.MM.JJJJ)."),
                    PlausibleDate(not_after_today=True)],
    )
    dated_on = DateField(
        "Datum der Anfrage",
        validators=[Optional(), PlausibleDate(not_after_today=True)],
    )
    body = SelectField("Gremium", coerce=int, validate_choice=False)
    subject = StringField("Gegenstand", validators=[Optional(), Length(max=500)])
    submitters = SelectMultipleField("Einreichende Stadträtinnen und Stadträte", coerce=int)
    faction = SelectField("Fraktion", coerce=int)
    text = TextAreaField("Text der Anfrage", validators=[Optional(), Length(max=2_000_000)])
    document = FileField("Oder Datei hochladen (DOCX, PDF oder Text)")
    upload_token = HiddenField()  # the file kept since "Angaben aus dem Dokument übernehmen"
    from_document = HiddenField()  # the values taken from the document (signed, see prefill)
    action = StringField()  # the button: "prefill" or "register"
    create_member = StringField()  # "Stadtrat anlegen": the printed name (see prefill)

    @property
    def creating_member(self) -> bool:
        """The "Stadtrat anlegen" button was pressed (its value may be empty)."""
        return bool(self.create_member.raw_data)


class DetailsForm(Form):
    """Subject, date, body, submitters and admissibility of a registered inquiry (until the
    letter is signed)."""

    version = HiddenField()
    subject = StringField(
        "Gegenstand", filters=[clean_line],
        validators=[DataRequired("Bitte geben Sie den Gegenstand der Anfrage an."),
                    Length(max=500)],
    )
    dated_on = DateField(
        "Datum der Anfrage",
        validators=[Optional(), PlausibleDate(not_after_today=True)],
    )
    body = SelectField("Gremium", coerce=int, validate_choice=False)
    submitters = SelectMultipleField("Einreichende Stadträtinnen und Stadträte", coerce=int)
    faction = SelectField("Fraktion", coerce=int)
    no_claim_to_answer = BooleanField(
        "Kein Anspruch auf Beantwortung, freiwillig beantwortet (§ 28 Abs. 6 SächsGemO)"
    )
    no_claim_reason = TextAreaField(
        "Begründung", filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Optional(), Length(max=5000)],
    )


class SplitRowForm(WTForm):
    """One row of the split editor (posted as ``rows-<i>-number`` …): number, text, whether it
    is a sub-question of the row before, and the text cursor's position (set by intake.js, for
    "An Cursorposition teilen")."""

    number = StringField("Nummer", render_kw={"maxlength": 20})
    text = TextAreaField("Text")
    part = BooleanField("Unterfrage der vorigen Frage")
    cursor = HiddenField()

    @property
    def complete(self) -> bool:
        """The row posted its number and its text (else the post did not come from the page)."""
        return bool(self.number.raw_data) and bool(self.text.raw_data)


class SplitForm(Form):
    """The split editor: the preamble, one row per question (:class:`SplitRowForm`), the
    button pressed and the version the page was loaded with."""

    version = VersionField()
    action = StringField(default="save")
    preamble = TextAreaField("Vorbemerkung")
    rows = FieldList(FormField(SplitRowForm))

    @classmethod
    def of(cls, draft: Draft, version: int | None) -> SplitForm:
        """The form showing ``draft`` (nothing posted)."""
        return cls(formdata=None, preamble=draft.preamble, version=version,
                   rows=[{"number": r.number, "text": r.text, "part": r.is_part}
                         for r in draft.rows])

    @property
    def rows_match(self) -> bool:
        """Every row posted a number and a text (else the post did not come from the page)."""
        return all(row.form.complete for row in self.rows)

    def draft(self) -> tuple[Draft, dict[int, int]]:
        """The posted preamble and rows as a ``Draft``, and the cursor position per row."""
        rows, cursors = [], {}
        for i, entry in enumerate(self.rows):
            row = entry.form
            rows.append(QuestionRow((row.number.data or "").strip(),
                                    (row.text.data or "").replace("\r\n", "\n").strip(),
                                    bool(row.part.data)))
            position = row.cursor.data or ""
            if position.isdigit():
                cursors[i] = int(position)
        preamble = (self.preamble.data or "").replace("\r\n", "\n")
        return Draft(preamble, rows), cursors
