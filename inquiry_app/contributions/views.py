"""Writing contributions, the head's approval, revisions, live preview and consolidation."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from drafting.letters.richtext import to_html
from inquiry_app.assignments.pages import detail_page
from inquiry_app.boundary import int_or_none
from inquiry_app.contributions import answers as answer_ops
from inquiry_app.contributions import operations as ops
from inquiry_app.contributions.forms import (
    ActionForm,
    AnswerEditorForm,
    CommentForm,
    CompareForm,
    EditorForm,
    GroupForm,
    HeadReturnForm,
    PreviewForm,
    RemarkForm,
    ReopenForm,
)
from inquiry_app.contributions.versioning import TextConflict, diff_lines
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.form_fields import place
from inquiry_app.forms import Form
from inquiry_app.mail import enqueue
from inquiry_app.models import (
    Answer,
    Assignment,
    AssignmentRole,
    Comment,
    Contribution,
    Inquiry,
    InquiryState,
    Question,
    User,
)
from inquiry_app.permissions import load_object
from inquiry_app.reuse import operations as reuse_ops
from inquiry_app.reuse.forms import InsertAnswerForm, InsertForm
from inquiry_app.reuse.panels import inserted_check, panels_for
from inquiry_app.textblocks.queries import text_blocks
from inquiry_app.unit_of_work import discard
from inquiry_app.workflow import available_events

bp = Blueprint("contributions", __name__)
# The live preview renders at most this much (rendering is linear, but a preview of a 1 MB
# text on every keystroke pause would still tie up a worker); saving is not limited by it.
MAX_PREVIEW_CHARS = 200_000


def _refused(form: Form, target: str):
    """A form posted from another page that failed validation: its German messages on that
    page, nothing changed. (The form token is checked for every POST by CSRFProtect.)"""
    discard()
    for messages in form.errors.values():
        for message in messages:
            flash(message, "error")
    return redirect(target)


def _perform(form: Form, operation, success: str, target: str, again=None):
    """Validate ``form``, run the operation (committed at the end of the request); ``success``
    as message and back to ``target``. A form that fails validation or is refused shows its
    page ``again(form)`` (status 422) with the German message and what was typed; without
    ``again`` (buttons without fields) the message is flashed on ``target``."""
    if not form.validate_on_submit():
        if again is not None:
            discard()
            return again(form)
        return _refused(form, target)
    try:
        operation()
    except DomainError as exc:
        discard()
        if again is not None:
            form.form_errors.append(str(exc))
            return again(form)
        flash(str(exc), "error")
    else:
        flash(success, "success")
    return redirect(target)


def _on_assignment_page(assignment_id: int, form_name: str):
    """Show the assignment page again (after a rollback) with the failed form in place."""
    def again(form: Form):
        assignment = db.session.get(Assignment, assignment_id)
        return detail_page(assignment, status=422, **{form_name: form})
    return again


def _conflict(kind: str, back_url: str, conflict: TextConflict, action_url: str):
    """The merge page: both texts, their differences and the editor prefilled with the
    user's text and the current version (saving it is an ordinary save)."""
    form = EditorForm(formdata=None, text=conflict.yours, version=conflict.current_version)
    place(form.text, "merged", "Zusammengeführte Fassung")
    return render_template(
        "contributions/conflict.html", kind=kind, back_url=back_url, action_url=action_url,
        theirs=conflict.current_text, yours=conflict.yours, form=form,
        diff=diff_lines(conflict.current_text, conflict.yours),
    ), 409


# --- contributions ---------------------------------------------------------------------

def submitted_message(assignment: Assignment, late: str = "") -> str:
    """What submitting did: a contributing office's text went to the lead office; the lead
    office's own text is the start of the answer it consolidates."""
    if assignment.role == AssignmentRole.LEAD:
        which = f" zu Frage {assignment.question.number}" if assignment.question else ""
        return (f"Ihre Zuarbeit ist abgeschlossen{late} und steht beim Konsolidieren als Anfang "
                f"der Antwort{which} bereit.")
    return f"Die Zuarbeit wurde an das federführende Amt übermittelt{late}."


