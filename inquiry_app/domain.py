"""The one error type of the domain.

Every step that cannot be carried out raises a :class:`DomainError` (or one of the area errors
derived from it: ``WorkflowError``, ``IntakeError``, ``LetterError``, ``AssignmentError`` …)
with the German message for the user and the HTTP status that fits: 422 for input that cannot
be used (the default), 409 for a conflict with the current state, 403 for a step the user may
not take. A view may catch it to show the message in its own page; otherwise the one handler
in :mod:`inquiry_app.errors` shows the message with the status and what the user typed, and the
unit of work (:mod:`inquiry_app.unit_of_work`) rolls the request's changes back.
"""

from __future__ import annotations


class DomainError(Exception):
    """A step of the domain that cannot be carried out. ``message``: German, for the user."""

    status: int = 422

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return self.message
