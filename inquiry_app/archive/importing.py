"""``flask --app inquiry_app archive import PATH``: past replies into the archive.

Each reply (a file of a folder, or a Paper of an OParl 1.1 dump, see
:mod:`inquiry_app.archive.sources`) becomes one read-only inquiry (``imported``) in state
``published``: its number, subject and dates, the administration's remark, the questions
with their parts, the answers attached to their questions (final), the submitters and the
faction when they match existing records (as the intake matches them; nothing is created),
the original file (``archive_record``) and, per question, the offices the router suggests,
stored as guessed (``question_office``). Nothing else: no assignments, contributions,
letters, mails or workflow steps, so the router never learns from imported questions (it
learns from assignments only). A document with questions but no answers imports as an
inquiry without answers; in a run that also holds its reply (same number) it becomes the
file of the reply's inquiry instead (inquiries are written after the replies). Archived
records are never changed: a reply to an inquiry archived without answers in an earlier
run is skipped with that reason.

Idempotent: every record has a source key (``sha256:<hex of the file>`` or
``oparl:<Paper id>``), and a key already in the archive is skipped, as is a number that
already exists (an inquiry worked on in the application is never overwritten). Each record
is written in a savepoint of its own and committed: a failure in one file leaves nothing of
it behind and never stops the rest. Every file and Paper gets a line in the CSV report
(path, status, number, reason)."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from drafting.cleaning import clean_line, clean_text
from inquiry_app.archive.reading import (
    Budget,
    Interim,
    ReadError,
    Reading,
    read_inquiry_file,
    read_item,
)
from inquiry_app.archive.sources import Item, SourceError, items_of
from inquiry_app.deadlines.settings import answer_due
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.intake.operations import city_council
from inquiry_app.intake.prefill import prefill_from
from inquiry_app.models import (
    Answer,
    CouncilMember,
    Faction,
    Inquiry,
    InquiryState,
    OrgUnit,
    Question,
)
from inquiry_app.models.archive import ArchiveRecord, QuestionOffice

IMPORTED, SKIPPED, FAILED = "importiert", "übersprungen", "fehlgeschlagen"
ARCHIVE_PREFIX = "ARCHIV-"
MAX_NUMBER = 40
GUESSES = 3  # offices stored per question at most
GUESS_MIN_SCORE = 0.5  # besides the top suggestion (as the routing page proposes contributors)
NO_QUESTION_TEXT = "(Der Wortlaut der Frage steht nicht im Antwortschreiben.)"
REPORT_FIELDS = ("path", "status", "number", "reason")


@dataclass
class Line:
    """One line of the report."""

    path: str
    status: str
    number: str = ""
    reason: str = ""


@dataclass
class Summary:
    lines: list[Line] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)


class _DryRun(Exception):
    """Rolls a record's savepoint back after it was written (``--dry-run``)."""


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _label(number: str) -> tuple[str, str]:
    """"2.a" -> ("2", "a"); "3" -> ("3", "")."""
    top, _, part = str(number).partition(".")
    return top.strip().rstrip(".)"), part.strip().rstrip(".)")


