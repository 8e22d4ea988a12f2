"""What opening the action log costs, counted, not timed (issue 13 item 10; the time is in
``python -m benchmarks --live-sets``): its first page is filled once, and its key bar shows its
keys from the first paint and is drawn again only when they change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from app_pilot import MEETING_MORNING, home_ready, open_from_home, settle, workers_done

from spp_tui.app import create_app
from spp_tui.screens.action_log import ActionLogScreen
from spp_tui.widgets.footer import Footer


def recorded(
    monkeypatch: pytest.MonkeyPatch, owner: type, name: str, take: Callable[..., object]
) -> list[object]:
    """Wrap ``owner.name`` so each call first records ``take(self, *args)`` (unless None)."""
    seen: list[object] = []
    original = getattr(owner, name)

    def wrapper(self: object, *args: Any, **kwargs: Any) -> Any:
        item = take(self, *args, **kwargs)
        if item is not None:
            seen.append(item)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return seen


async def test_opening_the_action_log_fills_once_and_draws_its_keys_from_the_first_paint(
    demo_db_path, monkeypatch
) -> None:
    fills: list[int] = []
    first_paint: list[list[str]] = []
    fill_rows = ActionLogScreen.fill_rows
    render = Footer.render

    def counted_fill(self, page) -> None:  # noqa: ANN001
        fills.append(len(page.rows))
        fill_rows(self, page)

    def first_render(self):  # noqa: ANN001, ANN202
        if isinstance(self.screen, ActionLogScreen) and not first_paint:
            first_paint.append(self.descriptions)
        return render(self)

    monkeypatch.setattr(ActionLogScreen, "fill_rows", counted_fill)
    monkeypatch.setattr(Footer, "render", first_render)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            screen = await open_from_home(
                pilot, "a", ActionLogScreen, lambda s: s.page is not None and s.options is not None
            )
            await workers_done(app)
            await pilot.pause()
            assert fills == [len(screen.page.rows)]  # twice before: fitted again after it
            footer = screen.query_one(Footer)
            # Its first drawing had the keys (Textual's bar was empty until after the page).
            assert first_paint and first_paint[0][:3] == ["Help", "Search", "Status"]
            assert first_paint[0] == footer.descriptions
            assert footer.rebuilds == 0  # the focus settling, the lists filled: same keys
            # A change of the keys shown draws it again: the search field has other keys.
            await pilot.press("slash")
            await pilot.pause()
            await pilot.pause()
            assert footer.rebuilds == 1
            assert "Status" not in footer.descriptions, footer.descriptions  # typed, not keys


async def test_opening_the_action_log_styles_it_once(demo_db_path, monkeypatch) -> None:
    """Its widgets are styled as they mount; neither its first resume nor its breakpoint
    class (-wide at 160 columns) restyles the whole screen again (StyledOnce)."""
    from textual.app import App

    restyled = recorded(monkeypatch, App, "update_styles", lambda _app, node, *_, **__: node)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            screen = await open_from_home(pilot, "a", ActionLogScreen, lambda s: s.page is not None)
            assert screen.has_class("-wide")
            assert screen not in restyled


async def test_opening_the_action_log_lays_it_out_once_at_its_size(
    demo_db_path, monkeypatch
) -> None:
    """Its first resume lays it out at the app's size; the Resize that follows (the screen
    getting that size) does not lay it out again at the same size, but a real resize does."""
    from textual.screen import Screen

    def at_size(screen: Screen, size: object = None, *_: object, **__: object) -> object:
        return size if isinstance(screen, ActionLogScreen) else None

    laid_out = recorded(monkeypatch, Screen, "_refresh_layout", at_size)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            screen = await open_from_home(pilot, "a", ActionLogScreen, lambda s: s.page is not None)
            await workers_done(app)
            await pilot.pause()
            assert [tuple(size) for size in laid_out] == [(160, 48)]
            await pilot.resize_terminal(120, 40)
            await settle(pilot, lambda: screen.size.width == 120)
            assert tuple(laid_out[-1]) == (120, 40)
            await pilot.resize_terminal(160, 48)  # back to the first size: laid out again
            await settle(pilot, lambda: screen.size.width == 160)
            assert tuple(laid_out[-1]) == (160, 48)
            assert screen._laid_out_at is None


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


async def test_a_closed_screen_is_collected_once_soon_after_not_while_it_is_open(
    demo_db_path, monkeypatch
) -> None:
    """Closing a screen (its widgets are cycles) asks for one collection a moment later;
    opening one does not, and nothing is collected while a screen stays open."""
    import gc

    from spp_tui.shell import collector

    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda *args: collected.append(len(args)) or 0)
    monkeypatch.setattr(collector, "AFTER_CLOSE", 0.01)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            await home_ready(pilot)
            await pilot.pause()  # the collector settled (it collects only once settled)
            await open_from_home(pilot, "a", ActionLogScreen)
            await workers_done(app)
            await pilot.pause()
            assert collected == []  # opened: nothing to collect
            await pilot.press("escape")
            await settle(pilot, lambda: not isinstance(app.screen, ActionLogScreen))
            await settle(pilot, lambda: collected != [])
            await pilot.pause()
            assert collected == [0]  # one full collection for the closed screen
    assert collector._pending is None
