"""Audit trail: every change to inquiries and their parts on record, append-only.

``init_app(app)`` installs the recording listeners (once per process) and registers the
blueprint ``audit`` under ``/verlauf`` (history per inquiry, admin search, CSV export).
"""

from __future__ import annotations

from flask import Flask

URL_PREFIX = "/verlauf"


def init_app(app: Flask) -> None:
    from inquiry_app.audit import recorder
    from inquiry_app.audit.views import bp

    recorder.register()
    if "audit" not in app.blueprints:
        app.register_blueprint(bp, url_prefix=URL_PREFIX)