class Importer:
    """Imports items one by one (see the module docstring). ``dry_run``: every record is
    read and written, then rolled back."""

    def __init__(self, *, budget: Budget, dry_run: bool = False):
        self.budget = budget
        self.dry_run = dry_run
        self.seen: dict[str, str] = {}  # file hash -> label of its first file in this run
        self.numbers: dict[str, str] = {}  # numbers given in this run (dry run: not stored)
        self._router = None
        units = db.session.execute(sa.select(OrgUnit.id, OrgUnit.code, OrgUnit.parent_id)).all()
        self.unit_ids = {code: uid for uid, code, _parent in units}
        self.parents = {uid: parent for uid, _code, parent in units}

    # -- the run ---------------------------------------------------------------------------
    def run(self, items: Iterable[Item], step: Callable[[Line], None] | None = None) -> Summary:
        """Import ``items``; documents holding only an inquiry come last, after the replies
        (whose number they may share: the reply is the record, the inquiry its file)."""
        summary = Summary()
        started = time.perf_counter()
        self.deferred: list[tuple[Item, Callable[[], Line]]] = []
        for item in items:
            self._finish(summary, item, lambda item=item: self.one(item), step)
        for item, later in self.deferred:
            self._finish(summary, item, later, step)
        summary.seconds = time.perf_counter() - started
        return summary

    def _finish(self, summary: Summary, item: Item, work: Callable[[], Line | None],
                step: Callable[[Line], None] | None) -> None:
        try:
            line = work()
        except Exception as exc:  # never stop the run (the record's savepoint is gone)
            db.session.rollback()
            current_app.logger.exception("Archivimport: %s", item.label)
            line = Line(item.label, FAILED, "", f"unerwarteter Fehler: {exc}"[:500])
        if line is None:  # deferred
            return
        summary.lines.append(line)
        if step is not None:
            step(line)

    def one(self, item: Item) -> Line | None:
        """Import one item; None when it holds only an inquiry and waits for the end of the
        run (see :meth:`run`)."""
        if item.skip:
            return Line(item.label, SKIPPED, "", item.skip)
        if item.problem:
            return Line(item.label, FAILED, "", item.problem)
        data = None
        if item.path is not None:
            try:
                if item.path.stat().st_size > self.budget.max_bytes:
                    return Line(item.label, FAILED, "", "Die Datei ist größer als "
                                f"{self.budget.max_bytes // (1024 * 1024)} MB.")
                data = item.path.read_bytes()
            except OSError as exc:
                return Line(item.label, FAILED, "", f"Die Datei ist nicht lesbar "
                                                    f"({exc.strerror or exc}).")
            if not data:
                return Line(item.label, FAILED, "", "Die Datei ist leer.")
        digest = hashlib.sha256(data if data is not None else (item.text or "").encode()).hexdigest()
        key = item.key or f"sha256:{digest}"
        if item.key is None:
            first = self.seen.setdefault(digest, item.label)
            if first != item.label:
                return Line(item.label, SKIPPED, "", f"Duplikat: gleicher Inhalt wie „{first}“")
        known = db.session.execute(
            sa.select(Inquiry.number).join(ArchiveRecord, ArchiveRecord.inquiry_id == Inquiry.id)
            .where(ArchiveRecord.source_key == key)).scalar()
        if known is not None:
            return Line(item.label, SKIPPED, known, "bereits importiert")
        try:
            reading = read_item(data, item.filename, item.text if data is None else None,
                                self.budget)
        except Interim as exc:
            return Line(item.label, SKIPPED, "", str(exc))
        except ReadError as exc:
            return Line(item.label, FAILED, "", str(exc))
        if reading.kind == "inquiry" and getattr(self, "deferred", None) is not None:
            self.deferred.append((item, lambda: self._write(item, key, digest, data, reading)))
            return None
        return self._write(item, key, digest, data, reading)

    def _write(self, item: Item, key: str, digest: str, data: bytes | None,
               reading: Reading) -> Line:
        inquiry_file = self._inquiry_file(item)
        if inquiry_file is not None and reading.kind == "reply" and not reading.questions:
            own = read_inquiry_file(*inquiry_file, self.budget)
            if own is not None and own.questions:  # the reply does not quote them
                reading.questions, reading.preamble = own.questions, own.preamble
        try:
            with db.session.begin_nested():
                line = self._store(item, key, digest, data, reading, inquiry_file)
                if self.dry_run and line.status == IMPORTED:
                    raise _DryRun(line)
        except _DryRun as dry:
            line = dry.args[0]
            line.reason = "; ".join(r for r in ("Probelauf, nichts gespeichert", line.reason) if r)
        except Exception as exc:  # the savepoint is rolled back: nothing of it stays
            current_app.logger.warning("Archivimport %s: %r", item.label, exc)
            message = str(exc) if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
            return Line(item.label, FAILED, "", f"nicht gespeichert: {_one_line(message)}"[:500])
        if line.status == IMPORTED and line.number:
            self.numbers[line.number] = item.label
        if not self.dry_run:
            db.session.commit()
        return line

    def _inquiry_file(self, item: Item) -> tuple[bytes, str] | None:
        """The inquiry's own file (OParl), when the dump has it and it can be read."""
        if item.inquiry_path is None:
            return None
        try:
            data = item.inquiry_path.read_bytes()
        except OSError:
            return None
        if not data or len(data) > self.budget.max_bytes:
            return None
        return data, item.inquiry_filename or item.inquiry_path.name

    # -- one record ------------------------------------------------------------------------
    def _store(self, item: Item, key: str, digest: str, data: bytes | None, reading: Reading,
               inquiry_file) -> Line:
        notes: list[str] = list(item.notes)
        meta = item.meta
        number = clean_line(meta.get("number") or reading.number or "") or ""
        if len(number) > MAX_NUMBER:
            notes.append(f"Die Nummer „{number[:60]}“ ist zu lang; eine Archivnummer wurde "
                         "vergeben.")
            number = ""
        generated = not number
        if generated:
            number = f"{ARCHIVE_PREFIX}{digest[:10].upper()}"
        if self.dry_run and number in self.numbers:  # a real run finds it in the database
            if reading.kind == "inquiry":
                return Line(item.label, IMPORTED, number, "als Anfrage zur archivierten Antwort "
                            "gespeichert")
            return Line(item.label, SKIPPED, number, f"Die Nummer {number} wurde in diesem Lauf "
                        f"schon aus „{self.numbers[number]}“ importiert.")
        existing = db.session.scalar(sa.select(Inquiry).where(Inquiry.number == number))
        if existing is not None:
            return self._existing(item, existing, reading, data)
        reply_date = _iso(meta.get("date")) or (_iso(reading.date) if reading.kind == "reply"
                                                else None)
        inquiry_date = _iso(meta.get("inquiry_date")) or _iso(reading.inquiry_date)
        if inquiry_date and reply_date and inquiry_date > reply_date:
            notes.append("Das Datum der Anfrage liegt nach dem der Antwort; es wurde nicht "
                         "übernommen.")
            inquiry_date = None
        received = inquiry_date or reply_date
        if received is None:
            received = date.today()
            notes.append("Kein Datum erkannt; als Datum gilt der Tag des Imports.")
        answered = reply_date or received
        if reading.kind == "reply" and reply_date is None:
            notes.append("Das Datum der Antwort wurde nicht erkannt.")
        subject = clean_line(meta.get("subject") or reading.subject or "") or ""
        if not subject:
            subject = f"Anfrage {number}" if not generated else "Anfrage ohne Gegenstand"
            notes.append("Kein Gegenstand erkannt.")
        due = answer_due(received).result
        moment = datetime.combine(answered, clock(12, 0))
        own_file, own_name = inquiry_file or (None, None)
        if reading.kind == "inquiry":
            own_file, own_name = data, item.filename
        inquiry = Inquiry(
            number=number, subject=subject[:500], received_on=received, due_on=due,
            original_due_on=due, dated_on=inquiry_date, state=InquiryState.PUBLISHED,
            signed_at=moment, sent_on=answered, published_at=moment, imported=True,
            submitted_text=clean_text(reading.text) or "",
            preamble=clean_text(reading.preamble or "").strip(),
            remark=clean_text(reading.remark or "").strip(),
            original_file=own_file, original_filename=(own_name or None) and own_name[:255],
        )
        self._people(inquiry, item, reading, notes)
        questions, by_label = self._questions(reading, notes)
        inquiry.questions = questions
        inquiry.answers = self._answers(reading, questions, by_label, notes)
        record = ArchiveRecord(
            inquiry=inquiry, source_key=key, source=item.source,
            reply_filename=(item.filename or None) and item.filename[:255]
            if reading.kind == "reply" else None,
            reply_file=data if reading.kind == "reply" else None,
            reply_sha256=digest if reading.kind == "reply" and data is not None else None,
            warnings=[*reading.warnings, *notes],
        )
        db.session.add(inquiry)
        db.session.add(record)
        for office in self._guesses(inquiry):
            db.session.add(office)
        db.session.flush()
        reasons = []
        if generated:
            reasons.append(f"keine Nummer erkannt; Archivnummer {number} vergeben")
        if reading.kind == "inquiry":
            reasons.append("nur die Anfrage, ohne Antwort")
        return Line(item.label, IMPORTED, number, "; ".join(reasons))

    def _existing(self, item: Item, existing: Inquiry, reading: Reading,
                  data: bytes | None) -> Line:
        """A record with the same number exists: why this one is skipped; or, for the inquiry
        of an archived reply that has no file of its inquiry yet, the file stored there."""
        number = existing.number
        if not existing.imported:
            return Line(item.label, SKIPPED, number, f"Die Nummer {number} gehört einer Anfrage, "
                        "die in der Anwendung bearbeitet wird; sie wird nicht überschrieben.")
        has_answers = db.session.scalar(
            sa.select(sa.func.count(Answer.id)).where(Answer.inquiry_id == existing.id)) > 0
        if reading.kind == "reply" and not has_answers:
            return Line(item.label, SKIPPED, number, f"Die Nummer {number} ist bereits als Anfrage "
                        "ohne Antwort im Archiv; archivierte Datensätze werden nicht geändert.")
        if reading.kind == "inquiry" and has_answers and existing.original_file is None \
                and data is not None:
            db.session.execute(
                sa.update(Inquiry).where(Inquiry.id == existing.id)
                .values(original_file=data, original_filename=(item.filename or "")[:255] or None))
            return Line(item.label, IMPORTED, number, "als Anfrage zur archivierten Antwort "
                        "gespeichert")
        return Line(item.label, SKIPPED, number, f"Die Nummer {number} ist bereits im Archiv.")

    def _people(self, inquiry: Inquiry, item: Item, reading: Reading, notes: list[str]) -> None:
        """Submitters, faction and body matched to existing records (never created)."""
        organizations = item.meta.get("organizations") or []
        found = prefill_from({
            "submitters": item.meta.get("persons") or reading.submitters,
            "faction": organizations[0] if organizations else reading.faction,
            "body": reading.body,
        })
        for name in organizations[1:]:
            if found.faction_id is None:
                found.faction_id = prefill_from({"faction": name}).faction_id
        members = [db.session.get(CouncilMember, i) for i in found.submitter_ids]
        inquiry.submitters = [m for m in members if m is not None]
        faction = db.session.get(Faction, found.faction_id) if found.faction_id else None
        if faction is None and inquiry.submitters:
            faction = inquiry.submitters[0].faction_on(inquiry.dated_on or inquiry.received_on)
        inquiry.faction = faction
        if found.body_id:
            inquiry.body_id = found.body_id
        else:
            inquiry.body = city_council()
        notes.extend(f"Nicht zugeordnet: {m.name} ({m.reason})" for m in found.unmatched)

    def _questions(self, reading: Reading, notes: list[str]
                   ) -> tuple[list[Question], dict[str, Question]]:
        rows: list[Question] = []
        by_label: dict[str, Question] = {}

        def add(number: str, text: str, parent: Question | None) -> Question:
            number = (clean_line(number) or str(len(rows) + 1))[:20]
            question = Question(position=len(rows) + 1, number=number,
                                text=clean_text(text or "").strip() or NO_QUESTION_TEXT)
            if parent is not None:
                question.parent = parent
            rows.append(question)
            label = f"{_label(parent.number)[0]}.{_label(number)[0]}" if parent else \
                _label(number)[0]
            by_label.setdefault(label, question)
            return question

        for q in reading.questions:
            top = add(str(q.get("number") or ""), str(q.get("text") or ""), None)
            for part in q.get("parts") or []:
                add(str(part.get("number") or ""), str(part.get("text") or ""), top)
        missing = []
        for answer in reading.answers:
            for label in answer.get("questions") or []:
                top, part = _label(label)
                if top and top not in by_label:
                    add(top, "", None)
                    missing.append(top)
                if part and f"{top}.{part}" not in by_label:
                    add(part, "", by_label[top])
        if missing and reading.questions:
            notes.append("Im Antwortschreiben nicht zitiert: Frage " + ", ".join(missing) + ".")
        elif missing:
            notes.append("Das Antwortschreiben zitiert die Fragen nicht; nur die Antworten "
                         "wurden übernommen.")
        return rows, by_label

    def _answers(self, reading: Reading, questions: list[Question],
                 by_label: dict[str, Question], notes: list[str]) -> list[Answer]:
        answers = []
        tops = [q for q in questions if q.parent is None]
        answered: set[int] = set()
        owner: dict[int, Answer] = {}
        for position, item in enumerate(reading.answers, start=1):
            linked = []
            for label in item.get("questions") or []:
                top, part = _label(label)
                question = by_label.get(f"{top}.{part}" if part else top)
                if question is not None and question not in linked:
                    linked.append(question)
            if not linked:
                linked = list(tops)
                notes.append(f"Antwort {position} nennt keine Frage; sie gilt für alle Fragen.")
            answered.update(id(q) for q in linked)
            text = clean_text(str(item.get("text") or "")).strip()
            # a question has one answer: a second block for it (a reading split one answer,
            # or the reply answers it twice) continues the first
            taken = [q for q in linked if id(q) in owner]
            if taken:
                first = owner[id(taken[0])]
                first.text = f"{first.text}\n\n{text}".strip()
                for question in linked:
                    if id(question) not in owner:
                        first.questions.append(question)
                        owner[id(question)] = first
                notes.append(f"Antwort {position} gehört zu Frage {taken[0].number}, die schon "
                             "eine Antwort hat; beide Texte stehen in einer Antwort.")
                continue
            answer = Answer(position=len(answers) + 1, text=text, is_final=True,
                            questions=linked)
            owner.update((id(q), answer) for q in linked)
            answers.append(answer)
        if reading.kind == "reply":
            open_ = [q.number for q in tops if id(q) not in answered
                     and not any(id(p) in answered for p in questions if p.parent is q)]
            if open_:
                notes.append("Ohne Antwort im Schreiben: Frage " + ", ".join(open_) + ".")
        return answers

    def _guesses(self, inquiry: Inquiry) -> list[QuestionOffice]:
        """The router's top suggestion per question (and further ones scoring at least
        GUESS_MIN_SCORE that are not above or below one already chosen), as guessed."""
        if self._router is None:
            from inquiry_app.routing.service import get_router

            self._router = get_router()
        context = f"{inquiry.subject}\n\n{inquiry.preamble}"
        offices = []
        for question in inquiry.questions:
            if question.parent is not None or question.text == NO_QUESTION_TEXT:
                continue
            chosen: list[int] = []
            for suggestion in self._router.suggest(question.text, context, top=GUESSES + 2):
                unit_id = self.unit_ids.get(suggestion.unit)
                if unit_id is None or (chosen and suggestion.score < GUESS_MIN_SCORE):
                    continue
                if any(self._related(unit_id, other) for other in chosen):
                    continue
                chosen.append(unit_id)
                offices.append(QuestionOffice(question=question, org_unit_id=unit_id,
                                              guessed=True,
                                              confidence=round(float(suggestion.score), 4)))
                if len(chosen) == GUESSES:
                    break
        return offices

    def _related(self, a: int, b: int) -> bool:
        return self._above(a, b) or self._above(b, a)

    def _above(self, upper: int, lower: int) -> bool:
        seen = set()
        current = self.parents.get(lower)
        while current is not None and current not in seen:
            if current == upper:
                return True
            seen.add(current)
            current = self.parents.get(current)
        return False


