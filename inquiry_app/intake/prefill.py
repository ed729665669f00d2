"""Registration from the document: the fields the splitter found on a council form
(number, date, subject, body, faction, submitters) proposed on the registration form, the
printed names matched to the councillors in the database, and the uploaded file kept between
"Angaben aus dem Dokument übernehmen" and "Registrieren" (a browser cannot fill a file field
again).

The values taken from the document travel with the form as a signed token (hidden field
``from_document``): a field keeps its mark "Aus dem Dokument übernommen" while its posted value
is the document's, and the registration records which fields were taken over unchanged. A
printed name that matches nobody can be created as a councillor from the form ("Stadtrat
anlegen"), matched again first so that a second click selects instead of duplicating."""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from drafting.cleaning import clean_line
from inquiry_app.council.operations import MemberData, save_member
from inquiry_app.extensions import db
from inquiry_app.forms import date_range_error
from inquiry_app.intake.matching import (
    Candidate,
    Match,
    PrintedName,
    fold,
    match_names,
    split_printed_name,
)
from inquiry_app.intake.operations import IntakeError
from inquiry_app.models import Body, CouncilMember, Faction, FormOfAddress

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEEP_SECONDS = 24 * 3600
MAX_PRINTED_NAME = 200
_CREATION_LOCK = 0x5354_5241  # PostgreSQL advisory lock: councillors created from documents
#: the form fields the document can fill, in the order of the form, with their labels
FIELD_LABELS = {"number": "Nummer", "dated_on": "Datum der Anfrage", "subject": "Gegenstand",
                "body": "Gremium", "faction": "Fraktion", "submitters": "Einreichende"}


@dataclass
class Prefill:
    """Values for the registration form; ``fields`` names those taken from the document."""

    number: str | None = None
    dated_on: date | None = None
    subject: str | None = None
    body_id: int | None = None
    faction_id: int | None = None
    submitter_ids: list[int] = field(default_factory=list)
    unmatched: list[Match] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _date(value: str | None) -> date | None:
    try:
        parsed = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    if parsed is None or date_range_error(parsed, "Datum", not_after_today=True):
        return None
    return parsed


def _faction(name: str | None) -> Faction | None:
    if not name:
        return None
    wanted = fold(name)
    factions = db.session.scalars(sa.select(Faction).where(Faction.active)).all()
    for faction in factions:  # exact, then the short name inside the printed name
        if fold(faction.name) == wanted:
            return faction
    hits = [f for f in factions if f.short_name and re.search(
        rf"\b{re.escape(fold(f.short_name))}\b", wanted)]
    return hits[0] if len(hits) == 1 else None


def _body(name: str | None) -> Body | None:
    if not name:
        return None
    wanted = fold(name)
    bodies = db.session.scalars(sa.select(Body).where(Body.active)).all()
    return next((b for b in bodies if fold(b.name) == wanted), None)


def prefill_from(found: dict) -> Prefill:
    """The form values for the split's fields (``SplitResult.to_dict()``)."""
    result = Prefill()

    def take(name: str, value) -> None:
        if value is not None:
            setattr(result, name, value)
            result.fields.append(name.removesuffix("_id"))

    take("number", clean_line(found.get("number") or "")[:40].strip() or None)
    take("dated_on", _date(found.get("date")))
    take("subject", clean_line(found.get("subject") or "")[:500].strip() or None)
    body, faction = _body(found.get("body")), _faction(found.get("faction"))
    take("body_id", body.id if body else None)
    take("faction_id", faction.id if faction else None)
    if body is None and found.get("body"):
        result.notes.append(f"Das Gremium „{found['body']}“ ist nicht angelegt.")
    if faction is None and found.get("faction"):
        result.notes.append(f"Die Fraktion „{found['faction']}“ wurde nicht gefunden.")
    names = [n for n in (found.get("submitters") or []) if n]
    if names:
        members = db.session.scalars(sa.select(CouncilMember).where(CouncilMember.active)).all()
        candidates = [Candidate(m.id, m.first_name, m.last_name) for m in members]
        for match in match_names(names, candidates):
            if match.member_id is None:
                result.unmatched.append(match)
            elif match.member_id not in result.submitter_ids:
                result.submitter_ids.append(match.member_id)
        if result.submitter_ids:
            result.fields.append("submitters")
    return result


