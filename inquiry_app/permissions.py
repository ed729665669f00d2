"""One decorator loads the object named in the URL and checks a permission method on it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, request
from flask_login import current_user, login_required

from inquiry_app.extensions import db
from inquiry_app.models import Role


def load_object(model, permission: str, *, arg: str = "id", to: str | None = None,
                options=()):
    """Load ``model`` by the URL argument ``arg`` (404 if missing), then call
    ``obj.<permission>(current_user)`` (403 if it says no). The view gets the object as
    keyword ``to`` (default: the model's table name). ``options``: loader options for
    the page (eager loading)."""
    target = to or model.__tablename__

    def decorator(view: Callable):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            obj = db.session.get(model, kwargs.pop(arg), options=list(options))
            if obj is None:
                abort(404)
            if not getattr(obj, permission)(current_user):
                abort(403)
            refuse_archived_change(obj, permission)
            kwargs[target] = obj
            return view(*args, **kwargs)

        return wrapper

    return decorator


# permissions that only read: anything else on an archived (imported) inquiry is a change
READING = frozenset({"can_view", "can_view_letter", "can_view_answers", "can_download"})


def refuse_archived_change(obj, permission: str) -> None:
    """An archived inquiry (or one of its answers) is read-only: a change of it, or a page
    that edits it, is refused with a German message (409)."""
    inquiry = obj if hasattr(obj, "imported") else getattr(obj, "inquiry", None)
    if inquiry is None or not getattr(inquiry, "imported", False):
        return
    if request.method in ("GET", "HEAD") and permission in READING:
        return
    from inquiry_app.domain import DomainError
    from inquiry_app.workflow import ARCHIVED_READ_ONLY

    raise DomainError(ARCHIVED_READ_ONLY.format(number=inquiry.number), status=409)


def roles_required(*roles: Role):
    """Only users with one of ``roles`` (403 otherwise)."""

    def decorator(view: Callable):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
