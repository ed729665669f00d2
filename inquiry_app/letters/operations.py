"""Draft, review (Mitzeichnung), signature, dispatch, interim notice, withdrawal, publication.
Each operation checks, mutates, records the transition via ``workflow.fire`` and returns
the e-mails to send after the commit."""

from __future__ import annotations

import hashlib
from datetime import date

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from drafting.errors import DraftingInputError
from drafting.letters.letter import docx_to_pdf, render_docx
from drafting.letters.pdf import find_soffice
from inquiry_app.assignments.operations import close_for_withdrawal
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.letters import preview, seal
from inquiry_app.letters.structure import EDITABLE, build_reply, interim_reply, with_signature
from inquiry_app.mail import Attachment, Mail, enqueue
from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    DeadlineExtension,
    Inquiry,
    InquiryState,
    LetterKind,
    MailPurpose,
    OrgUnit,
    OrgUnitKind,
    Question,
    ReplyLetter,
    Review,
    ReviewDecision,
    User,
)
from inquiry_app.models.base import utcnow
from inquiry_app.templating import listing_de, plural_de
from inquiry_app.workflow import check, fire, record_step

EMAIL_CHANNEL = "E-Mail"
CHANNELS = (EMAIL_CHANNEL, "Post", "Hauspost", "Ratsinformationssystem")


class LetterError(DomainError):
    """A letter step that cannot be carried out (German message). ``status``: 409 conflict
    with the current state (the default), 403 wrong password, 422 missing or invalid input."""

    status = 409


def _render(reply: dict, *, draft: bool = False) -> bytes:
    """The DOCX; ``draft``: marked "ENTWURF" on every page (the signed letter is not)."""
    try:
        return render_docx(reply, logo=current_app.config.get("LETTER_LOGO"), draft=draft)
    except DraftingInputError as exc:
        raise LetterError(f"Das Schreiben kann nicht erzeugt werden: {exc}") from exc


def pdf_available() -> bool:
    return find_soffice() is not None


def _pdf(docx: bytes) -> bytes | None:
    """The PDF, or None where LibreOffice is missing or fails (the DOCX is what counts)."""
    if not pdf_available():
        return None
    try:
        return docx_to_pdf(docx, timeout=current_app.config.get("PDF_TIMEOUT", 90))
    except DraftingInputError as exc:
        current_app.logger.warning("PDF nicht erzeugt: %s", exc)
        return None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def draft_letter(inquiry: Inquiry) -> ReplyLetter | None:
    return db.session.scalar(
        sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == inquiry.id,
                                     ReplyLetter.kind == LetterKind.FINAL,
                                     ReplyLetter.signed_at.is_(None))
        .order_by(ReplyLetter.id.desc()).limit(1)
    )


def signed_letter(inquiry: Inquiry) -> ReplyLetter | None:
    return db.session.scalar(
        sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == inquiry.id,
                                     ReplyLetter.kind == LetterKind.FINAL,
                                     ReplyLetter.signed_at.is_not(None)).limit(1)
    )


def settings_of(letter: ReplyLetter | None) -> dict:
    return dict((letter.structure or {}).get("_settings", {})) if letter else {}


def _store_draft(inquiry: Inquiry, settings: dict) -> ReplyLetter:
    reply = build_reply(inquiry, settings)
    docx = _render(reply, draft=True)
    letter = draft_letter(inquiry)
    if letter is None:
        letter = ReplyLetter(inquiry_id=inquiry.id, kind=LetterKind.FINAL)
        db.session.add(letter)
    letter.structure = {**reply, "_settings": settings}
    letter.docx, letter.sha256, letter.rendered_at = docx, _sha(docx), utcnow()
    letter.pdf = letter.pdf_sha256 = None
    db.session.flush()
    return letter


def create_draft(inquiry: Inquiry, actor: User) -> ReplyLetter:
    fire(inquiry, "create_draft", actor)
    return _store_draft(inquiry, {"remark": inquiry.remark})


def update_draft(inquiry: Inquiry, actor: User, values: dict) -> ReplyLetter:
    if not inquiry.can_manage(actor):
        raise LetterError("Nur die Abteilung Stadtratsangelegenheiten bearbeitet den Entwurf.")
    if inquiry.state not in (InquiryState.DRAFT, InquiryState.RETURNED):
        raise LetterError(f"Im Status „{inquiry.state.label}“ kann der Entwurf nicht geändert werden.")
    settings = settings_of(draft_letter(inquiry))
    for key in EDITABLE:
        if key in values:
            settings[key] = (values[key] or "").strip()[:20_000]
    if not settings.get("intro"):
        raise LetterError("Der Einleitungssatz darf nicht leer sein.", status=422)
    inquiry.remark = settings.get("remark", "")
    return _store_draft(inquiry, settings)


