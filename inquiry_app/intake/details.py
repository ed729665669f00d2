"""Correcting an inquiry's subject, date, body and submitters after registration, and marking
it as answered voluntarily (no claim to an answer under § 28 Abs. 6 SächsGemO), by the council
office until the reply is signed. The audit trail records the old and new values (the
inquiry's columns and the ``submitters`` collection are audited)."""

from __future__ import annotations

from datetime import date

from drafting.cleaning import clean_line
from inquiry_app.extensions import db
from inquiry_app.intake.operations import IntakeError, check_dates, city_council
from inquiry_app.models import Body, CouncilMember, Faction, Inquiry, User

MAX_SUBJECT_CHARS = 500
MAX_REASON_CHARS = 5000
_UNSET = object()


def update_details(inquiry: Inquiry, actor: User, *, subject: str,
                   submitters: list[CouncilMember], faction: Faction | None,
                   dated_on=_UNSET, body=_UNSET, no_claim: bool | None = None,
                   no_claim_reason: str | None = None) -> bool:
    """Set subject, submitters and faction (the first submitter's faction on the inquiry's
    date when none is chosen, as on registration), and where given the inquiry's date, its
    body and the admissibility mark with its reason. An unsigned draft letter is rendered
    again so that its address, date and opening follow. Returns whether anything changed."""
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
    new_date: date | None = inquiry.dated_on if dated_on is _UNSET else (dated_on
                                                                       or inquiry.received_on)
    check_dates(new_date, inquiry.received_on)
    new_body: Body | None = inquiry.body if body is _UNSET else (body or city_council())
    claim = inquiry.no_claim_to_answer if no_claim is None else no_claim
    reason = inquiry.no_claim_reason if no_claim is None else admissibility_reason(no_claim,
                                                                                   no_claim_reason)
    faction = faction or (submitters[0].faction_on(new_date or inquiry.received_on)
                          if submitters else None)
    changed = (subject != inquiry.subject or faction is not inquiry.faction
               or {m.id for m in submitters} != {m.id for m in inquiry.submitters}
               or new_date != inquiry.dated_on or new_body is not inquiry.body
               or claim != inquiry.no_claim_to_answer or reason != inquiry.no_claim_reason)
    if not changed:
        return False
    inquiry.subject = subject
    inquiry.faction = faction
    inquiry.submitters = submitters
    inquiry.dated_on, inquiry.body = new_date, new_body
    inquiry.no_claim_to_answer, inquiry.no_claim_reason = claim, reason
    db.session.flush()
    _refresh_draft(inquiry)
    return True


def admissibility_reason(no_claim: bool, reason: str | None) -> str | None:
    """The stored reason: required with the mark, dropped without it."""
    if not no_claim:
        return None
    reason = (reason or "").strip()
    if not reason:
        raise IntakeError("Bitte begründen Sie, warum kein Anspruch auf Beantwortung besteht.")
    if len(reason) > MAX_REASON_CHARS:
        raise IntakeError(f"Die Begründung ist länger als {MAX_REASON_CHARS} Zeichen.")
    return reason


def _refresh_draft(inquiry: Inquiry) -> None:
    from inquiry_app.letters import operations as letters

    draft = letters.draft_letter(inquiry)
    if draft is None:
        return
    letters.refresh_draft(inquiry, draft)
