"""``flask --app inquiry_app routing train|suggest|evaluate``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from inquiry_app.extensions import db

routing_cli = AppGroup("routing", help="Zuständigkeitsvorschläge: trainieren, vorschlagen, bewerten.")


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"Die Datei {path} kann nicht gelesen werden: {exc}") from exc


def _read_jsonl(path: str) -> list[dict]:
    items = []
    for number, line in enumerate(_read_lines(path), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"{path}, Zeile {number}: kein gültiges JSON ({exc.msg}).") from exc
        if not isinstance(item, dict) or not isinstance(item.get("question"), str) \
                or not isinstance(item.get("lead"), str):
            raise click.ClickException(
                f'{path}, Zeile {number}: erwartet {{"question": "...", "lead": "33"}}.')
        items.append(item)
    return items


def _examples(items: list[dict]):
    from drafting.routing.model import Example

    return [Example(text=i["question"], unit=i["lead"], ref=i.get("ref", ""),
                    context=i.get("context", "")) for i in items]


@routing_cli.command("train")
@click.option("--extra", type=click.Path(dir_okay=False), default=None,
              help="Zusätzliche Beispiele (JSONL mit question und lead).")
@click.option("--reanalyse", is_flag=True, default=False,
              help="Alle Fragen neu analysieren (nach Änderungen am Zuständigkeitskatalog).")
def train_command(extra, reanalyse):
    """Das Modell aus allen versandten und zurückgegebenen Zuweisungen neu berechnen."""
    from inquiry_app.routing.service import train

    examples = _examples(_read_jsonl(extra)) if extra else []
    count, seconds = train(examples, reanalyse=reanalyse)
    db.session.commit()
    click.echo(f"Modell trainiert: {count} Beispiele in {seconds:.2f} s.")


@routing_cli.command("suggest")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--top", default=5, show_default=True, help="Anzahl der Vorschläge je Frage.")
def suggest_command(file, top):
    """Für jede Zeile der Datei (eine Frage je Zeile) die zuständigen Einheiten vorschlagen."""
    from inquiry_app.routing.service import get_router

    router = get_router()
    for line in _read_lines(file):
        question = line.strip()
        if not question:
            continue
        suggestions = router.suggest(question, top=top)
        click.echo(json.dumps({
            "question": question,
            "suggestions": [{"unit": s.unit, "score": round(s.score, 4), "reasons": s.reasons}
                            for s in suggestions],
        }, ensure_ascii=False))


@routing_cli.command("evaluate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--train-file", type=click.Path(dir_okay=False), default=None,
              help="Vorher auf diesen Beispielen trainieren (sonst gespeichertes Modell).")
def evaluate_command(file, train_file):
    """Top-1-Genauigkeit und Top-3-Trefferquote auf einer JSONL-Datei ausgeben."""
    from drafting.routing.engine import evaluate
    from inquiry_app.routing.service import fresh_router

    items = _read_jsonl(file)
    if not items:
        raise click.ClickException(f"{file} enthält keine Beispiele.")
    router = fresh_router()
    if train_file:
        router.train(_examples(_read_jsonl(train_file)))
    result = evaluate(router, items)
    click.echo(f"Beispiele: {result['n']}")
    click.echo(f"Top-1-Genauigkeit: {result['top1'] * 100:.1f} %")
    click.echo(f"Top-3-Trefferquote: {result['top3'] * 100:.1f} %")
