"""Shared exception types of the drafting library."""

from __future__ import annotations


class DraftingInputError(Exception):
    """Bad input with a German message meant for the user (CLI prints it, web shows it)."""


class ReplyNotRecognised(DraftingInputError):
    """A text in which no reply to an inquiry (questions, answers, an interim notice) is found."""
