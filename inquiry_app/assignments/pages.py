"""The assignment page, rendered by the assignment views and by the contribution views whose
forms it shows (editor, head's return, comment): a refused form is shown again on it (422)
with its error summary and what was typed."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, render_template, request
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from inquiry_app.assignments.forms import ForwardForm, ReturnForm
from inquiry_app.boundary import int_or_none
from inquiry_app.contributions.forms import CommentForm, EditorForm, HeadReturnForm
from inquiry_app.extensions import db
from inquiry_app.form_fields import place
from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Comment,
    ContributionState,
    OrgUnit,
)
from inquiry_app.reuse.panels import inserted_check, panels_for
from inquiry_app.textblocks.queries import text_blocks


def active_units() -> list[OrgUnit]:
    return db.session.scalars(sa.select(OrgUnit).where(OrgUnit.active).order_by(OrgUnit.code)).all()


def detail_page(assignment: Assignment, *, status: int = 200,
                return_form: ReturnForm | None = None, forward_form: ForwardForm | None = None,
                editor_form: EditorForm | None = None, head_return_form: HeadReturnForm | None = None,
                comment_form: CommentForm | None = None):
    """The assignment with its actions; a form given here (one that was refused) is shown
    with its errors and what was typed instead of an empty one."""
    inquiry = assignment.inquiry
    others = [a for a in inquiry.assignments
              if a.question_id == assignment.question_id and a.id != assignment.id
              and a.sent_at is not None]
    units = active_units()
    below_ids = assignment.org_unit.descendant_ids() - {assignment.org_unit_id}
    below = [u for u in units if u.id in below_ids]
    comments = db.session.scalars(
        sa.select(Comment).where(Comment.inquiry_id == inquiry.id,
                                 Comment.question_id == assignment.question_id)
        .options(joinedload(Comment.author)).order_by(Comment.created_at)
    ).all()
    return_form = return_form or ReturnForm(formdata=None)
    return_form.suggested_unit.choices = [SelectChoice("", "– keine Angabe –")] + [
        SelectChoice(u.id, u.label) for u in units if u.id != assignment.org_unit_id]
    forward_form = forward_form or ForwardForm(formdata=None)
    forward_form.target_unit.choices = [SelectChoice(u.id, u.label) for u in below]
    contribution = assignment.contribution
    actionable = (assignment.can_work_on(current_user)
                  and assignment.state in (AssignmentState.OPEN, AssignmentState.ACCEPTED))
    writable = actionable and (contribution is None or contribution.state == ContributionState.DRAFT)
    approvable = (contribution is not None
                  and contribution.state == ContributionState.AWAITING_APPROVAL
                  and assignment.state != AssignmentState.CLOSED
                  and contribution.can_approve(current_user))
    # a refused form the page no longer shows (the state moved on): its message on top
    for form, shown in ((editor_form, writable), (head_return_form, approvable),
                        (return_form, actionable), (forward_form, actionable)):
        if form is not None and not shown:
            for message in [*form.form_errors, *(m for f in form for m in f.errors)]:
                flash(message, "error")
    if editor_form is None:
        editor_form = EditorForm(formdata=None, text=contribution.text if contribution else "",
                                 version=contribution.version if contribution else None)
    place(editor_form.text, "text")
    comment_form = comment_form or CommentForm(formdata=None)
    place(comment_form.text, "comment-text", "Neuer Kommentar")
    # beside the editor: similar past questions; after an insert, its figures to check
    past = panels_for([assignment.question], current_user, exclude_inquiry_id=inquiry.id)[
        assignment.question_id] if writable and assignment.question else []
    check = inserted_check(int_or_none(request.args.get("uebernommen")), current_user,
                           into_inquiry_id=inquiry.id)
    return render_template(
        "assignments/detail.html", assignment=assignment, inquiry=inquiry, others=others,
        units=units, below=below, comments=comments, contribution=contribution,
        writable=writable, actionable=actionable, approvable=approvable,
        is_lead=assignment.role == AssignmentRole.LEAD,
        blocks=text_blocks(current_user.org_unit.descendant_ids()),
        may_consolidate=inquiry.can_consolidate(current_user),
        return_form=return_form, forward_form=forward_form, editor_form=editor_form,
        head_return_form=head_return_form or HeadReturnForm(formdata=None),
        comment_form=comment_form, past=past, check=check,
    ), status
