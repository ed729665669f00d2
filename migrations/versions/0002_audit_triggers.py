"""Audit trail is append-only: triggers reject UPDATE and DELETE on transition and audit_entry

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 18:00:00

PostgreSQL: one plpgsql function raises (SQLSTATE 23001 restrict_violation, so drivers report
an IntegrityError); row triggers call it before UPDATE or DELETE, a statement trigger before
TRUNCATE. SQLite: BEFORE UPDATE / BEFORE DELETE triggers with RAISE(ABORT, ...).

Note for later migrations: on SQLite a batch operation on these two tables recreates the
table and thereby drops its triggers; such a migration must create them again
(``create_sqlite_triggers`` below).
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

TABLES = ("transition", "audit_entry")
FUNCTION = "reject_audit_change"
MESSAGE = "Das Protokoll ist unveränderbar: {op} auf {table} ist nicht erlaubt."


def create_sqlite_triggers(table):
    for action in ("UPDATE", "DELETE"):
        message = MESSAGE.format(op=action, table=table)
        op.execute(
            f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'Das Protokoll ist unveränderbar: % auf % ist nicht erlaubt.',
                    TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'restrict_violation';
            END;
            $$
        """)
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
    elif dialect == "sqlite":
        for table in TABLES:
            create_sqlite_triggers(table)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    elif dialect == "sqlite":
        for table in TABLES:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
