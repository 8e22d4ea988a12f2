"""Untrusted text is data (issue 12 item 1), the class test: every stored text field holds a
tagged hostile string and a chair's walk opens every screen, item panel, dialog, open Select
list, help and the palette's search; each must draw the strings literally. The walk must
reach every ``Screen`` subclass in ``spp_tui``, so a dialog added later without a way into
this walk fails here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from app_pilot import MEETING_MORNING, home_ready, open_first_meeting, settle, type_text
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Select

import spp_tui
from spp_tui.app import create_app
from spp_tui.widgets.filter_select import SelectStandIn

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
#: Hostile too, without a tag: NUL, DEL and C1, right-to-left override, ZWJ emoji, a line
#: of 100,000 characters.
UNTAGGED = [
    "long " + "y" * 100_000,
    "NUL\x00 DEL\x7f C1\x9b31m",
    "RTL \u202eevil\u202c عربي",
    "officer 👮🏽\u200d♀️ family 👨\u200d👩\u200d👧",
]
TAGS = {s[s.index("ZQ") : s.index("ZQ") + 3] for s, _ in TAGGED}
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


def _seed_every_text_field(path: Path) -> None:
    """Every stored text field the screens show gets a tagged hostile string (as stored:
    what cannot be encoded is U+FFFD, ``spp_tui.text``); the April PSG gets an attendance,
    so the attendance's dialogs have someone to quote, and its AOB every string; two open
    general actions, one of the longest text allowed."""
    import sqlite3

    from spp_tui.db.database import open_database
    from spp_tui.db.services import actions, directory, meetings
    from spp_tui.db.services.actions import MAX_TEXT
    from spp_tui.text import stored_text

    db = open_database(str(path))
    try:
        april = meetings.resolve_meeting(db, "2023-04-04").id
        for person in directory.list_people(db)[:3]:
            meetings.record_attendance(db, april, person.id)
        march, owner = meetings.resolve_meeting(db, "2023-03-07").id, person.id
        general = [  # two open general actions (no case): one heading at item 4, both listed
            actions.create_action(db, "general", owner, dt.date(2023, 3, 30), meeting_id=march)
            for _ in range(2)
        ]
    finally:
        db.dispose()
    con = sqlite3.connect(path, isolation_level=None)
    try:
        # Every earlier meeting's minutes in draft, so an action can change in another window
        # while the walk edits it (the walk approves and unlocks April's itself).
        con.execute("UPDATE meeting SET status = 'minutes draft' WHERE status = 'minutes approved'")
        for table, columns in SEEDED.items():
            ids = [row[0] for row in con.execute(f'SELECT id FROM "{table}"')]
            for n, row_id in enumerate(ids):
                values = []
                for k, column in enumerate(columns):
                    text = stored_text(TAGGED[(n + k) % len(TAGGED)][0])
                    values.append(f"{text} {row_id}" if (table, column) in UNIQUE else text)
                sets = ", ".join(f'"{c}" = ?' for c in columns)
                con.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', (*values, row_id))
        longest = stored_text(TAGGED[2][0] + " " + "x" * MAX_TEXT)[:MAX_TEXT]
        con.execute("UPDATE action SET text = ? WHERE id = ?", (longest, general[0].id))
        everything = "\n".join(stored_text(t) for t in [*(t for t, _ in TAGGED), *UNTAGGED])
        con.execute("UPDATE meeting SET aob_notes = ? WHERE id = ?", (everything, april))
    finally:
        con.close()


def _screen_lines(app) -> list[str]:  # noqa: ANN001
    """What the terminal shows now, line by line, as the terminal guard lets it through."""
    from spp_tui.widgets.safe_text import strip_text

    return [strip_text(strip) for strip in app.screen._compositor.render_strips()]


def _check_literal(app, where: str, seen: set[str]) -> int:  # noqa: ANN001
    """Every tag on screen is preceded by its string drawn literally; returns how many."""
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


def every_screen_class() -> set[type[Screen]]:
    """Every screen and dialog spp_tui can show: the ``Screen`` subclasses of its modules that
    no other class extends (the rest are bases, never shown themselves)."""
    for module in pkgutil.walk_packages(spp_tui.__path__, "spp_tui."):
        importlib.import_module(module.name)
    found: set[type[Screen]] = set()
    todo: list[type[Screen]] = [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("spp_tui."):
                found.add(sub)
    return {cls for cls in found if not any(other in found for other in cls.__subclasses__())}


class Walk:
    """One app, walked as a chair would; ``look`` checks what is drawn now and every Select
    list on the screen opened in turn, and records which screen class it saw."""

    def __init__(self, pilot: Pilot) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.seen: set[str] = set()
        self.shown: dict[str, int] = {}
        self.visited: set[type] = set()
        self.opened: set[tuple[type, object]] = set()

    async def until(self, condition: Callable[[], bool]) -> None:
        try:
            await settle(self.pilot, condition)
        except AssertionError:
            told = [n.message for n in self.app._notifications]
            raise AssertionError(
                f"stuck on {type(self.app.screen).__name__}, focus {self.app.focused!r}, "
                f"after {list(self.shown)[-1:]}; told {told[-3:]}"
            ) from None

    async def on(self, name: str) -> None:
        """Wait until the screen on top is the class named ``name``."""
        await self.until(lambda: type(self.app.screen).__name__ == name)

    async def look(self, where: str, screen: str | None = None) -> None:
        await self.until(lambda: screen is None or type(self.app.screen).__name__ == screen)
        assert self.app.is_running, where
        self.visited.add(type(self.app.screen))
        self.shown[where] = _check_literal(self.app, where, self.seen)
        focused = self.app.focused
        # A list shown as a stand-in until the chair goes to it (the action log's filters):
        # put in place, so its choices are opened and read too.
        stand_ins = list(self.app.screen.query(SelectStandIn))
        for stand_in in stand_ins:
            stand_in.post_message(SelectStandIn.Wanted(stand_in, expand=False))
        if stand_ins:
            await self.until(lambda: not self.app.screen.query(SelectStandIn))
        for n, select in enumerate(self.app.screen.query(Select)):
            opened = (type(self.app.screen), select.id or n)
            if not select.display or select.disabled or opened in self.opened:
                continue  # each Select once: the same choices on another item add nothing
            self.opened.add(opened)
            select.expanded = True  # its list open, as Enter on it would
            await self.until(lambda s=select: s.expanded)
            self.shown[f"{where} select {select.id or n}"] = _check_literal(
                self.app, f"{where} select {select.id or n}", self.seen
            )
            select.expanded = False
            await self.pilot.pause()
        if focused is not None and self.app.focused is not focused:
            focused.focus()  # back where the chair was
            await self.until(lambda: self.app.focused is focused)

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.until(lambda: True)

    async def focus(self, widget_type: type, tries: int = 25) -> None:
        """Tab to the first widget of ``widget_type``, as a chair would."""
        for _ in range(tries):
            if isinstance(self.app.focused, widget_type):
                return
            await self.press("tab")
        raise AssertionError(f"Tab never reached a {widget_type.__name__}")


async def _home_and_new_meeting(walk: Walk) -> None:
    await home_ready(walk.pilot)
    await walk.look("home")
    await walk.press("f1")
    await walk.look("home help", "HelpScreen")
    await walk.press("escape")
    await walk.press("n")  # chair and minute-taker lists hold the people's names
    await walk.look("new meeting", "NewMeetingDialog")
    await walk.press("escape")
    await home_ready(walk.pilot)


async def _minutes_check(walk: Walk) -> None:
    """F7 on the held meeting: the gaps it quotes; x on the item never opened asks why,
    quoting the item's title."""
    await walk.press("escape", "f7")
    await walk.look("minutes check", "ReadinessScreen")
    screen = walk.app.screen
    items = [n for n, i in enumerate(screen.issues) if i.target[0] == "agenda_item"]
    assert items, [i.message for i in screen.issues]
    screen.query_one(OptionList).highlighted = items[0]
    await walk.press("x")
    await walk.look("item not taken", "ItemMarkDialog")
    await walk.press("escape")
    await walk.on("ReadinessScreen")
    await walk.press("escape")
    await walk.on("MeetingScreen")


