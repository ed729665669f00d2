"""The search page (``/suche``): full-text search over inquiries, questions and answers with
filters, facet counts and paging; every hit the user may open links to the inquiry page, any
other (published) hit to the public page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from inquiry_app import paging
from inquiry_app.boundary import int_or_none, page_number
from inquiry_app.extensions import db
from inquiry_app.models import Body, CouncilMember, Faction, OrgUnit
from inquiry_app.search import KINDS, Hit, Result, SearchQuery, querying
from inquiry_app.search.forms import STATES, SearchForm
from inquiry_app.templating import plural_de

bp = Blueprint("search", __name__)

PER_PAGE = 20


@bp.route("/suche")
@login_required
def page():
    form = SearchForm(request.args)
    text, cut = form.text()
    filters = form.filters()
    number = page_number(request.args.get("seite"))
    notices = [cut] if cut else []
    result = None
    if text:
        query = SearchQuery(text, filters, form.sort(), number, PER_PAGE)
        result = querying.run(current_user, query)
        if result.message:  # says best what was searched (also after a cut)
            notices = [result.message]
    form.offer(result.facets if result else {}, chosen_labels(form))
    args = query_args(form)
    return render_template(
        "search/page.html", form=form, result=result, notices=notices, args=args,
        page=result_page(result) if result else None, total=total_text(result),
        rows=[(h, hit_url(h), hit_place(h)) for h in result.hits] if result else [],
    )


def query_args(form: SearchForm) -> dict:
    """The URL parameters of the current search (for the pager and the sort links)."""
    args = {"q": form.q.data or ""}
    if form.sort() != "relevanz":
        args["sortierung"] = form.sort()
    if form.ueberfaellig.data:
        args["ueberfaellig"] = "y"
    for field in form.facet_fields():
        if field.data:
            args[field.name] = list(field.data)
    return args


def result_page(result: Result) -> paging.NumberedPage:
    query = result.query
    more = query.page * query.per_page < result.total or (
        result.total_is_lower_bound and len(result.hits) == query.per_page)
    return paging.NumberedPage(
        result.hits, query.page, query.per_page, has_next=more,
        total=None if result.total_is_lower_bound else result.total,
        more_than=result.total if result.total_is_lower_bound else None)


def number_de(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def total_text(result: Result | None) -> str:
    """ "123 Treffer", "1 Treffer", "mehr als 1.000 Treffer"."""
    if result is None:
        return ""
    if result.total_is_lower_bound:
        return f"Mehr als {number_de(result.total)} Treffer"
    return f"{number_de(result.total)} {plural_de(result.total, 'Treffer', 'Treffer')}"


def hit_url(hit: Hit) -> str:
    """The inquiry page at the question for a hit the user may open, else the public page."""
    if not hit.viewable:
        return url_for("public.detail", id=hit.inquiry_id)
    anchor = f"frage-{hit.question_id}" if hit.question_id else None
    return url_for("inquiries.detail", id=hit.inquiry_id, _anchor=anchor)


def hit_place(hit: Hit) -> str:
    """Where the words were found: "Frage 2", "Antwort auf Frage 2", "Anfrage"."""
    if hit.kind == "question" and hit.question_number:
        return f"Frage {hit.question_number}"
    if hit.kind == "answer" and hit.question_number:
        return f"Antwort auf Frage {hit.question_number}"
    return KINDS.get(hit.kind, "Anfrage")


def chosen_labels(form: SearchForm) -> dict[str, dict[str, str]]:
    """The labels of the chosen filter values (facet name -> value -> label); values that
    name nothing are missing."""
    def by_id(model, field, label):
        ids = [i for i in map(int_or_none, field.data or ()) if i]
        if not ids:
            return {}
        rows = db.session.scalars(sa.select(model).where(model.id.in_(ids)))
        return {str(row.id): label(row) for row in rows}

    return {
        "jahr": {v: v for v in form.jahr.data or () if v.isdigit() and len(v) == 4},
        "status": {v: STATES[v].label for v in form.status.data or () if v in STATES},
        "art": {v: KINDS[v] for v in form.art.data or () if v in KINDS},
        "gremium": by_id(Body, form.gremium, lambda b: b.name),
        "fraktion": by_id(Faction, form.fraktion, lambda f: f.name),
        "person": by_id(CouncilMember, form.person, lambda m: m.full_name),
        "amt": by_id(OrgUnit, form.amt, lambda u: u.label),
    }
