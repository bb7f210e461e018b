"""Fixtures of the channel tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    """httpx transport mocks for a platform's public API (the *_respx.py tests)."""
    with respx.mock(assert_all_called=False) as router:
        yield router