async def _attendance(walk: Walk) -> None:
    await walk.focus(DataTable)
    for key, dialog in (
        ("d", "PickPersonDialog"),
        ("i", "PickGuestCaseDialog"),
        ("ctrl+o", "NewPersonDialog"),
        ("delete", "ConfirmDialog"),
    ):
        await walk.press(key)
        await walk.look(f"item 1 {dialog}", dialog)
        await walk.press("escape")
        await walk.on("MeetingScreen")


async def _action_review(walk: Walk) -> None:
    for key, dialog in (("h", "ActionHistoryScreen"), ("p", "DueDateDialog")):
        await walk.press(key)
        await walk.look(f"item 4 {dialog}", dialog)
        await walk.press("escape")
        await walk.on("MeetingScreen")
    await walk.press("c")  # an outcome, so it can have a note
    await walk.press("up", "e")
    await walk.look("item 4 NoteDialog", "NoteDialog")
    await walk.press("escape")
    await walk.on("MeetingScreen")


async def _action_dialogs(walk: Walk, item: str) -> None:
    await walk.press("f2")  # the action dialog: owners, cases, agencies
    await walk.look(f"item {item} action dialog", "ActionDialog")
    await walk.press("f3")  # the group's common phrases, from the actions' text
    await walk.look(f"item {item} phrases", "PhrasePicker")
    await walk.press("escape")
    await walk.on("ActionDialog")
    await type_text(walk.pilot, "x")
    await walk.press("escape")  # typed, so: discard?
    await walk.look(f"item {item} discard question", "DiscardTypingDialog")
    await walk.press("d")
    await walk.on("MeetingScreen")


