from flask_wtf.file import FileField
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from inquiry_app.forms import Form, PlausibleDate
from inquiry_app.models import BodyKind, FormOfAddress

FORM_CHOICES = [SelectChoice(f.value, f.label) for f in FormOfAddress]
BODY_KIND_CHOICES = [SelectChoice(k.value, k.label) for k in BodyKind]
EMAIL = [Optional(), Email("Bitte geben Sie eine gültige E-Mail-Adresse ein."), Length(max=254)]
ADDRESS_HINT = "Eine Angabe je Zeile, z. B. Straße und Hausnummer, dann Postleitzahl und Ort."


class MemberForm(Form):
    form_of_address = SelectField("Anrede (für die Briefanrede)", choices=FORM_CHOICES)
    title = StringField("Titel (z. B. Dr.)", validators=[Optional(), Length(max=60)])
    first_name = StringField(
        "Vorname", validators=[DataRequired("Bitte geben Sie den Vornamen ein."), Length(max=100)]
    )
    last_name = StringField(
        "Nachname", validators=[DataRequired("Bitte geben Sie den Nachnamen ein."), Length(max=100)]
    )
    role = StringField("Bezeichnung (Stadtrat/Stadträtin)", validators=[Optional(), Length(max=60)])
    email = EmailField("E-Mail-Adresse", validators=EMAIL)
    address = TextAreaField("Postanschrift", validators=[Optional(), Length(max=1000)])
    faction_id = SelectField("Fraktion", coerce=int)
    since = DateField("Mitglied dieser Fraktion seit", validators=[Optional(), PlausibleDate()])


class FactionForm(Form):
    name = StringField(
        "Name", validators=[DataRequired("Bitte geben Sie den Namen der Fraktion ein."),
                            Length(max=200)],
    )
    short_name = StringField(
        "Kurzname", validators=[DataRequired("Bitte geben Sie einen Kurznamen ein."),
                                Length(max=60)],
    )
    email = EmailField("E-Mail-Adresse", validators=EMAIL)
    address = TextAreaField("Postanschrift", validators=[Optional(), Length(max=1000)])


class BodyForm(Form):
    name = StringField(
        "Name (z. B. Stadtbezirksbeirat Neustadt)",
        validators=[DataRequired("Bitte geben Sie den Namen des Gremiums ein."), Length(max=200)],
    )
    kind = SelectField("Art", choices=BODY_KIND_CHOICES)
    short_name = StringField("Abkürzung (z. B. SBR Neu)", validators=[Optional(), Length(max=60)])
    chair_form_of_address = SelectField("Anrede des Vorsitzes", choices=FORM_CHOICES)
    chair_title = StringField("Titel des Vorsitzes", validators=[Optional(), Length(max=60)])
    chair_name = StringField("Name des Vorsitzes (Vor- und Nachname)",
                             validators=[Optional(), Length(max=200)])
    chair_function = StringField("Funktion des Vorsitzes (z. B. Stadtbezirksamtsleiter)",
                                 validators=[Optional(), Length(max=200)])
    address = TextAreaField("Postanschrift", validators=[Optional(), Length(max=1000)])


class MembershipForm(Form):
    """Correct the period of one faction membership (one form per row of the history)."""

    valid_from = DateField("von", validators=[Optional(), PlausibleDate()])
    valid_until = DateField("bis", validators=[Optional(), PlausibleDate()])


class CsvImportForm(Form):
    # A missing file and one over 2 MB are refused by the view with a message.
    file = FileField("CSV importieren", render_kw={"accept": ".csv,text/csv"})
