"""Small shared helpers for models."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Current time in UTC, naive (stored as UTC everywhere)."""
    return datetime.now(UTC).replace(tzinfo=None)
