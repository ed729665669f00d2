"""The app's deadline settings applied to the pure calculations in ``calc``."""

from __future__ import annotations

from datetime import date

from flask import current_app

from inquiry_app.deadlines.calc import DeadlineComputation, due_date, subtract_working_days


def subdivision() -> str:
    return current_app.config["HOLIDAY_SUBDIVISION"]


def answer_due(received_on: date) -> DeadlineComputation:
    """The inquiry's due date from its received date and the configured answer period."""
    return due_date(received_on, weeks=current_app.config["ANSWER_PERIOD_WEEKS"],
                    subdiv=subdivision())


def internal_due(due_on: date) -> date:
    """Default internal due date: the configured number of working days before ``due_on``."""
    days = current_app.config["INTERNAL_DEADLINE_WORKING_DAYS"]
    return subtract_working_days(due_on, days, subdiv=subdivision()).result
