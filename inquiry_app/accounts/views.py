from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from inquiry_app.accounts.forms import LoginForm
from inquiry_app.accounts.operations import authenticate
from inquiry_app.unit_of_work import keep_changes

bp = Blueprint("accounts", __name__)


def safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirects)."""
    if not target:
        return url_for("main.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("main.index")
    return target


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        result = authenticate(form.login.data, form.password.data, request.remote_addr)
        keep_changes()  # a failed attempt counts although the page answers 401
        if result.user is not None:
            login_user(result.user)
            flash(f"Willkommen, {result.user.name}.", "success")
            return redirect(safe_next(request.args.get("next")))
        error = result.message
    return render_template("accounts/login.html", form=form, error=error), (
        401 if error else 200
    )


@bp.route("/abmelden", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("Sie wurden abgemeldet.", "success")
    return redirect(url_for("accounts.login"))
