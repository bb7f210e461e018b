"""The bot with its dialog replaced by a trivial one: everything a turn does except the dialog
step and the NLP (signature, parsing, the two Redis scripts, saving the document, the case
hand-off on the 9th message, the outbox), to show what the rest of a turn costs.

    python tests/bench/serve_without_dialog.py PORT   (settings from the environment)
"""

from __future__ import annotations

import sys
from typing import Any

from bot.app import create_app
from bot.serve import _run_one
from bot.settings import load_settings
from dialogs.api import Effect, Say, Services, StepInput, StepResult

SUBMIT_WORD = "确认提交"  # the load's last message of an intake


class TrivialDialog:
    """Appends the message to the transcript and answers it; submits a case at SUBMIT_WORD."""

    def step(self, doc: dict[str, Any] | None, turn: StepInput, ctx: Services) -> StepResult:
        doc = dict(doc or {})
        lines = list(doc.get("transcript", []))
        lines.append({"role": "citizen", "text": turn.text, "time": turn.now.isoformat()})
        doc["transcript"] = lines
        effects: tuple[Effect, ...] = ()
        if turn.text == SUBMIT_WORD:
            effects = (Effect("submit", {"channel": turn.channel, "description": lines[0]["text"],
                                         "petitioner": {"phone": "13900000000"},
                                         "category": {"code": "other"}}),)
        return StepResult(doc=doc, replies=(Say(f"收到：{turn.text}"),), state="collect",
                          expecting="description", effects=effects)

    def ttl_seconds(self, doc: dict[str, Any]) -> int:
        return 7 * 86400


class NoClassifier:
    def analyze(self, text: str) -> Any:
        raise AssertionError("the trivial dialog never classifies")


if __name__ == "__main__":
    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(settings, dialog=TrivialDialog(), classifier=NoClassifier())
    _run_one(settings, "127.0.0.1", int(sys.argv[1]), reuse_port=False, app=app)