def refresh_draft(inquiry: Inquiry, draft: ReplyLetter) -> None:
    """Render the unsigned draft again from the current data (e.g. a corrected subject), in the
    states where it is shown; earlier it is rendered anew when it is created."""
    if inquiry.state in (InquiryState.DRAFT, InquiryState.RETURNED, InquiryState.IN_REVIEW,
                         InquiryState.AWAITING_SIGNATURE):
        _store_draft(inquiry, settings_of(draft))


# --- review --------------------------------------------------------------------------------

CHAIN_KEY = "review_chain"  # the draft's settings: the stations edited for this inquiry


def lead_units(inquiry: Inquiry) -> list[OrgUnit]:
    """Every office leading a question of the inquiry now (lead assignment open, accepted or
    submitted, as :meth:`Question.lead_unit_ids`), in question order (an office leading
    several questions counts where it first leads); the inquiry's lead office where no
    question has a lead assignment. One query (the units from the session where loaded)."""
    active = (AssignmentState.OPEN, AssignmentState.ACCEPTED, AssignmentState.SUBMITTED)
    ids = db.session.scalars(
        sa.select(Assignment.org_unit_id).join(Question, Question.id == Assignment.question_id)
        .where(Question.inquiry_id == inquiry.id, Question.parent_id.is_(None),
               Assignment.role == AssignmentRole.LEAD, Assignment.state.in_(active))
        .order_by(Question.position, Assignment.org_unit_id)).all()
    units: list[OrgUnit] = []
    for unit_id in ids:
        unit = db.session.get(OrgUnit, unit_id)
        if unit is not None and unit not in units:
            units.append(unit)
    if not units and inquiry.lead_org_unit is not None:
        units.append(inquiry.lead_org_unit)
    return units


def _division_of(unit: OrgUnit) -> OrgUnit | None:
    return next((u for u in [unit, *unit.ancestors()] if u.kind == OrgUnitKind.DIVISION), None)


def default_review_units(inquiry: Inquiry, all_units: list[OrgUnit] | None = None
                         ) -> list[OrgUnit]:
    """The computed chain, by the steps of the setting ``REVIEW_CHAIN``: ``lead_head`` the
    heads of all lead offices in question order (:func:`lead_units`), ``division`` the
    Geschäftsbereich above each of them in the same order, ``mayor`` the (first active)
    mayor's office. A unit comes once, at its first place. ``all_units``: every unit, when
    the caller has them (no further query for the tree or the mayor's office)."""
    chain = [s.strip() for s in current_app.config["REVIEW_CHAIN"].split(",") if s.strip()]
    leads = lead_units(inquiry)
    units: list[OrgUnit] = []
    for step in chain:
        candidates: list[OrgUnit | None] = []
        if step == "lead_head":
            candidates = list(leads)
        elif step == "division":
            candidates = [_division_of(u) for u in leads]
        elif step == "mayor":
            candidates = [_mayor_office(all_units)]
        for unit in candidates:
            if unit is not None and unit not in units:
                units.append(unit)
    return units


def _mayor_office(all_units: list[OrgUnit] | None = None) -> OrgUnit | None:
    if all_units is not None:
        return min((u for u in all_units if u.kind == OrgUnitKind.MAYOR_OFFICE and u.active),
                   key=lambda u: u.id, default=None)
    return db.session.scalar(sa.select(OrgUnit).where(
        OrgUnit.kind == OrgUnitKind.MAYOR_OFFICE, OrgUnit.active).order_by(OrgUnit.id))


def stored_review_units(inquiry: Inquiry, draft: ReplyLetter | None = None) -> list[OrgUnit] | None:
    """The stations the council office set for this inquiry (kept with the draft's settings),
    or None where it kept the computed chain."""
    ids = settings_of(draft if draft is not None else draft_letter(inquiry)).get(CHAIN_KEY)
    if ids is None:
        return None
    units = [db.session.get(OrgUnit, unit_id) for unit_id in ids]
    return [u for u in units if u is not None]


