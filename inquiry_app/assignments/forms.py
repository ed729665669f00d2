"""Forms of the routing plan and of an assignment's actions (return, forward)."""

from __future__ import annotations

from datetime import date

from wtforms import (
    BooleanField,
    Field,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import DateInput

from inquiry_app.assignments.operations import QuestionPlan
from inquiry_app.boundary import int_or_none
from inquiry_app.form_fields import CheckboxListField
from inquiry_app.forms import Form, date_range_error
from inquiry_app.validators import Confirmed


class PlanDateField(Field):
    """An internal due date (``type="date"``, ISO); empty is "the default"."""

    widget = DateInput()

    def __init__(self, label=None, validators=None, *, question_label: str = "", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.question_label = question_label

    def process_formdata(self, valuelist):
        value = (valuelist[0] if valuelist else "").strip()
        if not value:
            self.data = None
            return
        try:
            self.data = date.fromisoformat(value)
        except ValueError:
            self.data = None
            raise ValueError(f"{self.question_label}: Bitte geben Sie ein gültiges "
                             "Datum an.") from None

    def pre_validate(self, form):
        if self.data is not None:
            message = date_range_error(self.data, self.question_label)
            if message:
                raise ValidationError(message)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""


class PlanForm(Form):
    """Per open question ``lead_<id>``, ``contrib_<id>`` (checkboxes, one per unit, the
    values unit ids) and ``due_<id>``; a question with sub-questions also ``split_<id>``
    ("Teilfragen einzeln zuweisen") and the same three fields per sub-question id. Built for
    the inquiry's questions and units by :func:`plan_form`."""

    action = StringField()
    apply_all = BooleanField()
    # set by plan_form: question id -> the sub-questions routable now; questions that are
    # routed by sub-questions already (no choice left)
    question_parts: dict[int, list] = {}
    split_fixed: frozenset[int] = frozenset()

    def is_split(self, question_id: int) -> bool:
        if not self.question_parts.get(question_id):
            return False
        return question_id in self.split_fixed or bool(self[f"split_{question_id}"].data)

    def _plan(self, question_id: int) -> QuestionPlan:
        return QuestionPlan(lead_id=self[f"lead_{question_id}"].data,
                            contributor_ids=list(self[f"contrib_{question_id}"].data or ()),
                            due_on=self[f"due_{question_id}"].data)

    def plans(self, questions) -> dict[int, QuestionPlan]:
        plans = {}
        for q in questions:
            plans[q.id] = plan = self._plan(q.id)
            if self.is_split(q.id):
                plan.parts = {p.id: self._plan(p.id) for p in self.question_parts[q.id]}
        if self.apply_all.data and questions:
            # the first row's choice (its first sub-question's when it is routed by them)
            first = plans[questions[0].id]
            model = next(iter(first.parts.values())) if first.parts else first

            def copy() -> QuestionPlan:
                return QuestionPlan(model.lead_id, list(model.contributor_ids), model.due_on)

            for q in questions[1:]:
                plan = copy()
                plan.parts = {part_id: copy() for part_id in plans[q.id].parts}
                plans[q.id] = plan
        return plans


def _question_fields(fields: dict, question, unit_choices) -> None:
    label = f"Frage {question.full_number}"
    fields[f"lead_{question.id}"] = SelectField(
        "Federführend", coerce=int_or_none, validate_choice=False,
        choices=[SelectChoice("", "– bitte wählen –"), *unit_choices])
    fields[f"contrib_{question.id}"] = CheckboxListField("Beteiligt", choices=unit_choices)
    fields[f"due_{question.id}"] = PlanDateField("Interne Frist", question_label=label)


def _fill(form: PlanForm, question_id: int, plan: QuestionPlan, default_due: date | None) -> None:
    form[f"lead_{question_id}"].data = plan.lead_id
    form[f"contrib_{question_id}"].data = list(plan.contributor_ids)
    form[f"due_{question_id}"].data = plan.due_on or default_due


def plan_form(questions, units, plans: dict[int, QuestionPlan] | None = None,
              default_due: date | None = None, *, parts: dict[int, list] | None = None,
              split: set[int] | frozenset[int] = frozenset(),
              split_fixed: set[int] | frozenset[int] = frozenset()) -> PlanForm:
    """The plan form with one lead, contributors and due date field per question (the
    posted names stay ``lead_<question id>`` …) and per routable sub-question (``parts``:
    question id -> sub-questions); ``plans`` fill it when nothing was posted (their
    ``parts`` the sub-questions' rows), ``split``/``split_fixed`` tick "Teilfragen einzeln
    zuweisen" (``split_fixed``: no choice left, the box is not shown)."""
    unit_choices = [SelectChoice(u.id, u.label) for u in units]
    parts = {q.id: list((parts or {}).get(q.id, ())) for q in questions}
    fields = {}
    for q in questions:
        _question_fields(fields, q, unit_choices)
        if parts[q.id]:
            fields[f"split_{q.id}"] = BooleanField("Teilfragen einzeln zuweisen")
            for part in parts[q.id]:
                _question_fields(fields, part, unit_choices)
    form = type("QuestionPlanForm", (PlanForm,), fields)()
    form.question_parts = parts
    form.split_fixed = frozenset(split_fixed)
    if not form.is_submitted():
        for q in questions:
            plan = (plans or {}).get(q.id)
            if plan is None:
                continue
            _fill(form, q.id, plan, default_due)
            if parts[q.id]:
                form[f"split_{q.id}"].data = q.id in split or q.id in form.split_fixed
                for part in parts[q.id]:
                    _fill(form, part.id, plan.parts.get(part.id) or QuestionPlan(None), default_due)
    if questions:
        form.apply_all.label.text = (f"Auswahl der Frage {questions[0].number} für alle Fragen "
                                     "übernehmen")
    return form


class ReturnForm(Form):
    """"Nicht zuständig? Zurückgeben"."""

    reason = TextAreaField("Begründung",
                           validators=[DataRequired("Bitte begründen Sie die Rückgabe.")])
    suggested_unit = SelectField("Zuständig ist vermutlich", coerce=int_or_none,
                                 validate_choice=False)
    confirm = BooleanField(
        "Ja, die Zuweisung an die Abteilung Stadtratsangelegenheiten zurückgeben",
        id="return-confirm",
        validators=[Confirmed("Bitte bestätigen Sie, dass Sie die Zuweisung zurückgeben wollen.")],
    )


class ForwardForm(Form):
    """"An eine untergeordnete Einheit weitergeben"."""

    target_unit = SelectField(
        "Einheit", coerce=int_or_none, validate_choice=False,
        validators=[DataRequired("Bitte wählen Sie die Einheit, an die Sie weitergeben.")],
    )
