"""A conversation driven to its end for the address tests of 14w (test_address_*_14w.py)."""

from __future__ import annotations

from tests.dialogs.fakes import Talk
from tests.dialogs.test_understand_qa14m import opened

# A fresh conversation: greeting, consent, then the story (the one driver of the dialog tests).
told = opened


def answer_all(t: Talk, defaults: dict[str, str], first: dict[str, list[str]] | None = None) -> list[str]:
    """Answer what the bot asks, by the field it expects (the answers in `first` before the
    defaults), and confirm the summary: the fields asked, in order."""
    queue = {k: list(v) for k, v in (first or {}).items()}
    asked: list[str] = []
    for _ in range(18):
        exp = t.results[-1].expecting
        if exp == "confirm":
            t.say("确认提交")
            break
        if exp not in defaults:
            break
        asked.append(exp)
        t.say(queue[exp].pop(0) if queue.get(exp) else defaults[exp])
    return asked


def submitted(t: Talk) -> dict:
    """The case the conversation registered."""
    sub = t.effects("submit")
    assert sub, "nothing was registered"
    return dict(sub[-1].payload)
