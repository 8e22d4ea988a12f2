"""Snapshots of the live meeting's panels and dialogs, small (80x24) and projected (160x48),
one in the high-contrast theme (issue 13 "must show"). Time is frozen in London."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from app_pilot import open_first_meeting, settle

from spp_tui.app import HIGH_CONTRAST_THEME, create_app

#: One present, then a deputy for Rebecca Moore (the Role column must show it whole).
ATTENDANCE = (*"okafor", "enter", *"adam", "enter", "tab", "d", *"rebecca", "enter")
MEETING_MORNING_LONDON = dt.datetime(2023, 4, 4, 9, 58, tzinfo=ZoneInfo("Europe/London"))


def _on_item(number: int, *, keys: tuple[str, ...] = (), theme: str | None = None):
    async def run_before(pilot) -> None:
        await open_first_meeting(pilot)
        screen = pilot.app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        if number != 1:  # starting the meeting enters item 1 with the focus in its panel
            await pilot.press("escape", str(number))
        await settle(pilot, lambda: screen.current_item.position == number)
        await settle(pilot, lambda: screen.panel.has_focus_within)
        await pilot.app.workers.wait_for_complete()
        if theme:
            pilot.app.theme = theme
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize(
    ("name", "item", "keys", "size", "theme"),
    [
        ("action_review_80x24", 4, ("c",), (80, 24), None),
        ("action_review_160x48", 4, ("c",), (160, 48), None),
        ("case_reviews_80x24", 6, (), (80, 24), None),
        ("case_reviews_160x48_high_contrast", 6, (), (160, 48), HIGH_CONTRAST_THEME),
        ("attendance_80x24", 1, ATTENDANCE, (80, 24), None),
        ("attendance_160x48", 1, ATTENDANCE, (160, 48), None),
        ("confidentiality_80x24", 2, (), (80, 24), None),
        ("previous_minutes_80x24", 3, (), (80, 24), None),
        ("new_referrals_160x48", 5, (), (160, 48), None),
        ("aob_80x24", 8, (), (80, 24), None),
    ],
)
def test_live_snapshot(snap_compare, demo_db_path, name, item, keys, size, theme) -> None:
    with time_machine.travel(MEETING_MORNING_LONDON, tick=False):
        app = create_app(str(demo_db_path))
        assert snap_compare(
            app, terminal_size=size, run_before=_on_item(item, keys=keys, theme=theme)
        ), name
