"""The search index (issue 16): ``search_doc`` holds every searchable text of an inquiry
(subject and preamble, each question, each answer) as shown and normalised, ``search_term``
how many documents hold each normalised term; the engine's
full-text index over the normalised text is made per dialect: on SQLite the FTS5 table
``search_fts`` (external content over ``search_doc``, kept by triggers), on PostgreSQL the
generated column ``search_doc.tsv`` (``to_tsvector('german', norm)``) with a GIN index.
The app keeps the documents current on every commit. Run
``flask --app inquiry_app archive reindex`` once after the upgrade: it indexes the
inquiries that exist already.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 02:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(norm, content='search_doc', "
    "content_rowid='id')",
    "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN "
    "INSERT INTO search_fts(rowid, norm) VALUES (new.id, new.norm); END",
    "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, norm) VALUES ('delete', old.id, old.norm); END",
    "CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, norm) VALUES ('delete', old.id, old.norm); "
    "INSERT INTO search_fts(rowid, norm) VALUES (new.id, new.norm); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS search_doc_au",
    "DROP TRIGGER IF EXISTS search_doc_ad",
    "DROP TRIGGER IF EXISTS search_doc_ai",
    "DROP TABLE IF EXISTS search_fts",
)
POSTGRESQL_UP = (
    "ALTER TABLE search_doc ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('german', norm)) STORED",
    "CREATE INDEX ix_search_doc_tsv ON search_doc USING gin (tsv)",
)
POSTGRESQL_DOWN = (
    "DROP INDEX IF EXISTS ix_search_doc_tsv",
    "ALTER TABLE search_doc DROP COLUMN IF EXISTS tsv",
)


def upgrade():
    op.create_table('search_doc',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('norm', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('inquiry', 'question', 'answer')",
                       name=op.f('ck_search_doc_kind_known')),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'],
                            name=op.f('fk_search_doc_answer_id_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiry.id'],
                            name=op.f('fk_search_doc_inquiry_id_inquiry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'],
                            name=op.f('fk_search_doc_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_doc'))
    )
    op.create_index(op.f('ix_search_doc_answer_id'), 'search_doc', ['answer_id'], unique=False)
    op.create_index(op.f('ix_search_doc_inquiry_id'), 'search_doc', ['inquiry_id'], unique=False)
    op.create_index(op.f('ix_search_doc_question_id'), 'search_doc', ['question_id'],
                    unique=False)
    op.create_table('search_term',
    sa.Column('term', sa.String(length=100), nullable=False),
    sa.Column('docs', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('term', name=op.f('pk_search_term'))
    )
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}.get(dialect, ()):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN}.get(dialect, ()):
        op.execute(statement)
    op.drop_table('search_term')
    op.drop_index(op.f('ix_search_doc_question_id'), table_name='search_doc')
    op.drop_index(op.f('ix_search_doc_inquiry_id'), table_name='search_doc')
    op.drop_index(op.f('ix_search_doc_answer_id'), table_name='search_doc')
    op.drop_table('search_doc')
