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
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model dir without an installed model: the default model trained by the first load is
    cached there (model_cache/default-<digest>/), so later loads in the session reuse it."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="session")
def classifier(model_cache: Path) -> Classifier:
    """The shipped default model (trained from config/nlp/examples/), default threshold."""
    return Classifier.load(CONFIG_DIR, model_cache)
