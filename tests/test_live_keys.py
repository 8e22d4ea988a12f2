"""Keys that never misfire in the room (issue 13 item 4): Alt+digit jumps and never types,
the focus lands in the item's panel so its keys work at once, F1 lists only keys that apply,
keys typed while a dialog opens reach its first field, and Esc asks before throwing typing away.
"""

from __future__ import annotations

import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle, type_text, workers_done
from textual import events
from textual.widgets import Input

from spp_tui.app import create_app
from spp_tui.db.services import actions, meetings
from spp_tui.dialogs.action import ActionDialog
from spp_tui.dialogs.choice import DiscardTypingDialog
from spp_tui.dialogs.common import HelpScreen


def help_text(app) -> str:
    return "\n".join(
        f"{title}: {keys} {what}"
        for title, rows in app.help_sections(app.screen)
        for keys, what in rows
    )


async def test_item_keys_work_at_once_and_alt_digit_never_types(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            assert "Start meeting" in help_text(app)  # scheduled: starting applies
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "Start meeting" not in help_text(app)  # running: F1 does not offer it
            assert "End meeting" in help_text(app)
            await pilot.press("f1")
            await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press("escape")
            await settle(pilot, lambda: app.screen is screen)

            # Ctrl+N onto items 2 and 3: their keys work with no Tab first.
            await pilot.press("ctrl+n")
            await settle(pilot, lambda: screen.current_item.position == 2)
            await settle(pilot, lambda: screen.panel.has_focus_within)
            await pilot.press("r")  # record the statement as read
            await pilot.pause()
            assert meetings.get_meeting(demo_db, meeting_id).confidentiality_read_at is not None
            await pilot.press("ctrl+n")
            await settle(pilot, lambda: screen.current_item.position == 3)
            await settle(pilot, lambda: screen.panel.has_focus_within)
            await pilot.press("a")  # agree the last minutes as accurate
            await pilot.pause()
            assert meetings.get_meeting(demo_db, meeting_id).previous_minutes_agreed is True

            # AOB notes, then Esc+9 typed fast (arrives as Alt+9 with its character).
            app.post_message(events.Key("alt+8", "8"))
            await settle(pilot, lambda: screen.current_item.position == 8)
            await settle(pilot, lambda: screen.panel.has_focus_within)
            await type_text(pilot, "Bonfire night")
            app.post_message(events.Key("alt+9", "9"))
            await settle(pilot, lambda: screen.current_item.position == 9)
            assert meetings.get_meeting(demo_db, meeting_id).aob_notes == "Bonfire night"

            # F2 and the text typed straight after it, before the dialog has drawn.
            for key in ("f2", "V", "i", "s", "i", "t"):
                app.post_message(events.Key(key, key if len(key) == 1 else None))
            await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
            dialog = app.screen
            await settle(pilot, lambda: dialog.query_one("#action-text", Input).value == "Visit")
            assert meetings.get_meeting(demo_db, meeting_id).aob_notes == "Bonfire night"

            # Esc with typed text asks; k keeps editing, d discards; nothing is saved.
            before = actions.count_actions(demo_db)
            await pilot.press("escape")
            await settle(pilot, lambda: isinstance(app.screen, DiscardTypingDialog))
            await pilot.press("k")
            await settle(pilot, lambda: app.screen is dialog)
            assert dialog.query_one("#action-text", Input).value == "Visit"
            await pilot.press("escape")
            await settle(pilot, lambda: isinstance(app.screen, DiscardTypingDialog))
            await pilot.press("d")
            await settle(pilot, lambda: app.screen is screen)
            assert actions.count_actions(demo_db) == before
            # Nothing typed: Esc closes at once.
            await pilot.press("f2")
            await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
            await pilot.press("escape")
            await settle(pilot, lambda: app.screen is screen)


async def test_reopening_puts_the_focus_in_the_item(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        meetings.start_meeting(demo_db, meeting_id)
        item = next(i for i in meetings.agenda(demo_db, meeting_id) if i.position == 3)
        meetings.enter_item(demo_db, meeting_id, item.id)
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await settle(pilot, lambda: screen.panel is not None and screen.panel.has_focus_within)
            # To the agenda and the item in hand picked again (Enter, then its digit): the
            # focus goes back into its panel, so its keys work at once.
            for pick in ("enter", "3"):
                await pilot.press("escape")
                await settle(pilot, lambda: not screen.panel.has_focus_within)
                await pilot.press(pick)
                await settle(pilot, lambda: screen.panel.has_focus_within)
            await pilot.press("a")
            await pilot.pause()
            assert meetings.get_meeting(demo_db, meeting_id).previous_minutes_agreed is True


async def test_reopening_resumes_on_the_case_and_the_field(demo_db, demo_db_path) -> None:
    """After the app goes (a kill or a quit), the meeting reopens on the item, the case in
    hand and the field that was being typed in."""
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("escape", "6")
            await settle(pilot, lambda: screen.current_item.position == 6)
            panel = screen.panel
            await settle(pilot, lambda: panel.case is not None)
            await pilot.press("ctrl+down")  # the second case
            await settle(
                pilot,
                lambda: (
                    panel.entries.index(
                        next(e for e in panel.entries if e.discussion.id == panel.discussion.id)
                    )
                    == 1
                ),
            )
            second = panel.discussion.id
            panel.query_one("#case-decisions").focus()
            await type_text(pilot, "Patrols agreed")
            await workers_done(app)
            await pilot.pause()
        again = create_app(str(demo_db_path))
        async with again.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = again.screen
            await settle(pilot, lambda: screen.panel is not None and screen.panel.case is not None)
            assert screen.current_item.position == 6
            assert screen.panel.discussion.id == second
            await settle(pilot, lambda: screen.focused is not None)
            await settle(pilot, lambda: screen.focused.id == "case-decisions")
    assert meetings.get_meeting(demo_db, meeting_id).status == "in progress"
