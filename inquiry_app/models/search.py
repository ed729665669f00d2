"""The search index (issue 16): one row per searchable text of an inquiry (its subject and
preamble, each question, each answer), with the text as shown and its normalised form
(:mod:`inquiry_app.search.text`). The engine's own index over the normalised text is made
by the migration and is not a model: on SQLite the FTS5 table ``search_fts`` (external
content, kept by triggers), on PostgreSQL the generated column ``search_doc.tsv``
(``to_tsvector('german', norm)``) with a GIN index; see :mod:`inquiry_app.search.schema`."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from inquiry_app.extensions import db

SEARCH_DOC_KINDS = ("inquiry", "question", "answer")


class SearchDoc(db.Model):
    __tablename__ = "search_doc"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="CASCADE"), index=True)
    # the question (kind "question"), the first question an answer answers (kind "answer")
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    text: Mapped[str] = mapped_column(sa.Text)  # as shown (snippets are cut from it)
    norm: Mapped[str] = mapped_column(sa.Text)  # what the engine indexes

    __table_args__ = (
        sa.CheckConstraint("kind IN ('inquiry', 'question', 'answer')", name="kind_known"),
    )


class SearchTerm(db.Model):
    """How many documents contain a normalised term (kept with the documents): the rarer a
    term, the more it says; similar questions are looked up by their rarest terms."""

    __tablename__ = "search_term"

    term: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    docs: Mapped[int] = mapped_column(default=0)
