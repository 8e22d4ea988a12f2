"""The test helpers' own behaviour, where a mistake in them would make tests flaky."""

from __future__ import annotations

import asyncio

import pytest
from app_pilot import workers_done
from textual import work
from textual.app import App
from textual.worker import WorkerCancelled


class _Replaced(App[None]):
    """An exclusive worker started twice: the first is cancelled, as when a key is pressed
    twice or a list is reopened."""

    def __init__(self) -> None:
        super().__init__()
        self.go = asyncio.Event()
        self.finished = 0

    @work(exclusive=True, group="read")
    async def read(self) -> None:
        await self.go.wait()
        self.finished += 1


async def _replace_a_worker(app: _Replaced, pilot) -> None:  # noqa: ANN001
    app.read()
    await pilot.pause()
    app.read()  # the first is cancelled
    app.call_later(app.go.set)


async def test_workers_done_waits_past_a_worker_replaced_meanwhile() -> None:
    app = _Replaced()
    async with app.run_test() as pilot:
        await _replace_a_worker(app, pilot)
        await workers_done(app)
        assert app.finished == 1 and not [w for w in app.workers if w.is_running]
    plain = _Replaced()
    async with plain.run_test() as pilot:
        await _replace_a_worker(plain, pilot)
        with pytest.raises(WorkerCancelled):  # what Textual's own wait does
            await plain.workers.wait_for_complete()
