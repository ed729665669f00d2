"""People and bodies: dated faction memberships, bodies (Stadtrat, Stadtbezirksbeiräte,
Ortschaftsräte) with their chairs; on the inquiry its own date, its body and the
admissibility mark (§ 28 Abs. 6 SächsGemO)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 04:45:00.000000

The new inquiry columns are added with ``ALTER TABLE … ADD COLUMN`` (on SQLite the foreign
key of ``body_id`` inline), never by copying the table: with foreign keys enforced, copying
``inquiry`` would cascade to its questions. Existing councillors get an open-ended membership
in their current faction.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    op.create_table('body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('city_council', 'district_council', 'local_council', name='body_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('short_name', sa.String(length=60), server_default='', nullable=False),
    sa.Column('chair_form_of_address', sa.Enum('Frau', 'Herr', '', name='form_of_address', native_enum=False, create_constraint=True, length=32), server_default='', nullable=False),
    sa.Column('chair_title', sa.String(length=60), server_default='', nullable=False),
    sa.Column('chair_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('chair_function', sa.String(length=200), server_default='', nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body')),
    sa.UniqueConstraint('name', name=op.f('uq_body_name'))
    )
    op.create_table('faction_membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_member_id', sa.Integer(), nullable=False),
    sa.Column('faction_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.CheckConstraint('valid_from IS NULL OR valid_until IS NULL OR valid_until >= valid_from', name=op.f('ck_faction_membership_until_after_from')),
    sa.ForeignKeyConstraint(['council_member_id'], ['council_member.id'], name=op.f('fk_faction_membership_council_member_id_council_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['faction_id'], ['faction.id'], name=op.f('fk_faction_membership_faction_id_faction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faction_membership'))
    )
    op.create_index(op.f('ix_faction_membership_council_member_id'), 'faction_membership', ['council_member_id'], unique=False)
    op.create_index(op.f('ix_faction_membership_faction_id'), 'faction_membership', ['faction_id'], unique=False)

    op.add_column('inquiry', sa.Column('dated_on', sa.Date(), nullable=True))
    op.add_column(
        'inquiry',
        sa.Column('body_id', sa.Integer(), sa.ForeignKey('body.id', name=op.f('fk_inquiry_body_id_body')), nullable=True),
        inline_references=_sqlite(),
    )
    op.add_column('inquiry', sa.Column('no_claim_to_answer', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('inquiry', sa.Column('no_claim_reason', sa.Text(), nullable=True))
    op.create_index(op.f('ix_inquiry_body_id'), 'inquiry', ['body_id'], unique=False)

    op.execute(
        "INSERT INTO faction_membership (council_member_id, faction_id) "
        "SELECT id, faction_id FROM council_member WHERE faction_id IS NOT NULL"
    )


def downgrade():
    if _sqlite() and op.get_bind().execute(sa.text("SELECT 1 FROM inquiry LIMIT 1")).first():
        # dropping body_id needs a copy of the table, and dropping the old table would cascade
        # to questions, assignments, ... (foreign keys are enforced): refuse, change nothing
        raise RuntimeError(
            "Downgrade unter 0004 ist auf SQLite mit vorhandenen Anfragen nicht möglich "
            "(die Tabelle inquiry müsste kopiert werden). Bitte eine Sicherung zurückspielen.")
    op.drop_index(op.f('ix_inquiry_body_id'), table_name='inquiry')
    if _sqlite():
        # SQLite cannot drop a column that has a foreign key; batch mode copies the table
        with op.batch_alter_table('inquiry', schema=None) as batch_op:
            batch_op.drop_column('no_claim_reason')
            batch_op.drop_column('no_claim_to_answer')
            batch_op.drop_column('body_id')
            batch_op.drop_column('dated_on')
    else:
        op.drop_constraint(op.f('fk_inquiry_body_id_body'), 'inquiry', type_='foreignkey')
        op.drop_column('inquiry', 'no_claim_reason')
        op.drop_column('inquiry', 'no_claim_to_answer')
        op.drop_column('inquiry', 'body_id')
        op.drop_column('inquiry', 'dated_on')
    op.drop_index(op.f('ix_faction_membership_faction_id'), table_name='faction_membership')
    op.drop_index(op.f('ix_faction_membership_council_member_id'), table_name='faction_membership')
    op.drop_table('faction_membership')
    op.drop_table('body')
