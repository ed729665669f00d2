"""The archive (issue 16): imported inquiries as read-only records (``inquiry.imported``),
where each came from (``archive_record``: source, the reply file as it was, its hash; the
source key makes an import idempotent) and the offices that answered each imported question
(``question_office``, guessed by the router unless the reply names them)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 00:30:00.000000
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # a plain ADD COLUMN: a batch operation would copy the inquiry table on SQLite, and dropping
    # the old table cascades to questions, assignments, ... (see 0002 and 0004)
    op.add_column('inquiry', sa.Column('imported', sa.Boolean(), server_default=sa.false(),
                                       nullable=False))
    op.create_table('archive_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('source_key', sa.String(length=300), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('reply_filename', sa.String(length=255), nullable=True),
    sa.Column('reply_file', sa.LargeBinary(), nullable=True),
    sa.Column('reply_sha256', sa.String(length=64), nullable=True),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiry.id'],
                            name=op.f('fk_archive_record_inquiry_id_inquiry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_record')),
    sa.UniqueConstraint('inquiry_id', name=op.f('uq_archive_record_inquiry_id')),
    sa.UniqueConstraint('source_key', name=op.f('uq_archive_record_source_key'))
    )
    op.create_table('question_office',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('guessed', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'],
                            name=op.f('fk_question_office_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'],
                            name=op.f('fk_question_office_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'org_unit_id', name=op.f('pk_question_office'))
    )
    op.create_index(op.f('ix_question_office_org_unit_id'), 'question_office', ['org_unit_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_question_office_org_unit_id'), table_name='question_office')
    op.drop_table('question_office')
    op.drop_table('archive_record')
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite drops a column no constraint names in place (3.35+), without a table copy
        op.execute('ALTER TABLE inquiry DROP COLUMN imported')
    else:
        op.drop_column('inquiry', 'imported')
