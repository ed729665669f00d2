"""Consolidation: the lead office (or the council office) turns the contributions into
answers, groups questions, marks answers final; the inquiry then reaches answers_complete."""

from __future__ import annotations

from flask import url_for

from inquiry_app.assignments.operations import council_office_mailboxes
from inquiry_app.contributions.versioning import SaveResult, normalise, save_text
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.mail import Mail
from inquiry_app.models import (
    Answer,
    AnswerRevision,
    AssignmentRole,
    Comment,
    ContributionState,
    Inquiry,
    InquiryState,
    Question,
    User,
)
from inquiry_app.templating import listing_de
from inquiry_app.workflow import fire

MAX_COMMENT_CHARS = 10_000


class AnswerError(DomainError):
    """A consolidation step that cannot be carried out (German message)."""


def ensure_answers(inquiry: Inquiry) -> bool:
    """Make the answers match the inquiry's top questions: one answer per top question unless
    grouped, in question order; links to questions that are not top questions of this inquiry
    and answers left without a question are removed. In state ``routed`` untouched answers are
    prefilled from the submitted contributions. Returns whether anything changed.

    A write operation: called when the assignments are sent (the split is fixed from then on,
    see ``workflow._not_routed``), when a contribution is submitted, and by the data check;
    never by a page that only shows something."""
    changed = False
    top = {q.id for q in inquiry.top_questions}
    for answer in list(inquiry.answers):
        kept = [q for q in answer.questions if q.id in top and q.inquiry_id == inquiry.id]
        if len(kept) != len(answer.questions):
            answer.questions = kept
            changed = True
        if not kept:
            inquiry.answers.remove(answer)
            changed = True
    if changed:
        db.session.flush()
    covered = {q.id for a in inquiry.answers for q in a.questions}
    missing = [q for q in inquiry.top_questions if q.id not in covered]
    for question in missing:
        inquiry.answers.append(Answer(position=0, text="", questions=[question]))
    if missing or changed:
        _renumber(inquiry)
    changed = changed or bool(missing)
    if inquiry.state == InquiryState.ROUTED:
        for answer in inquiry.answers:
            changed = prefill(answer) or changed
    return changed


def answers_out_of_step(inquiry: Inquiry) -> bool:
    """True if the answers do not match the top questions (data older than this rule)."""
    top = {q.id for q in inquiry.top_questions}
    linked = [q.id for a in inquiry.answers for q in a.questions]
    return (any(not a.questions for a in inquiry.answers) or set(linked) != top
            or len(linked) != len(set(linked)))


def resync(inquiry: Inquiry, user: User) -> None:
    """Match the answers to the questions on request (data from before answers were created
    on sending, e.g. answers made by opening the consolidation page before routing)."""
    if not inquiry.can_consolidate(user):
        raise AnswerError("Nur das federführende Amt oder die Abteilung Stadtratsangelegenheiten "
                          "gleicht die Antworten ab.")
    if inquiry.state != InquiryState.ROUTED:
        raise AnswerError(f"Im Status „{inquiry.state.label}“ werden die Antworten nicht mehr "
                          "abgeglichen.")
    ensure_answers(inquiry)


def contribution_submitted(inquiry: Inquiry) -> None:
    """A contribution reached the lead office: prefill the untouched answers (and create the
    answers of an inquiry routed before answers were created on sending)."""
    if inquiry.state == InquiryState.ROUTED:
        ensure_answers(inquiry)


def _renumber(inquiry: Inquiry) -> None:
    ordered = sorted(inquiry.answers, key=lambda a: min((q.position for q in a.questions), default=0))
    # two passes so the unique (inquiry_id, position) never clashes mid-way
    for i, answer in enumerate(ordered, start=1):
        answer.position = -i
    db.session.flush()
    for i, answer in enumerate(ordered, start=1):
        answer.position = i
    inquiry.answers.sort(key=lambda a: a.position)


