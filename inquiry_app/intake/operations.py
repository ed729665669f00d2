"""Registering an inquiry and editing its split into preamble and questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import current_app

from drafting.cleaning import clean_line
from drafting.errors import DraftingInputError
from drafting.prepare import Prepared, prepare_isolated
from drafting.reading.ocr import OcrSettings
from drafting.splitting.segment import SplitResult
from inquiry_app.deadlines.settings import answer_due
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    Body,
    BodyKind,
    CouncilMember,
    Faction,
    Inquiry,
    InquiryKind,
    InquiryState,
    Question,
    User,
)
from inquiry_app.unit_of_work import commit_early
from inquiry_app.workflow import check, fire, record_registration

MAX_QUESTION_CHARS = 20_000
MAX_PREAMBLE_CHARS = 200_000


class IntakeError(DomainError):
    """A registration or split edit that cannot be carried out (German message)."""


@dataclass
class QuestionRow:
    """One question or sub-question as edited on the split page."""

    number: str
    text: str
    is_part: bool = False


@dataclass
class Draft:
    """The editable split: preamble plus flat question rows (sub-questions flagged)."""

    preamble: str
    rows: list[QuestionRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _prepare(data: bytes | None, filename: str | None, text: str = "") -> Prepared:
    """Read (if ``data``) and split, in a worker process within the configured time and
    memory budget (``READ_IN_PROCESS`` runs it here instead, for tests); PDF pages without
    text are recognised (OCR) between two such runs, with their own budget."""
    config = current_app.config
    ocr = OcrSettings(max_pages=config["OCR_MAX_PAGES"], timeout=config["OCR_TIMEOUT"],
                      command=config.get("OCR_COMMAND"))
    try:
        return prepare_isolated(
            data, filename, text,
            max_bytes=config["MAX_UPLOAD_BYTES"], max_chars=config["MAX_DOCUMENT_CHARS"],
            max_paragraph_chars=config["MAX_PARAGRAPH_CHARS"],
            timeout=config["READ_TIMEOUT"], memory_mb=config["READ_MEMORY_MB"],
            isolate=not config.get("READ_IN_PROCESS", False), ocr=ocr,
        )
    except DraftingInputError as exc:
        raise IntakeError(str(exc)) from exc


def read_upload(data: bytes, filename: str) -> tuple[str, list[str], SplitResult]:
    """Text, reading warnings and proposed split of an uploaded file (one isolated run; for
    a scan, OCR between two). Reading a scan can take minutes: the request's transaction,
    which has only read so far, is ended first, so that its write lock (SQLite's
    ``BEGIN IMMEDIATE``) does not make every other writer wait; the writes after it take
    the lock in a transaction of their own."""
    commit_early()
    prepared = _prepare(data, filename)
    return prepared.text, prepared.warnings, prepared.split


def propose_split(text: str, proposal: SplitResult | None = None) -> tuple[Draft, dict]:
    """Run the splitter (unless ``proposal`` is its result already); returns the draft and
    the metadata it found."""
    result = (proposal or _prepare(None, None, text).split).to_dict()
    rows = []
    for question in result["questions"]:
        rows.append(QuestionRow(question["number"], question["text"]))
        rows += [QuestionRow(p["number"], p["text"], True) for p in question["parts"]]
    return Draft(result["preamble"], rows, list(result["warnings"])), result


def register_inquiry(
    *, actor: User, number: str, kind: InquiryKind, received_on: date, subject: str,
    submitters: list[CouncilMember], faction: Faction | None, text: str,
    filename: str | None = None, file_bytes: bytes | None = None,
    proposal: SplitResult | None = None, dated_on: date | None = None, body: Body | None = None,
    note: str | None = None,
) -> tuple[Inquiry, list[str]]:
    """``dated_on``: the date written on the inquiry (default: the day of receipt);
    ``body``: the body it came from (default: the Stadtrat). The faction, unless given, is the
    first submitter's on the inquiry's date. ``note`` goes with the registration step into the
    history (which fields were taken over from the document)."""
    number = number.strip()
    if not number:
        raise IntakeError("Bitte geben Sie die Nummer der Anfrage an.")
    if db.session.scalar(sa.select(Inquiry.id).where(Inquiry.number == number)) is not None:
        raise IntakeError(f"Die Nummer „{number}“ ist bereits vergeben.")
    if not text.strip():
        raise IntakeError("Bitte fügen Sie den Text der Anfrage ein oder laden Sie eine Datei hoch.")
    draft, found = propose_split(text, proposal)
    subject = clean_line(subject) or clean_line(found.get("subject") or "")
    if not subject:
        raise IntakeError("Bitte geben Sie den Gegenstand der Anfrage an.")
    dated_on = dated_on or received_on
    check_dates(dated_on, received_on)
    due = answer_due(received_on).result
    inquiry = Inquiry(
        number=number, kind=kind, subject=subject[:500], received_on=received_on, due_on=due,
        original_due_on=due, submitted_text=text, original_filename=filename,
        original_file=file_bytes,
        faction=faction or (submitters[0].faction_on(dated_on) if submitters else None),
        submitters=submitters, created_by=actor, state=InquiryState.RECEIVED,
        dated_on=dated_on, body=body or city_council(),
    )
    db.session.add(inquiry)
    apply_draft(inquiry, draft)
    record_registration(inquiry, actor).note = note
    db.session.flush()
    return inquiry, draft.warnings


def city_council() -> Body | None:
    """The body "Stadtrat" (the default body of an inquiry), if it is recorded."""
    return db.session.scalar(
        sa.select(Body).where(Body.kind == BodyKind.CITY_COUNCIL, Body.active)
        .order_by(Body.id).limit(1)
    )


def check_dates(dated_on: date | None, received_on: date) -> None:
    if dated_on is not None and dated_on > received_on:
        raise IntakeError("Das Datum der Anfrage liegt nach ihrem Eingang. Bitte prüfen Sie "
                          "das Datum der Anfrage und das Eingangsdatum.")


def draft_of(inquiry: Inquiry) -> Draft:
    rows = [QuestionRow(q.number, q.text, q.parent_id is not None) for q in inquiry.questions]
    return Draft(inquiry.preamble, rows)


def apply_draft(inquiry: Inquiry, draft: Draft) -> None:
    """Replace the inquiry's questions by the draft's rows (only before routing)."""
    if len(draft.preamble) > MAX_PREAMBLE_CHARS:
        raise IntakeError("Die Vorbemerkung ist zu lang.")
    for row in draft.rows:
        if len(row.text) > MAX_QUESTION_CHARS:
            raise IntakeError(f"Frage {row.number} ist länger als {MAX_QUESTION_CHARS} Zeichen.")
        if len(row.number) > 20:
            raise IntakeError(f"Die Nummer „{row.number[:30]}“ ist zu lang (höchstens 20 Zeichen).")
    # draft assignments (proposed, not sent) belong to the old questions
    for assignment in list(inquiry.assignments):
        if assignment.sent_at is not None:
            raise IntakeError("Die Fragen sind bereits zugewiesen und können nicht mehr "
                              "geändert werden.")
        inquiry.assignments.remove(assignment)
    inquiry.questions.clear()
    db.session.flush()
    inquiry.preamble = draft.preamble.strip()
    parent = None
    for position, row in enumerate(draft.rows, start=1):
        question = Question(position=position, number=row.number.strip() or str(position),
                            text=row.text.strip())
        if row.is_part and parent is not None:
            question.parent = parent
        else:
            parent = question
        inquiry.questions.append(question)
    db.session.flush()


def save_split(inquiry: Inquiry, draft: Draft, actor: User, *, confirm: bool) -> None:
    if inquiry.state != InquiryState.RECEIVED:
        raise IntakeError("Die Zerlegung ist bestätigt. Öffnen Sie sie erneut, um sie zu ändern.")
    if not inquiry.can_manage(actor):
        raise IntakeError("Nur die Abteilung Stadtratsangelegenheiten kann die Zerlegung ändern.")
    if confirm:
        if not draft.rows:
            raise IntakeError("Die Anfrage braucht mindestens eine Frage.")
        empty = [r.number for r in draft.rows if not r.text.strip()]
        if empty:
            raise IntakeError("Frage " + ", ".join(empty) + " ist leer. Bitte ergänzen oder löschen.")
    apply_draft(inquiry, draft)
    if confirm:
        fire(inquiry, "confirm_split", actor)


def reopen_split(inquiry: Inquiry, actor: User) -> None:
    check(inquiry, "reopen_split", actor)
    db.session.execute(sa.delete(Assignment).where(Assignment.inquiry_id == inquiry.id,
                                                   Assignment.sent_at.is_(None)))
    db.session.expire(inquiry, ["assignments"])
    fire(inquiry, "reopen_split", actor)
