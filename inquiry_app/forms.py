"""Base form: WTForms' own German messages for its built-in validators."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import ValidationError

from drafting.cleaning import clean_line


class Form(FlaskForm):
    class Meta:
        locales = ("de_DE", "de")

        def bind_field(self, form, unbound_field, options):
            # One-line text fields: line breaks (also Word's U+000B) and runs of white space
            # become one space. Multi-line fields keep their lines (cleaned per request).
            cls = unbound_field.field_class
            if issubclass(cls, StringField) and not issubclass(cls, TextAreaField | PasswordField):
                options["filters"] = [*options.get("filters", ()), clean_line]
            return unbound_field.bind(form=form, **options)


# Dates typed into forms: a year like 0001 or 9999 is a typing error, and a date far outside
# the working range breaks deadline arithmetic. Refuse it with a message instead.
EARLIEST_DATE = date(1990, 1, 1)
LATEST_YEARS_AHEAD = 5


def date_range_error(value: date, label: str, *, not_after_today: bool = False) -> str | None:
    """A German message if ``value`` lies outside the plausible range, else None."""
    today = date.today()
    latest = today if not_after_today else today.replace(year=today.year + LATEST_YEARS_AHEAD)
    if value < EARLIEST_DATE:
        return f"{label}: Das Datum {value:%d.%m.%Y} liegt vor dem {EARLIEST_DATE:%d.%m.%Y}."
    if value > latest:
        if not_after_today:
            return f"{label}: Das Datum {value:%d.%m.%Y} liegt in der Zukunft."
        return f"{label}: Das Datum {value:%d.%m.%Y} liegt zu weit in der Zukunft."
    return None


class PlausibleDate:
    """WTForms validator for :func:`date_range_error`."""

    def __init__(self, *, not_after_today: bool = False):
        self.not_after_today = not_after_today

    def __call__(self, form, field):
        if field.data is None:
            return
        message = date_range_error(field.data, field.label.text, not_after_today=self.not_after_today)
        if message:
            raise ValidationError(message)
