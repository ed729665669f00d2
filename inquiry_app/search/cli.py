"""``flask --app inquiry_app archive search QUERY [--limit N]`` and ``archive reindex``.

``search`` prints one JSON line per hit, as the admin sees them (every inquiry):
``{"number", "question", "score", "snippet"}``; ``question`` is the question's number
("2", "2 a)") or null when the hit is the inquiry's subject or preamble; ``snippet`` is
plain text with each matched word in «guillemets». A note about the query (a cut or
ignored part) goes to standard error.
"""

from __future__ import annotations

import html
import json
import re
import sys

import click

from inquiry_app.archive.cli import archive_cli
from inquiry_app.models import Role

_MARK = re.compile(r"<mark>(.*?)</mark>")


class _Admin:
    """Who the command line searches as: the admin, who sees every inquiry."""

    role = Role.ADMIN


def plain_snippet(snippet: str) -> str:
    """The snippet as plain text, matched words in «…»."""
    return html.unescape(_MARK.sub(r"«\1»", str(snippet)))


@archive_cli.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1, max=100), default=20, show_default=True,
              help="Höchstens so viele Treffer ausgeben.")
@click.option("--sort", type=click.Choice(["relevanz", "datum"]), default="relevanz",
              show_default=True, help="Reihenfolge der Treffer.")
def search_command(query, limit, sort):
    """Das Archiv durchsuchen: eine JSON-Zeile je Treffer (number, question, score,
    snippet; Treffer im Ausschnitt in «…»)."""
    from inquiry_app.search import SearchQuery, search

    result = search(_Admin(), SearchQuery(query, sort=sort, per_page=limit))
    if result.message:
        click.echo(result.message, err=True)
    for hit in result.hits:
        click.echo(json.dumps({
            "number": hit.number, "question": hit.question_number, "score": hit.score,
            "snippet": plain_snippet(hit.snippet)}, ensure_ascii=False))


@archive_cli.command("reindex")
def reindex_command():
    """Den Suchindex aller Anfragen neu aufbauen (nach dem Update auf die Suche oder wenn
    Daten am Programm vorbei geändert wurden)."""
    from inquiry_app.search import reindex_all

    with click.progressbar(length=1, label="Suchindex", file=sys.stderr,
                           show_pos=True, show_eta=True) as bar:
        def progress(done, total):
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        documents = reindex_all(progress)
    click.echo(f"Suchindex neu aufgebaut: {documents} Texte.")