def review_units(inquiry: Inquiry, draft: ReplyLetter | None = None,
                 all_units: list[OrgUnit] | None = None) -> list[OrgUnit]:
    """The review chain of the inquiry: as the council office edited it, else the computed one
    (:func:`default_review_units`)."""
    stored = stored_review_units(inquiry, draft)
    return default_review_units(inquiry, all_units) if stored is None else stored


CHAIN_STATES = (InquiryState.DRAFT, InquiryState.RETURNED)


def chain_view(inquiry: Inquiry, draft: ReplyLetter) -> dict:
    """The review chain for the letter page (before the review starts): ``units`` the
    stations, ``edited`` whether the council office changed them for this inquiry,
    ``candidates`` the active units that can be added (by code). Every unit is read in one
    query (the tree and the stations come from the session)."""
    all_units = db.session.scalars(sa.select(OrgUnit).order_by(OrgUnit.code)).all()
    stored = stored_review_units(inquiry, draft)
    units = default_review_units(inquiry, all_units) if stored is None else stored
    return {"units": units, "edited": stored is not None,
            "candidates": [u for u in all_units if u.active and u not in units]}


def edit_review_chain(inquiry: Inquiry, actor: User, action: str, unit_id: int | None) -> None:
    """The council office changes the stations of this inquiry's review before it starts:
    ``action`` is ``add`` (the unit ``unit_id`` at the end), ``up:<id>``/``down:<id>`` (move
    a station), ``remove:<id>`` or ``reset`` (back to the computed chain)."""
    if not inquiry.can_manage(actor):
        raise LetterError("Nur die Abteilung Stadtratsangelegenheiten ändert die "
                          "Mitzeichnungskette.", status=403)
    if inquiry.state not in CHAIN_STATES:
        raise LetterError(f"Im Status „{inquiry.state.label}“ kann die Mitzeichnungskette nicht "
                          "mehr geändert werden.")
    draft = draft_letter(inquiry)
    if draft is None:
        raise LetterError("Es gibt noch keinen Entwurf des Antwortschreibens.")
    chain = review_units(inquiry, draft)
    verb, _, arg = (action or "").partition(":")
    if verb == "reset":
        new_chain = None
    elif verb == "add":
        unit = db.session.get(OrgUnit, unit_id) if unit_id else None
        if unit is None:
            raise LetterError("Bitte wählen Sie die Organisationseinheit, die Sie als Station "
                              "hinzufügen möchten.", status=422)
        if not unit.active:
            raise LetterError(f"Die Einheit {unit.label} ist deaktiviert.", status=422)
        if unit in chain:
            raise LetterError(f"{unit.label} ist bereits eine Station der Mitzeichnung.",
                              status=422)
        new_chain = [*chain, unit]
    elif verb in ("up", "down", "remove"):
        index = next((i for i, u in enumerate(chain) if str(u.id) == arg), None)
        if index is None:
            raise LetterError("Diese Station gehört nicht (mehr) zur Mitzeichnungskette. "
                              "Bitte prüfen Sie den aktuellen Stand.")
        new_chain = list(chain)
        if verb == "remove":
            if len(chain) == 1:
                raise LetterError("Die Mitzeichnung braucht mindestens eine Station.", status=422)
            del new_chain[index]
        else:
            other = index - 1 if verb == "up" else index + 1
            if not 0 <= other < len(chain):
                raise LetterError("Die Station steht bereits "
                                  + ("an erster" if verb == "up" else "an letzter") + " Stelle.",
                                  status=422)
            new_chain[index], new_chain[other] = new_chain[other], new_chain[index]
    else:
        raise LetterError("Unbekannte Änderung der Mitzeichnungskette.", status=422)
    settings = settings_of(draft)
    if new_chain is None:
        settings.pop(CHAIN_KEY, None)
    else:
        settings[CHAIN_KEY] = [u.id for u in new_chain]
    draft.structure = {**(draft.structure or {}), "_settings": settings}
    shown = default_review_units(inquiry) if new_chain is None else new_chain
    record_step(inquiry, "edit_review_chain", actor,
                note=("Standardkette: " if new_chain is None else "")
                + " -> ".join(u.label for u in shown)[:4900])


def current_round(inquiry: Inquiry) -> int:
    return db.session.scalar(sa.select(sa.func.max(Review.round)).where(
        Review.inquiry_id == inquiry.id)) or 0


