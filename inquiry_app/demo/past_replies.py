"""The demo archive: past inquiries with their answers, imported by the archive importer.

Two kinds of reply letters, imported exactly as ``flask archive import`` imports a folder
(:class:`inquiry_app.archive.importing.Importer`: parsed by ``drafting.replies``, answers
final, offices guessed by the router, the original file kept, one source key per file):

- the real published replies shipped in ``archive/`` (copies of the reply corpus, their
  origin – repository, path, commit – in ``archive/SOURCES`` and in each record's source;
  where the scan does not show number or dates legibly, SOURCES gives them, from the council
  information system's paper, as an OParl dump would);
- the letters written for the demo (:mod:`inquiry_app.demo.archive_letters`, seeded: the
  same bytes on every run), numbered past every real and demo number.

Idempotent through the importer's source keys (the files' hashes): a second load finds every
file in the archive and adds nothing."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from flask import current_app

from inquiry_app.archive.importing import FAILED, IMPORTED, Importer
from inquiry_app.archive.reading import Budget
from inquiry_app.archive.sources import Item
from inquiry_app.demo.archive_letters import SEED, letters

#: the source of a letter written for the demo (the record's ``source``)
GENERATED_SOURCE = (f"Für die Demo geschrieben (inquiry_app.demo.archive_letters, "
                    f"Startwert {SEED})")


def real_sources() -> dict[str, dict[str, str]]:
    """File name -> number, repository, path and commit of each shipped real reply."""
    text = resources.files("inquiry_app.demo").joinpath("archive", "SOURCES").read_text(
        encoding="utf-8")
    found = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, number, repository, path, commit, reply_date, inquiry_date, paper = \
            line.split("\t")
        found[name] = {"number": number, "repository": repository, "path": path,
                       "commit": commit, "date": reply_date, "inquiry_date": inquiry_date,
                       "paper": paper}
    return found


def _meta(entry: dict[str, str]) -> dict[str, str]:
    """What SOURCES knows besides the letter (as an OParl dump gives it to the importer)."""
    return {key: entry[key] for key in ("number", "date", "inquiry_date") if entry[key]}


def source_of(entry: dict[str, str]) -> str:
    source = f"{entry['repository']}: {entry['path']} @ {entry['commit']}"
    return f"{source} (Nummer und Daten: {entry['paper']})" if entry["paper"] else source


def load_archive(taken: Iterable[str]) -> dict[str, int]:
    """Import the demo archive; ``taken``: numbers the letters written for the demo must not
    use (the demo's own inquiries). Returns the importer's counts."""
    sources = real_sources()
    written = letters([*taken, *(e["number"] for e in sources.values())])
    importer = Importer(budget=Budget.from_config(current_app.config))
    with resources.as_file(resources.files("inquiry_app.demo").joinpath("archive")) as real, \
            tempfile.TemporaryDirectory(prefix="demo-archive-") as scratch:
        items = [Item(f"demo/archive/{name}", source_of(entry), path=Path(real) / name,
                      filename=name, meta=_meta(entry)) for name, entry in sorted(sources.items())]
        for letter in written:
            path = Path(scratch) / letter.filename
            path.write_text(letter.text, encoding="utf-8")
            items.append(Item(f"demo/geschrieben/{letter.filename}", GENERATED_SOURCE,
                              path=path, filename=letter.filename))
        summary = importer.run(items)
    for line in summary.lines:
        if line.status == FAILED:
            current_app.logger.warning("Demo-Archiv: %s: %s", line.path, line.reason)
    return {"real": len(sources), "written": len(written),
            "imported": summary.count(IMPORTED), "failed": summary.count(FAILED)}
