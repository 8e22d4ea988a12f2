"""Untrusted text is data (issue 12 items 1 and 3): hostile strings in the demo's text fields
never crash, steer or reach the terminal as escape sequences; a failing handler is contained.
The walk through every screen and dialog is in ``test_safety_hostile_walk`` (it also holds
two open general actions and one of the longest text allowed); ``_fill_with_hostile_text`` is
the raw-terminal test's data.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from app_pilot import home_ready, settle
from rich.text import Text

from spp_tui.app import create_app
from spp_tui.db.database import Database
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.db.services.actions import MAX_TEXT
from spp_tui.errors import LockedError
from spp_tui.widgets.safe_text import safe_cell, safe_text, visible

#: Markup, unbalanced brackets, an action link, escape sequences (clear screen, OSC 52
#: clipboard, OSC 8 hyperlink), NUL, a lone surrogate, right-to-left override, ZWJ emoji.
HOSTILE = [
    "Check lighting [/] and bins",
    "x [@click=app.quit]y[/] z",
    "[bold red]shouting[/bold red] and [link=https://evil.example]a link[/link]",
    "unbalanced [ bracket ] [/ and [[",
    "\x1b[2Jcleared the screen",
    "\x1b]52;c;ZXZpbA==\x07 wrote the clipboard",
    "\x1b]8;;https://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\",
    "NUL\x00 DEL\x7f C1\x9b31m",
    "lone \ud800 surrogate",
    "RTL \u202eevil\u202c عربي",
    "officer 👮🏽\u200d♀️ family 👨\u200d👩\u200d👧",
]


def test_every_control_character_is_shown_as_a_visible_symbol() -> None:
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]:
        shown = visible(f"a{chr(code)}b")
        assert len(shown) == 3 and shown[1].isprintable(), hex(code)
    assert visible("\x1b[2J") == "\u241b[2J"
    assert visible("a\nb\tc", multiline=True) == "a\nb\tc"
    assert visible("half \ud83d") == "half \ufffd"
    styled = Text("x\x1by", style="bold")
    styled.stylize("red", 0, 2)
    kept = safe_text(styled)
    assert kept.plain == "x\u241by" and kept.spans == styled.spans


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_table_cell_is_plain_text_whatever_it_holds(hostile: str) -> None:
    cell = safe_cell(hostile)
    assert isinstance(cell, Text) and not cell.spans
    assert "\x1b" not in cell.plain and "\x07" not in cell.plain
    assert cell.plain == visible(hostile, multiline=True)


def _fill_with_hostile_text(db: Database) -> None:
    """Every text field the meeting, its cases, actions and people show, hostile; plus two
    open general actions (no case) and an action of the longest text allowed."""
    april = meetings.resolve_meeting(db, "2023-04-04")
    march = meetings.resolve_meeting(db, "2023-03-07")
    for n, case in enumerate(cases.meeting_cases(db, april.id)):
        cases.update_case(
            db,
            case.case.id,
            title=HOSTILE[n % len(HOSTILE)],
            location=HOSTILE[(n + 1) % len(HOSTILE)],
        )
    for n, row in enumerate(actions.actions_to_carry(db, april.id)):
        with contextlib.suppress(LockedError):  # raised at a meeting whose minutes are approved
            actions.update_action(db, row.id, text=HOSTILE[n % len(HOSTILE)])
    owner = directory.list_people(db)[0].id
    for text in ("Check lighting [/] and bins", "x [@click=app.quit]y[/] z"):
        actions.create_action(db, text, owner, dt.date(2023, 3, 30), meeting_id=march.id)
    actions.create_action(  # the longest an action may be
        db, "long " + "x" * (MAX_TEXT - 5), owner, dt.date(2023, 3, 30), meeting_id=march.id
    )
    meetings.update_meeting(db, april.id, venue=HOSTILE[1], aob_notes="\n".join(HOSTILE))


async def test_a_failing_handler_is_contained_logged_and_told_in_one_line(
    demo_db_path, monkeypatch
) -> None:  # noqa: ANN001
    from spp_tui.failures import log_path
    from spp_tui.screens.home import HomeScreen

    def broken(self) -> None:  # noqa: ANN001
        raise RuntimeError("the refresh broke\nsecond line with a name: Mrs Pryce")

    monkeypatch.setattr(HomeScreen, "action_refresh", broken)
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await home_ready(pilot)
        await pilot.press("r")
        await settle(pilot, lambda: bool(app.contained_failures))
        assert app.is_running
        shown = [n.message for n in app._notifications]
        assert any(
            m.startswith("Something failed (RuntimeError: the refresh broke)") for m in shown
        ), shown
        assert all("Mrs Pryce" not in m for m in shown)
        # The screen still answers keys: the failing widget kept its message loop.
        await pilot.press("r")
        await settle(pilot, lambda: len(app.contained_failures) == 2)
        app._exception = None  # contained on purpose: not a test failure
    log = log_path().read_text(encoding="utf-8")
    assert "Traceback" in log and "the refresh broke" in log and "Mrs Pryce" in log
    assert oct(log_path().stat().st_mode & 0o777) == "0o600"


async def test_a_toast_a_screen_raises_shows_data_as_typed(demo_db_path) -> None:  # noqa: ANN001
    """Textual's ``Widget.notify`` asks for markup; a screen's toast quoting data (an error
    naming a field's value) is still text, ``[/]`` and escapes inert."""
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await home_ready(pilot)
        app.screen.notify("could not read 'a[/]b [bold]c[/bold] \x1b[2Jd'", timeout=60)
        await settle(pilot, lambda: bool(app._notifications))
        toast = list(app._notifications)[-1]
        assert toast.markup is False
        assert toast.message == "could not read 'a[/]b [bold]c[/bold] \u241b[2Jd'"
        assert app.is_running and app.contained_failures == []
