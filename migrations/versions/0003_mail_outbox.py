"""Mail outbox: e-mails are stored with the change that causes them and delivered by a worker

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 03:33:38.342288

``outbox_mail`` holds recipients, subject, body, the delivery state (pending, sending,
delivered, failed), attempts, the next attempt, the worker's lease and the server's last answer;
``outbox_attachment`` the attached files as bytes (e.g. the signed letter).
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('notification', 'letter_dispatch', 'interim_notice', name='mail_purpose', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('state', sa.Enum('pending', 'sending', 'delivered', 'failed', name='mail_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(state = 'delivered') = (delivered_at IS NOT NULL)", name=op.f('ck_outbox_mail_delivered_at_iff_delivered')),
    sa.CheckConstraint("(state = 'sending') = (lease_until IS NOT NULL)", name=op.f('ck_outbox_mail_lease_iff_sending')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_mail_attempts_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_outbox_mail_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiry.id'], name=op.f('fk_outbox_mail_inquiry_id_inquiry'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_mail'))
    )
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_mail_inquiry_id'), ['inquiry_id'], unique=False)
        batch_op.create_index('ix_outbox_mail_state_next_attempt_at', ['state', 'next_attempt_at'], unique=False)

    op.create_table('outbox_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mail_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mimetype', sa.String(length=127), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['mail_id'], ['outbox_mail.id'], name=op.f('fk_outbox_attachment_mail_id_outbox_mail'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachment'))
    )
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachment_mail_id'), ['mail_id'], unique=False)



def downgrade():
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachment_mail_id'))

    op.drop_table('outbox_attachment')
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_mail_state_next_attempt_at')
        batch_op.drop_index(batch_op.f('ix_outbox_mail_inquiry_id'))

    op.drop_table('outbox_mail')