async def _case_item(walk: Walk, db_path: Path) -> None:
    from spp_tui.db.database import open_database
    from spp_tui.db.services import actions
    from spp_tui.panels.case_actions import CaseActionList

    await walk.press("delete")  # "drop this case?" quotes its title
    await walk.look("item 6 drop case question", "ConfirmDialog")
    await walk.press("escape")
    await walk.on("MeetingScreen")
    await _action_dialogs(walk, "6")
    await walk.press("f4")
    await walk.look("item 6 urgent case", "UrgentCaseDialog")
    await walk.press("escape")
    await walk.on("MeetingScreen")
    await walk.focus(CaseActionList)
    await walk.press("home", "enter")  # the case's first action, to edit
    await walk.look("item 6 action edit", "ActionDialog")
    db = open_database(str(db_path))  # the secretariat saves the same action meanwhile
    try:
        actions.update_action(db, walk.app.screen.action_id, due_on=dt.date(2023, 5, 2))
    finally:
        db.dispose()
    await walk.press("enter")
    await walk.look("item 6 changed elsewhere", "StaleEditDialog")
    await walk.press("escape")
    await walk.on("ActionDialog")
    await walk.press("escape")
    if type(walk.app.screen).__name__ == "DiscardTypingDialog":
        await walk.press("d")
    await walk.on("MeetingScreen")


async def _palette(walk: Walk, words: str) -> None:
    await walk.press("ctrl+p")
    await type_text(walk.pilot, words)
    await walk.until(lambda: True)


async def _approve_and_unlock(walk: Walk) -> None:
    """Approve the held meeting's minutes, then ask to unlock them."""
    await _palette(walk, "approve")
    await walk.press("enter")
    await walk.on("ConfirmDialog")
    await walk.press("y")
    await walk.until(lambda: walk.app.screen.meeting.status == "minutes approved")
    await _palette(walk, "unlock")
    await walk.press("enter")
    await walk.look("unlock question", "UnlockDialog")
    await walk.press("escape")
    await walk.on("MeetingScreen")