def submitted_contributions(question: Question) -> list:
    """Lead's contribution first, then the contributing offices', each with its unit; a
    question routed by sub-questions: those of its sub-questions, in their order."""
    order = {question.id: 0, **{p.id: p.position for p in question.sub_questions}}
    result = []
    for assignment in question.inquiry.assignments:
        contribution = assignment.contribution
        if (assignment.question_id in order and contribution is not None
                and contribution.state == ContributionState.SUBMITTED and contribution.text.strip()):
            result.append(assignment)
    result.sort(key=lambda a: (order[a.question_id], a.role != AssignmentRole.LEAD,
                               a.org_unit.code))
    return result


def sources(answer: Answer) -> list[str]:
    return [a.org_unit.code for q in answer.questions for a in submitted_contributions(q)]


def _contribution_text(assignment) -> str:
    """The contribution's text; one to a sub-question says which ("Zu a): …")."""
    text = assignment.contribution.text.strip()
    question = assignment.question
    if question.parent_id is None:
        return text
    number = question.number if question.number.endswith(")") else f"{question.number})"
    return f"Zu {number}: {text}"


def prefill(answer: Answer) -> bool:
    """Fill an untouched answer from the submitted contributions (marked until edited)."""
    if answer.revisions or (answer.text.strip() and not answer.from_contributions):
        return False
    texts = [_contribution_text(a) for q in answer.questions for a in submitted_contributions(q)]
    text = "\n\n".join(texts)
    if text and text != answer.text:
        answer.text = text
        answer.from_contributions = True
        return True
    return False


def _check_editable(answer: Answer, user: User) -> Inquiry:
    inquiry = answer.inquiry
    if not answer.can_consolidate(user):
        raise AnswerError("Nur das federführende Amt oder die Abteilung Stadtratsangelegenheiten "
                          "bearbeitet diese Antwort.")
    if inquiry.state != InquiryState.ROUTED:
        raise AnswerError(f"Im Status „{inquiry.state.label}“ können Antworten nicht mehr geändert "
                          "werden.")
    return inquiry


def save_answer(answer: Answer, user: User, text: str, version: int | None, *,
                note: str | None = None) -> SaveResult:
    """Save the answer's text (``note``: the revision's note, e.g. "übernommen aus …")."""
    _check_editable(answer, user)
    if answer.is_final:
        raise AnswerError("Die Antwort ist als endgültig markiert. Heben Sie die Markierung auf, "
                          "um sie zu ändern.")
    before = normalise(answer.text)
    result = save_text(answer, AnswerRevision, text, version, user, note=note)
    if result.changed:
        # the merge of the contributions stays marked until its text is changed (saving it
        # unchanged only stores it as the first version)
        answer.from_contributions = answer.from_contributions and answer.text == before
        answer.updated_by_id = user.id
        db.session.flush()
        result.version = answer.version
    return result


def restore_answer(answer: Answer, user: User, number: int) -> SaveResult:
    revision = next((r for r in answer.revisions if r.number == number), None)
    if revision is None:
        raise AnswerError(f"Version {number} gibt es nicht.")
    _check_editable(answer, user)
    if answer.is_final:
        raise AnswerError("Die Antwort ist als endgültig markiert.")
    result = save_text(answer, AnswerRevision, revision.text, answer.version, user,
                       note=f"Version {number} wiederhergestellt")
    answer.from_contributions = False
    return result


class UneditedMerge(AnswerError):
    """Marking final an answer that is still the unedited merge of several contributions,
    without confirming it (422: the page asks for the confirmation)."""


def unedited_merge(answer: Answer) -> bool:
    """Still the text put together from the contributions of more than one office, untouched
    by the consolidating office."""
    return answer.from_contributions and len(sources(answer)) > 1


