"""One classifier per test session: loading jieba and training the default model takes a second."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.classifier import Classifier

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="session")
def config_dir() -> Path:
    return CONFIG_DIR


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    """The shipped default model (trained from config/nlp/examples/), default threshold."""
    return Classifier.load(CONFIG_DIR)
