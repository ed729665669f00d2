"""The router's learned state as rows (see ``drafting.routing.model``): one row per routing
decision with its features, and the counts those rows add up to. ``routing.service.learn``
inserts the new decisions and updates the counts they change; ``routing train`` rebuilds
the counts from the decisions. A version counter tells processes that the state changed."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from inquiry_app.extensions import db

FEATURE_LENGTH = 200  # drafting.routing.model.MAX_FEATURE_LENGTH


class RoutingState(db.Model):
    """One row (id 1): the number of decisions learned and the version of the learned state.
    ``version`` grows with every change; ``generation`` with every full retrain; ``stamp`` is
    random per change, so a process can tell a change it saw that was rolled back.
    ``catalogue`` is random per change of a unit or a competence term (a renamed unit code
    or an edited term leaves the ids as they were)."""

    __tablename__ = "routing_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    stamp: Mapped[str] = mapped_column(sa.String(32), default="")
    examples: Mapped[int] = mapped_column(default=0)
    trained_at: Mapped[datetime | None]
    catalogue: Mapped[str] = mapped_column(sa.String(32), default="")


class RoutingVersion(db.Model):
    """Each version of the learned state with its stamp: a process that applied the changes
    up to a version checks here that the version it saw is the one that was committed."""

    __tablename__ = "routing_version"

    version: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    stamp: Mapped[str] = mapped_column(sa.String(32))


class RoutingExample(db.Model):
    """A routing decision (at most one per assignment): the question went to ``unit``
    (``negative``: the unit returned it as "nicht zuständig"); ``features`` as compact JSON.
    ``created_version`` and ``version`` are the state versions that inserted and last
    changed the row."""

    __tablename__ = "routing_example"
    __table_args__ = (
        sa.Index("ix_routing_example_unit_negative_id", "unit", "negative", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assignment.id", ondelete="SET NULL"), index=True, unique=True)
    unit: Mapped[str] = mapped_column(sa.String(20))
    negative: Mapped[bool] = mapped_column(default=False)
    ref: Mapped[str] = mapped_column(sa.String(80), default="")
    text: Mapped[str] = mapped_column(sa.String(300), default="")
    features: Mapped[str] = mapped_column(sa.Text)
    created_version: Mapped[int] = mapped_column(sa.BigInteger)
    version: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    stamp: Mapped[str] = mapped_column(sa.String(32))


class RoutingFeature(db.Model):
    """In how many decisions a feature occurs (document frequency, for the IDF)."""

    __tablename__ = "routing_feature"

    feature: Mapped[str] = mapped_column(sa.String(FEATURE_LENGTH), primary_key=True)
    df: Mapped[int] = mapped_column(default=0)


class RoutingUnitFeature(db.Model):
    """Per unit and feature: the sum of the positive decisions' normalised term frequencies
    (the unit's centroid before IDF) and how many positive decisions had the feature."""

    __tablename__ = "routing_unit_feature"

    unit: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    feature: Mapped[str] = mapped_column(sa.String(FEATURE_LENGTH), primary_key=True)
    weight: Mapped[float] = mapped_column(sa.Float, default=0.0)
    examples: Mapped[int] = mapped_column(default=0)


class RoutingUnit(db.Model):
    """Positive and negative decisions per unit."""

    __tablename__ = "routing_unit"

    unit: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    positives: Mapped[int] = mapped_column(default=0)
    negatives: Mapped[int] = mapped_column(default=0)
