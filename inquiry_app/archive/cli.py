"""``flask --app inquiry_app archive ...``: import past replies, search the archive.

The group is defined here; the commands live beside what they drive (``import`` in
:mod:`inquiry_app.archive.importing`, ``search``/``reindex`` in :mod:`inquiry_app.search.cli`)
and are attached in :func:`inquiry_app.cli.register`."""

from __future__ import annotations

from flask.cli import AppGroup

archive_cli = AppGroup("archive", help="Archiv früherer Anfragen: importieren, durchsuchen.")