def reviews_of(inquiry: Inquiry, round_: int | None = None) -> list[Review]:
    """The steps of ``round_`` (default: the current round), in one query."""
    if round_ is None:
        round_ = (sa.select(sa.func.max(Review.round)).where(Review.inquiry_id == inquiry.id)
                  .scalar_subquery())
    return db.session.scalars(sa.select(Review).where(
        Review.inquiry_id == inquiry.id, Review.round == round_).order_by(Review.position)
        .options(joinedload(Review.org_unit), joinedload(Review.reviewer))).all()


def pending_review(inquiry: Inquiry, reviews: list[Review] | None = None) -> Review | None:
    """The waiting step of the current round; ``reviews``: that round, when the caller has it."""
    if inquiry.state != InquiryState.IN_REVIEW:
        return None
    return next((r for r in (reviews_of(inquiry) if reviews is None else reviews)
                 if r.decision == ReviewDecision.PENDING), None)


def active_deciders() -> list[User]:
    return db.session.scalars(sa.select(User).where(
        User.active, User.role.in_(Review.DECIDER_ROLES)).order_by(User.name)).all()


def deciders(inquiry: Inquiry, unit: OrgUnit, people: list[User] | None = None) -> list[User]:
    """Active people who can decide a review step of ``unit``: heads and signatories of the
    unit or a unit above it (as :meth:`Review.can_decide`) who may open the inquiry's letter.
    ``people``: the active heads and signatories, when the caller has them already."""
    unit_ids = {unit.id, *(u.id for u in unit.ancestors())}
    return [u for u in (active_deciders() if people is None else people)
            if u.org_unit_id in unit_ids and inquiry.can_review(u)]


def _stations_text(units: list[OrgUnit]) -> str:
    names = [f"„{u.label}“" for u in units]
    return plural_de(len(names), "der Station ", "den Stationen ") + listing_de(names)


def submit_for_review(inquiry: Inquiry, actor: User) -> list[Mail]:
    if draft_letter(inquiry) is None:
        raise LetterError("Es gibt noch keinen Entwurf des Antwortschreibens.")
    check(inquiry, "submit_for_review", actor)
    units = review_units(inquiry)
    people = active_deciders()
    nobody = [u for u in units if not deciders(inquiry, u, people)]
    if nobody:
        raise LetterError(
            f"Die Mitzeichnung kann nicht beginnen: Bei {_stations_text(nobody)} gibt es keine "
            "aktive Person, die mitzeichnen kann (Amtsleitung oder Zeichnungsberechtigte dieser "
            "oder einer übergeordneten Einheit). Bitte lassen Sie die Administration eine solche "
            "Person anlegen oder die Mitzeichnungskette anpassen. Der Entwurf bleibt unverändert.")
    fire(inquiry, "submit_for_review", actor)
    round_ = current_round(inquiry) + 1
    for position, unit in enumerate(units, start=1):
        db.session.add(Review(inquiry_id=inquiry.id, round=round_, position=position, org_unit=unit))
    db.session.flush()
    if not units:
        fire(inquiry, "complete_review", actor, note="keine Mitzeichnung konfiguriert")
        return []
    return [_review_mail(inquiry, units[0])]


def _review_mail(inquiry: Inquiry, unit: OrgUnit) -> Mail:
    return Mail([unit.mailbox] if unit.mailbox else [],
                f"Mitzeichnung: Antwort auf Anfrage {inquiry.number}",
                f"Guten Tag,\n\ndas Antwortschreiben zur Anfrage {inquiry.number} „{inquiry.subject}“ "
                f"liegt {unit.label} zur Mitzeichnung vor.")


def approve_review(inquiry: Inquiry, actor: User, comment: str = "") -> list[Mail]:
    review = pending_review(inquiry)
    if review is None or not review.can_decide(actor):
        raise LetterError("Die Mitzeichnung liegt zurzeit nicht bei Ihnen.")
    review.decision, review.reviewer, review.decided_at = ReviewDecision.APPROVED, actor, utcnow()
    review.comment = comment.strip() or None
    db.session.flush()
    fire(inquiry, "approve_review", actor, note=f"{review.org_unit.label}")
    following = pending_review(inquiry)
    if following is None:
        fire(inquiry, "complete_review", actor)
        return []
    return [_review_mail(inquiry, following.org_unit)]


