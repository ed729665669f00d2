"""The form of a text block (title, text, unit, active)."""

from __future__ import annotations

from collections.abc import Callable

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from inquiry_app.boundary import int_or_none
from inquiry_app.forms import Form
from inquiry_app.validators import Marked

MAX_TITLE = 200
MAX_TEXT = 20_000
TOO_LONG = "Titel (200) oder Text (20.000 Zeichen) ist zu lang."
UNKNOWN_UNIT = ("Die gewählte Organisationseinheit gibt es nicht (mehr). Bitte wählen Sie eine "
                "aus der Liste.")
FOREIGN_UNIT = "Sie dürfen nur Bausteine Ihrer eigenen Einheit pflegen."


def _text(value):
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


class TextBlockForm(Form):
    title = StringField("Titel", render_kw={"maxlength": MAX_TITLE}, validators=[
        DataRequired("Bitte geben Sie einen Titel ein."), Length(max=MAX_TITLE, message=TOO_LONG)])
    unit = SelectField("Gilt für", validate_choice=False, validators=[Marked()])
    text = TextAreaField("Text", filters=[_text], validators=[
        DataRequired("Bitte geben Sie den Text des Bausteins ein."),
        Length(max=MAX_TEXT, message=TOO_LONG)])
    active = BooleanField("aktiv (wird im Editor angeboten)", default=True)

    def __init__(self, *args, units=(), city_wide: bool = False,
                 may_edit: Callable[[int | None], bool] = lambda unit_id: False,
                 fallback_unit_id: int | None = None, **kwargs):
        """``units``: the units offered; ``city_wide``: "ganze Verwaltung" is offered too;
        ``may_edit(unit_id)``: whether the user may keep blocks of that unit (None: city-wide);
        ``fallback_unit_id``: the unit checked when the chosen one does not exist."""
        super().__init__(*args, **kwargs)
        self.unit_ids = {u.id for u in units}
        self.may_edit = may_edit
        self.fallback_unit_id = fallback_unit_id
        self.unit.choices = ([SelectChoice("", "ganze Verwaltung")] if city_wide else []) + [
            SelectChoice(str(u.id), u.label) for u in units]

    @property
    def unit_id(self) -> int | None:
        """The chosen unit (None: city-wide); an unknown one counts as the fallback."""
        if not self.unit.data:
            return None
        unit_id = int_or_none(self.unit.data)
        return unit_id if unit_id in self.unit_ids else self.fallback_unit_id

    def validate_unit(self, field):
        errors = []
        if field.data and int_or_none(field.data) not in self.unit_ids:
            errors.append(UNKNOWN_UNIT)
        if not self.may_edit(self.unit_id):
            errors.append(FOREIGN_UNIT)
        if errors:
            field.errors.extend(errors[:-1])
            raise ValidationError(errors[-1])
