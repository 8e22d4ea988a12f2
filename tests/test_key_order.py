"""Keys typed faster than the app reacts reach the field on screen, in order.

Each test posts a burst of keys at once, as a terminal delivers a fast typist's keys (or any
keys on a loaded machine) in one read: Textual would hand every key to the widget focused
when the burst arrived, before Tab or a binding has moved the focus.
"""

from __future__ import annotations

import pytest
import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle
from textual import events
from textual.widgets import Input, TextArea

from spp_tui.app import create_app
from spp_tui.db.services import meetings
from spp_tui.dialogs.action import ActionDialog
from spp_tui.widgets.screen_mask import screen_text


def burst(app, *keys: str) -> None:
    """Post keys the way the terminal driver does, all before the app handles the first."""
    for key in keys:
        character = {"tab": "\t", "space": " "}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


def typed(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


async def test_tab_then_a_digit_jumps_instead_of_typing_the_digit(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        meetings.start_meeting(demo_db, meeting_id)
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(140, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            search = screen.query_one("#person-search-input", Input)
            await settle(pilot, lambda: app.focused is search)
            # Focused, the one-line field still shows its hint (its focus mark is a bar).
            assert "▌Add: type part of a name or agency" in screen_text(app)
            burst(app, "tab", "6")
            await settle(pilot, lambda: screen.current_item.position == 6)
            assert search.value == ""
            current = meetings.get_meeting(demo_db, meeting_id).current_item_id
            assert current == screen.current_item.id


async def test_text_typed_straight_after_a_jump_lands_in_the_new_item(
    demo_db, demo_db_path
) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        meetings.start_meeting(demo_db, meeting_id)
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(140, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await settle(pilot, lambda: screen.panel is not None and screen.panel.has_focus_within)
            burst(app, "tab", "8", *typed("Bonfire night"))
            await settle(pilot, lambda: screen.current_item.position == 8)
            notes = screen.panel.query_one(TextArea)
            await settle(pilot, lambda: notes.text == "Bonfire night")
            assert app.focused is notes


async def test_action_text_tab_owner_tab_due_typed_in_one_burst(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        meetings.start_meeting(demo_db, meeting_id)
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(140, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await settle(pilot, lambda: screen.panel is not None and screen.panel.has_focus_within)
            burst(app, "tab", "6")
            await settle(pilot, lambda: screen.current_item.position == 6)
            await settle(pilot, lambda: getattr(screen.panel, "case", None) is not None)
            burst(app, "f2", *typed("Visit the site"), "tab", *typed("Whitfield"), "tab", "+", "2")
            burst(app, "w")
            await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
            dialog = app.screen
            due = dialog.query_one("#action-due", Input)
            await settle(pilot, lambda: due.value == "+2w")
            assert dialog.query_one("#action-text", Input).value == "Visit the site"
            assert dialog.owner is not None and dialog.owner.name == "Sarah Whitfield"


@pytest.mark.parametrize("digit", list("1234567890"))
def test_esc_then_a_digit_typed_fast_is_alt_digit_never_a_character(
    digit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terminal sends Esc and a digit typed fast as one sequence (``ESC 6``); Textual read
    it as a Mac's Opt+6 character ("§"), typed into the field in hand. Read by the real parser
    after the app's start-up fix, it is Alt+digit (which jumps to the item, never types);
    "£" typed on a UK keyboard is still "£"."""
    from textual import constants
    from textual._xterm_parser import XTermParser

    from spp_tui.widgets.key_order import read_esc_digit_as_alt_digit

    read_esc_digit_as_alt_digit()
    # A lone Esc is told from a sequence by time: no wait, the sequence is whole at once.
    monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.0)

    def keys(data: str) -> list[tuple[str, str | None]]:
        parser = XTermParser()
        tokens = list(parser.feed(data))
        tokens += list(parser.tick())
        return [(t.key, t.character) for t in tokens if hasattr(t, "key")]

    assert keys(f"\x1b{digit}") == [(f"alt+{digit}", digit)]
    assert keys(f"£{digit}") == [("pound_sign", "£"), (digit, digit)]


async def test_keys_still_waiting_when_the_app_closes_are_dropped_not_a_crash(
    demo_db_path,
) -> None:
    """Keys typed just before Ctrl+Q may still wait when the last screen is gone: delivering
    them then raised ScreenStackError (seen in the monkey test: a crashed run at exit)."""
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.screen.focused is not None)
        app.hold_keys("test")
        burst(app, "x", "y", "z")
        await settle(pilot, lambda: app.keys_waiting == 3)
    assert not app.screen_stack  # closed: every screen is gone
    app.release_keys("test")  # the hold ends after the close, as the dialog's would
    await app._pump()  # and the held keys' turn comes
    assert app.keys_waiting == 0
