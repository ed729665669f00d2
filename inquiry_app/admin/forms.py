from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from inquiry_app.forms import Form
from inquiry_app.models import OrgUnitKind, Role

ROLE_CHOICES = [SelectChoice(r.value, r.label) for r in Role]
KIND_CHOICES = [SelectChoice(k.value, k.label) for k in OrgUnitKind]


class UserForm(Form):
    login = StringField(
        "Benutzername",
        validators=[DataRequired("Bitte geben Sie einen Benutzernamen ein."), Length(max=80)],
    )
    name = StringField(
        "Name", validators=[DataRequired("Bitte geben Sie den Namen ein."), Length(max=200)]
    )
    email = EmailField(
        "E-Mail-Adresse",
        validators=[Optional(), Email("Bitte geben Sie eine gültige E-Mail-Adresse ein."),
                    Length(max=254)],
    )
    function = StringField("Funktion (für die Unterschrift)", validators=[Optional(),
                                                                          Length(max=200)])
    role = SelectField("Rolle", choices=ROLE_CHOICES,
                       validators=[DataRequired("Bitte wählen Sie eine Rolle.")])
    org_unit_id = SelectField(
        "Organisationseinheit", coerce=int,
        validators=[DataRequired("Bitte wählen Sie eine Organisationseinheit.")],
    )
    password = PasswordField(
        "Neues Passwort",
        validators=[Optional(), Length(min=10, max=1000,
                                       message="Das Passwort muss mindestens 10 Zeichen lang sein.")],
        render_kw={"autocomplete": "new-password"},
    )


class OrgUnitForm(Form):
    code = StringField(
        "Kennung (z. B. 33 oder EB IT)",
        validators=[DataRequired("Bitte geben Sie eine Kennung ein."), Length(max=20)],
    )
    name = StringField(
        "Bezeichnung",
        validators=[DataRequired("Bitte geben Sie die Bezeichnung ein."), Length(max=200)],
    )
    kind = SelectField("Art", choices=KIND_CHOICES)
    parent_id = SelectField("Übergeordnete Einheit", coerce=int)
    mailbox = EmailField(
        "Funktionspostfach",
        validators=[Optional(), Email("Bitte geben Sie eine gültige E-Mail-Adresse ein."),
                    Length(max=254)],
    )
    requires_head_approval = BooleanField("Zuarbeiten brauchen die Freigabe der Amtsleitung")


class ToggleActiveForm(Form):
    """Only the CSRF token: activate/deactivate buttons."""
