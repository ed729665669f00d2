"""Where in the web app each workflow event is carried out: the endpoint (taking the
inquiry id) the inquiry page links to for an event. Endpoint names belong to the web layer,
so they live here and not in :mod:`inquiry_app.workflow`, which knows only states, events
and roles."""

from __future__ import annotations

EVENT_PAGES = {
    "confirm_split": "intake.split_editor",
    "send_assignments": "assignments.plan",
    "reassign": "assignments.plan",
    "complete_answers": "contributions.consolidate",
    "reopen_answers": "contributions.consolidate",
    "create_draft": "letters.letter",
    "submit_for_review": "letters.letter",
    "approve_review": "letters.letter",
    "complete_review": "letters.letter",
    "return_draft": "letters.letter",
    "recall_review": "letters.letter",
    "reassign_review": "letters.letter",
    "revise_draft": "letters.letter",
    "sign": "letters.letter",
    "dispatch": "letters.letter",
    "publish": "letters.letter",
    "issue_interim": "letters.letter",
    "withdraw": "letters.letter",
}

# The section of the target page whose form carries the step out (the page is long).
EVENT_ANCHORS = {
    "withdraw": "withdraw-heading",
    "recall_review": "recall-heading",
    "issue_interim": "interim-heading",
}
