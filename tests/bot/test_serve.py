"""What `serve` adds to the app for a serving process."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from bot import appkeys
from bot.app import create_app
from bot.serve import SERVING_GC_THRESHOLD, freeze_startup_heap
from bot.settings import Settings
from tests.fakes import CountingDialog, FakeClassifier


async def test_objects_alive_after_start_up_leave_the_collectors_view(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    app = create_app(make_settings(), dialog=CountingDialog(), classifier=FakeClassifier())
    app.on_startup.append(freeze_startup_heap)
    before = gc.get_threshold()
    try:
        await aiohttp_client(app)  # runs the start-up: Redis, components, then the freeze
        # young collections while serving come far less often; the older generations' as before
        assert gc.get_threshold() == (SERVING_GC_THRESHOLD, *before[1:])
        assert SERVING_GC_THRESHOLD > before[0]
        classifier = app[appkeys.CLASSIFIER]
        assert gc.get_freeze_count() > 0
        # the classifier (loaded by a start-up context) is frozen: full collections skip it
        assert not any(obj is classifier for obj in gc.get_objects())
        made_later = FakeClassifier()  # an instance: tracked by the collector
        assert any(obj is made_later for obj in gc.get_objects())  # new garbage: collected
    finally:
        gc.unfreeze()  # this test process builds many more apps
        gc.set_threshold(*before)
