"""Ctrl+Home and Ctrl+End in the text areas (issue 13 item 7): the chair goes to the top of a
long AOB note to add a line, then back to the end, and both land in the stored notes; F1 in
the notes lists the two keys."""

from __future__ import annotations

import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle, type_text

from spp_tui.app import create_app
from spp_tui.db.database import Database
from spp_tui.db.services import meetings
from spp_tui.widgets.fields import TextArea


async def test_ctrl_home_and_end_go_to_the_ends_of_the_notes(
    demo_db: Database, demo_db_path
) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("escape", "8")
            await settle(pilot, lambda: screen.current_item.position == 8)
            notes = screen.query_one("#aob-notes", TextArea)
            await settle(pilot, lambda: notes.has_focus)
            for line in ("Bins on Lincoln Road", "Street lights out", "Summer event"):
                await type_text(pilot, line)
                await pilot.press("enter")
            await type_text(pilot, "Last")
            await pilot.press("up", "up")
            await pilot.press("ctrl+home")
            assert notes.cursor_location == (0, 0)
            await type_text(pilot, "Top ")
            await pilot.press("ctrl+end")
            assert notes.cursor_location == notes.document.end
            await type_text(pilot, " words")
            shown = notes.text
            keys = {what: keys for _title, rows in app.help_sections(screen) for keys, what in rows}
            assert keys["Start of the text"] == "Ctrl+Home"
            assert keys["End of the text"] == "Ctrl+End"
            await pilot.press("escape")  # leaving the notes saves them
            await settle(
                pilot, lambda: meetings.get_meeting(demo_db, meeting_id).aob_notes == shown
            )
    assert shown.startswith("Top Bins on Lincoln Road\n")
    assert shown.endswith("\nLast words")