def set_final(answer: Answer, user: User, final: bool, *, merge_confirmed: bool = True
              ) -> list[Mail]:
    """Mark the answer final (or not). ``merge_confirmed``: whether marking final an
    :func:`unedited_merge` was confirmed (the consolidation page asks for it)."""
    inquiry = _check_editable(answer, user)
    if final and not answer.text.strip():
        raise AnswerError("Eine leere Antwort kann nicht endgültig sein.")
    if final and not merge_confirmed and unedited_merge(answer):
        raise UneditedMerge(
            "Diese Antwort ist noch die unbearbeitete Zusammenstellung der Zuarbeiten von "
            f"{listing_de(list(dict.fromkeys(sources(answer))))}. Bitte fassen Sie sie zu einer "
            "Antwort zusammen "
            "oder bestätigen Sie, dass sie unverändert endgültig sein soll.")
    answer.is_final = final
    db.session.flush()
    if final and all(a.is_final for a in inquiry.answers) and \
            {q.id for a in inquiry.answers for q in a.questions} >= {q.id for q in inquiry.top_questions}:
        fire(inquiry, "complete_answers", user)
        link = url_for("inquiries.detail", id=inquiry.id, _external=True)
        return [Mail(council_office_mailboxes(), f"Antworten vollständig: Anfrage {inquiry.number}",
                     f"Guten Tag,\n\nalle Antworten der Anfrage {inquiry.number} „{inquiry.subject}“ "
                     f"sind endgültig. Das Antwortschreiben kann entworfen werden.\n\n{link}")]
    return []


def reopen(inquiry: Inquiry, user: User, note: str) -> None:
    """Back to consolidation (answers stay final until the lead office changes one)."""
    fire(inquiry, "reopen_answers", user, note=note.strip()[:2000] or None)


def group(inquiry: Inquiry, question_ids: list[int], user: User) -> Answer:
    """Answer several questions together ("Zu den Fragen 1 bis 3")."""
    answers = [a for a in inquiry.answers if any(q.id in question_ids for q in a.questions)]
    if len({q.id for a in answers for q in a.questions if q.id in question_ids}) < 2:
        raise AnswerError("Bitte wählen Sie mindestens zwei Fragen aus.")
    if any(a.is_final for a in answers):
        raise AnswerError("Endgültige Antworten können nicht zusammengefasst werden.")
    for answer in answers:
        _check_editable(answer, user)
    target, rest = answers[0], answers[1:]
    texts = [a.text.strip() for a in answers if a.text.strip()]
    questions = sorted({q for a in answers for q in a.questions}, key=lambda q: q.position)
    for answer in rest:
        inquiry.answers.remove(answer)
    db.session.flush()
    target.questions = questions
    save_text(target, AnswerRevision, "\n\n".join(texts), target.version, user,
              note="Fragen zusammengefasst")
    _renumber(inquiry)
    return target


def ungroup(answer: Answer, user: User) -> None:
    inquiry = _check_editable(answer, user)
    if len(answer.questions) < 2:
        raise AnswerError("Diese Antwort gehört nur zu einer Frage.")
    if answer.is_final:
        raise AnswerError("Die Antwort ist als endgültig markiert.")
    first, *others = sorted(answer.questions, key=lambda q: q.position)
    answer.questions = [first]
    db.session.flush()
    for question in others:
        inquiry.answers.append(Answer(position=0, text="", questions=[question]))
    _renumber(inquiry)


def save_remark(inquiry: Inquiry, user: User, text: str) -> None:
    if not inquiry.can_edit_remark(user):
        raise AnswerError("Sie dürfen die Vorbemerkung nicht ändern.")
    if inquiry.state != InquiryState.ROUTED:
        raise AnswerError(f"Im Status „{inquiry.state.label}“ kann die Vorbemerkung hier nicht "
                          "geändert werden.")
    inquiry.remark = text.replace("\r\n", "\n").strip()[:100_000]


def add_comment(inquiry: Inquiry, question: Question | None, user: User, text: str) -> Comment:
    text = text.strip()
    if not text:
        raise AnswerError("Bitte schreiben Sie einen Kommentar.")
    if len(text) > MAX_COMMENT_CHARS:
        raise AnswerError("Der Kommentar ist zu lang.")
    if question is not None and question.inquiry_id != inquiry.id:
        raise AnswerError("Diese Frage gehört nicht zur Anfrage.")
    comment = Comment(inquiry_id=inquiry.id, question_id=question.id if question else None,
                      author_id=user.id, text=text)
    db.session.add(comment)
    db.session.flush()
    return comment
