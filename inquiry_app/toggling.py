"""Activate or deactivate a record from a list page (users, units, councillors, factions,
bodies): one CSRF-checked POST, the refusal or a success message, back to the list."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, url_for

from inquiry_app.admin.forms import ToggleActiveForm
from inquiry_app.domain import DomainError
from inquiry_app.unit_of_work import discard


def toggle_active(obj, change: Callable[[], None], message: Callable[[str], str], endpoint: str):
    """Run ``change`` (which flips ``obj.active``); flash the refusal (nothing kept) or
    ``message("aktiviert" | "deaktiviert")`` and redirect to ``endpoint``."""
    if not ToggleActiveForm().validate_on_submit():
        abort(400)
    try:
        change()
    except DomainError as exc:
        discard()
        flash(str(exc), "error")
    else:
        flash(message("aktiviert" if obj.active else "deaktiviert"), "success")
    return redirect(url_for(endpoint))
