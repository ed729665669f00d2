"""The archive's pages: the original file of an imported inquiry."""

from __future__ import annotations

from flask import Blueprint

from inquiry_app.archive.pages import original_download
from inquiry_app.models import Inquiry
from inquiry_app.permissions import load_object

bp = Blueprint("archive", __name__)


@bp.route("/anfragen/<int:id>/archiv/<any(antwort, anfrage):kind>")
@load_object(Inquiry, "can_view", to="inquiry")
def original(inquiry: Inquiry, kind: str):
    """The reply file (or the inquiry's) as imported; every logged-in user may see
    archived inquiries."""
    return original_download(inquiry, kind)
