"""History of an inquiry and the administration's search over the trail. Read-only: the
application offers no way to change or delete recorded entries."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from inquiry_app import paging
from inquiry_app.audit.history import inquiry_history
from inquiry_app.audit.search import (
    ACTION_CHOICES,
    ENTITY_CHOICES,
    Filters,
    export_csv,
    search,
)
from inquiry_app.models import Inquiry, Role
from inquiry_app.permissions import load_object, roles_required

bp = Blueprint("audit", __name__)


@bp.route("/anfragen/<int:id>")
@load_object(Inquiry, "can_view", to="inquiry")
def inquiry(inquiry: Inquiry):
    rows = inquiry_history(inquiry, current_user)
    return render_template("audit/history.html", inquiry=inquiry, rows=rows)


@bp.route("/suche")
@roles_required(Role.ADMIN)
def search_page():
    filters = Filters.from_args(request.args)
    page = search(filters, request=paging.Request.from_args(request.args))
    return render_template(
        "audit/search.html", filters=filters, result=page, entity_choices=ENTITY_CHOICES,
        action_choices=ACTION_CHOICES,
    )


@bp.route("/suche.csv")
@roles_required(Role.ADMIN)
def search_csv():
    filters = Filters.from_args(request.args)
    body = "".join(export_csv(filters))
    name = f"protokoll-{date.today():%Y-%m-%d}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}"})
