"""Anfragen: registering councillors' written inquiries and drafting the replies.

``create_app`` is the application factory; nothing happens at import time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from flask import Flask

from inquiry_app.config import from_environment, load_secret_key, mask_url
from inquiry_app.extensions import csrf, db, login_manager, migrate
from inquiry_app.unit_of_work import UnitOfWorkFlask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = UnitOfWorkFlask(  # every view is one unit of work (inquiry_app/unit_of_work.py)
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(from_environment(app.instance_path))
    if config:
        app.config.from_mapping(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)

    from inquiry_app import boundary

    boundary.install(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    _init_login(app)

    with app.app_context():
        from inquiry_app import models  # noqa: F401  (register the mappers)
        from inquiry_app.database import configure_engine

        configure_engine(db.engine, busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"])
    from inquiry_app.letters import freeze
    from inquiry_app.models.org import register_tree_cache
    from inquiry_app.routing.service import register_catalogue_stamp
    from inquiry_app.search import index as search_index

    freeze.register()
    register_tree_cache()
    register_catalogue_stamp()
    search_index.install()
    from inquiry_app import audit

    audit.init_app(app)

    _register_blueprints(app)
    from inquiry_app import cli, errors, templating, unit_of_work

    unit_of_work.init_app(app)
    errors.register(app)
    templating.register(app)
    cli.register(app)

    if app.config["CHECK_DATABASE_ON_START"] and not app.config.get("TESTING"):
        _check_database(app)
    return app


def _init_login(app: Flask) -> None:
    from sqlalchemy.orm import joinedload

    from inquiry_app.models import User

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Bitte melden Sie sich an, um diese Seite zu sehen."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        try:
            user = db.session.get(User, int(user_id), options=[joinedload(User.org_unit)])
        except (TypeError, ValueError):
            return None
        return user if user is not None and user.active else None


def _register_blueprints(app: Flask) -> None:
    from inquiry_app.accounts.views import bp as accounts_bp
    from inquiry_app.admin.views import bp as admin_bp
    from inquiry_app.archive.views import bp as archive_bp
    from inquiry_app.assignments.views import bp as assignments_bp
    from inquiry_app.contributions.views import bp as contributions_bp
    from inquiry_app.council.views import bp as council_bp
    from inquiry_app.inquiries.views import bp as inquiries_bp
    from inquiry_app.intake.views import bp as intake_bp
    from inquiry_app.letters.views import bp as letters_bp
    from inquiry_app.main.views import bp as main_bp
    from inquiry_app.outbox.views import bp as outbox_bp
    from inquiry_app.public.views import bp as public_bp
    from inquiry_app.routing.views import bp as catalogue_bp
    from inquiry_app.search.views import bp as search_bp
    from inquiry_app.textblocks.views import bp as textblocks_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp, url_prefix="/verwaltung")
    app.register_blueprint(inquiries_bp, url_prefix="/anfragen")
    app.register_blueprint(intake_bp, url_prefix="/anfragen")
    app.register_blueprint(assignments_bp)
    app.register_blueprint(contributions_bp)
    app.register_blueprint(letters_bp)
    app.register_blueprint(public_bp, url_prefix="/oeffentlich")
    app.register_blueprint(archive_bp)
    app.register_blueprint(textblocks_bp, url_prefix="/textbausteine")
    app.register_blueprint(catalogue_bp, url_prefix="/verwaltung/katalog")
    app.register_blueprint(outbox_bp, url_prefix="/verwaltung/e-mail-ausgang")
    app.register_blueprint(council_bp, url_prefix="/verwaltung")
    app.register_blueprint(search_bp)


def _serving() -> bool:
    """True when the app is being built to serve requests (a WSGI server or ``flask run``),
    False for the other command-line commands (``db upgrade`` must be able to create a new
    database)."""
    import click

    ctx = click.get_current_context(silent=True)
    return ctx is None or ctx.info_name == "run"


def _check_database(app: Flask) -> None:
    """Stop with one clear line when the database cannot be reached, and, when serving, when it
    is missing or has no schema (a mistyped SQLite path would otherwise create an empty file
    and every page would fail)."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    serving = _serving()
    with app.app_context():
        engine = db.engine
        if serving and engine.dialect.name == "sqlite":
            path = engine.url.database
            if path not in (None, "", ":memory:") and not Path(path).is_file():
                _refuse(f"Die Datenbankdatei {path} gibt es nicht. Bitte prüfen Sie "
                        "INQUIRY_APP_DATABASE_URL oder legen Sie die Datenbank mit "
                        "„flask --app inquiry_app db upgrade“ an.")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
                has_schema = inspect(conn).has_table("alembic_version")
        except (SQLAlchemyError, OSError) as exc:
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
            _refuse(f"Die Datenbank {mask_url(url)} ist nicht erreichbar ({reason}).")
    if serving and not has_schema:
        _refuse(f"Die Datenbank {mask_url(url)} ist nicht eingerichtet (keine Tabellen). Bitte "
                "führen Sie „flask --app inquiry_app db upgrade“ aus.")


def _refuse(message: str) -> None:
    print(f"Fehler: {message}", file=sys.stderr)
    raise SystemExit(1)
