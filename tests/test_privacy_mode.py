"""Privacy mode (issue 18 item 1): no recorded party name anywhere on screen, on every
screen, panel and dialog of the demo; typing stored as typed; the switch is audited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_pilot import home_ready, open_first_meeting, settle
from sqlmodel import select

from spp_tui.app import SppApp, create_app
from spp_tui.db.database import open_database
from spp_tui.db.models import AuditEntry, CaseParty
from spp_tui.name_words import HONORIFICS
from spp_tui.widgets.privacy_banner import CHAIR_TEXT
from spp_tui.widgets.screen_mask import screen_text

SIZE = (160, 48)


def party_names(db_path: Path) -> list[str]:
    """Every recorded party name, and each of its words of 3+ letters (first name, surname)."""
    db = open_database(str(db_path))
    try:
        with db.read() as s:
            names = sorted({p.name for p in s.exec(select(CaseParty))})
    finally:
        db.dispose()
    assert names, "the demo records parties"
    return names


def leaks(text: str, names: list[str]) -> list[str]:
    """Party names (in full, or first name or surname alone) found in ``text``."""
    found = []
    for name in names:
        words = [
            w
            for w in re.findall(r"[^\W\d_][\w'’-]*", name)
            if len(w) >= 3 and w.lower() not in HONORIFICS
        ]
        for form in {name, *words}:
            if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text, re.IGNORECASE):
                found.append(form)
    return sorted(set(found))


async def wait_for(pilot, until, seconds: float = 30) -> None:
    """Wait on what the screen shows (palette searches run on timers), bounded."""
    for _ in range(int(seconds * 10)):
        await pilot.pause(0.1)
        if until():
            return
    raise AssertionError("the screen never showed what was expected")


async def privacy_on(pilot) -> None:
    app: SppApp = pilot.app  # type: ignore[assignment]
    await pilot.press("f6")
    await settle(pilot, lambda: app.screen_mask is not None)
    await pilot.pause()


def assert_clean(app: SppApp, names: list[str], where: str) -> str:
    text = screen_text(app)
    assert not leaks(text, names), f"{where}: {leaks(text, names)} on screen:\n{text}"
    return text


def unmasked_text(app: SppApp) -> str:
    """The same screen drawn without the names filter (what privacy mode hides)."""
    mask = app.screen_mask
    assert mask is not None
    mask.filter.enabled = False
    try:
        return screen_text(app)
    finally:
        mask.filter.enabled = True


@pytest.mark.parametrize("part", ["screens", "meetings"])
async def test_privacy_mode_hides_every_party_name_on_every_screen_and_dialog(
    demo_db_path: Path, part: str
) -> None:
    """Every screen, panel and dialog of the demo with privacy mode on, in two app sessions
    that run side by side (``-n``): the screens (home, palette, help, every case and its
    audit trail, the action log) and the meetings (every item and case of the next and the
    last meeting, the action dialog, the minutes check). Each screen is read twice: as drawn
    (no party name, and the indicator) and drawn without the names filter (the names it
    hid), so the scan is shown to find names where they are and the walk to reach them."""
    names = party_names(demo_db_path)
    app = create_app(str(demo_db_path))
    seen: set[str] = set()
    hidden: set[str] = set()

    async def scan(where: str, *, banner: bool = True) -> None:
        await settle(pilot, lambda: True)
        await pilot.pause()
        text = assert_clean(app, names, where)
        assert not banner or text.splitlines()[0].strip() == CHAIR_TEXT, (where, text)
        hidden.update(leaks(unmasked_text(app), names))
        seen.add(type(app.screen).__name__)

    async def walk_meeting(which: str) -> None:
        for digit in range(1, 10):
            app.screen.query_one("#agenda").focus()
            await pilot.press(str(digit))
            await scan(f"{which} item {digit}")
            panel = app.screen.panel
            for step in range(len(getattr(panel, "entries", ())) - 1):
                await pilot.press("ctrl+down")
                await scan(f"{which} item {digit}, case {step + 2}")

    async def walk_screens() -> None:
        await scan("home")
        # The palette searching: its results are masked too.
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "towler":
            await pilot.press(key)
        await wait_for(pilot, lambda: "PSG-2022-003" in screen_text(app))
        await scan("palette search", banner=False)  # the palette opens over the line
        await pilot.press("escape")
        await pilot.press("f1")
        await scan("help")
        await pilot.press("escape")
        # Every case, its audit trail and its actions.
        await pilot.press("c")
        await settle(pilot, lambda: type(app.screen).__name__ == "CaseListScreen")
        await scan("case list")
        cases = len(app.screen.query_one("DataTable").rows)
        for row in range(cases):
            await pilot.press("escape") if row else None
            await settle(pilot, lambda: type(app.screen).__name__ == "CaseListScreen")
            table = app.screen.query_one("DataTable")
            table.focus()
            table.move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot, lambda: type(app.screen).__name__ == "CaseScreen")
            await scan(f"case {row}")
            await pilot.press("t")
            await settle(pilot, lambda: type(app.screen).__name__ == "AuditTrailScreen")
            await scan(f"audit trail {row}")
            await pilot.press("escape")
        await pilot.press("escape", "escape")
        await home_ready(pilot)
        # The action log and an action's history.
        await pilot.press("a")
        await settle(pilot, lambda: type(app.screen).__name__ == "ActionLogScreen")
        await scan("action log")
        app.screen.query_one("DataTable").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: type(app.screen).__name__ == "ActionHistoryScreen")
        await scan("action history")

    async def walk_meetings() -> None:
        # Every agenda item, every case on it, the action dialog, readiness.
        await open_first_meeting(pilot)
        await pilot.press("ctrl+s")
        await scan("meeting started")
        await walk_meeting("next meeting")
        await pilot.press("f2")
        await settle(pilot, lambda: type(app.screen).__name__ == "ActionDialog")
        await scan("action dialog")
        await pilot.press("escape")
        await settle(pilot, lambda: type(app.screen).__name__ == "MeetingScreen")
        # The last meeting held (summaries that name people) and its minutes check.
        await pilot.press("ctrl+l")
        await home_ready(pilot)
        await pilot.press("down")
        await open_first_meeting(pilot)
        await walk_meeting("held meeting")
        app.screen.query_one("#agenda").focus()
        await pilot.press("f7")
        await settle(pilot, lambda: type(app.screen).__name__ == "ReadinessScreen")
        await scan("readiness")
        # Turned off, the indicator goes from every screen, and stays away from new ones.
        await pilot.press("escape")
        await settle(pilot, lambda: type(app.screen).__name__ == "MeetingScreen")
        await pilot.press("f6")
        await settle(pilot, lambda: app.screen_mask is None)
        app.clear_notifications()
        await pilot.pause()
        assert "PRIVATE VIEW" not in screen_text(app)
        await pilot.press("ctrl+l")
        await home_ready(pilot)
        await pilot.pause()
        assert "PRIVATE VIEW" not in screen_text(app)

    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await privacy_on(pilot)
        await (walk_screens() if part == "screens" else walk_meetings())
    if part == "screens":
        expected = {"HomeScreen", "HelpScreen", "CaseListScreen", "CaseScreen"}
        expected |= {"AuditTrailScreen", "ActionLogScreen", "ActionHistoryScreen"}
        # The walk met the names (the scan finds them where privacy mode is off).
        assert {"Kevin Doyle", "Pryce", "Shane Carver"} <= hidden, hidden
        assert len(hidden) >= len(names) // 2, (sorted(hidden), names)
    else:
        expected = {"MeetingScreen", "ActionDialog", "ReadinessScreen"}
        assert len(hidden) >= 3, sorted(hidden)
    assert expected <= seen, seen


async def test_typing_in_privacy_mode_is_stored_as_typed_and_the_switch_is_audited(
    demo_db_path: Path,
) -> None:
    from spp_tui.db.services import settings

    app = create_app(str(demo_db_path))
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await privacy_on(pilot)
        await pilot.press("f6")
        await settle(pilot, lambda: app.screen_mask is None)
        app.action_toggle_privacy()
        await settle(pilot, lambda: app.screen_mask is not None)
        app._save_privacy_start(True)
    db = open_database(str(demo_db_path))
    try:
        with db.read() as s:
            views = [
                e.summary for e in s.exec(select(AuditEntry).where(AuditEntry.operation == "view"))
            ]
        assert views == [
            "privacy mode turned on",
            "privacy mode turned off",
            "privacy mode turned on",
        ]
        assert settings.get_setting(db, settings.PRIVACY_START) == "on"
    finally:
        db.dispose()
    started = create_app(str(demo_db_path))
    async with started.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await settle(pilot, lambda: started.screen_mask is not None)
        assert started.privacy_mode


async def test_a_one_item_guest_hides_other_cases_until_marked_as_left(
    demo_db_path: Path, tmp_path: Path
) -> None:
    from app_pilot import type_text
    from export_reading import all_text, open_docx

    from spp_tui.db.models import Attendance, Case
    from spp_tui.db.services import cases as cases_svc
    from spp_tui.exports.minutes import export_minutes

    app = create_app(str(demo_db_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_first_meeting(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen.meeting.status == "in progress")
        await type_text(pilot, "okafor")
        await pilot.press("enter")
        await settle(pilot, lambda: bool(app.screen.panel.rows))
        app.screen.panel.query_one("DataTable").focus()
        await pilot.press("i")
        await settle(pilot, lambda: type(app.screen).__name__ == "PickGuestCaseDialog")
        await pilot.press("down", "down", "enter")  # the second case on the agenda
        await settle(pilot, lambda: type(app.screen).__name__ == "MeetingScreen")
        meeting_id = app.screen.meeting_id
        db = app.db
        with db.read() as s:
            guest = s.exec(select(Attendance).where(Attendance.role == "invited")).one()
            theirs = s.get(Case, guest.invited_for_case_id)
        on_agenda = [c.case for c in cases_svc.meeting_cases(db, meeting_id)]
        others = [c for c in on_agenda if c.id != theirs.id]
        await privacy_on(pilot)
        await pilot.press("escape")
        for digit in range(5, 8):
            await pilot.press(str(digit))
            await settle(pilot, lambda: True)
            for _ in range(8):
                text = screen_text(app)
                assert not any(c.title in text for c in others), text
                await pilot.press("ctrl+down")
                await settle(pilot, lambda: True)
        # Guests' own case is shown in full when in hand.
        await pilot.press("escape", "1")
        await settle(pilot, lambda: type(app.screen.panel).__name__ == "AttendancePanel")
        table = app.screen.panel.query_one("DataTable")
        table.focus()
        table.move_cursor(
            row=app.screen.panel.rows.index(
                next(r for r in app.screen.panel.rows if r.role == "invited")
            )
        )
        await pilot.press("l")
        await settle(pilot, lambda: any(r.left_at for r in app.screen.panel.rows))
        assert "left " in screen_text(app)
        await pilot.press("escape", "6")
        await settle(pilot, lambda: True)
        shown = screen_text(app)
        assert "Details are not shown" not in shown
        assert any(c.title in shown for c in others), shown
        path = export_minutes(db, meeting_id, tmp_path / "minutes.docx")
    text = all_text(open_docx(path))
    assert re.search(r"Tom Okafor left the meeting after item \d+(\.\d+)? \(at \d\d:\d\d\)\.", text)


async def test_names_are_hidden_by_textual_line_filters_and_the_setting_shows_the_focused_field(
    demo_db_path: Path,
) -> None:
    """Privacy mode uses Textual's supported hook (``get_line_filters``), not a patched
    compositor; with ``privacy_show_focused`` the field being edited shows the real text
    while it has the focus, and nothing else does."""
    from test_projector import live_meeting
    from textual._compositor import Compositor

    from spp_tui.db.services import meetings, settings
    from spp_tui.widgets.screen_mask import NameFilter

    names = party_names(demo_db_path)
    db = open_database(str(demo_db_path))
    meeting_id, items = live_meeting(db, names)  # every case summary names two parties
    meetings.enter_item(db, meeting_id, next(i for i in items if i.kind == "case reviews").id)
    db.dispose()
    app = create_app(str(demo_db_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_first_meeting(pilot)
        await privacy_on(pilot)
        # The palette command that sets it (remembered in the database, applied at once).
        commands = {c.title: c.callback for c in app.get_system_commands(app.screen)}
        commands["Privacy mode: show the field being edited"]()
        await settle(pilot, lambda: app.screen_mask.show_focused)
        assert settings.get_setting(app.db, settings.PRIVACY_SHOW_FOCUSED) == "on"
        assert Compositor._get_renders.__module__ == "textual._compositor"
        summary = app.screen.query_one("#case-summary")
        assert any(isinstance(f, NameFilter) for f in app.get_line_filters())
        await settle(pilot, lambda: bool(summary.text))
        summary.focus()
        await pilot.pause()
        assert not any(isinstance(f, NameFilter) for f in summary.get_line_filters())
        focused = screen_text(app)
        shown = leaks(focused, names)
        assert shown, focused  # the summary, as typed, while it has the focus
        typed = summary.text
        assert all(form in typed for form in shown)
        assert "[Person" in focused  # the case list beside it stays redacted
        app.screen.query_one("#agenda").focus()
        await pilot.pause()
        assert_clean(app, names, "focus moved on")
        # Without the setting the field being edited is redacted too.
        commands = {c.title: c.callback for c in app.get_system_commands(app.screen)}
        commands["Privacy mode: redact the field being edited"]()
        await settle(pilot, lambda: not app.screen_mask.show_focused)
        assert settings.get_setting(app.db, settings.PRIVACY_SHOW_FOCUSED) == ""
        summary.focus()
        await pilot.pause()
        assert_clean(app, names, "focused, setting off")
        assert summary.text == typed  # only the screen changes
