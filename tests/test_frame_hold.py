"""Going to an agenda item whose panel reads in a thread (the action review) shows the item
whole: no frame reaches the terminal between the key and the panel's rows (issue 13 item
10: those frames, "Loading…" and an empty table, were about a third of the time to the
review's rows with 10,000 live actions). A panel that does not answer is drawn anyway once
``frame_hold.AT_MOST`` has passed, saying it is loading. Frames are taken where Textual hands
them to the terminal (``App._display``), as the benchmark does."""

from __future__ import annotations

import threading
from typing import Any

import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle, until
from test_screen_cost import recorded

from spp_tui.app import SppApp, create_app
from spp_tui.panels.action_review import ActionReviewPanel
from spp_tui.screens.meeting import MeetingScreen
from spp_tui.widgets import frame_hold
from spp_tui.widgets.lists import DataTable


def watch_frames(app: Any) -> list[str]:
    """What each frame drawn shows of the item in hand: the panel's class, and for the
    action review whether its rows are in ("rows") or not ("empty")."""
    frames: list[str] = []
    display = app._display

    def on_frame(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        panel = getattr(app.screen, "panel", None)
        if renderable is None or panel is None:
            return
        if isinstance(panel, ActionReviewPanel):
            frames.append("rows" if panel.query_one(DataTable).row_count else "empty")
        else:
            frames.append(type(panel).__name__)

    app._display = on_frame
    return frames


async def on_item_3(pilot: Any) -> MeetingScreen:
    await open_first_meeting(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    await pilot.press("escape", "3")
    await settle(pilot, lambda: type(screen.panel).__name__ == "PreviousMinutesPanel")
    return screen


def review_shown(screen: MeetingScreen) -> bool:
    panel = screen.panel
    return isinstance(panel, ActionReviewPanel) and panel.query_one(DataTable).row_count > 0


async def test_the_action_review_appears_whole_in_one_frame(demo_db_path, monkeypatch) -> None:
    # Only the panel ends the hold here (a loaded machine cannot end it early by the clock).
    monkeypatch.setattr(frame_hold, "AT_MOST", 60.0)
    fills = recorded(monkeypatch, ActionReviewPanel, "_fill_table", lambda self, *a: True)
    holds = recorded(monkeypatch, frame_hold.FrameHold, "begin", lambda self, *a: True)
    removed = recorded(monkeypatch, SppApp, "widgets_removed", lambda self: "panel")
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            screen = await on_item_3(pilot)
            assert holds == [True]  # the previous minutes read in a thread too
            holds.clear()
            frames = watch_frames(app)
            await pilot.press("4")
            await settle(pilot, lambda: review_shown(screen) and bool(frames))
            await pilot.pause()
            assert holds == [True]
            # Item 3's panel, its widgets collected a moment later (shell.collector), not in
            # a collection falling due while a later item opens.
            assert removed == ["panel", "panel"]
            assert not screen._frame_hold.held
            assert frames[0] == "rows", frames  # no "empty" frame before it
            assert "empty" not in frames, frames
            # Its columns were fitted to the width it has before it was ever laid out: the
            # first layout leaves them as they are (no second fill).
            assert fills == [True]
            # The cursor went on the first action before there was a view to scroll: the
            # table starts at its top, the case's heading in sight.
            assert screen.panel.query_one(DataTable).scroll_y == 0
            # A panel that reads nothing in a thread is shown without holding anything.
            await pilot.press("5")
            await settle(pilot, lambda: type(screen.panel).__name__ == "CasePanel")
            assert holds == [True]


async def test_a_panel_that_does_not_answer_is_drawn_loading_after_at_most(
    demo_db_path, monkeypatch
) -> None:
    from spp_tui.db.services import action_review

    monkeypatch.setattr(frame_hold, "AT_MOST", 0.05)
    answer = threading.Event()
    load_review = action_review.load_review

    def slow_load(*args: Any, **kwargs: Any) -> Any:
        answer.wait(60)
        return load_review(*args, **kwargs)

    monkeypatch.setattr(action_review, "load_review", slow_load)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            try:
                screen = await on_item_3(pilot)
                frames = watch_frames(app)
                await pilot.press("4")
                await until(pilot, lambda: "empty" in frames)
                assert not screen._frame_hold.held
                progress = screen.query_one("#review-progress").render()
                assert "Loading the actions to review" in str(progress)
            finally:
                answer.set()
            await settle(pilot, lambda: review_shown(screen) and frames[-1] == "rows")


async def test_only_the_panel_in_hand_ends_the_hold(demo_db_path, monkeypatch) -> None:
    """Keys 4 then 3 typed fast: the review, already gone, says it has its rows while the
    previous minutes are still being read; the screen stays held for those."""
    from spp_tui.panels.base import ItemPanel

    monkeypatch.setattr(frame_hold, "AT_MOST", 60.0)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            screen = await on_item_3(pilot)
            gone = ActionReviewPanel(screen.meeting_id, screen.items[3])
            screen._frame_hold.begin(screen)
            screen.post_message(ItemPanel.Shown(gone))
            await pilot.pause()
            assert screen._frame_hold.held
            assert screen.panel is not None
            screen.post_message(ItemPanel.Shown(screen.panel))
            await pilot.pause()
            assert not screen._frame_hold.held
