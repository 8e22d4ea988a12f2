"""Untrusted text is data (issue 12 items 1 and 3): hostile strings in the demo's text fields
never crash, steer or reach the terminal as escape sequences; a failing handler is contained.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
import time_machine
from app_pilot import MEETING_MORNING, home_ready, open_first_meeting, settle, type_text
from rich.text import Text
from textual.widgets import DataTable

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


def _table_text(app) -> str:  # noqa: ANN001
    return "\n".join(
        str(cell)
        for table in app.screen.query(DataTable)
        for row in table.rows
        for cell in table.get_row(row)
    )


async def test_hostile_text_in_every_field_crashes_nothing_and_steers_nothing(
    demo_db: Database, demo_db_path
) -> None:  # noqa: ANN001
    _fill_with_hostile_text(demo_db)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("escape")
            for item in "123456789":  # every agenda item's panel
                await pilot.press("escape", item)
                await settle(pilot, lambda: True)
                assert app.is_running
            await pilot.press("escape", "4")
            await settle(pilot, lambda: "Check lighting [/] and bins" in _table_text(app))
            text = _table_text(app)
            assert "x [@click=app.quit]y[/] z" in text  # shown, literally, not a link
            await pilot.press("ctrl+l")
            await home_ready(pilot)
            for key in ("a", "c"):  # the action log and the case list
                await pilot.press(key)
                await settle(pilot, lambda: bool(app.screen.query(DataTable)))
                await pilot.press("enter")  # the first row's detail (history, case)
                await settle(pilot, lambda: True)
                assert app.is_running
                await pilot.press("escape", "escape")
                await home_ready(pilot)
            assert app.contained_failures == []
            assert app.is_running


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


#: Each hostile string carries a tag (ZQ1...) and what must be drawn right before the tag
#: when the string is shown literally: parsed markup, a followed link or a raw escape would
#: leave something else there (or crash, or quit).
TAGGED = [
    ("a[b]ZQ1", "[b]"),
    ("a[@click=app.quit]ZQ2[/]", "it]"),
    ("a[/]ZQ3[/]", "[/]"),
    ("a\x1b[2JZQ4", "\u241b[2J"),
    ("a\x1b]52;c;ZXZpbA==\x07ZQ5", "==\u2407"),
    ("a\x1b]8;;http://e.x\x1b\\ZQ6\x1b]8;;\x1b\\", "\u241b\\"),
    ("a[link=http://e.x]ZQ7[/link]", ".x]"),
    ("a\ud800ZQ8", "a\ufffd"),
]
#: (table, text columns) filled with tagged strings; unique columns get the row id too.
SEEDED = {
    "agency": ("name", "short_name"),
    "person": ("name", "role"),
    "meeting": ("venue", "previous_minutes_corrections", "aob_notes"),
    "agendaitem": ("title", "notes"),
    "case": (
        "title",
        "location",
        "ward",
        "operation",
        "scanning",
        "analysis",
        "response",
        "assessment",
        "closure_reason",
    ),
    "caseparty": ("name", "notes"),
    "casediscussion": ("summary", "decisions", "outcome_reason"),
    "action": ("text",),
    "actionupdate": ("note",),
    "attendance": ("note",),
}
UNIQUE = {("agency", "name")}


def _seed_every_text_field(path) -> None:  # noqa: ANN001
    """Every stored text field the screens show gets a tagged hostile string (as stored:
    what cannot be encoded is U+FFFD, ``spp_tui.text``)."""
    import sqlite3

    from spp_tui.text import stored_text

    con = sqlite3.connect(path, isolation_level=None)
    try:
        for table, columns in SEEDED.items():
            ids = [row[0] for row in con.execute(f'SELECT id FROM "{table}"')]
            for n, row_id in enumerate(ids):
                values = []
                for k, column in enumerate(columns):
                    text = stored_text(TAGGED[(n + k) % len(TAGGED)][0])
                    values.append(f"{text} {row_id}" if (table, column) in UNIQUE else text)
                sets = ", ".join(f'"{c}" = ?' for c in columns)
                con.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', (*values, row_id))
    finally:
        con.close()


def _screen_lines(app) -> list[str]:  # noqa: ANN001
    """What the terminal shows now, line by line, as the terminal guard lets it through."""
    from spp_tui.widgets.safe_text import strip_text

    return [strip_text(strip) for strip in app.screen._compositor.render_strips()]


def _check_literal(app, where: str, seen: set[str]) -> int:  # noqa: ANN001
    """Every tag on screen is preceded by its string drawn literally; returns how many."""
    import re

    count = 0
    for line in _screen_lines(app):
        assert not re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff]", line), (where, line)
        for string, before in TAGGED:
            tag = string[string.index("ZQ") : string.index("ZQ") + 3]
            for found in re.finditer(tag, line):
                # What this cell or wrapped line drew before the tag (columns are apart by
                # two spaces or a rule; a wrap may have cut the string's start).
                shown = re.split(r"\s{2,}|[\u2500-\u259f]", line[: found.start()])[-1]
                if shown:
                    assert shown.endswith(before[-min(len(before), len(shown)) :]), (
                        where,
                        tag,
                        line,
                    )
                seen.add(tag)
                count += 1
    return count


async def test_hostile_text_is_shown_literally_on_every_screen_dialog_and_palette(
    demo_db_path,
) -> None:  # noqa: ANN001
    """The class test: every stored text field hostile; every screen, panel, dialog, help and
    the palette's search show it as typed (markup, links and escapes inert); the app runs."""
    _seed_every_text_field(demo_db_path)
    seen: set[str] = set()
    shown: dict[str, int] = {}

    async def look(pilot, where: str) -> None:  # noqa: ANN001
        await settle(pilot, lambda: True)
        assert app.is_running, where
        shown[where] = _check_literal(app, where, seen)

    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(140, 45)) as pilot:
            await home_ready(pilot)
            await look(pilot, "home")
            await pilot.press("f1")
            await look(pilot, "home help")
            await pilot.press("escape")
            await open_first_meeting(pilot)
            await pilot.press("ctrl+s")
            for item in "123456789":
                await pilot.press("escape", item)
                await look(pilot, f"item {item}")
                if item in "16":
                    await pilot.press("f2")  # the action dialog: owners, cases
                    await look(pilot, f"item {item} action dialog")
                    await pilot.press("escape")
                    await settle(pilot, lambda: True)
                    if app.screen.__class__.__name__ != "MeetingScreen":
                        await pilot.press("d")  # "discard?" -> discard
                        await settle(pilot, lambda: True)
                if item == "4":
                    await pilot.press("h")  # the action's history dialog: its updates' notes
                    await look(pilot, "item 4 action history")
                    await pilot.press("escape")
                if item == "6":
                    await pilot.press("delete")  # "drop this case?" quotes its title
                    await look(pilot, "item 6 drop case question")
                    await pilot.press("escape")
                await settle(pilot, lambda: app.screen.__class__.__name__ == "MeetingScreen")
            await pilot.press("f7")  # the minutes check: what it quotes of cases and actions
            await look(pilot, "minutes check")
            await pilot.press("escape")
            await settle(pilot, lambda: app.screen.__class__.__name__ == "MeetingScreen")
            await pilot.press("f1")
            await look(pilot, "meeting help")
            await pilot.press("escape")
            await pilot.press("ctrl+p")
            await type_text(pilot, "ZQ")
            await look(pilot, "palette search")
            await pilot.press("escape")
            await pilot.press("f9")
            await look(pilot, "redaction review")
            await pilot.press("escape")
            await pilot.press("ctrl+l")
            await home_ready(pilot)
            for key in ("a", "c", "d"):  # action log, case list, dashboard
                await pilot.press(key)
                await look(pilot, f"home {key}")
                await pilot.press("enter")  # the first row's detail (history, case)
                await look(pilot, f"home {key} detail")
                await pilot.press("escape", "escape")
                await home_ready(pilot)
            assert app.contained_failures == []
            assert app.is_running
    assert seen == {s[s.index("ZQ") : s.index("ZQ") + 3] for s, _ in TAGGED}, shown
    for where in (
        *("home", "item 1", "item 4", "item 6", "item 8", "palette search", "home a"),
        *("item 4 action history", "item 6 drop case question", "minutes check"),
    ):
        assert shown[where] > 0, (where, shown)
