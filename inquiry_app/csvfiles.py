"""CSV files exchanged with spreadsheets: semicolon-separated, UTF-8 with BOM on export;
on import UTF-8 (with or without BOM) or Windows-1252, separated by semicolon, comma or tab.
Used by the competence catalogue and the councillor/faction lists."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet: exported with a leading
# apostrophe (shown as text), which the import removes again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _export_cell(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return "" if cell is None else cell


def _import_cell(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def decode(data: bytes, error: type[Exception]) -> str:
    """The file's text; ``error`` (with a German message) for an empty or binary file."""
    if not data.strip():
        raise error("Die CSV-Datei ist leer.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise error("Die Datei ist keine CSV-Textdatei.")
    return text


def dialect_of(text: str):
    lines = text.splitlines()
    if not lines:
        return csv.excel
    try:
        sniffed = csv.Sniffer().sniff(lines[0], delimiters=";,\t")
    except csv.Error:
        return csv.excel

    class Dialect(csv.excel):  # the separator as sniffed; quotes as every spreadsheet writes them
        delimiter = sniffed.delimiter

    return Dialect


def read_rows(data: bytes, error: type[Exception]) -> list[tuple[int, list[str]]]:
    """(line number in the file, cells) of every non-empty row, header included; a quoted
    cell may span lines (addresses)."""
    text = decode(data, error)
    reader = csv.reader(io.StringIO(text), dialect_of(text))
    rows = []
    try:
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, [_import_cell(cell) for cell in row]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise error(f"Zeile {reader.line_num}: Die Datei ist kein gültiges CSV ({exc}).") from exc
    return rows


def write_rows(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    """Semicolon-separated text with CRLF line ends (prefix :data:`BOM` when sending)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_export_cell(cell) for cell in row])
    return out.getvalue()
