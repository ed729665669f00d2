"""Correcting an inquiry's subject and submitters after registration (council office), until
the reply is signed. The audit trail records the old and new values (``Inquiry.subject``,
``faction_id`` and the ``submitters`` collection are audited)."""

from __future__ import annotations

from drafting.cleaning import clean_line
from inquiry_app.extensions import db
from inquiry_app.intake.operations import IntakeError
from inquiry_app.models import CouncilMember, Faction, Inquiry, User

MAX_SUBJECT_CHARS = 500


def update_details(inquiry: Inquiry, actor: User, *, subject: str,
                   submitters: list[CouncilMember], faction: Faction | None) -> bool:
    """Set subject, submitters and faction (the first submitter's faction when none is
    chosen, as on registration). An unsigned draft letter is rendered again so that its
    address and subject line follow. Returns whether anything changed."""
    if not inquiry.can_manage(actor):
        raise IntakeError("Nur die Abteilung Stadtratsangelegenheiten ändert die Angaben einer "
                          "Anfrage.")
    if inquiry.is_frozen:
        raise IntakeError("Das Antwortschreiben ist gezeichnet; Gegenstand und Einreichende "
                          "können nicht mehr geändert werden.")
    subject = clean_line(subject or "") or ""
    if not subject:
        raise IntakeError("Bitte geben Sie den Gegenstand der Anfrage an.")
    if len(subject) > MAX_SUBJECT_CHARS:
        raise IntakeError(f"Der Gegenstand ist länger als {MAX_SUBJECT_CHARS} Zeichen.")
    faction = faction or (submitters[0].faction if submitters else None)
    changed = (subject != inquiry.subject or faction is not inquiry.faction
               or {m.id for m in submitters} != {m.id for m in inquiry.submitters})
    if not changed:
        return False
    inquiry.subject = subject
    inquiry.faction = faction
    inquiry.submitters = submitters
    db.session.flush()
    _refresh_draft(inquiry)
    return True


def _refresh_draft(inquiry: Inquiry) -> None:
    from inquiry_app.letters import operations as letters

    draft = letters.draft_letter(inquiry)
    if draft is None:
        return
    try:
        letters.refresh_draft(inquiry, draft)
    except letters.LetterError as exc:
        raise IntakeError(str(exc)) from exc