async def _meeting(walk: Walk, db_path: Path) -> None:
    await open_first_meeting(walk.pilot)
    await walk.press("ctrl+s")
    for item in "12345678":  # 9 after the meeting ends, so the check has an item to ask about
        await walk.press("escape", item)
        await walk.look(f"item {item}", "MeetingScreen")
        if item == "1":
            await _attendance(walk)
            await _action_dialogs(walk, "1")
        if item == "3":
            await walk.press("r")  # corrections to the last minutes, as recorded
            await walk.look("item 3 corrections", "CorrectionsDialog")
            await walk.press("escape")
            await walk.on("MeetingScreen")
        if item == "4":
            await _action_review(walk)
        if item == "6":
            await _case_item(walk, db_path)
    await walk.press("ctrl+f")
    await walk.look("end meeting question", "ConfirmDialog")
    await walk.press("y")
    await walk.until(lambda: walk.app.screen.meeting.status == "held")
    await _minutes_check(walk)
    await walk.press("escape", "9")
    await walk.look("item 9", "MeetingScreen")
    await walk.press("f1")
    await walk.look("meeting help", "HelpScreen")
    await walk.press("escape")
    await _palette(walk, "ZQ")
    await walk.look("palette search")
    await walk.press("escape")
    await walk.press("f9")
    await walk.look("redaction review", "RedactionReviewScreen")
    await walk.press("escape")
    await walk.on("MeetingScreen")
    await _approve_and_unlock(walk)
    await walk.press("ctrl+l")
    await home_ready(walk.pilot)


async def _home_lists(walk: Walk) -> None:
    for key, screen in (
        ("a", "ActionLogScreen"),
        ("c", "CaseListScreen"),
        ("d", "DashboardScreen"),
    ):
        await walk.press(key)
        await walk.look(f"home {key}", screen)
        await walk.press("enter")  # the first row's detail (history, case)
        await walk.look(f"home {key} detail")
        if type(walk.app.screen).__name__ == "CaseScreen":
            await walk.press("t")
            await walk.look("case audit trail", "AuditTrailScreen")
            await walk.press("escape")
            await walk.on("CaseScreen")
        await walk.press("escape", "escape")
        await home_ready(walk.pilot)


@pytest.mark.slow  # one app through every screen, dialog and Select list: about a minute
async def test_hostile_text_is_shown_literally_on_every_screen_dialog_and_palette(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """Every stored text field hostile; every screen, panel, dialog, open Select list, help
    and the palette's search show it as typed (markup, links and escapes inert); the app
    runs; and no screen class of spp_tui is left out of the walk."""
    _seed_every_text_field(demo_db_path)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(140, 45)) as pilot:
            walk = Walk(pilot)
            await _home_and_new_meeting(walk)
            await _meeting(walk, demo_db_path)
            await _home_lists(walk)
            assert app.contained_failures == []
            assert app.is_running
        # A database path is data too: the screen that says it cannot be opened quotes it.
        bad = tmp_path / f"{TAGGED[0][0]} {TAGGED[3][0]}.sqlite3"
        bad.write_bytes(b"not a database")
        app = create_app(str(bad))
        async with app.run_test(size=(140, 45)) as pilot:
            error_walk = Walk(pilot)
            await error_walk.look("cannot open", "ErrorScreen")
            assert app.is_running
    assert walk.seen == TAGS, walk.shown
    assert error_walk.shown["cannot open"] > 0
    for where in (
        *("home", "item 1", "item 4", "item 6", "item 8", "palette search", "home a"),
        *("item 4 ActionHistoryScreen", "item 6 drop case question", "minutes check"),
        *("item 1 PickGuestCaseDialog", "item 1 ConfirmDialog", "item not taken"),
        *("new meeting select chair", "home c select case-operation", "item 6 phrases"),
        *("home a select filter-owner", "home a select filter-operation"),
    ):
        assert walk.shown[where] > 0, (where, walk.shown)
    missed = every_screen_class() - walk.visited - error_walk.visited
    assert not missed, f"no way into these in the walk: {sorted(c.__name__ for c in missed)}"