def return_draft(inquiry: Inquiry, actor: User, comment: str) -> None:
    comment = comment.strip()
    if not comment:
        raise LetterError("Bitte begründen Sie die Rückgabe.", status=422)
    if inquiry.state == InquiryState.IN_REVIEW:
        review = pending_review(inquiry)
        if review is None or not review.can_decide(actor):
            raise LetterError("Die Mitzeichnung liegt zurzeit nicht bei Ihnen.")
        review.decision, review.reviewer, review.decided_at = ReviewDecision.RETURNED, actor, utcnow()
        review.comment = comment[:5000]
    elif not inquiry.can_sign(actor):
        raise LetterError("Nur die Zeichnungsberechtigten können den Entwurf jetzt zurückgeben.")
    fire(inquiry, "return_draft", actor, note=comment[:5000])


def revise(inquiry: Inquiry, actor: User) -> None:
    fire(inquiry, "revise_draft", actor)


RECALLED = "Zurückgeholt durch die Abteilung Stadtratsangelegenheiten"


def recall(inquiry: Inquiry, actor: User, reason: str) -> list[Mail]:
    """The council office takes the letter back from review (or from the signatory) into the
    draft state; the pending steps of the round are closed with the reason."""
    reason = reason.strip()
    if not reason:
        raise LetterError("Bitte begründen Sie, warum Sie das Schreiben zurückholen.", status=422)
    waiting = pending_review(inquiry)
    open_steps = ([r for r in reviews_of(inquiry) if r.decision == ReviewDecision.PENDING]
                  if inquiry.state == InquiryState.IN_REVIEW else [])
    fire(inquiry, "recall_review", actor, note=reason[:5000])
    now = utcnow()
    for review in open_steps:
        review.decision, review.reviewer, review.decided_at = ReviewDecision.RETURNED, actor, now
        review.comment = f"{RECALLED}: {reason}"[:5000]
    db.session.flush()
    if waiting is None:
        return []
    unit = waiting.org_unit
    return [Mail([unit.mailbox] if unit.mailbox else [],
                 f"Mitzeichnung zurückgeholt: Anfrage {inquiry.number}",
                 f"Guten Tag,\n\ndas Antwortschreiben zur Anfrage {inquiry.number} "
                 f"„{inquiry.subject}“ wurde von der Abteilung Stadtratsangelegenheiten aus der "
                 f"Mitzeichnung zurückgeholt und liegt {unit.label} nicht mehr vor.\n"
                 f"Begründung: {reason}")]


def reassign_targets(inquiry: Inquiry) -> list[OrgUnit]:
    """Units a waiting review step can be handed to: where an active head or signatory who may
    open the letter sits."""
    units = {u.org_unit for u in active_deciders() if inquiry.can_review(u) and u.org_unit.active}
    return sorted(units, key=lambda u: u.code)


def reassign_review(inquiry: Inquiry, actor: User, review_id: int | None, unit_id: int | None,
                    note: str = "") -> list[Mail]:
    """An admin hands a waiting review step to another unit that has someone who can act."""
    if not inquiry.can_reassign_review(actor):
        raise LetterError("Nur die Administration kann eine Mitzeichnung umleiten.", status=403)
    review = next((r for r in reviews_of(inquiry) if r.id == review_id
                   and r.decision == ReviewDecision.PENDING), None)
    if inquiry.state != InquiryState.IN_REVIEW or review is None:
        raise LetterError("Diese Station der Mitzeichnung wartet nicht mehr. Bitte prüfen Sie "
                          "den aktuellen Stand.")
    unit = db.session.get(OrgUnit, unit_id) if unit_id else None
    if unit is None:
        raise LetterError("Bitte wählen Sie die Organisationseinheit, die mitzeichnen soll.",
                          status=422)
    if unit.id == review.org_unit_id:
        raise LetterError(f"Die Station liegt bereits bei {unit.label}.", status=422)
    if not unit.active:
        raise LetterError(f"Die Einheit {unit.label} ist deaktiviert.", status=422)
    if not deciders(inquiry, unit):
        raise LetterError(f"Bei {unit.label} gibt es keine aktive Person, die mitzeichnen kann.",
                          status=422)
    was_waiting = pending_review(inquiry) is review
    old = review.org_unit
    review.org_unit = unit
    text = f"Station {review.position}: {old.label} -> {unit.label}"
    if note.strip():
        text += f" ({note.strip()})"
    fire(inquiry, "reassign_review", actor, note=text[:5000])
    return [_review_mail(inquiry, unit)] if was_waiting else []


