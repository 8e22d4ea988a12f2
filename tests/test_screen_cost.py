"""What opening the action log costs, counted, not timed (issue 13 item 10; the time is in
``python -m benchmarks --live-sets``): its first page is filled once, and its key bar is not
rebuilt while the keys it shows stay the same."""

from __future__ import annotations

import time_machine
from app_pilot import MEETING_MORNING, home_ready, settle, workers_done
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
            await workers_done(app)
            await pilot.pause()
            screen = app.screen
            assert fills == [len(screen.page.rows)]  # twice before: fitted again after it
            assert builds.count("ActionLogScreen") == 1, builds  # 5-7 before
            # A change of the keys shown still rebuilds it: the search field has other keys.
            await pilot.press("slash")
            await pilot.pause()
            await pilot.pause()
            assert builds.count("ActionLogScreen") == 2, builds


async def test_opening_the_action_log_styles_it_once(demo_db_path, monkeypatch) -> None:
    """Its widgets are styled as they mount; neither its first resume nor its breakpoint
    class (-wide at 160 columns) restyles the whole screen again (StyledOnce)."""
    from textual.app import App

    restyled: list[object] = []
    update_styles = App.update_styles

    def counted(self, node, animate: bool = True) -> None:  # noqa: ANN001
        restyled.append(node)
        update_styles(self, node, animate)

    monkeypatch.setattr(App, "update_styles", counted)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            await home_ready(pilot)
            await pilot.press("a")
            await settle(
                pilot,
                lambda: isinstance(app.screen, ActionLogScreen) and app.screen.page is not None,
            )
            screen = app.screen
            assert screen.has_class("-wide")
            assert screen not in restyled


async def test_the_collector_is_settled_while_the_app_runs(demo_db_path) -> None:
    """What the started app holds is frozen and young collections are spaced out; both are
    undone when it ends (collector)."""
    import gc

    from spp_tui.shell import collector

    before = gc.get_threshold()
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        await pilot.pause()
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] == collector.YOUNG
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
