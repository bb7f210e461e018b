"""The one way a case leaves a conversation: the dialog's "submit" effect (bot/pipeline.py) and
staff creating a case from a handed-over conversation (bot/console/actions.py) both call
`submit_case`, so both cap the conversation's case list and count the metric."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable
from datetime import datetime
from typing import Any

from bot import metrics
from bot.cases import CaseStore, case_id_for

log = logging.getLogger("petition.cases")

MAX_CASE_BRIEFS = 10  # case ids kept in a conversation's meta (for 查询/进度, newest first)


async def submit_case(cases: CaseStore, case: dict[str, Any], *, conversation_key: str,
                      meta: dict[str, Any], needs_review: bool, now: datetime,
                      deferred: list[Awaitable[Any]] | None = None) -> str:
    """Give `case` its id (from the conversation and its current draft), submission time and
    first-message time, submit it, remember it in `meta` (capped) and start the citizen's next
    draft; returns the case number. A re-run for the same draft yields the same case id, which
    the case store does not submit twice. `deferred`: as CaseStore.submit's."""
    case["case_id"] = case_id_for(conversation_key, str(meta.get("draft", "")))
    case["submitted_at"] = now.isoformat()
    case.setdefault("first_message_at", meta.get("created"))
    number = await cases.submit(case, conversation_key=conversation_key,
                                needs_review=needs_review, submitted_at=now,
                                deferred=deferred)
    briefs = meta.setdefault("cases", [])
    if case["case_id"] in briefs:
        briefs.remove(case["case_id"])
    briefs.insert(0, case["case_id"])
    del briefs[MAX_CASE_BRIEFS:]
    meta["draft"] = uuid.uuid4().hex  # the citizen's next petition is a new case
    metrics.CASES.inc(case.get("channel", ""), "review" if needs_review else "queued")
    log.info("case submitted case_id=%s review=%s", case["case_id"], needs_review)
    return str(number)
