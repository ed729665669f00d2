"""Base form: WTForms' own German messages for its built-in validators."""

from flask_wtf import FlaskForm


class Form(FlaskForm):
    class Meta:
        locales = ("de_DE", "de")