def stuck_stations(inquiry: Inquiry, people: list[User] | None = None,
                   reviews: list[Review] | None = None) -> list[Review]:
    """Pending steps of the current round nobody can decide (``reviews``: that round, when the
    caller has it)."""
    if inquiry.state != InquiryState.IN_REVIEW:
        return []
    people = active_deciders() if people is None else people
    return [r for r in (reviews_of(inquiry) if reviews is None else reviews)
            if r.decision == ReviewDecision.PENDING and not deciders(inquiry, r.org_unit, people)]


def waiting_for_nobody(limit: int | None = None) -> tuple[list[tuple[Inquiry, list[Review]]], bool]:
    """Letters in review with a step nobody can decide (for the administration's start page),
    the first ``limit`` by due date, and whether there are more. A fixed number of queries:
    the deciders, the unit tree, the inquiries in review with their assignments and the
    pending steps of their current rounds."""
    from sqlalchemy.orm import defer, joinedload, selectinload

    people = active_deciders()
    db.session.scalars(sa.select(OrgUnit)).all()  # the tree in the session: ancestors() reads none
    inquiries = db.session.scalars(
        sa.select(Inquiry).where(Inquiry.state == InquiryState.IN_REVIEW)
        .options(defer(Inquiry.submitted_text), defer(Inquiry.preamble), defer(Inquiry.remark),
                 selectinload(Inquiry.assignments))
        .order_by(Inquiry.due_on, Inquiry.id)).all()
    newest = sa.select(Review.inquiry_id, sa.func.max(Review.round).label("round")).join(
        Inquiry, Inquiry.id == Review.inquiry_id).where(
        Inquiry.state == InquiryState.IN_REVIEW).group_by(Review.inquiry_id).subquery()
    pending: dict[int, list[Review]] = {}
    for review in db.session.scalars(
            sa.select(Review).join(newest, sa.and_(newest.c.inquiry_id == Review.inquiry_id,
                                                   newest.c.round == Review.round))
            .where(Review.decision == ReviewDecision.PENDING)
            .options(joinedload(Review.org_unit)).order_by(Review.inquiry_id, Review.position)):
        pending.setdefault(review.inquiry_id, []).append(review)
    result = []
    for inquiry in inquiries:
        stuck = [r for r in pending.get(inquiry.id, ())
                 if not deciders(inquiry, r.org_unit, people)]
        if stuck:
            result.append((inquiry, stuck))
    if limit is None:
        return result, False
    return result[:limit], len(result) > limit


def last_return(inquiry: Inquiry):
    """The latest return from review or recall by the council office (a Transition)."""
    from inquiry_app.models import Transition

    return db.session.scalar(sa.select(Transition).where(
        Transition.inquiry_id == inquiry.id,
        Transition.event.in_(("return_draft", "recall_review")))
        .order_by(Transition.id.desc()).limit(1))


def last_return_note(inquiry: Inquiry) -> str | None:
    transition = last_return(inquiry)
    return transition.note if transition else None


# --- signature ------------------------------------------------------------------------------

def _check_password(actor: User, password: str) -> None:
    if not actor.check_password(password):
        raise LetterError("Das Passwort ist nicht korrekt. Das Schreiben wurde nicht gezeichnet.",
                          status=403)


def sign(inquiry: Inquiry, actor: User, password: str, on_behalf: bool) -> ReplyLetter:
    """Re-authenticate, render the final letter (without the draft mark), convert it to PDF and
    seal the PDF with the authority's certificate where one is configured, store bytes and
    hashes, freeze the inquiry."""
    _check_password(actor, password)
    return _sign(inquiry, actor, on_behalf)


def can_approve_and_sign(inquiry: Inquiry, actor: User,
                         reviews: list[Review] | None = None) -> bool:
    """Whether ``actor`` may approve the last station and sign in one step: the waiting station
    is the last of the round, it is the mayor's office, and ``actor`` decides it and signs."""
    if inquiry.state != InquiryState.IN_REVIEW:
        return False
    reviews = reviews_of(inquiry) if reviews is None else reviews
    review = pending_review(inquiry, reviews)
    return (review is not None and review is reviews[-1]
            and review.org_unit.kind == OrgUnitKind.MAYOR_OFFICE
            and review.can_decide(actor) and inquiry.can_sign(actor))


