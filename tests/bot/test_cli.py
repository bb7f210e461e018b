"""The `petition-bot` command line: one language (English) in every subcommand's help, and the
terminal chat — terminal wording, no debug text unless --debug, channel `cli` in its cases."""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from bot import keys
from bot.chat import chat, pick, render
from bot.cli import build_parser
from bot.messages import Reply, TurnResult
from bot.settings import CONFIG_DIR, Settings
from dialogs.prompts import CHANNELS, Prompts

EXE = Path(sys.executable).parent / "petition-bot"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

# A whole intake as typed at a terminal: numbers pick the listed options.
# (what was tried is asked after an account of wages withheld: answered)
INTAKE = ["1", "包工头欠了我们八个月工资，一共三万多，人找不到了", "去劳动站反映过 说让等着", "1", "建设村三组",
          "张三", "13912345679", "要回工资", "1"]


def _parsers(parser: argparse.ArgumentParser, path: str = "petition-bot"
             ) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_subcommands_help_is_english() -> None:
    parsers = dict(_parsers(build_parser()))
    # the commands of the SPEC, and the others registered by their areas
    assert {"petition-bot serve", "petition-bot chat", "petition-bot eval", "petition-bot train",
            "petition-bot staff add"} <= set(parsers)
    for path, parser in parsers.items():
        text = parser.format_help()
        assert not CJK.search(text), f"`{path} --help` is not English: {CJK.findall(text)}"
    top = build_parser()
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for choice in sub._choices_actions:  # every command is described in the overview
        assert choice.help, f"{choice.dest} has no help"


def test_help_from_the_console_script_names_the_first_steps() -> None:
    done = subprocess.run([str(EXE), "--help"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0 and not CJK.search(done.stdout)
    assert "staff add" in done.stdout and "/staff/" in done.stdout and "/web" in done.stdout


def test_the_terminal_wording_never_asks_to_tap_or_come_back_to_a_page() -> None:
    prompts = Prompts.from_toml(CONFIG_DIR / "prompts.toml")
    assert "cli" in CHANNELS
    names = prompts.keys()  # (Prompts is not a mapping)
    for key in names:
        p = prompts.get(key, "cli")
        for word in ("点“", "点下面", "点击", "本页面", "按钮"):
            assert word not in p.text, f"[{key}] says {word!r} in the terminal"
        if p.choices and ("回复“" in p.text):  # options are numbered there: say so
            assert re.search(r"回复 ?\d", p.text), f"[{key}] does not offer the numbers"


def test_a_number_picks_an_option_unless_it_is_one() -> None:
    assert pick("1", ("确认提交", "修改", "取消")) == "确认提交"
    assert pick("3", ("确认提交", "修改", "取消")) == "取消"
    assert pick("4", ("确认提交", "修改", "取消")) == "4"  # out of range: as typed
    assert pick("1", ("5", "4", "3", "2", "1")) == "1"  # a rating of 1, not the first option
    assert pick("13912345679", ()) == "13912345679"


def test_render_hides_the_dialog_state_unless_debugging() -> None:
    result = TurnResult(replies=(Reply(text="同意吗？", choices=("同意", "不同意")),),
                        state="consent", expecting="consent")
    plain = render(result)
    assert "  1. 同意" in plain and "  2. 不同意" in plain
    assert "consent" not in plain and "等待" not in plain
    assert "expecting=consent" in render(result, debug=True)


def _cases(redis_url: str) -> list[dict[str, Any]]:
    import redis as sync_redis

    client = sync_redis.Redis.from_url(redis_url)
    try:
        return [orjson.loads(client.hget(keys.case_record(cid.decode()), "body") or b"{}")
                for cid in client.hvals(keys.CASE_NUMBER_INDEX)]
    finally:
        client.close()


def test_chat_in_a_terminal_files_a_cli_case(tmp_path: Path, redis_url: str) -> None:
    env = {**os.environ, "PETITION_DATA_DIR": str(tmp_path / "data"),
           "PETITION_REDIS_URL": redis_url}
    env.pop("PETITION_CASE_WEBHOOK_URL", None)
    done = subprocess.run([str(EXE), "chat", "--user", "clerk"], input="\n".join(INTAKE) + "\n",
                          capture_output=True, text=True, env=env, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "（等待：" not in out and "[debug]" not in out
    assert "本页面" not in out and "点“" not in out
    assert "回复 1" in out  # numbered options, said in words too
    assert "已提交" in out and "JH-" in out
    cases = _cases(redis_url)
    assert [c["channel"] for c in cases] == ["cli"]
    assert cases[0]["petitioner"]["phone"] == "13912345679"
    # delivered before the chat ended (no webhook: the file sink), with the same channel,
    # unless the model sent it to staff review first
    sink = tmp_path / "data" / "cases.jsonl"
    if sink.exists():
        assert [orjson.loads(line)["channel"] for line in sink.read_text().splitlines()] == ["cli"]


async def test_chat_debug_shows_the_state(
        tmp_path: Path, make_settings: Callable[..., Settings]) -> None:
    out = io.StringIO()
    code = await chat(make_settings(), user="dev", debug=True, stdin=io.StringIO("1\n"),
                      stdout=out)
    assert code == 0
    text = out.getvalue()
    assert "[debug] state=consent expecting=consent" in text
    assert "expecting=description" in text  # after "1" (同意)


def test_cli_is_a_labelled_channel_in_the_console() -> None:
    import tomllib

    console = tomllib.loads((CONFIG_DIR / "console.toml").read_text(encoding="utf-8"))
    assert console["channels"]["cli"] == "终端"
    assert set(CHANNELS) <= set(console["channels"])  # every channel the dialog knows


def test_ctrl_c_ends_the_chat_at_once_without_a_traceback(tmp_path: Path, redis_url: str) -> None:
    import pty
    import select
    import signal
    import time

    env = {**os.environ, "PETITION_DATA_DIR": str(tmp_path / "data"),
           "PETITION_REDIS_URL": redis_url}
    main, child = pty.openpty()
    proc = subprocess.Popen([str(EXE), "chat", "--user", "ctrl-c"], stdin=child, stdout=child,
                            stderr=child, env=env)
    os.close(child)
    seen = b""

    def read(until: Callable[[], bool], seconds: float) -> None:
        nonlocal seen
        deadline = time.monotonic() + seconds
        while not until() and time.monotonic() < deadline:
            if select.select([main], [], [], 0.2)[0]:
                try:
                    seen += os.read(main, 65536)
                except OSError:  # the child closed the terminal
                    return

    try:
        read(lambda: "不同意".encode() in seen, 120)  # waiting for the citizen's answer
        assert "不同意".encode() in seen
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        read(lambda: proc.poll() is not None, 10)  # (ends early when the terminal closes)
        assert proc.wait(timeout=10) == 130 and time.monotonic() - started < 10
        assert b"Traceback" not in seen
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
