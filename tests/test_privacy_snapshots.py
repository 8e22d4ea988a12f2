"""Snapshots (issue 18): the chair's screen in privacy mode and the room's view, side by side
at 80x24 and 160x48, on the demo's meeting with every party named in its summaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_pilot import open_first_meeting, settle
from test_meeting_screen_snapshots import _frozen
from test_privacy_mode import party_names
from test_projector import live_meeting

from spp_tui.app import create_app
from spp_tui.db.database import open_database
from spp_tui.db.services import meetings
from spp_tui.projector import ProjectorApp
from spp_tui.widgets.screen_mask import screen_text


@pytest.fixture
def live_db_path(demo_db_path: Path, tmp_path: Path) -> Path:
    """The demo's April PSG under way on item 6 (case reviews), names in its summaries."""
    names = party_names(demo_db_path)
    with _frozen():
        db = open_database(str(demo_db_path))
        meeting_id, items = live_meeting(db, names)
        case_item = next(i for i in items if i.kind == "case reviews")
        meetings.enter_item(db, meeting_id, case_item.id)
        db.dispose()
    return demo_db_path


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_chair_screen_in_privacy_mode_snapshot(snap_compare, live_db_path, size) -> None:
    with _frozen():

        async def run_before(pilot) -> None:
            await open_first_meeting(pilot)
            await pilot.press("f6")
            await settle(pilot, lambda: pilot.app.screen_mask is not None)
            pilot.app.screen.query_one("ClocksBar").tick()
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(
            create_app(str(live_db_path)), terminal_size=size, run_before=run_before
        )


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_room_view_snapshot(snap_compare, live_db_path, tmp_path, size) -> None:
    with _frozen():

        async def run_before(pilot) -> None:
            for _ in range(300):
                await pilot.pause(0.1)
                if "Now: 6." in screen_text(pilot.app) and "[Person" in screen_text(pilot.app):
                    break
            pilot.app.tick()
            await pilot.pause()

        assert snap_compare(
            ProjectorApp(str(live_db_path)), terminal_size=size, run_before=run_before
        )
