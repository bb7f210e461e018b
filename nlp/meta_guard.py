"""A message that tells the matter is never only talk about the talk (issue 14, round 8, 14cmd).

The readers of meta-talk (a question about the intake, a refusal of the name) fire on words
that a story holds too: 实名 and the 哪 of "钱不知道去哪了" in "实名举报村支书 拿集体的地私自租给
老板 钱不知道去哪了" make a question about anonymity of it; 匿名举报 before "村干部优亲厚友 危房改造
名额给了有楼房的人" a refusal of the name. The clause reader (nlp.clauses: a model learnt over a
labelled corpus of clauses, `account` or `meta`) says which clauses surely tell the matter. For
a message of two clauses or more, read as a process question or a refusal:

- when one of its clauses, read alone, gives the same reading, the remark is real and stands;
  only a refusal said while the matter is asked for, beside clauses that tell it, gives way to
  the story (the dialog's story path keeps the choice of anonymity and cleans it out);
- when no clause alone gives it nor any other talk about the talk (the reading came from words
  spread over the matter) and some clause surely tells the matter, the message is the story, or,
  asked what the citizen wants, the request.

    guarded(u, "实名举报村支书 拿集体的地私自租给老板 钱不知道去哪了", "description", r) -> story

Requests for a person and commands have guards of their own (nlp.understanding, dialogs.commands).
Pure (the understanding's readers only).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol, TypeVar

from nlp.clauses import ClauseReader
from nlp.hanzi import cjk_count


class _Reading(Protocol):
    """What the guard reads of nlp.understanding.Reading (a frozen dataclass): typed here by
    its shape, so that this module does not import nlp.understanding, which imports it."""
    @property
    def kind(self) -> str: ...
    @property
    def topic(self) -> str | None: ...


Reading = TypeVar("Reading", bound=_Reading)


class Understanding(Protocol):
    """What the guard uses of nlp.understanding.Understanding."""
    clauses: ClauseReader | None
    def punctuated(self, text: str) -> str: ...
    def interpret(self, text: str, expecting: str = "") -> Any: ...

META_KINDS = frozenset({"process", "refusal"})  # (commands and persons have their own guards)
_ACCOUNT_MIN = 5  # ideographs an account clause needs to count as the matter told
_ACCOUNT_MAX = 0.2  # the clause model's probability of meta below which a clause surely tells it
_STORY_ASKED = ("description", "")
_TALK = frozenset({"process", "refusal", "human", "command"})


def guarded(u: Understanding, text: str, expecting: str, r: Reading) -> Reading:
    """`r`, or the matter's reading when the meta reading came from the words of the matter."""
    reader = u.clauses
    if r.kind not in META_KINDS or reader is None or cjk_count(text) < 2 * _ACCOUNT_MIN:
        return r
    clauses = reader.read(u.punctuated(text))
    if len(clauses) < 2:
        return r  # (one clause: the readers' own guards decide)
    told = [c for c in clauses if c.meta < _ACCOUNT_MAX and cjk_count(c.text) >= _ACCOUNT_MIN]
    if not told:
        return r  # no clause surely tells the matter (most questions and refusals: cheap)
    alone = [u.interpret(c.text, expecting) for c in clauses]
    said = [c for c, a in zip(clauses, alone) if _same(a, r)]
    if said:
        # a clause says it alone: the remark is real; while the matter is asked for, a refusal
        # beside the matter told gives way to it ("匿名反映一下 镇上菜市场门口天天有人占道卖鱼…")
        if r.kind == "refusal" and expecting in _STORY_ASKED and any(c not in said for c in told):
            return _story(r)
        return r
    if any(a.kind in _TALK for a in alone):
        # a clause is talk about the talk of another kind ("…你们能不能安排个工作人员跟他直接
        # 联系…" read whole as a question about channels): the dialog's readers decide
        return r
    if expecting == "request":
        return replace(_dc(r), kind="answer", confidence=1.0, field="request",
                       value=text.strip("，,。.！!？?；;、 \n~～…"), topic=None, sure=True)
    return _story(r)


def _dc(r: Reading) -> Any:
    return r  # (a Reading is a dataclass; the Protocol does not say so)


def _same(a: _Reading, b: _Reading) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind in ("process", "command"):
        return a.topic == b.topic
    return True


def _story(r: Reading) -> Reading:
    return replace(_dc(r), kind="story", confidence=1.0, field=None, value=None, old=None, topic=None,
                   sure=True)
