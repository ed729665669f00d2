"""Fixtures of the search tests."""

from __future__ import annotations

import pytest

from tests import factories as f


@pytest.fixture
def w(app, session):
    """A small administration of its own (tests/factories.py)."""
    return f.world()