def approve_and_sign(inquiry: Inquiry, actor: User, password: str, on_behalf: bool,
                     comment: str = "") -> list[Mail]:
    """The mayor's office as the last station: approve and sign in one step (one password
    confirmation; both steps are recorded). Nothing happens when one of them is refused."""
    _check_password(actor, password)
    if not can_approve_and_sign(inquiry, actor):
        raise LetterError("Mitzeichnen und unterschreiben in einem Schritt ist nur an der "
                          "letzten Station (Büro des Oberbürgermeisters) möglich, wenn sie bei "
                          "Ihnen liegt und Sie zeichnen dürfen.")
    mails = approve_review(inquiry, actor, comment)
    _sign(inquiry, actor, on_behalf)
    return mails


def _sign(inquiry: Inquiry, actor: User, on_behalf: bool) -> ReplyLetter:
    if inquiry.state != InquiryState.AWAITING_SIGNATURE:
        if inquiry.signed_at is not None:
            raise LetterError("Das Schreiben ist bereits gezeichnet.")
        raise LetterError(f"Im Status „{inquiry.state.label}“ kann nicht gezeichnet werden.")
    draft = draft_letter(inquiry)
    if draft is None:
        raise LetterError("Es gibt keinen Entwurf zum Zeichnen.")
    today = date.today()
    reply = with_signature(build_reply(inquiry, settings_of(draft), on=today), actor, on_behalf,
                           today)
    docx = _render(reply)
    now = utcnow()
    pdf = _pdf(docx)
    if pdf is not None:
        pdf = seal.seal(pdf)
    draft.structure, draft.docx, draft.sha256 = reply, docx, _sha(docx)
    draft.pdf, draft.pdf_sha256 = pdf, _sha(pdf) if pdf else None
    draft.rendered_at, draft.signed_by, draft.signed_at = now, actor, now
    inquiry.signatory, inquiry.signed_on_behalf, inquiry.signed_at = actor, on_behalf, now
    fire(inquiry, "sign", actor, note="In Vertretung" if on_behalf else "selbst")
    return draft


# --- dispatch, interim notice, withdrawal, publication -------------------------------------

def _recipients(inquiry: Inquiry) -> list[str]:
    emails = [m.email for m in inquiry.submitters if m.email]
    if not emails and inquiry.faction and inquiry.faction.email:
        emails = [inquiry.faction.email]
    return emails