# --- the document's values between the round trips ----------------------------------------

def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="intake.from-document")


def seal(values: dict) -> str:
    """The document's values as a signed token for the hidden field ``from_document``."""
    return _signer().dumps(values) if values else ""


def unseal(token: str | None) -> dict:
    """The document's values of a token ({} for none, a forged or a damaged one)."""
    if not token:
        return {}
    try:
        values = _signer().loads(token)
    except BadSignature:
        return {}
    return values if isinstance(values, dict) else {}


def document_values(found: Prefill) -> dict:
    """What the document filled in (form field -> value), plus the names that matched nobody
    or several people and the notes for the clerk."""
    values: dict = {}
    if found.number:
        values["number"] = found.number
    if found.dated_on:
        values["dated_on"] = found.dated_on.isoformat()
    if found.subject:
        values["subject"] = found.subject
    if found.body_id:
        values["body"] = found.body_id
    if found.faction_id:
        values["faction"] = found.faction_id
    if found.submitter_ids:
        values["submitters"] = sorted(found.submitter_ids)
    unmatched = []
    for match in found.unmatched:
        name = (clean_line(match.name) or "")[:MAX_PRINTED_NAME]
        nobody = match.score == 0.0 and bool(split_printed_name(name).last_name)
        unmatched.append({"name": name, "reason": match.reason, "nobody": nobody})
    if unmatched:
        values["unmatched"] = unmatched
    if found.notes:
        values["notes"] = list(found.notes)
    return values


def _posted(form) -> dict:
    return {
        "number": form.number.data or "",
        "dated_on": form.dated_on.data.isoformat() if form.dated_on.data else None,
        "subject": form.subject.data or "",
        "body": form.body.data,
        "faction": form.faction.data,
        "submitters": sorted(set(form.submitters.data or [])),
    }


def confirmed(values: dict, form) -> list[str]:
    """The fields (in the order of the form) whose value on ``form`` is still the one taken
    from the document: they keep the mark; a changed field loses it."""
    posted = _posted(form)
    return [name for name in FIELD_LABELS if name in values and (
        sorted(set(values[name])) == posted[name] if name == "submitters"
        else values[name] == posted[name])]


def confirmed_note(fields: list[str]) -> str | None:
    """The note on the registration: "aus dem Dokument übernommen: Nummer, Gegenstand"."""
    if not fields:
        return None
    return "aus dem Dokument übernommen: " + ", ".join(FIELD_LABELS[f] for f in fields)


def resolved(values: dict, name: str, member_id: int) -> dict:
    """The values after the printed ``name`` was found or created as councillor ``member_id``:
    the name is no longer unmatched, the councillor is one of the document's submitters."""
    values = dict(values)
    values["submitters"] = sorted({*values.get("submitters", []), member_id})
    unmatched = [u for u in values.get("unmatched", []) if u.get("name") != name]
    if unmatched:
        values["unmatched"] = unmatched
    else:
        values.pop("unmatched", None)
    return values


# --- a printed name that matches nobody as a new councillor ---------------------------------

