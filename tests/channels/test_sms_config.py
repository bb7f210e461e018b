"""config/sms.toml: keywords, sentences and their checks at start-up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.settings import CONFIG_DIR
from channels.sms_config import SmsConfigError, load_sms_config
from channels.sms_text import fits


def test_the_shipped_config_loads_and_every_sentence_fits_two_segments() -> None:
    config = load_sms_config(CONFIG_DIR)
    for name in ("help", "opted_out", "opted_in"):
        assert fits(config.say(name))
    assert config.office_phone in config.say("help")


@pytest.mark.parametrize(("text", "kind"), [
    ("STOP", "stop"), ("stop!", "stop"), ("  Stop All ", "stop"), ("退订", "stop"),
    ("td", "stop"), ("START", "start"), ("订阅", "start"), ("help", "help"), ("帮助？", "help"),
    ("取消", None), ("我想退订短信但是先说个事", None), ("", None), ("1", None),
])
def test_keywords_are_whole_messages(text: str, kind: str | None) -> None:
    assert load_sms_config(CONFIG_DIR).keyword(text) == kind


def _copy(tmp_path: Path) -> Path:
    shutil.copy(CONFIG_DIR / "sms.toml", tmp_path / "sms.toml")
    return tmp_path / "sms.toml"


def test_a_sentence_over_two_segments_is_refused_at_start(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('opted_in = "', 'opted_in = "' + "很长" * 70), encoding="utf-8")
    with pytest.raises(SmsConfigError, match="opted_in"):
        load_sms_config(tmp_path)


def test_missing_pieces_are_named(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("office_phone =", "# office_phone ="), encoding="utf-8")
    with pytest.raises(SmsConfigError, match="office_phone"):
        load_sms_config(tmp_path)
    path.write_text(text.replace("{office_phone}", "{office}"), encoding="utf-8")
    with pytest.raises(SmsConfigError, match="placeholder"):
        load_sms_config(tmp_path)
    with pytest.raises(SmsConfigError, match="cannot be read"):
        load_sms_config(tmp_path / "nowhere")
