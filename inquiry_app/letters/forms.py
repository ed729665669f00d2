"""Forms of the letter page: draft settings, review, recall, reassignment, signature,
dispatch, interim notice and withdrawal.

The rules are those the operations (``inquiry_app.letters.operations``) enforce, with their
messages; the form shows them next to the field and keeps what was typed. Rules that depend on
the state of the inquiry (whose turn, which deadline, the password) stay in the operations."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, StopValidation

from inquiry_app.boundary import int_or_none
from inquiry_app.forms import Form, PlausibleDate
from inquiry_app.letters.operations import CHANNELS, EMAIL_CHANNEL
from inquiry_app.letters.structure import EDITABLE
from inquiry_app.validators import Confirmed, Marked, Present

INVALID_DATE = "Bitte geben Sie ein gültiges Datum an."


class DateRequired:
    """A date (a missing one and one that is no date both give ``INVALID_DATE``)."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        if field.data is None:
            field.errors[:] = []
            raise StopValidation(INVALID_DATE)


def _multiline(value):
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class DraftForm(Form):
    """The draft's settings (``structure.EDITABLE``). A field left out of the post keeps its
    stored value (the view passes only the posted ones)."""

    intro = StringField("Einleitungssatz", validators=[Marked()])
    remark = TextAreaField("Vorbemerkung der Verwaltung", filters=[_multiline])
    signature_name = StringField("Unterschrift: Name (leer für die Funktion allein)")
    signature_function = StringField("Unterschrift: Funktion")
    file_reference = StringField("Geschäftszeichen")

    def validate_intro(self, field):
        if field.raw_data and not (field.data or "").strip():
            raise StopValidation("Der Einleitungssatz darf nicht leer sein.")

    def posted_values(self) -> dict[str, str]:
        """The settings that were posted (a field absent from the post is left as stored)."""
        return {name: self[name].data or "" for name in EDITABLE if self[name].raw_data}


class ApproveForm(Form):
    comment = StringField("Anmerkung", id="approve-comment")


class ReturnForm(Form):
    comment = TextAreaField("Begründung der Rückgabe", id="return-comment", filters=[_multiline],
                            validators=[Present("Bitte begründen Sie die Rückgabe.")])
    confirm = BooleanField(
        "Ja, den Entwurf an die Abteilung Stadtratsangelegenheiten zurückgeben",
        id="return-confirm",
        validators=[Confirmed("Bitte bestätigen Sie, dass Sie den Entwurf zurückgeben wollen.")],
    )


class RecallForm(Form):
    reason = TextAreaField(
        "Begründung", id="recall-reason", filters=[_multiline],
        validators=[Present("Bitte begründen Sie, warum Sie das Schreiben zurückholen.")],
    )
    confirm = BooleanField(
        "Ja, das Schreiben zurückholen und die offenen Stationen schließen", id="recall-confirm",
        validators=[Confirmed("Bitte bestätigen Sie, dass Sie das Schreiben zurückholen wollen.")],
    )


class ReassignForm(Form):
    """Which waiting station goes to which unit; whether the station still waits and the unit
    can take it is checked by the operation (with its own messages)."""

    review_id = SelectField("Wartende Station", coerce=int_or_none, validate_choice=False)
    unit_id = SelectField("Neue Einheit (mit einer Person, die mitzeichnen kann)",
                          coerce=int_or_none, validate_choice=False)
    note = StringField("Vermerk", id="reassign-note")


class ReviewChainForm(Form):
    """The council office edits the stations of the review before it starts. The buttons post
    ``action`` (``add``, ``up:<unit id>``, ``down:<unit id>``, ``remove:<unit id>``, ``reset``);
    what the action may do is checked by the operation (``edit_review_chain``)."""

    unit_id = SelectField("Station hinzufügen", id="chain-unit", coerce=int_or_none,
                          validate_choice=False)
    action = StringField(default="add")


class SignForm(Form):
    mode = RadioField("Zeichnung", choices=[SelectChoice("self", "selbst"),
                                           SelectChoice("on_behalf", "In Vertretung")],
                      default="self", validate_choice=False, validators=[Marked()])
    password = PasswordField("Ihr Passwort zur Bestätigung", validators=[Marked()])

    @property
    def on_behalf(self) -> bool:
        return self.mode.data == "on_behalf"


class ApproveSignForm(SignForm):
    """The mayor's office as the last station: approve and sign in one step."""

    mode = RadioField("Zeichnung", id="approve-sign-mode",
                      choices=[SelectChoice("self", "selbst"),
                               SelectChoice("on_behalf", "In Vertretung")],
                      default="self", validate_choice=False, validators=[Marked()])
    password = PasswordField("Ihr Passwort zur Bestätigung", id="approve-sign-password",
                             validators=[Marked()])
    comment = StringField("Anmerkung zur Mitzeichnung", id="approve-sign-comment")


class _SkipForEmail:
    """No date is asked for when the letter goes by e-mail (the delivery day counts)."""

    def __call__(self, form, field):
        if form.channel.data == EMAIL_CHANNEL:
            field.errors[:] = []
            raise StopValidation()


class DispatchForm(Form):
    sent_on = DateField(
        "Versanddatum", invalid_value_message=INVALID_DATE,
        validators=[_SkipForEmail(), DateRequired(), PlausibleDate()],
    )
    channel = SelectField(
        "Versandweg", choices=[SelectChoice(c, c) for c in CHANNELS], validate_choice=False,
        validators=[Marked(), AnyOf(CHANNELS, message="Bitte wählen Sie einen Versandweg.")],
    )

    @property
    def by_mail(self) -> bool:
        return self.channel.data == EMAIL_CHANNEL


class InterimForm(Form):
    new_date = DateField("Neues Antwortdatum", invalid_value_message=INVALID_DATE,
                         validators=[DateRequired(), PlausibleDate()])
    reason = TextAreaField(
        "Grund (setzt den Satz „…, da …“ fort)", filters=[_multiline],
        validators=[Present("Bitte geben Sie den Grund für den Zwischenbescheid an.")],
    )
    send_mail = BooleanField("Per E-Mail an die Einreichenden senden")


class WithdrawForm(Form):
    note = StringField("Vermerk (z. B. Datum und Form der Rücknahme)", id="withdraw-note")
    confirm = BooleanField(
        "Ja, die Anfrage ist zurückgezogen; die Bearbeitung endet", id="withdraw-confirm",
        validators=[Confirmed("Bitte bestätigen Sie, dass die Anfrage zurückgezogen werden soll.")],
    )