# -- report and command ----------------------------------------------------------------------

def default_report_path(now: datetime | None = None) -> Path:
    """``archive-import-<timestamp>.csv`` in the current folder, else in the instance folder."""
    name = f"archive-import-{(now or datetime.now()):%Y%m%d-%H%M%S}.csv"
    here = Path.cwd()
    if os.access(here, os.W_OK):
        return here / name
    folder = Path(current_app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def write_report(path: Path, lines: list[Line]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REPORT_FIELDS)
        for line in lines:
            writer.writerow([line.path, line.status, line.number, _one_line(line.reason)])


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _rate(done: int, started: float) -> str:
    elapsed = max(time.perf_counter() - started, 1e-6)
    return f"{done / elapsed:.1f} Antworten/s".replace(".", ",")


def _eta(done: int, total: int, started: float) -> str:
    if not done:
        return "Restzeit –"
    left = (time.perf_counter() - started) / done * (total - done)
    minutes, seconds = divmod(int(left + 0.5), 60)
    return f"Restzeit {minutes:d}:{seconds:02d}"


def run_import(path: Path, *, report: Path | None = None, dry_run: bool = False,
               progress: bool = True) -> tuple[Summary, Path]:
    """Import ``path``; returns the summary and where the report was written. SourceError
    when ``path`` cannot be read at all."""
    items = items_of(path)
    report = report or default_report_path()
    importer = Importer(budget=Budget.from_config(current_app.config), dry_run=dry_run)
    started = time.perf_counter()
    if not progress:
        summary = importer.run(items)
    else:
        done = [0]

        def shown(_item) -> str:
            return f"{_rate(done[0], started)}, {_eta(done[0], len(items), started)}"

        with click.progressbar(length=len(items), label="Archivimport", file=sys.stderr,
                               item_show_func=shown, show_eta=False, show_percent=True) as bar:
            def step(_line: Line) -> None:
                done[0] += 1
                bar.update(1, _line)

            summary = importer.run(items, step)
    write_report(report, summary.lines)
    return summary, report


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--report", "report", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="CSV-Bericht (Vorgabe: archive-import-<Zeitstempel>.csv).")
@click.option("--dry-run", is_flag=True, help="Alles lesen und prüfen, nichts speichern.")
@click.option("--quiet", is_flag=True, help="Ohne Fortschrittsanzeige.")
@with_appcontext
def import_command(path: Path, report: Path | None, dry_run: bool, quiet: bool):
    """Frühere Anfragen mit Antworten ins Archiv importieren: ein Ordner mit PDF-, DOCX- und
    Textdateien oder ein OParl-1.1-Dump (JSON mit Papers und ihren Dateien)."""
    try:
        if report is not None:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.touch()
    except OSError as exc:
        click.echo(f"Fehler: Der Bericht „{report}“ kann nicht geschrieben werden "
                   f"({exc.strerror or exc}).", err=True)
        sys.exit(2)
    try:
        summary, written = run_import(path, report=report, dry_run=dry_run, progress=not quiet)
    except SourceError as exc:
        click.echo(f"Fehler: {exc}", err=True)
        sys.exit(2)
    total = len(summary.lines)
    rate = total / summary.seconds if summary.seconds else 0.0
    prefix = "Probelauf (nichts gespeichert): " if dry_run else ""
    click.echo(f"{prefix}{summary.count(IMPORTED)} importiert, {summary.count(SKIPPED)} "
               f"übersprungen, {summary.count(FAILED)} fehlgeschlagen ({total} Einträge in "
               f"{summary.seconds:.1f} s, {rate:.1f} je Sekunde)".replace(".", ",") + ".")
    for line in summary.lines:
        if line.status == FAILED:
            click.echo(f"  fehlgeschlagen: {line.path}: {_one_line(line.reason)}")
    click.echo(f"Bericht: {written}")
