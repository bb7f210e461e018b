from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.engine import Dialog

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="session")
def dialog() -> Dialog:
    return Dialog.from_config(CONFIG)
