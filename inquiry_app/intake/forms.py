from datetime import date

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from drafting.cleaning import clean_line
from inquiry_app.forms import Form, PlausibleDate
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
