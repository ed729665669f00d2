"""One archived document -> what the import stores: a reply (questions and answers, read by
:mod:`drafting.replies`), or an inquiry without reply (split as the intake splits an upload).

PDF and DOCX files are read in an isolated process within the app's reading budget
(``READ_TIMEOUT``, ``READ_MEMORY_MB``; ``READ_IN_PROCESS`` reads here, for tests), as the
intake reads uploads; text runs in this process. No database here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from drafting.errors import DraftingInputError
from drafting.isolation import run_isolated
from drafting.prepare import prepare
from drafting.splitting.segment import EMPTY_WARNING, NO_QUESTION_WARNING


class ReadError(Exception):
    """The document cannot be imported (German reason for the report)."""


class Interim(ReadError):
    """An interim notice (Zwischenbescheid): no answer to import yet."""


@dataclass
class Budget:
    timeout: float = 30
    memory_mb: int | None = 1024
    in_process: bool = False
    max_bytes: int = 20 * 1024 * 1024
    max_chars: int | None = 1_000_000

    @classmethod
    def from_config(cls, config) -> Budget:
        return cls(timeout=config["READ_TIMEOUT"], memory_mb=config["READ_MEMORY_MB"],
                   in_process=bool(config.get("READ_IN_PROCESS", False)),
                   max_bytes=config["MAX_UPLOAD_BYTES"], max_chars=config["MAX_DOCUMENT_CHARS"])


@dataclass
class Reading:
    """What was read. ``kind``: "reply" (with answers) or "inquiry" (questions only)."""

    kind: str
    number: str | None = None
    date: str | None = None  # of the reply (ISO)
    inquiry_date: str | None = None
    subject: str | None = None
    salutation: str | None = None
    remark: str | None = None
    preamble: str = ""
    questions: list[dict] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)
    signer: str | None = None
    interim: bool = False
    submitters: list[str] = field(default_factory=list)
    faction: str | None = None
    body: str | None = None
    text: str = ""  # the inquiry's text (kind "inquiry")
    form: bool = False  # read as the council's inquiry form
    warnings: list[str] = field(default_factory=list)


_SALUTATION = re.compile(r"^\s*sehr\s+geehrte[rn]?\s+(?P<name>.+?)\s*[,!.:]?\s*$", re.I)
_NOT_A_NAME = re.compile(r"damen|herren|oberbürgermeister|bürgermeisterin|vorsitzende|"
                         r"mitglieder|stadträtinnen und", re.I)


def salutation_name(salutation: str | None) -> str | None:
    """The person a salutation addresses ("Sehr geehrte Frau Stadträtin Mühle," ->
    "Frau Stadträtin Mühle"); None for "Sehr geehrte Damen und Herren"."""
    match = _SALUTATION.match(salutation or "")
    if match is None or _NOT_A_NAME.search(match.group("name")):
        return None
    return match.group("name")


def _isolated(function, args, budget: Budget, suffix: str, **kwargs):
    in_process = budget.in_process or suffix == ".txt" or args[0] is None
    return run_isolated(function, args, kwargs, timeout=budget.timeout,
                        memory_mb=budget.memory_mb, isolate=not in_process)


def read_reply_text(data: bytes | None, filename: str | None, text: str | None,
                    budget: Budget) -> dict:
    """``drafting.replies``' reading of the document (DraftingInputError when it finds
    nothing it can use)."""
    from drafting import replies

    if data is not None:
        return _isolated(replies.read_reply, (data, filename or "Datei"), budget,
                         Path(filename or "").suffix.lower(),
                         max_bytes=budget.max_bytes, max_chars=budget.max_chars)
    return replies.split_reply(text or "", max_chars=budget.max_chars)


def read_item(data: bytes | None, filename: str | None, text: str | None,
              budget: Budget) -> Reading:
    """The reply in ``data`` (or ``text``); a document with questions but no answers is read
    as an inquiry. ReadError (German) when there is nothing to import."""
    if data is not None and len(data) > budget.max_bytes:
        raise ReadError(f"Die Datei ist größer als {budget.max_bytes // (1024 * 1024)} MB.")
    reply_error = None
    try:
        reply = read_reply_text(data, filename, text, budget)
    except DraftingInputError as exc:
        reply, reply_error = None, str(exc)
    except ImportError:  # pragma: no cover - drafting.replies ships with the package
        reply, reply_error = None, "Das Lesen von Antwortschreiben ist nicht verfügbar."
    if reply is not None and reply.get("interim"):
        raise Interim("Zwischenbescheid: Das Schreiben enthält noch keine Antwort.")
    usable = reply is not None and _answers_questions(reply)
    if usable and (reply.get("salutation") or reply.get("closing")):
        return _from_reply(reply)
    # no letter frame: an inquiry on the council's form reads like a reply whose "answer" is
    # the signature; the inquiry splitter knows the form
    try:
        inquiry = _as_inquiry(data, filename, text, budget, reply_error)
    except ReadError:
        if usable:
            return _from_reply(reply)
        raise
    if usable and not inquiry.form:
        return _from_reply(reply)
    if reply is not None and reply.get("questions") and not inquiry.questions:
        inquiry.questions = reply["questions"]
    if not inquiry.questions:
        raise ReadError(reply_error or "Im Dokument wurde keine Frage erkannt.")
    if reply is not None:  # the reply reading knows the reply's frame better
        inquiry.number = inquiry.number or reply.get("number")
        inquiry.subject = inquiry.subject or reply.get("subject")
    return inquiry


def _answers_questions(reply: dict) -> bool:
    """Answers that belong to questions (quoted, or named by the answers): a letter whose
    text is one unlabelled "answer" without any question is no reply."""
    answers = reply.get("answers") or []
    return bool(answers) and (bool(reply.get("questions"))
                              or any(a.get("questions") for a in answers))


def _from_reply(reply: dict) -> Reading:
    return Reading(
        kind="reply", number=reply.get("number"), date=reply.get("date"),
        inquiry_date=reply.get("inquiry_date"), subject=reply.get("subject"),
        salutation=reply.get("salutation"), remark=reply.get("remark"),
        preamble=reply.get("preamble") or "", questions=list(reply.get("questions") or []),
        answers=list(reply.get("answers") or []), signer=reply.get("signer"),
        warnings=[str(w) for w in reply.get("warnings") or []],
        submitters=[n for n in [salutation_name(reply.get("salutation"))] if n],
    )


def _as_inquiry(data: bytes | None, filename: str | None, text: str | None, budget: Budget,
                reply_error: str | None) -> Reading:
    try:
        prepared = _isolated(prepare, (data, filename, text or ""), budget,
                             Path(filename or "").suffix.lower(), max_bytes=budget.max_bytes,
                             max_chars=budget.max_chars)
    except DraftingInputError as exc:
        raise ReadError(reply_error or str(exc)) from exc
    found = prepared.split.to_dict()
    warnings = [*prepared.warnings, *found["warnings"]]
    if not prepared.has_text:
        raise ReadError("Das PDF hat keine Textebene (eingescannt); Texterkennung wird beim "
                        "Import nicht ausgeführt.")
    if NO_QUESTION_WARNING in warnings or EMPTY_WARNING in warnings:
        found["questions"] = []
    return Reading(
        kind="inquiry", number=found.get("number"), inquiry_date=found.get("date"),
        subject=found.get("subject"), preamble=found.get("preamble") or "",
        questions=list(found["questions"]), submitters=list(found.get("submitters") or []),
        faction=found.get("faction"), body=found.get("body"), text=prepared.text,
        form=prepared.split.form,
        warnings=warnings,
    )


def read_inquiry_file(data: bytes, filename: str, budget: Budget) -> Reading | None:
    """The inquiry's own file of an OParl dump, split (None when it cannot be read)."""
    try:
        return _as_inquiry(data, filename, None, budget, None)
    except ReadError:
        return None
