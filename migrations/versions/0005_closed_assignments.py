"""Assignments can be closed: withdrawing an inquiry closes the assignments still being worked
on (state ``closed``)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 18:30:00.000000

Only the CHECK constraint of ``assignment.state`` changes (the values are stored as VARCHAR,
see 0001). PostgreSQL drops and creates the constraint. SQLite cannot alter a constraint, so
batch mode copies the table; dropping the old ``assignment`` table with foreign keys enforced
would delete its contributions and reminders by ``ON DELETE CASCADE``, so the copy runs with
foreign keys off (outside a transaction, where SQLite honours the pragma) and is checked with
``PRAGMA foreign_key_check`` before foreign keys are switched on again. The open assignments
of inquiries withdrawn before this revision are left as they are: ``flask --app inquiry_app
check --repair`` closes them with an entry in the history and a mail to each office.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

OLD = ('draft', 'open', 'accepted', 'returned', 'forwarded', 'submitted')
NEW = (*OLD, 'closed')
NAME = 'ck_assignment_assignment_state'


def _enum(values) -> sa.Enum:
    return sa.Enum(*values, name='assignment_state', native_enum=False, create_constraint=True,
                   length=32)


def _check(values) -> str:
    return "state IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _sqlite_copy(values) -> None:
    """Copy the table with the new constraint; foreign keys off meanwhile (see above)."""
    conn = op.get_bind()
    conn.exec_driver_sql("COMMIT")  # PRAGMA foreign_keys is a no-op inside a transaction
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        with op.batch_alter_table('assignment', schema=None, recreate='always') as batch_op:
            batch_op.drop_constraint(op.f(NAME), type_='check')
            batch_op.create_check_constraint(op.f(NAME), sa.text(_check(values)))
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"Fremdschlüssel nach dem Kopieren von assignment verletzt: {broken}")
        conn.exec_driver_sql("COMMIT")
    except BaseException:
        conn.exec_driver_sql("ROLLBACK")
        raise
    finally:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.exec_driver_sql("BEGIN")  # Alembic records the revision in this transaction


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_copy(NEW)
    else:
        op.drop_constraint(op.f(NAME), 'assignment', type_='check')
        op.create_check_constraint(op.f(NAME), 'assignment', _check(NEW))


def downgrade():
    # before 0005 a withdrawn inquiry's assignments stayed open
    op.execute("UPDATE assignment SET state = 'open' WHERE state = 'closed'")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_copy(OLD)
    else:
        op.drop_constraint(op.f(NAME), 'assignment', type_='check')
        op.create_check_constraint(op.f(NAME), 'assignment', _check(OLD))
