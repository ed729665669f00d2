"""The engine-specific parts of the search index, made by migration 0009 and not by the
models: SQLite's FTS5 table ``search_fts`` (with its shadow tables ``search_fts_*``) and
PostgreSQL's generated ``search_doc.tsv`` column with its GIN index. Schema comparisons
(``flask db migrate``, tests/test_schema.py) leave them out with :func:`include_object`."""

from __future__ import annotations

FTS_TABLE = "search_fts"
TSV_COLUMN = "tsv"
TSV_INDEX = "ix_search_doc_tsv"


def is_engine_object(type_: str, name: str | None, table: str | None = None) -> bool:
    """True for the objects the migration makes for one engine only."""
    if name is None:
        return False
    if type_ == "table":
        return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")
    if type_ == "column":
        return table == "search_doc" and name == TSV_COLUMN
    if type_ == "index":
        return name == TSV_INDEX
    return False


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's ``include_object`` hook: compare everything but the engine objects that
    exist only in the database."""
    if not reflected or compare_to is not None:
        return True
    table = getattr(getattr(obj, "table", None), "name", None)
    return not is_engine_object(type_, name, table)
