"""Small WTForms validators shared by the forms of several areas."""

from __future__ import annotations

from wtforms.validators import StopValidation


class Present:
    """Required text: blank (only white space) is refused with ``message``. Marks the field as
    required (label without "(optional)", the browser's own check where the form allows it)."""

    field_flags = {"required": True}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if not (field.data or "").strip():
            field.errors[:] = []
            raise StopValidation(self.message)


class Marked:
    """Marks a field as required without a rule of its own: a choice that always has a value
    (such as "ganze Verwaltung"), or a value an operation checks itself (e.g. the password,
    which a wrong and an empty one both fail with 403)."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        pass


class Confirmed:
    """A checkbox that must be ticked before a step that cannot simply be undone (withdrawal,
    recall, return): the confirmation works without JavaScript, the server refuses the post
    without it (``message``, 422 with what was typed)."""

    field_flags = {"required": True}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            field.errors[:] = []
            raise StopValidation(self.message)
