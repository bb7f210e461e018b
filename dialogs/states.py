"""The declarative state table of the intake dialog.

Each state names what the bot is waiting for (`expecting`, sent to the web page), the sentence
that asks for it, and the states it may move to. The engine refuses at construction a table
that names an unknown state or a handler/prompt it does not have, and refuses at run time a
move the table does not declare, so the table and the README diagram (generated from it by
`dialogs.diagram`) cannot drift from the behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

# The fields collected, in the order they are asked when missing (also the order of the
# summary, the edit choices and the console's case form: the one definition).
FIELDS = ("description", "town", "address", "name", "phone", "request")
EXPECTING = (
    "consent", "description", "town", "address", "name", "anonymous", "phone", "request",
    "confirm", "rating",
)


@dataclass(frozen=True, slots=True)
class State:
    name: str
    expecting: str | None  # what the last question asked for (one of EXPECTING) or None
    prompt: str | None  # prompts.toml key that (re)asks this state's question
    goes_to: tuple[str, ...]  # declared moves; a group name stands for all its members
    note: str  # a few words for the diagram
    collecting: bool = False  # part of a draft: idle check applies, commands re-ask after
    slot: str | None = None  # the field this state asks for


COLLECT = "collect"  # group of the slot states: the engine asks for whatever is missing
# `fields.advance` moves to the next missing question, the repeat check or the summary, so a
# state that may call it declares all three (checked by tests/dialogs/test_config.py).
_AFTER_FIELD = (COLLECT, "repeat_check", "confirm", "edit_which")

TABLE: tuple[State, ...] = (
    State("new", None, None, ("consent", COLLECT), "新会话"),
    State("consent", "consent", "privacy", ("declined", COLLECT, "repeat_check", "confirm"),
          "隐私告知，征求同意", collecting=True),
    State("declined", None, None, ("consent",), "不同意：告知线下渠道"),
    State("ask_description", "description", "ask_description", _AFTER_FIELD, "问：发生了什么",
          collecting=True, slot="description"),
    State("ask_town", "town", "ask_town", _AFTER_FIELD, "问：哪个镇（街道）",
          collecting=True, slot="town"),
    State("ask_address", "address", "ask_address", _AFTER_FIELD, "问：具体地址",
          collecting=True, slot="address"),
    State("ask_name", "name", "ask_name", _AFTER_FIELD, "问：姓名",
          collecting=True, slot="name"),
    State("ask_anonymous", "anonymous", "ask_anonymous", _AFTER_FIELD, "问：姓名或匿名（举报）",
          collecting=True, slot="name"),
    State("ask_phone", "phone", "ask_phone", _AFTER_FIELD, "问：联系电话",
          collecting=True, slot="phone"),
    State("ask_request", "request", "ask_request", _AFTER_FIELD, "问：诉求",
          collecting=True, slot="request"),
    State("repeat_check", None, "repeat_ask", (COLLECT, "confirm", "edit_which"),
          "30天内同类在办：新问题还是补充", collecting=True),
    State("confirm", "confirm", "summary", ("submitted", "edit_which", COLLECT, "repeat_check"),
          "摘要，确认或修改", collecting=True),
    State("edit_which", None, "edit_which", (COLLECT, "repeat_check", "confirm"), "改哪一项",
          collecting=True),
    State("submitted", None, None, (COLLECT, "rating", "confirm", "repeat_check"),
          "已提交：编号与后续"),
    State("resume", None, "idle_offer", (COLLECT, "consent", "repeat_check", "confirm",
                                          "edit_which"), "闲置30分钟：继续或重来"),
    State("handoff", None, None, (COLLECT, "repeat_check", "confirm", "consent"),
          "人工处理：只记录留言"),
    State("rating", "rating", "rating_ask", ("rating_comment", "closed", "submitted", COLLECT,
                                              "consent", "confirm", "repeat_check"),
          "办结评价 1-5"),
    State("rating_comment", None, None, ("closed", "submitted"), "评价留言（可选）"),
    State("closed", None, None, ("consent", COLLECT, "rating", "confirm", "repeat_check"),
          "已取消/退订"),
)

GROUPS: dict[str, tuple[str, ...]] = {
    COLLECT: tuple(s.name for s in TABLE if s.slot is not None),
}

# Moves possible from every state, by anytime command or event.
ANYTIME: dict[str, str] = {
    "closed": "取消/算了/不弄了/退订",
    "handoff": "人工/转人工，或同一项答错3次",
    "consent": "重新开始（未同意时）",
    "ask_description": "重新开始（已同意）",
    "resume": "闲置超过30分钟",
    "rating": "有待评价的办结事项",
    "new": "草稿过期",
}

STATES: dict[str, State] = {s.name: s for s in TABLE}
SLOT_STATE: dict[str, str] = {
    "description": "ask_description", "town": "ask_town", "address": "ask_address",
    "name": "ask_name", "phone": "ask_phone", "request": "ask_request",
}


class StateTableError(ValueError):
    """The state table is inconsistent (unknown target, bad expecting, duplicate name)."""


def expand(targets: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for t in targets:
        out |= set(GROUPS.get(t, (t,)))
    return frozenset(out)


def validate(table: tuple[State, ...] = TABLE) -> None:
    names = [s.name for s in table]
    if len(set(names)) != len(names):
        raise StateTableError("state table: duplicate state names")
    known = set(names)
    for s in table:
        if s.expecting is not None and s.expecting not in EXPECTING:
            raise StateTableError(f"state {s.name}: unknown expecting {s.expecting!r}")
        if s.slot is not None and s.slot not in FIELDS:
            raise StateTableError(f"state {s.name}: unknown slot {s.slot!r}")
        for t in s.goes_to:
            if t not in known and t not in GROUPS:
                raise StateTableError(f"state {s.name}: moves to unknown state {t!r}")
    for t in ANYTIME:
        if t not in known:
            raise StateTableError(f"anytime move to unknown state {t!r}")
    for slot, st in SLOT_STATE.items():
        if st not in known or STATES[st].slot != slot:
            raise StateTableError(f"slot {slot}: no state asks for it")


_MOVES: dict[str, frozenset[str]] = {s.name: expand(s.goes_to) | set(ANYTIME) for s in TABLE}


def allowed(src: str, dst: str) -> bool:
    return dst == src or dst in _MOVES[src]
