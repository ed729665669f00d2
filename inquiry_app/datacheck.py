"""``flask --app inquiry_app check [--repair]``: find (and repair) data that leaves an inquiry
stuck for good.

What it looks for:

* links between answers and questions that point nowhere, at a question of another inquiry or
  at a sub-question (answers belong to the top questions of their own inquiry);
* answers without any question (e.g. made by opening the consolidation page before the split
  was edited, with versions before answers were created on sending);
* answers of inquiries whose questions are not routed yet;
* routed inquiries whose questions lack an answer, or whose state does not fit the answers
  (all final but still "in Bearbeitung"; "Antworten vollständig" or later with open answers);
* routed inquiries without a lead office (the review chain starts there);
* letters in review without a waiting step, or waiting for a unit where nobody can decide;
* open assignments of withdrawn inquiries (from before withdrawal closed them): the offices
  still see them as work; ``--repair`` closes them and tells the offices by mail.

``--repair`` fixes what can be fixed without a human decision, through the ORM so that the
audit trail records every change (actor: none, i.e. the system); state changes are workflow
steps with the note "Datenprüfung". Every inquiry is repaired in its own savepoint. Exit code
0 when everything is (now) in order, 1 when problems remain.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import click
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.mail import enqueue
from inquiry_app.models import (
    Answer,
    AssignmentRole,
    Inquiry,
    InquiryState,
    Question,
    ReviewDecision,
    answer_question,
)
from inquiry_app.templating import count_de, plural_de
from inquiry_app.workflow import fire

S = InquiryState
NOTE = "Datenprüfung"
BEFORE_ROUTING = (S.RECEIVED, S.SPLIT)
CONSOLIDATION = (S.ROUTED, S.ANSWERS_COMPLETE, S.DRAFT, S.RETURNED)  # answers may be changed
LETTER_OUT = (S.IN_REVIEW, S.AWAITING_SIGNATURE)  # the letter is with reviewers/signatories
ACTIVE_ASSIGNMENT = ("open", "accepted", "submitted")


@dataclass
class Finding:
    number: str | None  # the inquiry's number, None for the database as a whole
    problem: str
    repaired: str | None = None  # what was done
    hint: str | None = None  # why it was not repaired / what a person has to do

    def line(self) -> str:
        where = f"{self.number}: " if self.number else ""
        if self.repaired:
            return f"{where}{self.problem} – repariert: {self.repaired}"
        if self.hint:
            return f"{where}{self.problem} – {self.hint}"
        return f"{where}{self.problem}"


def _questions_text(questions) -> str:
    numbers = [q.number for q in questions]
    return ("Frage " if len(numbers) == 1 else "Fragen ") + ", ".join(numbers)


# --- links that point nowhere (only possible where foreign keys were not enforced) -------------
def _dangling_links(repair: bool) -> list[Finding]:
    link = answer_question
    dangling = db.session.execute(
        sa.select(link.c.answer_id, link.c.question_id)
        .outerjoin(Answer, Answer.id == link.c.answer_id)
        .outerjoin(Question, Question.id == link.c.question_id)
        .where(sa.or_(Answer.id.is_(None), Question.id.is_(None)))
    ).all()
    if not dangling:
        return []
    finding = Finding(None, f"{count_de(len(dangling), 'Verknüpfung', 'Verknüpfungen')} zwischen "
                            f"Antworten und Fragen {plural_de(len(dangling), 'verweist', 'verweisen')} "
                            "auf gelöschte Zeilen.")
    if repair:
        for answer_id, question_id in dangling:
            db.session.execute(sa.delete(link).where(link.c.answer_id == answer_id,
                                                     link.c.question_id == question_id))
        finding.repaired = "Verknüpfungen gelöscht."
    return [finding]


# --- answers and questions of one inquiry ----------------------------------------------------
def _all_final(inquiry: Inquiry) -> bool:
    answered = {q.id for a in inquiry.answers if a.is_final for q in a.questions}
    return bool(inquiry.top_questions) and answered >= {q.id for q in inquiry.top_questions} \
        and all(a.is_final for a in inquiry.answers)


def _bad_links(inquiry: Inquiry) -> list[tuple[Answer, Question, str]]:
    result = []
    for answer in inquiry.answers:
        for question in answer.questions:
            if question.inquiry_id != inquiry.id:
                result.append((answer, question, f"Antwort {answer.position} verweist auf Frage "
                               f"{question.number} der Anfrage {question.inquiry.number}."))
            elif question.parent_id is not None:
                result.append((answer, question, f"Antwort {answer.position} verweist auf die "
                               f"Teilfrage {question.number}."))
    return result


def _foreign_links(inquiries: list[Inquiry], repair: bool) -> tuple[list[Finding], set[int]]:
    """Links to another inquiry's question; removed first, so that the other inquiry can get
    its own answer (a question belongs to one answer only). Returns the ids of questions
    still linked from elsewhere."""
    findings, blocked = [], set()
    for inquiry in inquiries:
        for answer, question, text in _bad_links(inquiry):
            if question.inquiry_id == inquiry.id:
                continue
            finding = Finding(inquiry.number, text)
            findings.append(finding)
            if not repair:
                continue
            if inquiry.is_frozen or inquiry.state in LETTER_OUT:
                finding.hint = _letter_hint(inquiry)
                blocked.add(question.id)
                continue
            answer.questions.remove(question)
            finding.repaired = "Verknüpfung entfernt."
    if repair:
        db.session.flush()
    return findings, blocked


def _letter_hint(inquiry: Inquiry) -> str:
    if inquiry.is_frozen:
        return "nicht automatisch reparierbar: Das Schreiben ist gezeichnet."
    return ("nicht automatisch reparierbar, solange das Schreiben in der Mitzeichnung oder "
            "Zeichnung ist: Die Abteilung Stadtratsangelegenheiten holt es zurück, danach "
            "`flask check --repair` erneut ausführen.")


def _answer_findings(inquiry: Inquiry, blocked: set[int]) -> list[Finding]:
    """The answer problems of one inquiry (links to other inquiries are handled before)."""
    number, state = inquiry.number, inquiry.state
    if state in BEFORE_ROUTING:
        if not inquiry.answers:
            return []
        answers = count_de(len(inquiry.answers), "Antwort", "Antworten")
        return [Finding(number, f"{answers} angelegt, obwohl die Fragen "
                                f"noch nicht zugewiesen sind (Status „{state.label}“).")]
    findings = [Finding(number, text) for answer, question, text in _bad_links(inquiry)
                if question.inquiry_id == inquiry.id]
    findings += [Finding(number, f"Antwort {a.position} gehört zu keiner Frage.")
                 for a in inquiry.answers if not a.questions]
    if state == S.WITHDRAWN or inquiry.is_frozen:
        return findings
    covered = {q.id for a in inquiry.answers for q in a.questions}
    missing = [q for q in inquiry.top_questions if q.id not in covered and q.id not in blocked]
    if missing:
        findings.append(Finding(number, f"{_questions_text(missing)} ohne Antwort."))
    if state == S.ROUTED and not findings and _all_final(inquiry):
        findings.append(Finding(number, "Alle Antworten sind endgültig, die Anfrage steht aber "
                                        "noch auf „In Bearbeitung“."))
    elif state != S.ROUTED and not missing and not _all_final(inquiry):
        findings.append(Finding(number, f"Im Status „{state.label}“ sind nicht alle Fragen "
                                        "endgültig beantwortet."))
    return findings


def _repair_answers(inquiry: Inquiry, findings: list[Finding], blocked: set[int]) -> None:
    from inquiry_app.contributions.answers import ensure_answers

    state = inquiry.state
    if inquiry.is_frozen or state in LETTER_OUT:
        for finding in findings:
            finding.hint = _letter_hint(inquiry)
        return
    if state in BEFORE_ROUTING or state == S.WITHDRAWN:
        if state == S.WITHDRAWN:
            for answer in [a for a in inquiry.answers if not a.questions]:
                inquiry.answers.remove(answer)
            for answer, question, _ in _bad_links(inquiry):
                answer.questions.remove(question)
        else:
            inquiry.answers.clear()
        db.session.flush()
        done = "Antworten ohne Frage entfernt." if state == S.WITHDRAWN else \
            "Antworten gelöscht; sie werden beim Versand der Zuweisungen angelegt."
        for finding in findings:
            finding.repaired = done
        return
    if any(q.id in blocked for q in inquiry.top_questions):
        for finding in findings:
            finding.hint = ("nicht automatisch reparierbar: Eine Frage ist noch mit der Antwort "
                            "einer anderen Anfrage verknüpft (siehe dort).")
        return
    ensure_answers(inquiry)
    done = ["Antworten mit den Fragen abgeglichen"]
    if inquiry.state != S.ROUTED and not _all_final(inquiry):
        fire(inquiry, "reopen_answers", None,
             note=f"{NOTE}: Antworten passten nicht zu den Fragen")
        done.append("Antworten wieder zur Bearbeitung geöffnet")
    elif inquiry.state == S.ROUTED and _all_final(inquiry):
        fire(inquiry, "complete_answers", None, note=NOTE)
        done.append("Status „Antworten vollständig“ gesetzt")
    for finding in findings:
        finding.repaired = "; ".join(done) + "."


# --- lead office and review --------------------------------------------------------------------
def _lead_findings(inquiry: Inquiry, repair: bool) -> list[Finding]:
    if inquiry.state in BEFORE_ROUTING or inquiry.state == S.WITHDRAWN or inquiry.is_frozen:
        return []
    if inquiry.lead_org_unit_id is not None:
        return []
    leads = Counter(a.org_unit for a in inquiry.assignments
                    if a.role == AssignmentRole.LEAD and a.state.value in ACTIVE_ASSIGNMENT)
    finding = Finding(inquiry.number, "Kein federführendes Amt eingetragen (die Mitzeichnung "
                                      "beginnt dort).")
    if not leads:
        finding.hint = ("keine aktive federführende Zuweisung: Bitte weisen Sie die Fragen neu "
                        "zu.")
    elif repair:
        inquiry.lead_org_unit = leads.most_common(1)[0][0]
        finding.repaired = f"{inquiry.lead_org_unit.label} eingetragen."
    return [finding]


def _review_findings(inquiry: Inquiry, repair: bool) -> list[Finding]:
    from inquiry_app.letters import operations as letters

    if inquiry.state != S.IN_REVIEW:
        return []
    reviews = letters.reviews_of(inquiry)
    pending = [r for r in reviews if r.decision == ReviewDecision.PENDING]
    if not pending:
        finding = Finding(inquiry.number, "In Mitzeichnung, aber keine Station wartet.")
        if repair:
            if reviews and all(r.decision == ReviewDecision.APPROVED for r in reviews):
                fire(inquiry, "complete_review", None, note=NOTE)
                finding.repaired = "Mitzeichnung abgeschlossen (alle Stationen hatten mitgezeichnet)."
            else:
                fire(inquiry, "recall_review", None, note=f"{NOTE}: keine wartende Station")
                finding.repaired = "Schreiben ist wieder ein Entwurf."
        return [finding]
    return [Finding(inquiry.number,
                    f"Die Mitzeichnung wartet bei {r.org_unit.label}, dort kann niemand "
                    "mitzeichnen.",
                    hint="Die Administration leitet die Station auf der Seite des "
                         "Antwortschreibens um, oder die Abteilung Stadtratsangelegenheiten holt "
                         "das Schreiben zurück.")
            for r in letters.stuck_stations(inquiry)]


# --- withdrawn inquiries ----------------------------------------------------------------------
def _withdrawal_findings(inquiry: Inquiry, repair: bool) -> list[Finding]:
    """Open assignments of a withdrawn inquiry: closed, the offices told by mail."""
    from inquiry_app.assignments.operations import close_for_withdrawal, working_assignments

    if inquiry.state != S.WITHDRAWN:
        return []
    working = working_assignments(inquiry)
    if not working:
        return []
    units = ", ".join(sorted({a.org_unit.code for a in working}))
    still_open = count_de(len(working), "Zuweisung", "Zuweisungen")
    finding = Finding(inquiry.number, f"Zurückgezogen, aber {still_open} noch offen ({units}).")
    if repair:
        enqueue(close_for_withdrawal(inquiry, None, note=NOTE), inquiry_id=inquiry.id)
        finding.repaired = "Zuweisungen geschlossen; die Ämter werden per E-Mail benachrichtigt."
    return [finding]


# --- all together --------------------------------------------------------------------------------
def run_checks(repair: bool = False) -> list[Finding]:
    findings = _dangling_links(repair)
    inquiries = db.session.scalars(
        sa.select(Inquiry).order_by(Inquiry.id).options(
            selectinload(Inquiry.questions),
            selectinload(Inquiry.answers).selectinload(Answer.questions),
            selectinload(Inquiry.assignments))
    ).all()
    foreign, blocked = _foreign_links(inquiries, repair)
    findings += foreign
    for inquiry in inquiries:
        own: list[Finding] = []
        savepoint = db.session.begin_nested() if repair else None
        try:
            own += _answer_findings(inquiry, blocked)
            if repair and own:
                _repair_answers(inquiry, own, blocked)
            own += _lead_findings(inquiry, repair)
            own += _review_findings(inquiry, repair)
            own += _withdrawal_findings(inquiry, repair)
            if savepoint is not None:
                db.session.flush()
                savepoint.commit()
        except (SQLAlchemyError, DomainError, ValueError) as exc:
            if savepoint is not None:
                savepoint.rollback()
            own = own or [Finding(inquiry.number, "Die Prüfung dieser Anfrage schlug fehl.")]
            for finding in own:
                finding.repaired = None
                finding.hint = f"Reparatur fehlgeschlagen: {exc}"
        findings += own
    return findings


@click.command("check")
@click.option("--repair", is_flag=True, help="Gefundene Probleme reparieren, soweit möglich.")
def check_command(repair: bool):
    """Daten prüfen: Anfragen, die hängen bleiben würden (Antworten ohne Frage, Fragen ohne
    Antwort, Mitzeichnung ohne handlungsfähige Station …)."""
    from inquiry_app.database import write_transaction_intent

    if repair:
        with write_transaction_intent():
            findings = run_checks(repair=True)
            db.session.commit()
    else:
        findings = run_checks(repair=False)
        db.session.rollback()
    if not findings:
        click.echo("Datenprüfung: Alles in Ordnung.")
        return
    for finding in findings:
        click.echo(finding.line())
    remaining = [f for f in findings if not f.repaired]
    fixed = len(findings) - len(remaining)
    click.echo("")
    problems = count_de(len(findings), "Problem", "Probleme")
    if repair:
        click.echo(f"Datenprüfung: {problems} gefunden, {fixed} repariert, "
                   f"{len(remaining)} offen.")
    else:
        click.echo(f"Datenprüfung: {problems} gefunden. Mit "
                   "`flask --app inquiry_app check --repair` reparieren, was sich automatisch "
                   "reparieren lässt.")
    if remaining:
        click.get_current_context().exit(1)