def _letter_attachment(letter: ReplyLetter, stem: str) -> Attachment:
    if letter.pdf:
        return Attachment(f"{stem}.pdf", letter.pdf, "application/pdf")
    return Attachment(f"{stem}.docx", letter.docx,
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def letter_pdf(letter: ReplyLetter) -> bytes | None:
    """The letter as PDF: a signed letter's PDF is stored when it is signed (None where
    LibreOffice was missing then); a draft or an interim notice is converted when asked for and
    not stored, since a download only reads (a draft changes until it is signed); the PDF the
    page images were made from is used when it is cached."""
    if letter.pdf is not None or letter.signed_at is not None:
        return letter.pdf
    return preview.cached_pdf(letter) or _pdf(letter.docx)


def file_stem(inquiry: Inquiry, kind: str = "Antwort") -> str:
    return f"{kind}_{inquiry.number.replace('/', '-')}"


def dispatch(inquiry: Inquiry, actor: User, sent_on: date | None, channel: str) -> list[Mail]:
    """Post and the other channels: recorded as sent on ``sent_on`` at once. E-mail: the
    letter goes into the mail outbox and the step "Versand per E-Mail angestoßen" is recorded;
    the inquiry counts as sent (on the delivery day) only when the mail server has accepted
    the mail (``inquiry_app.outbox.worker``)."""
    from inquiry_app.outbox.worker import dispatch_in_flight

    if channel not in CHANNELS:
        raise LetterError("Bitte wählen Sie einen Versandweg.", status=422)
    letter = signed_letter(inquiry)
    if letter is None:
        raise LetterError("Es gibt kein gezeichnetes Schreiben.")
    if dispatch_in_flight(inquiry.id) is not None:
        raise LetterError("Das Schreiben wird gerade per E-Mail versandt. Ein anderer Versandweg "
                          "ist erst möglich, wenn der E-Mail-Versand fehlgeschlagen ist.")
    if channel == EMAIL_CHANNEL:
        _dispatch_by_mail(inquiry, actor, letter)
        return []
    if sent_on is None:
        raise LetterError("Bitte geben Sie ein gültiges Datum an.", status=422)
    if sent_on > date.today():
        raise LetterError("Das Versanddatum liegt in der Zukunft.")
    if sent_on < letter.signed_at.date():
        raise LetterError("Das Versanddatum liegt vor der Zeichnung.")
    inquiry.sent_on, inquiry.sent_channel = sent_on, channel
    fire(inquiry, "dispatch", actor, note=channel)
    return []


def _dispatch_by_mail(inquiry: Inquiry, actor: User, letter: ReplyLetter) -> None:
    if not current_app.config["MAIL_ENABLED"]:
        raise LetterError("Der E-Mail-Versand ist in dieser Installation ausgeschaltet. Bitte "
                          "wählen Sie einen anderen Versandweg oder lassen Sie den E-Mail-Versand "
                          "von der Administration einschalten.")
    check(inquiry, "dispatch", actor)  # may dispatch now (state, role)
    recipients = _recipients(inquiry)
    if not recipients:
        raise LetterError("Für die Einreichenden ist keine E-Mail-Adresse hinterlegt.")
    mail = Mail(recipients, f"Antwort auf Ihre Anfrage {inquiry.number}",
                f"Sehr geehrte Damen und Herren,\n\nanbei erhalten Sie die Antwort auf die "
                f"Anfrage {inquiry.number} „{inquiry.subject}“.\n\nMit freundlichen Grüßen\n"
                f"{current_app.config['CITY_NAME']}",
                [_letter_attachment(letter, file_stem(inquiry))])
    enqueue([mail], inquiry_id=inquiry.id, created_by=actor, purpose=MailPurpose.LETTER_DISPATCH)
    record_step(inquiry, "dispatch_requested", actor,
                note=f"{EMAIL_CHANNEL} an {', '.join(recipients)}")


def issue_interim(inquiry: Inquiry, actor: User, new_date: date, reason: str,
                  send_mail: bool) -> tuple[ReplyLetter, list[Mail]]:
    reason = reason.strip()
    if not reason:
        raise LetterError("Bitte geben Sie den Grund für den Zwischenbescheid an.", status=422)
    if new_date <= inquiry.due_on:
        raise LetterError("Das neue Datum muss nach der bisherigen Frist liegen.")
    old = inquiry.due_on
    db.session.add(DeadlineExtension(inquiry=inquiry, old_due_on=old, new_due_on=new_date,
                                     reason=reason[:5000], created_by_id=actor.id))
    inquiry.due_on = new_date
    docx = _render(interim_reply(inquiry, new_date, reason))
    letter = ReplyLetter(inquiry_id=inquiry.id, kind=LetterKind.INTERIM, docx=docx,
                         sha256=_sha(docx), structure=interim_reply(inquiry, new_date, reason))
    db.session.add(letter)
    fire(inquiry, "issue_interim", actor,
          note=f"Frist {old:%d.%m.%Y} -> {new_date:%d.%m.%Y}: {reason[:500]}")
    mails = []
    if send_mail:
        recipients = _recipients(inquiry)
        if not recipients:
            raise LetterError("Für die Einreichenden ist keine E-Mail-Adresse hinterlegt.")
        mails.append(Mail(recipients, f"Zwischenbescheid zu Ihrer Anfrage {inquiry.number}",
                          "Sehr geehrte Damen und Herren,\n\nanbei erhalten Sie einen "
                          f"Zwischenbescheid zur Anfrage {inquiry.number}.",
                          [_letter_attachment(letter, file_stem(inquiry, "Zwischenbescheid"))],
                          purpose=MailPurpose.INTERIM_NOTICE))
    return letter, mails


def withdraw(inquiry: Inquiry, actor: User, note: str) -> list[Mail]:
    """Record the withdrawal; the assignments still being worked on are closed and their
    offices told by mail."""
    inquiry.withdrawn_at = utcnow()
    fire(inquiry, "withdraw", actor, note=note.strip()[:2000] or "durch die Einreichenden")
    return close_for_withdrawal(inquiry, actor, note="Anfrage zurückgezogen")


def publish(inquiry: Inquiry, actor: User) -> None:
    inquiry.published_at = utcnow()
    fire(inquiry, "publish", actor)
