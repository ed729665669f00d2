"""German error pages; never a traceback, and never the loss of what was typed.

A :class:`~inquiry_app.domain.DomainError` that no view caught is shown here with its German
message and status (422, 409, 403); the unit of work has rolled the request back.

When a form post fails (a bug, a busy database, a value the database refuses), the error page
shows every text the user sent, so nothing typed is lost; where sending again can succeed
(busy database, expired form) it offers to send the same input again with a fresh form token.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from inquiry_app.database import is_busy_error, read_only_from_now
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db

MESSAGES = {
    400: ("Ungültige Anfrage", "Die Anfrage konnte nicht verarbeitet werden."),
    403: ("Keine Berechtigung", "Sie haben keine Berechtigung, diese Seite aufzurufen."),
    404: ("Seite nicht gefunden", "Die aufgerufene Seite gibt es nicht oder nicht mehr."),
    405: ("Aktion nicht erlaubt", "Diese Aktion ist auf dieser Seite nicht möglich."),
    409: ("Konflikt", "Der Datensatz wurde zwischenzeitlich geändert oder ist gesperrt."),
    413: ("Zu groß", "Die gesendeten Daten sind größer als erlaubt."),
    422: ("Nicht möglich", "Die Eingaben konnten so nicht übernommen werden."),
    500: (
        "Interner Fehler",
        "Es ist ein unerwarteter Fehler aufgetreten. Ihre Eingaben wurden nicht gespeichert; "
        "bitte versuchen Sie es erneut oder wenden Sie sich an die Administration.",
    ),
    503: ("Bitte erneut versuchen", "Die Anwendung ist gerade ausgelastet."),
}

# Fields never shown back (secrets, tokens) and the longest value shown in full.
_HIDDEN_FIELDS = ("csrf_token", "password", "passwort", "kennwort")
_MAX_KEPT_FIELDS = 200


def kept_input() -> list[tuple[str, str]]:
    """The text fields of the failed form post, in order, without secrets."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return []
    try:
        items = list(request.form.items(multi=True))
    except Exception:  # the body itself was the problem (too large, broken): nothing to keep
        return []
    kept = []
    for name, value in items[:_MAX_KEPT_FIELDS]:
        if any(hidden in name.lower() for hidden in _HIDDEN_FIELDS):
            continue
        kept.append((name, value))
    return kept


def render_error(code: int, message: str | None = None, *, resend: bool = False):
    title, default = MESSAGES.get(code, MESSAGES[500])
    read_only_from_now()
    kept = kept_input()
    return (
        render_template(
            "errors/error.html", code=code, title=title, message=message or default,
            kept=kept, resend=resend and bool(kept), resend_url=request.path,
            fresh_token=generate_csrf() if resend and kept else None,
        ),
        code,
    )


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return render_error(
            400,
            "Das Formular ist abgelaufen oder unvollständig (Sicherheitsmerkmal fehlt). "
            "Es wurde nichts geändert. Ihre Eingaben stehen unten; Sie können sie erneut senden.",
            resend=True,
        )

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        # A step of the domain that cannot be carried out and that the view did not show in
        # its own page: the German message with its status; nothing was saved.
        db.session.rollback()
        return render_error(exc.status, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.code or 500
        if code == 413:
            return render_error(413, _too_large_message(app))
        return render_error(code)

    @app.errorhandler(StaleDataError)
    def stale(exc: StaleDataError):
        db.session.rollback()
        return render_error(
            409, "Jemand anderes hat denselben Datensatz gerade gespeichert. Ihre Eingaben wurden "
            "nicht übernommen; sie stehen unten. Bitte laden Sie die Seite neu und prüfen Sie "
            "den aktuellen Stand.")

    @app.errorhandler(IntegrityError)
    def integrity(exc: IntegrityError):
        # Two people created the same thing at the same moment (the database's unique rules
        # caught it), or a form let through a reference to something deleted meanwhile.
        db.session.rollback()
        app.logger.warning("Integritätsfehler bei %s %s: %s", request.method, request.path,
                           getattr(exc, "orig", exc))
        return render_error(
            409, "Die Änderung passt nicht mehr zum gespeicherten Stand: jemand anderes hat "
            "gleichzeitig denselben Datensatz angelegt oder geändert. Es wurde nichts gespeichert. "
            "Ihre Eingaben stehen unten; bitte laden Sie die Seite neu und prüfen Sie den Stand.")

    @app.errorhandler(OperationalError)
    def operational(exc: OperationalError):
        db.session.rollback()
        if is_busy_error(exc):
            app.logger.warning("Datenbank ausgelastet bei %s %s", request.method, request.path)
            return render_error(
                503, "Die Datenbank ist gerade durch andere Speichervorgänge belegt. Es wurde "
                "nichts gespeichert. Ihre Eingaben stehen unten; bitte senden Sie sie erneut.",
                resend=True)
        return unexpected_error(exc)

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def bad_value(exc: Exception):
        # A value the database cannot store (a number out of range, a malformed value) that a
        # form did not catch: the input is wrong, not the server.
        db.session.rollback()
        app.logger.warning("Ungültiger Wert bei %s %s: %s", request.method, request.path, exc)
        return render_error(400, "Ein eingegebener Wert liegt außerhalb des zulässigen Bereichs. "
                                 "Es wurde nichts gespeichert; Ihre Eingaben stehen unten.")

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        db.session.rollback()
        app.logger.exception("Unerwarteter Fehler bei %s %s", request.method, request.path)
        message = None
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            message = (
                "Es ist ein unerwarteter Fehler aufgetreten. Ihre Eingaben wurden nicht "
                "gespeichert; sie stehen unten, damit nichts verloren geht. Bitte kopieren Sie "
                "sie und wenden Sie sich an die Administration.")
        return render_error(500, message)


def _too_large_message(app: Flask) -> str:
    upload_mb = app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024)
    text_mb = app.config["MAX_FORM_MEMORY_SIZE"] // (1024 * 1024)
    length = request.content_length or 0
    if length > app.config["MAX_CONTENT_LENGTH"]:
        # A multipart body may be a file or a long pasted text: name both, never guess.
        return (f"Die gesendeten Daten sind zu groß: eine hochgeladene Datei und der eingegebene "
                f"Text dürfen zusammen höchstens {upload_mb} MB umfassen. Es wurde nichts "
                "gespeichert.")
    return (f"Ein eingegebener Text ist zu lang: erlaubt sind höchstens {text_mb} MB je Feld. "
            "Es wurde nichts gespeichert; Ihr Text steht noch im Formular, wenn Sie im Browser "
            "zurückgehen.")
