"""What opening the action log costs, counted, not timed (issue 13 item 10; the time is in
``python -m benchmarks --live-sets``): its first page is filled once, and its key bar is not
rebuilt while the keys it shows stay the same."""

from __future__ import annotations

import time_machine
from app_pilot import MEETING_MORNING, home_ready, settle
from textual.widgets import Footer as TextualFooter

from spp_tui.app import create_app
from spp_tui.screens.action_log import ActionLogScreen


async def test_opening_the_action_log_fills_once_and_builds_its_keys_once(
    demo_db_path, monkeypatch
) -> None:
    fills: list[int] = []
    builds: list[str] = []
    fill_rows = ActionLogScreen.fill_rows
    recompose = TextualFooter.recompose

    def counted_fill(self, page) -> None:  # noqa: ANN001
        fills.append(len(page.rows))
        fill_rows(self, page)

    async def counted_recompose(self) -> None:  # noqa: ANN001
        builds.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(ActionLogScreen, "fill_rows", counted_fill)
    monkeypatch.setattr(TextualFooter, "recompose", counted_recompose)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            await home_ready(pilot)
            await pilot.press("a")
            await settle(
                pilot,
                lambda: (
                    isinstance(app.screen, ActionLogScreen)
                    and app.screen.page is not None
                    and app.screen.options is not None
                ),
            )
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert fills == [len(screen.page.rows)]  # twice before: fitted again after it
            assert builds.count("ActionLogScreen") == 1, builds  # 5-7 before
            # A change of the keys shown still rebuilds it: the search field has other keys.
            await pilot.press("slash")
            await pilot.pause()
            await pilot.pause()
            assert builds.count("ActionLogScreen") == 2, builds
