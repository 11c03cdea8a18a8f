"""Fixtures of the digest tests."""

import pytest

from bot.store import Store
from tests.support.ledger import seeded


@pytest.fixture
def setup(store: Store):
    """Subscriptions and items seeded in `store` for a delivery round (tests/support/ledger.py)."""
    return seeded(store)
