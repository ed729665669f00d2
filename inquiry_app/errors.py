"""German error pages; never a traceback."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from inquiry_app.extensions import db

MESSAGES = {
    400: ("Ungültige Anfrage", "Die Anfrage konnte nicht verarbeitet werden."),
    403: ("Keine Berechtigung", "Sie haben keine Berechtigung, diese Seite aufzurufen."),
    404: ("Seite nicht gefunden", "Die aufgerufene Seite gibt es nicht oder nicht mehr."),
    405: ("Aktion nicht erlaubt", "Diese Aktion ist auf dieser Seite nicht möglich."),
    409: ("Konflikt", "Der Datensatz wurde zwischenzeitlich geändert oder ist gesperrt."),
    413: ("Datei zu groß", "Die hochgeladene Datei ist größer als erlaubt."),
    500: (
        "Interner Fehler",
        "Es ist ein unerwarteter Fehler aufgetreten. Ihre Eingaben wurden nicht gespeichert; "
        "bitte versuchen Sie es erneut oder wenden Sie sich an die Administration.",
    ),
}


def render_error(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    return (
        render_template("errors/error.html", code=code, title=title, message=message or default),
        code,
    )


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return render_error(
            400,
            "Das Formular ist abgelaufen oder unvollständig (Sicherheitsmerkmal fehlt). "
            "Bitte laden Sie die Seite neu und senden Sie das Formular erneut. "
            "Es wurde nichts geändert.",
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.code or 500
        if code == 413:
            limit = app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024)
            return render_error(413, f"Die hochgeladene Datei ist größer als {limit} MB.")
        return render_error(code)

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        db.session.rollback()
        app.logger.exception("Unerwarteter Fehler bei %s %s", request.method, request.path)
        return render_error(500)
