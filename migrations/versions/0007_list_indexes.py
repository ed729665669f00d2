"""Indexes for the bounded lists (issue 14): the inquiry list's orders (receipt, due date)
with and without a state, the public list (publication), a department's open work, the
contributions waiting for approval, a unit's pending review steps and the audit search by
object or person

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 19:00:00.000000

Only ``CREATE INDEX``: no table is copied. Each index serves a list's filter and its order
(with the id as tie-breaker), so a page is an index range read with a LIMIT instead of a
sort of the whole table.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_inquiry_received_on_id', 'inquiry', ['received_on', 'id']),
    ('ix_inquiry_due_on_id', 'inquiry', ['due_on', 'id']),
    ('ix_inquiry_state_received_on_id', 'inquiry', ['state', 'received_on', 'id']),
    ('ix_inquiry_state_due_on_id', 'inquiry', ['state', 'due_on', 'id']),
    ('ix_inquiry_state_published_at_id', 'inquiry', ['state', 'published_at', 'id']),
    ('ix_assignment_org_unit_id_state_due_on', 'assignment', ['org_unit_id', 'state', 'due_on']),
    ('ix_assignment_inquiry_id_state', 'assignment', ['inquiry_id', 'state']),
    ('ix_contribution_state', 'contribution', ['state']),
    ('ix_review_decision_org_unit_id', 'review', ['decision', 'org_unit_id']),
    ('ix_audit_entry_entity_at', 'audit_entry', ['entity', 'at']),
    ('ix_audit_entry_actor_id_at', 'audit_entry', ['actor_id', 'at']),
    ('ix_transition_actor_id_at', 'transition', ['actor_id', 'at']),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
