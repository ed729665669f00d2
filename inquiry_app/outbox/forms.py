"""The requeue button of an outbox mail: where to return afterwards."""

from __future__ import annotations

from wtforms import HiddenField

from inquiry_app.forms import Form


def local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site (no other host, no scheme), else None."""
    target = target or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


class RetryForm(Form):
    # A target that is no local path is ignored (no open redirect), not refused.
    next = HiddenField()

    def back(self, default: str) -> str:
        """Where to return after the POST: the posted local path, else ``default``."""
        return local_path(self.next.data) or default
