"""`flask db upgrade` on an empty database yields exactly the models' schema; downgrade works."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from inquiry_app import create_app
from inquiry_app.extensions import db


def _fresh_app(db_server, name):
    return create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": db_server(name),
        "SECRET_KEY": "schema-test",
    })


def _diff(engine) -> list:
    """Differences between the models and the migrated schema, leaving out the full-text
    index the migration makes for one engine only (inquiry_app.search.schema)."""
    from inquiry_app.search.schema import include_object

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object})
        return compare_metadata(context, db.metadata)


def test_upgrade_creates_exactly_the_models_schema_and_downgrade_removes_it(db_server):
    app = _fresh_app(db_server, "schema_check")
    with app.app_context():
        engine = db.engine
        assert sa.inspect(engine).get_table_names() == []
        upgrade()
        tables = set(sa.inspect(engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        assert _diff(engine) == []

        downgrade(revision="base")
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}

        upgrade()  # and up again: the migration is repeatable
        assert _diff(engine) == []
        engine.dispose()


def test_named_constraints_follow_the_convention(db_server):
    app = _fresh_app(db_server, "schema_names")
    with app.app_context():
        upgrade()
        inspector = sa.inspect(db.engine)
        fks = inspector.get_foreign_keys("assignment")
        assert {fk["name"] for fk in fks} >= {"fk_assignment_inquiry_id_inquiry",
                                               "fk_assignment_org_unit_id_org_unit"}
        uniques = {u["name"] for u in inspector.get_unique_constraints("org_unit")}
        assert "uq_org_unit_code" in uniques
        db.engine.dispose()


def test_state_columns_are_tied_by_constraints(app, session):
    """A signed inquiry without signed_at cannot be stored (the database refuses it)."""
    import datetime as dt

    import pytest
    from sqlalchemy.exc import IntegrityError

    from inquiry_app.models import Inquiry, InquiryState

    inquiry = Inquiry(number="AF9999/99", subject="Test", received_on=dt.date(2025, 1, 20),
                      due_on=dt.date(2025, 2, 17), original_due_on=dt.date(2025, 2, 17),
                      state=InquiryState.SIGNED)
    session.add(inquiry)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
