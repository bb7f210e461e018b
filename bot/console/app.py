"""The console object (app[appkeys.STAFF]): its words, taxonomy, accounts and actions."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from aiohttp import web

from bot import appkeys, keys, situation_counts
from bot.cases import CaseStore
from bot.console.actions import _UPDATE_IF_STATUS, Actions
from bot.console.auth import Accounts
from bot.console.text import ConsoleText
from bot.store import ConversationStore
from dialogs.case import analysis_to_dict
from nlp.colour import ColourRule
from nlp.entities import Gazetteer
from nlp.taxonomy import Taxonomy

log = logging.getLogger("petition.console")


class Console:
    """Built at app construction; Redis-backed parts are bound when Redis is up (`bind`)."""

    def __init__(self, app: web.Application):
        self.app = app
        settings = app[appkeys.SETTINGS]
        self.settings = settings
        self.text = ConsoleText.load(settings.config_dir)
        # The same loaders (and checks) as the classifier's and the dialog's.
        self.taxonomy = Taxonomy.load(settings.config_dir / "taxonomy.toml")
        # The county's 四色 rule, to re-colour a case when staff change its nature or category.
        self.colour_rule = ColourRule.load(settings.config_dir / "colour_rule.toml",
                                           frozenset(n.name for n in self.taxonomy.natures))
        towns = Gazetteer.from_toml(settings.config_dir / "towns.toml").towns
        self.towns: tuple[str, ...] = tuple(t.name for t in towns)
        self.secure_cookie = settings.public_url.startswith("https://")
        self.actions = Actions(self)
        self._accounts: Accounts | None = None
        self._update: Any = None

    async def bind(self) -> None:
        redis = self.app[appkeys.REDIS]
        self._accounts = Accounts(redis, self.settings.staff)
        self._update = redis.register_script(_UPDATE_IF_STATUS)
        # Once per Redis: count the cases recorded before the situation counters existed.
        await situation_counts.count_existing(redis, ZoneInfo(self.settings.timezone))

    @property
    def redis(self) -> Any:
        return self.app[appkeys.REDIS]

    @property
    def store(self) -> ConversationStore:
        return self.app[appkeys.STORE]

    @property
    def cases(self) -> CaseStore:
        return self.app[appkeys.CASES]

    @property
    def accounts(self) -> Accounts:
        if self._accounts is None:
            raise RuntimeError("console used before Redis was connected")
        return self._accounts

    async def update_case(self, case_id: str, expect_status: str, body: dict[str, Any], *,
                          status: str = "", queue_item: str = "", field: str = "status") -> int:
        """Write a case body (and status) only if `field` (the status, or the delivery state)
        still is `expect_status`. 1 done, 0 changed meanwhile, -1 no such case."""
        done = int(await self._update(
            keys=[keys.case_record(case_id), keys.STAFF_QUEUE],
            args=[expect_status, orjson.dumps(body), status, queue_item, field]))
        if done == 1:
            await self.recount(case_id)
        return done

    async def recount(self, case_id: str) -> None:
        """Keep the situation figures in step with a case staff changed."""
        await situation_counts.recount(self.redis, case_id, ZoneInfo(self.settings.timezone))

    def analyze(self, text: str) -> dict[str, Any]:
        """The classifier's proposal for a text, as a dict ({} when there is nothing to say)."""
        if not text.strip():
            return {}
        classifier: Any = self.app.get(appkeys.CLASSIFIER)
        if classifier is None:
            return {}
        try:
            return analysis_to_dict(classifier.analyze(text))
        except Exception:  # a proposal is a help, never a reason for the page to fail
            log.exception("classifier failed on a console page")
            return {}
