"""The dialog's configuration: prompts.toml and towns.toml checked at construction, the state
table validated, the SMS variants short enough, the README diagram generated from the table."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dialogs import diagram, wording
from dialogs.engine import Dialog
from dialogs.prompts import SMS_LIMIT, PromptError, Prompts
from dialogs.states import (
    ANYTIME,
    COLLECT,
    GROUPS,
    STATES,
    TABLE,
    State,
    StateTableError,
    expand,
    validate,
)

CONFIG = Path(__file__).resolve().parents[2] / "config"
ROOT = CONFIG.parent

# Typical (long-ish) values for every placeholder, to measure the SMS variants.
SAMPLE = {
    "retention_days": 7, "fields": "电话、镇（街道）、姓名", "old": "陈桥", "town": "金北街道",
    "digits": 13, "max_chars": 2000, "description_short": "路" * 23 + "…",
    "place": "金北街道 建设村三组", "name": "欧阳娜娜", "phone": "0517-86901234",
    "request_short": "希" * 15 + "…", "case_number": "JH-20261126-0042", "date": "11月20日",
    "status": "已提交，等待受理", "due": "2026年12月1日 12:00前", "advice": "请向县劳动人事争议仲裁委员会申请仲裁。",
    "field": "镇（街道）", "what": "图片", "count": 3, "number": "JH-20261126-0042",
    "message": "已转住建局办理。", "description": "路" * 120, "request": "希" * 80, "extra": "",
}


def copy_config(tmp_path: Path) -> Path:
    for name in ("prompts.toml", "towns.toml"):
        shutil.copy(CONFIG / name, tmp_path / name)
    return tmp_path


def test_from_config_builds() -> None:
    d = Dialog.from_config(CONFIG, idle_minutes=10, retention_days=3, max_chars=500,
                           max_attempts=2)
    assert d.retention_days == 3 and d.max_chars == 500 and d.max_attempts == 2


def test_missing_sentence_is_a_clear_error(tmp_path: Path) -> None:
    cfg = copy_config(tmp_path)
    text = (cfg / "prompts.toml").read_text(encoding="utf-8")
    text = re.sub(r"\n\[ask_phone\]\n[^\[]*", "\n", text)
    (cfg / "prompts.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PromptError, match=r"\[ask_phone\]"):
        Dialog.from_config(cfg)


def test_choices_read_by_position_must_all_be_there(tmp_path: Path) -> None:
    cfg = copy_config(tmp_path)
    text = (cfg / "prompts.toml").read_text(encoding="utf-8")
    text = text.replace('choices = ["事情经过", "镇（街道）", "地址", "姓名", "电话", "诉求"]',
                        'choices = ["事情经过", "地址"]')
    (cfg / "prompts.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PromptError, match=r"\[edit_which\] needs exactly 6 choices"):
        Dialog.from_config(cfg)


def test_missing_word_is_a_clear_error(tmp_path: Path) -> None:
    cfg = copy_config(tmp_path)
    text = (cfg / "prompts.toml").read_text(encoding="utf-8")
    (cfg / "prompts.toml").write_text(text.replace('field_phone = "电话"\n', ""), "utf-8")
    with pytest.raises(PromptError, match="words.field_phone"):
        Dialog.from_config(cfg)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[greeting]\ntext = "你好{name"\n', "greeting"),
        ('[greeting]\ntext = "你好{0}"\n', "bad placeholder"),
        ('[greeting]\ntext = ""\n', "non-empty"),
        ('[greeting]\ntext = "你好"\ncolour = "red"\n', "unknown keys"),
        ('[greeting]\ntext = "你好"\nchoices = "同意"\n', "list of strings"),
        ('greeting = "你好"\n', "must be a table"),
        ("[greeting\n", "cannot read"),
    ],
)
def test_malformed_prompts(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "prompts.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(PromptError, match=re.escape(message)):
        Prompts.from_toml(tmp_path / "prompts.toml")


def test_missing_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="prompts.toml"):
        Dialog.from_config(tmp_path)
    shutil.copy(CONFIG / "prompts.toml", tmp_path / "prompts.toml")
    with pytest.raises(ValueError, match="towns.toml"):
        Dialog.from_config(tmp_path)


@pytest.mark.parametrize("kwargs", [{"idle_minutes": 0}, {"retention_days": -1},
                                    {"max_chars": 10}, {"max_attempts": 0}])
def test_bad_settings(kwargs) -> None:
    with pytest.raises(ValueError, match="dialog settings"):
        Dialog.from_config(CONFIG, **kwargs)


def test_state_table_is_valid_and_checked() -> None:
    validate()
    broken = (*TABLE, State("limbo", None, None, ("nowhere",), "坏的"))
    with pytest.raises(StateTableError, match="nowhere"):
        validate(broken)
    with pytest.raises(StateTableError, match="expecting"):
        validate((*TABLE, State("odd", "colour", None, (), "坏的")))
    with pytest.raises(StateTableError, match="duplicate"):
        validate((*TABLE, TABLE[0]))


def test_states_that_advance_declare_where_advance_goes() -> None:
    advance_targets = expand((COLLECT, "repeat_check", "confirm"))
    for name in ("consent", "repeat_check", "confirm", "edit_which", "handoff", "resume",
                 "submitted", "closed", "rating", *GROUPS[COLLECT]):
        missing = advance_targets - expand(STATES[name].goes_to) - {name}
        assert not missing, (name, missing)


def test_every_state_question_exists_and_expecting_matches_question() -> None:
    names = set(Prompts.from_toml(CONFIG / "prompts.toml").keys())
    for s in TABLE:
        if s.expecting is not None:
            assert s.prompt is not None, s.name  # waiting for something means asking for it
        if s.prompt:
            assert s.prompt in names


def test_no_unused_sentences() -> None:
    """Every sentence in prompts.toml is said somewhere (no dead wording to maintain)."""
    prompts = Prompts.from_toml(CONFIG / "prompts.toml")
    used = set(wording.PROMPTS) | {s.prompt for s in TABLE if s.prompt}
    assert set(prompts.keys()) - used == set()


def test_sentences_are_chinese_and_sms_variants_fit() -> None:
    prompts = Prompts.from_toml(CONFIG / "prompts.toml")
    too_long = []
    names = prompts.keys()
    for key in names:
        for ch in ("", "wechat", "sms", "qq", "web", "cli"):
            p = prompts.get(key, ch)
            assert re.search(r"[\u4e00-\u9fff]", p.text), key
            short = prompts.say(key, ch, **SAMPLE).short
            if len(short) > SMS_LIMIT:
                too_long.append((key, ch, len(short)))
    assert too_long == []


def test_channel_variants() -> None:
    prompts = Prompts.from_toml(CONFIG / "prompts.toml")
    assert prompts.get("notify", "qq").text != prompts.get("notify", "wechat").text
    assert "{case_number}" in prompts.get("notify", "qq").text
    assert prompts.get("notify", "sms").short == prompts.get("notify", "sms").text  # no short
    # An unknown placeholder is left for the pipeline instead of failing.
    assert prompts.say("submitted").text.count("{case_number}") == 1


def test_town_choices_come_from_the_gazetteer(dialog) -> None:
    names = [t.name for t in dialog.gazetteer.towns]
    assert names == ["黎城街道", "戴楼街道", "金北街道", "金南镇", "塔集镇", "银涂镇", "前锋镇",
                     "吕良镇"]


def test_diagram_has_every_state_and_move() -> None:
    text = diagram.mermaid()
    assert text.startswith("flowchart TD\n")
    for name in STATES:
        assert f"{name}[" in text
    for s in TABLE:
        if s.slot is None:
            for dst in expand(s.goes_to):
                target = "collect" if STATES[dst].slot else dst
                if target != s.name:
                    assert f"{s.name} --> {target}" in text, (s.name, target)
    for dst in ANYTIME:
        assert f'.-> {"collect" if STATES[dst].slot else dst}' in text


def test_diagram_module_prints() -> None:
    out = subprocess.run([sys.executable, "-m", "dialogs.diagram"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert out == diagram.mermaid()


def test_dialog_is_pure() -> None:
    """dialogs/ and nlp/entities import neither aiohttp nor redis (checked in a fresh process)."""
    code = ("import sys, dialogs.engine, dialogs.diagram, nlp.entities; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'redis')]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "[]"


def test_dialogs_readme_has_the_current_diagram() -> None:
    readme = (ROOT / "dialogs" / "README.md").read_text(encoding="utf-8")
    assert "```mermaid\n" + diagram.mermaid() + "```" in readme, (
        "run `python -m dialogs.diagram` and paste it into dialogs/README.md")
