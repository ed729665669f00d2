from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from inquiry_app.forms import Form


class LoginForm(Form):
    login = StringField(
        "Benutzername",
        validators=[DataRequired("Bitte geben Sie Ihren Benutzernamen ein."), Length(max=80)],
        render_kw={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Passwort",
        validators=[DataRequired("Bitte geben Sie Ihr Passwort ein."), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
