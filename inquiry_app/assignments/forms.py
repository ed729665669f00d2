"""Forms of the routing plan and of an assignment's actions (return, forward)."""

from __future__ import annotations

from datetime import date

from wtforms import (
    BooleanField,
    Field,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import DateInput

from inquiry_app.assignments.operations import QuestionPlan
from inquiry_app.boundary import int_or_none
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
    """Per open question ``lead_<id>``, ``contrib_<id>`` (repeated) and ``due_<id>``; built
    for the inquiry's questions and units by :func:`plan_form`."""

    action = StringField()
    apply_all = BooleanField()

    def plans(self, questions) -> dict[int, QuestionPlan]:
        plans = {q.id: QuestionPlan(lead_id=self[f"lead_{q.id}"].data,
                                    contributor_ids=[i for i in self[f"contrib_{q.id}"].data or ()
                                                     if i],
                                    due_on=self[f"due_{q.id}"].data)
                 for q in questions}
        if self.apply_all.data and questions:
            first = plans[questions[0].id]
            for q in questions[1:]:
                plans[q.id] = QuestionPlan(first.lead_id, list(first.contributor_ids), first.due_on)
        return plans


def plan_form(questions, units, plans: dict[int, QuestionPlan] | None = None,
              default_due: date | None = None) -> PlanForm:
    """The plan form with one lead, contributors and due date field per question (the
    posted names stay ``lead_<question id>`` …); ``plans`` fill it when nothing was posted."""
    unit_choices = [SelectChoice(u.id, u.label) for u in units]
    fields = {}
    for q in questions:
        label = f"Frage {q.number}"
        fields[f"lead_{q.id}"] = SelectField(
            "Federführend", coerce=int_or_none, validate_choice=False,
            choices=[SelectChoice("", "– bitte wählen –"), *unit_choices])
        fields[f"contrib_{q.id}"] = SelectMultipleField(
            "Beteiligt", coerce=int_or_none, validate_choice=False, choices=unit_choices,
            render_kw={"size": 4})
        fields[f"due_{q.id}"] = PlanDateField("Interne Frist", question_label=label)
    form = type("QuestionPlanForm", (PlanForm,), fields)()
    if not form.is_submitted():
        for q in questions:
            plan = (plans or {}).get(q.id)
            if plan is not None:
                form[f"lead_{q.id}"].data = plan.lead_id
                form[f"contrib_{q.id}"].data = list(plan.contributor_ids)
                form[f"due_{q.id}"].data = plan.due_on or default_due
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
