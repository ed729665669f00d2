"""Text blocks offered while writing: shared by the contribution and consolidation pages
(``contributions.views``) and the assignment page (``assignments.views``), so neither area's
views imports the other's."""

from __future__ import annotations

import sqlalchemy as sa

from inquiry_app.extensions import db
from inquiry_app.models import TextBlock


def text_blocks(unit_ids: set[int]) -> list[TextBlock]:
    """Active text blocks for everyone plus those of the given org units, by title."""
    return db.session.scalars(
        sa.select(TextBlock).where(
            TextBlock.active,
            sa.or_(TextBlock.org_unit_id.is_(None), TextBlock.org_unit_id.in_(unit_ids)))
        .order_by(TextBlock.title)
    ).all()