def printed_name(name: str) -> PrintedName:
    """The checked printed name; IntakeError (German) for an empty, over-long or title-only
    name, or one without a first name."""
    text = clean_line(name or "") or ""
    if not text:
        raise IntakeError("Es wurde kein Name übermittelt. Bitte legen Sie die Person unter "
                          "„Stadträtinnen und Stadträte“ an.")
    if len(text) > MAX_PRINTED_NAME:
        raise IntakeError(f"Der Name „{text[:60]}…“ ist zu lang (höchstens {MAX_PRINTED_NAME} "
                          "Zeichen). Bitte legen Sie die Person unter „Stadträtinnen und "
                          "Stadträte“ an.")
    parts = split_printed_name(text)
    if not parts.last_name:
        raise IntakeError(f"In „{text}“ ist kein Name zu erkennen, nur Titel oder Anrede. Bitte "
                          "legen Sie die Person unter „Stadträtinnen und Stadträte“ an.")
    if not parts.first_name:
        raise IntakeError(f"„{text}“ nennt keinen Vornamen. Bitte legen Sie die Person unter "
                          "„Stadträtinnen und Stadträte“ mit Vornamen an.")
    return parts


def _one_at_a_time() -> None:
    """Matching and creating run one request at a time: two clicks at once make one
    councillor. (SQLite's write requests hold the write lock from their start already.)"""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": _CREATION_LOCK})


def member_for_name(name: str, *, faction: Faction | None, since: date | None
                    ) -> tuple[CouncilMember, bool]:
    """The councillor a printed name means, created from the name as printed when it matches
    nobody: (councillor, created). The name is matched again first, so a second click, or
    someone who created the person meanwhile, selects instead of duplicating. A name that
    matches several people or a deactivated councillor is refused (IntakeError, German); so
    are names :func:`printed_name` refuses and what ``save_member`` refuses (PeopleError)."""
    text = clean_line(name or "") or ""
    parts = printed_name(text)
    _one_at_a_time()
    members = db.session.scalars(sa.select(CouncilMember)).all()
    active = [Candidate(m.id, m.first_name, m.last_name) for m in members if m.active]
    match = match_names([text], active)[0]
    if match.member_id is not None:
        return db.session.get(CouncilMember, match.member_id), False
    if match.score > 0:
        people = match.reason.removeprefix("mehrdeutig: ")
        raise IntakeError(f"„{text}“ passt zu mehreren Personen ({people}). Bitte wählen Sie "
                          "bei den Einreichenden aus.")
    former = match_names([text], [Candidate(m.id, m.first_name, m.last_name)
                                  for m in members if not m.active])[0]
    if former.member_id is not None:
        member = db.session.get(CouncilMember, former.member_id)
        raise IntakeError(f"„{text}“ ist als {member.full_name} angelegt, aber deaktiviert. "
                          "Bitte aktivieren Sie die Person unter „Stadträtinnen und Stadträte“.")
    member = save_member(None, MemberData(
        form_of_address=FormOfAddress(parts.form_of_address), title=parts.title,
        first_name=parts.first_name, last_name=parts.last_name, role="", email=None,
        address=None, faction=faction if faction is not None and faction.active else None,
        since=since or date.today(),
    ))
    return member, True


# --- the uploaded file between the two steps ---------------------------------------------------

def _folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash(data: bytes, filename: str) -> str:
    """Keep an upload for the second step; returns its token (old ones are removed)."""
    folder = _folder()
    now = time.time()
    for old in folder.iterdir():
        if now - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (folder / f"{token}.bin").write_bytes(data)
    (folder / f"{token}.name").write_text(filename, encoding="utf-8")
    return token


def stashed(token: str | None) -> tuple[bytes, str] | None:
    """The kept upload (bytes, file name), or None for an unknown or expired token."""
    if not token or not _TOKEN.match(token):
        return None
    folder = _folder()
    data, name = folder / f"{token}.bin", folder / f"{token}.name"
    if not data.is_file() or not name.is_file():
        return None
    return data.read_bytes(), name.read_text(encoding="utf-8")


def discard(token: str | None) -> None:
    if token and _TOKEN.match(token):
        for suffix in (".bin", ".name"):
            (_folder() / f"{token}{suffix}").unlink(missing_ok=True)