@bp.route("/zuweisungen/<int:id>/beitrag", methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment")
def save(assignment: Assignment):
    form = EditorForm()
    back = url_for("assignments.detail", id=assignment.id)
    again = _on_assignment_page(assignment.id, "editor_form")
    if not form.validate_on_submit():
        discard()
        return again(form)
    action, text = form.chosen_action, form.posted_text
    try:
        ops.save(assignment, current_user, text, form.version.data)
        mails = ops.submit(assignment, current_user) if action == "submit" else []
        enqueue(mails, inquiry_id=assignment.inquiry_id, created_by=current_user)
        db.session.flush()  # a concurrent save shows here, in time for the merge page
    except TextConflict as conflict:
        discard()
        return _conflict("Zuarbeit", back, conflict, url_for("contributions.save", id=assignment.id))
    except (StaleDataError, IntegrityError):  # saved (or first created) by someone else meanwhile
        discard()
        current = db.session.get(Assignment, assignment.id).contribution
        return _conflict("Zuarbeit", back, TextConflict(current.text, current.version, text),
                         url_for("contributions.save", id=assignment.id))
    except DomainError as exc:
        discard()
        form.form_errors.append(str(exc))
        return again(form)
    contribution = assignment.contribution
    if action == "submit":
        if contribution.state.value == "awaiting_approval":
            flash("Die Zuarbeit liegt der Amtsleitung zur Freigabe vor.", "success")
        else:
            late = " (nach Ablauf der internen Frist)" if contribution.late else ""
            flash(submitted_message(assignment, late), "success")
    else:
        flash("Die Zuarbeit wurde gespeichert.", "success")
    return redirect(back)


@bp.route("/zuweisungen/<int:id>/beitrag/autosave", methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment")
def autosave(assignment: Assignment):
    form = EditorForm()
    if not form.validate_on_submit():
        discard()
        return jsonify(status="error", message=" ".join(
            m for messages in form.errors.values() for m in messages)), 422
    try:
        result = ops.save(assignment, current_user, form.posted_text, form.version.data,
                          autosave=True)
        db.session.flush()
    except (TextConflict, StaleDataError, IntegrityError):
        discard()
        return jsonify(status="conflict", message="Jemand anderes hat die Zuarbeit inzwischen "
                       "gespeichert. Bitte speichern Sie von Hand; Sie sehen dann beide Fassungen."), 409
    except DomainError as exc:
        discard()
        return jsonify(status="error", message=str(exc)), 422
    return jsonify(status="saved" if result.changed else "unchanged", version=result.version,
                   message="Entwurf automatisch gespeichert." if result.changed else "")


@bp.route("/zuweisungen/<int:id>/beitrag/versionen")
@load_object(Assignment, "can_view", to="assignment")
def revisions(assignment: Assignment):
    contribution = assignment.contribution
    if contribution is None or not assignment.can_view_contribution(current_user):
        abort(404 if contribution is None else 403)
    return _revisions_page(contribution.revisions, "Zuarbeit",
                           url_for("assignments.detail", id=assignment.id),
                           lambda n: url_for("contributions.restore", id=assignment.id, number=n),
                           assignment.can_work_on(current_user) and not assignment.is_closed)


@bp.route("/zuweisungen/<int:id>/beitrag/versionen/<int:number>/wiederherstellen",
          methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment")
def restore(assignment: Assignment, number: int):
    return _perform(ActionForm(), lambda: ops.restore(assignment, current_user, number),
                    f"Version {number} wurde als neue Version wiederhergestellt.",
                    url_for("assignments.detail", id=assignment.id))


def _revisions_page(revisions, kind: str, back_url: str, restore_url, can_restore: bool):
    numbers = [r.number for r in revisions]
    compare = CompareForm(request.args)
    compare.offer(numbers)
    a, b = compare.a.data, compare.b.data
    if len(numbers) >= 2 and a is None and b is None:
        a, b = compare.a.data, compare.b.data = numbers[-2], numbers[-1]
    by_number = {r.number: r for r in revisions}
    diff = None
    if a in by_number and b in by_number:
        diff = diff_lines(by_number[a].text, by_number[b].text)
    return render_template("contributions/revisions.html", revisions=revisions, kind=kind,
                           back_url=back_url, restore_url=restore_url, can_restore=can_restore,
                           diff=diff, a=a, b=b, compare=compare)


@bp.route("/beitraege/<int:id>/freigeben", methods=["POST"])
@load_object(Contribution, "can_approve", to="contribution")
def approve(contribution: Contribution):
    return _perform(ActionForm(), lambda: ops.approve(contribution, current_user),
                    "Die Zuarbeit wurde freigegeben. " + submitted_message(contribution.assignment),
                    url_for("assignments.detail", id=contribution.assignment_id))


@bp.route("/beitraege/<int:id>/zurueckgeben", methods=["POST"])
@load_object(Contribution, "can_approve", to="contribution")
def return_contribution(contribution: Contribution):
    form = HeadReturnForm()
    return _perform(
        form, lambda: ops.return_to_author(contribution, current_user, form.comment.data or ""),
        "Die Zuarbeit wurde mit Ihrem Kommentar an die Bearbeitung zurückgegeben.",
        url_for("assignments.detail", id=contribution.assignment_id),
        again=_on_assignment_page(contribution.assignment_id, "head_return_form"))


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@bp.route("/vorschau", methods=["POST"])
@login_required
def preview():
    form = PreviewForm()
    if not form.validate_on_submit():
        abort(400)
    text = form.text.data or ""
    if len(text) <= MAX_PREVIEW_CHARS:
        return jsonify(html=to_html(text))
    cut = text.rfind("\n", 0, MAX_PREVIEW_CHARS + 1)  # end the preview at a line break
    shown = text[: cut if cut > MAX_PREVIEW_CHARS // 2 else MAX_PREVIEW_CHARS]
    notice = (f'<p class="kern-hint app-preview-notice">Die Vorschau zeigt nur die ersten '
              f"{_thousands(len(shown))} Zeichen. Die übrigen {_thousands(len(text) - len(shown))} "
              "Zeichen werden nicht in der Vorschau angezeigt, beim Speichern aber vollständig "
              "übernommen.</p>")
    return jsonify(html=to_html(shown) + "\n" + notice)


# --- consolidation ----------------------------------------------------------------------

CONSOLIDATION_LOAD = (
    selectinload(Inquiry.questions),
    selectinload(Inquiry.answers).selectinload(Answer.questions),
    selectinload(Inquiry.answers).selectinload(Answer.revisions),
    selectinload(Inquiry.assignments).joinedload(Assignment.org_unit),
    selectinload(Inquiry.assignments).joinedload(Assignment.contribution),
)


@bp.route("/anfragen/<int:id>/antworten")
@load_object(Inquiry, "can_view_answers", to="inquiry", options=CONSOLIDATION_LOAD)
def consolidate(inquiry: Inquiry):
    # only shows: the answers are created when the assignments are sent
    return _consolidation_page(inquiry)


def _consolidation_page(inquiry: Inquiry, *, failed: Form | None = None,
                        answer_id: int | None = None):
    """The consolidation page; a form of it that failed (``failed``: an answer's editor or
    comment form with its ``answer_id``, or the grouping, remark or reopening form) is shown
    again with its errors and what was typed (status 422)."""
    answers = [a for a in inquiry.answers if a.questions]
    out_of_step = (inquiry.state.value == "routed" and answer_ops.answers_out_of_step(inquiry))
    editable = {a.id for a in answers if a.can_consolidate(current_user)}
    comments = db.session.scalars(
        sa.select(Comment).where(Comment.inquiry_id == inquiry.id)
        .options(joinedload(Comment.author).joinedload(User.org_unit))
        .order_by(Comment.created_at)
    ).all()
    by_question: dict[int | None, list[Comment]] = {}
    for comment in comments:
        by_question.setdefault(comment.question_id, []).append(comment)
    final = sum(1 for a in answers if a.is_final)
    answer_forms, comment_forms = {}, {}
    shown = {a.id for a in answers}  # where a failed form can be shown again
    if isinstance(failed, EditorForm):
        shown = editable if inquiry.state == InquiryState.ROUTED else set()
    if isinstance(failed, EditorForm | CommentForm) and answer_id not in shown:
        # its answer is gone (grouped meanwhile) or not editable here: the message on top
        for message in [*failed.form_errors, *(m for f in failed for m in f.errors)]:
            flash(message, "error")
    for answer in answers:
        editor = answer_forms[answer.id] = _answer_form(answer)
        note = comment_forms[answer.id] = _comment_form(answer)
        if failed is not None and answer.id == answer_id:
            if isinstance(failed, EditorForm):
                editor = answer_forms[answer.id] = failed
                place(editor.text, f"answer-{answer.id}", answer_label(answer))
                if isinstance(failed, AnswerEditorForm):
                    place(failed.confirm_merge, f"confirm-merge-{answer.id}",
                          failed.confirm_merge.label.text)
            elif isinstance(failed, CommentForm):
                comment_forms[answer.id] = failed
                place(failed.text, note.text.id, note.text.label.text)
    group_form = failed if isinstance(failed, GroupForm) else GroupForm(formdata=None)
    group_form.question.choices = [SelectChoice(q.id, f"Frage {q.number}")
                                   for q in inquiry.top_questions]
    remark_form = (failed if isinstance(failed, RemarkForm)
                   else RemarkForm(formdata=None, remark=inquiry.remark))
    reopen_form = failed if isinstance(failed, ReopenForm) else ReopenForm(formdata=None)
    parts: dict[int, list[Question]] = {}  # sub-questions a), b) (loaded with the questions)
    for question in inquiry.questions:
        if question.parent_id is not None:
            parts.setdefault(question.parent_id, []).append(question)
    # beside each answer being written: similar past questions; after an insert, its figures
    writing = [a for a in answers if a.id in editable and inquiry.state == InquiryState.ROUTED
               and not a.is_final]
    past = panels_for([q for a in writing for q in a.questions], current_user,
                      exclude_inquiry_id=inquiry.id)
    checked_id = int_or_none(request.args.get("antwort"))
    check = inserted_check(int_or_none(request.args.get("uebernommen")), current_user,
                           into_inquiry_id=inquiry.id) if checked_id else None
    return render_template(
        "contributions/consolidate.html", inquiry=inquiry, answers=answers, editable=editable,
        comments=by_question, final=final, out_of_step=out_of_step,
        may_sync=out_of_step and inquiry.can_consolidate(current_user),
        may_reopen="reopen_answers" in available_events(inquiry, current_user),
        contributions={q.id: answer_ops.submitted_contributions(q) for q in inquiry.top_questions},
        sources={a.id: answer_ops.sources(a) for a in answers},
        blocks=text_blocks(current_user.org_unit.descendant_ids()),
        answer_forms=answer_forms, comment_forms=comment_forms, group_form=group_form,
        remark_form=remark_form, reopen_form=reopen_form, parts=parts, past=past,
        check=check, checked_id=checked_id,
    ), 422 if failed is not None else 200


def answer_label(answer: Answer) -> str:
    """The label of an answer's text field: which question(s) it answers."""
    numbers = [q.number for q in answer.questions]
    if len(numbers) == 1:
        return f"Antwort auf Frage {numbers[0]}"
    return f"Gemeinsame Antwort auf die Fragen {', '.join(numbers[:-1])} und {numbers[-1]}"


def _answer_form(answer: Answer) -> AnswerEditorForm:
    form = AnswerEditorForm(formdata=None, text=answer.text, version=answer.version)
    place(form.text, f"answer-{answer.id}", answer_label(answer))
    place(form.confirm_merge, f"confirm-merge-{answer.id}", form.confirm_merge.label.text)
    return form


def _comment_form(answer: Answer) -> CommentForm:
    form = CommentForm(formdata=None, question_id=answer.questions[0].id)
    place(form.text, f"comment-{answer.id}", f"Kommentar zu Frage {answer.questions[0].number}")
    return form


def _again(inquiry_id: int, answer_id: int | None = None):
    """Show the consolidation page again with the failed form (after a rollback)."""
    return lambda form: _consolidation_page(db.session.get(Inquiry, inquiry_id), failed=form,
                                            answer_id=answer_id)


def _answer_back(answer: Answer) -> str:
    return url_for("contributions.consolidate", id=answer.inquiry_id, _anchor=f"antwort-{answer.id}")


@bp.route("/antworten/<int:id>", methods=["POST"])
@load_object(Answer, "can_view", to="answer")
def save_answer(answer: Answer):
    form = AnswerEditorForm()
    again = _again(answer.inquiry_id, answer.id)
    if not form.validate_on_submit():
        discard()
        return again(form)
    action, text = form.chosen_action, form.posted_text
    mails = []
    try:
        if action in ("save", "final"):
            if not answer.is_final:
                answer_ops.save_answer(answer, current_user, text, form.version.data)
            if action == "final":
                mails = answer_ops.set_final(answer, current_user, True,
                                             merge_confirmed=form.confirm_merge.data)
        elif action == "unfinal":
            mails = answer_ops.set_final(answer, current_user, False)
        elif action == "ungroup":
            answer_ops.ungroup(answer, current_user)
        else:
            abort(400)
        enqueue(mails, inquiry_id=answer.inquiry_id, created_by=current_user)
        db.session.flush()  # a concurrent save shows here, in time for the merge page
    except TextConflict as conflict:
        discard()
        return _conflict("Antwort", _answer_back(answer), conflict,
                         url_for("contributions.save_answer", id=answer.id))
    except StaleDataError:
        discard()
        current = db.session.get(Answer, answer.id)
        return _conflict("Antwort", _answer_back(current), TextConflict(current.text, current.version,
                         text), url_for("contributions.save_answer", id=answer.id))
    except DomainError as exc:
        discard()
        form.form_errors.append(str(exc))
        form.ask_merge = isinstance(exc, answer_ops.UneditedMerge)
        return again(form)
    messages = {"save": "Die Antwort wurde gespeichert.", "final": "Die Antwort ist endgültig.",
                "unfinal": "Die Antwort ist wieder in Bearbeitung.",
                "ungroup": "Die Fragen werden wieder einzeln beantwortet."}
    flash(messages[action], "success")
    if answer.inquiry.state.value == "answers_complete":
        flash("Alle Antworten sind endgültig. Die Abteilung Stadtratsangelegenheiten wird "
              "per E-Mail benachrichtigt.", "success")
        return redirect(url_for("inquiries.detail", id=answer.inquiry_id))
    return redirect(_answer_back(answer))


@bp.route("/antworten/<int:id>/versionen")
@load_object(Answer, "can_view", to="answer")
def answer_revisions(answer: Answer):
    return _revisions_page(answer.revisions, "Antwort", _answer_back(answer),
                           lambda n: url_for("contributions.restore_answer", id=answer.id, number=n),
                           answer.can_consolidate(current_user))


@bp.route("/antworten/<int:id>/versionen/<int:number>/wiederherstellen", methods=["POST"])
@load_object(Answer, "can_view", to="answer")
def restore_answer(answer: Answer, number: int):
    return _perform(ActionForm(), lambda: answer_ops.restore_answer(answer, current_user, number),
                    f"Version {number} wurde als neue Version wiederhergestellt.",
                    _answer_back(answer))


@bp.route("/anfragen/<int:id>/antworten/gruppieren", methods=["POST"])
@load_object(Inquiry, "can_view", to="inquiry")
def group(inquiry: Inquiry):
    form = GroupForm()
    if not form.validate_on_submit():
        discard()
        return _again(inquiry.id)(form)
    try:
        answer = answer_ops.group(inquiry, form.question.data, current_user)
    except DomainError as exc:
        discard()
        form.form_errors.append(str(exc))
        return _again(inquiry.id)(form)
    numbers = ", ".join(q.number for q in answer.questions)
    flash(f"Die Fragen {numbers} werden gemeinsam beantwortet.", "success")
    return redirect(_answer_back(answer))


@bp.route("/anfragen/<int:id>/antworten/abgleichen", methods=["POST"])
@load_object(Inquiry, "can_view", to="inquiry")
def sync_answers(inquiry: Inquiry):
    """Answers of data from before answers were created on sending: match them to the
    questions (lead office or council office, while the answers are being consolidated)."""
    return _perform(ActionForm(), lambda: answer_ops.resync(inquiry, current_user),
                    "Die Antworten passen wieder zu den Fragen.",
                    url_for("contributions.consolidate", id=inquiry.id))


@bp.route("/anfragen/<int:id>/antworten/oeffnen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def reopen(inquiry: Inquiry):
    form = ReopenForm()
    return _perform(form, lambda: answer_ops.reopen(inquiry, current_user, form.note.data or ""),
                    "Die Antworten sind wieder zur Bearbeitung geöffnet.",
                    url_for("contributions.consolidate", id=inquiry.id), again=_again(inquiry.id))


@bp.route("/anfragen/<int:id>/vorbemerkung", methods=["POST"])
@load_object(Inquiry, "can_view", to="inquiry")
def remark(inquiry: Inquiry):
    form = RemarkForm()
    return _perform(
        form, lambda: answer_ops.save_remark(inquiry, current_user, form.remark.data or ""),
        "Die Vorbemerkung wurde gespeichert.", url_for("contributions.consolidate", id=inquiry.id),
        again=_again(inquiry.id))


@bp.route("/anfragen/<int:id>/kommentare", methods=["POST"])
@load_object(Inquiry, "can_view", to="inquiry")
def comment(inquiry: Inquiry):
    """A comment from the consolidation page (refused: that page again with what was typed).
    A post naming another page of this site as ``back`` returns there (its message flashed)."""
    form = CommentForm()
    page = url_for("contributions.consolidate", id=inquiry.id)
    back = form.back_url(page)
    question_id = form.question_id.data
    question = db.session.get(Question, question_id) if question_id else None
    again = None
    if back == page:
        answer = next((a for a in inquiry.answers if question in a.questions), None)
        again = _again(inquiry.id, answer.id if answer else None)
    return _perform(
        form, lambda: answer_ops.add_comment(inquiry, question, current_user, form.text.data or ""),
        "Der Kommentar wurde gespeichert.", back, again=again)


@bp.route("/zuweisungen/<int:id>/kommentare", methods=["POST"])
@load_object(Assignment, "can_view", to="assignment")
def assignment_comment(assignment: Assignment):
    """A comment on the assignment's question, written on the assignment page (refused: that
    page again with the message and what was typed)."""
    form = CommentForm()
    return _perform(
        form, lambda: answer_ops.add_comment(assignment.inquiry, assignment.question, current_user,
                                             form.text.data or ""),
        "Der Kommentar wurde gespeichert.", url_for("assignments.detail", id=assignment.id),
        again=_on_assignment_page(assignment.id, "comment_form"))


# --- reuse: "Antwort übernehmen" beside the editors ---------------------------------------
# Each button is a submit button inside the editor's form (what was typed is posted along and
# kept) that posts here instead of to the save: an ordinary draft save of the typed text plus
# the past answer (loaded by the server, never taken from the post) and its provenance; the
# page then shows the inserted figures for checking.

CHECK_ANCHOR = "pruefen"


def _insert(form: EditorForm, insert, again, conflict):
    """Validate ``form`` and run ``insert(question_id, text, version)``; a refusal shows the
    page ``again(form)`` with the message and what was typed, a stale save the merge page.
    Returns (what was inserted, None) or (None, the page)."""
    if not form.validate_on_submit():
        discard()
        return None, again(form)
    try:
        past, _result = insert(form.reuse.data, form.posted_text, form.version.data)
        db.session.flush()  # a concurrent save shows here, in time for the merge page
    except TextConflict as exc:
        discard()
        return None, conflict(exc)
    except (StaleDataError, IntegrityError):  # saved (or first created) by someone else
        discard()
        return None, conflict(None)
    except DomainError as exc:
        discard()
        form.form_errors.append(str(exc))
        return None, again(form)
    flash(f"Die Antwort aus {past.number}, Frage {past.question_number} wurde an Ihren Text "
          "angehängt und als Entwurf gespeichert. Bitte prüfen Sie die markierten Zahlen und "
          "Daten.", "success")
    return past, None


@bp.route("/zuweisungen/<int:id>/beitrag/uebernehmen", methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment")
def insert_past_answer(assignment: Assignment):
    form = InsertForm()
    assignment_id = assignment.id
    back = url_for("assignments.detail", id=assignment_id)

    def conflict(exc: TextConflict | None):
        if exc is None:
            current = db.session.get(Assignment, assignment_id).contribution
            exc = TextConflict(current.text, current.version, form.posted_text)
        return _conflict("Zuarbeit", back, exc, url_for("contributions.save", id=assignment_id))

    past, page = _insert(
        form, lambda qid, text, version: reuse_ops.insert_into_contribution(
            assignment, current_user, qid, text, version),
        _on_assignment_page(assignment_id, "editor_form"), conflict)
    if page is not None:
        return page
    return redirect(url_for("assignments.detail", id=assignment_id, uebernommen=past.question.id,
                            _anchor=CHECK_ANCHOR))


@bp.route("/antworten/<int:id>/uebernehmen", methods=["POST"])
@load_object(Answer, "can_view", to="answer")
def insert_past_answer_into_answer(answer: Answer):
    form = InsertAnswerForm()
    answer_id, inquiry_id = answer.id, answer.inquiry_id

    def conflict(exc: TextConflict | None):
        if exc is None:
            current = db.session.get(Answer, answer_id)
            exc = TextConflict(current.text, current.version, form.posted_text)
        return _conflict("Antwort", _answer_back(db.session.get(Answer, answer_id)), exc,
                         url_for("contributions.save_answer", id=answer_id))

    past, page = _insert(
        form, lambda qid, text, version: reuse_ops.insert_into_answer(
            answer, current_user, qid, text, version),
        _again(inquiry_id, answer_id), conflict)
    if page is not None:
        return page
    return redirect(url_for("contributions.consolidate", id=inquiry_id, antwort=answer_id,
                            uebernommen=past.question.id, _anchor=f"{CHECK_ANCHOR}-{answer_id}"))
