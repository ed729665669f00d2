"""Registration from the document: the fields the splitter found on a council form
(number, date, subject, body, faction, submitters) proposed on the registration form, the
printed names matched to the councillors in the database, and the uploaded file kept between
"Angaben aus dem Dokument übernehmen" and "Registrieren" (a browser cannot fill a file field
again)."""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from inquiry_app.extensions import db
from inquiry_app.forms import date_range_error
from inquiry_app.intake.matching import Candidate, Match, fold, match_names
from inquiry_app.models import Body, CouncilMember, Faction

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEEP_SECONDS = 24 * 3600


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

    take("number", found["number"][:40] if found.get("number") else None)
    take("dated_on", _date(found.get("date")))
    take("subject", found["subject"][:500] if found.get("subject") else None)
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
