"""The router learns in place: its learned state as rows (decisions with their features,
document frequencies, per-unit feature sums, a version counter and its log) instead of one serialised
model blob; the blob table goes. Run ``flask --app inquiry_app routing train`` once after
the upgrade: it analyses the sent lead assignments and fills the new tables.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 18:40:00.000000
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('routing_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('stamp', sa.String(length=32), nullable=False),
    sa.Column('examples', sa.Integer(), nullable=False),
    sa.Column('trained_at', sa.DateTime(), nullable=True),
    sa.Column('catalogue', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_state'))
    )
    op.create_table('routing_version',
    sa.Column('version', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('stamp', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_routing_version'))
    )
    op.create_table('routing_example',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('negative', sa.Boolean(), nullable=False),
    sa.Column('ref', sa.String(length=80), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('features', sa.Text(), nullable=False),
    sa.Column('created_version', sa.BigInteger(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('stamp', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_routing_example_assignment_id_assignment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_example'))
    )
    with op.batch_alter_table('routing_example', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routing_example_assignment_id'), ['assignment_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_routing_example_version'), ['version'], unique=False)
        batch_op.create_index('ix_routing_example_unit_negative_id', ['unit', 'negative', 'id'], unique=False)

    op.create_table('routing_feature',
    sa.Column('feature', sa.String(length=200), nullable=False),
    sa.Column('df', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('feature', name=op.f('pk_routing_feature'))
    )
    op.create_table('routing_unit_feature',
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('feature', sa.String(length=200), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('examples', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('unit', 'feature', name=op.f('pk_routing_unit_feature'))
    )
    op.create_table('routing_unit',
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('positives', sa.Integer(), nullable=False),
    sa.Column('negatives', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('unit', name=op.f('pk_routing_unit'))
    )
    op.drop_table('routing_model')


def downgrade():
    op.create_table('routing_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trained_at', sa.DateTime(), nullable=False),
    sa.Column('examples', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_model'))
    )
    op.drop_table('routing_unit')
    op.drop_table('routing_unit_feature')
    op.drop_table('routing_feature')
    with op.batch_alter_table('routing_example', schema=None) as batch_op:
        batch_op.drop_index('ix_routing_example_unit_negative_id')
        batch_op.drop_index(batch_op.f('ix_routing_example_version'))
        batch_op.drop_index(batch_op.f('ix_routing_example_assignment_id'))

    op.drop_table('routing_example')
    op.drop_table('routing_version')
    op.drop_table('routing_state')
