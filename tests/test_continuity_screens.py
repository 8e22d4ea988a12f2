"""Pilot tests of the action log, the case list and case screen, and the palette search, on the
demo data; SQL statement counts of opening them (no query per row); snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from app_pilot import home_ready, settle, type_text
from test_continuity_services import _case_with_history, _people, count_statements
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Select

from spp_tui.app import create_app
from spp_tui.db.database import Database, open_database
from spp_tui.db.services import actions, cases, meetings, search
from spp_tui.db.services.actions import ActionFilter
from spp_tui.dialogs.action_history import ActionHistoryScreen
from spp_tui.screens import action_log
from spp_tui.screens.action_log import ActionLogScreen
from spp_tui.screens.case_list import CaseListScreen
from spp_tui.screens.case_screen import CaseScreen
from spp_tui.screens.navigation import Navigator

APRIL = dt.date(2023, 4, 4)


class ScreenHost(Navigator, App[None]):
    """A bare app with ``db`` that opens one screen: no home, no other engineer's screens."""

    def __init__(self, db: Database, screen_factory) -> None:  # noqa: ANN001
        super().__init__()
        self.db = db
        self.screen_factory = screen_factory

    def compose(self) -> ComposeResult:
        yield Footer()

    def on_mount(self) -> None:
        self.push_screen(self.screen_factory())


async def log_ready(pilot) -> ActionLogScreen:  # noqa: ANN001
    await settle(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, ActionLogScreen)
            and pilot.app.screen.page is not None
            and pilot.app.screen.options is not None
        ),
    )
    return pilot.app.screen


async def reloaded(pilot, screen: ActionLogScreen) -> None:  # noqa: ANN001
    """Wait for the page asked for last to be on screen."""
    await settle(pilot, lambda: screen.page is not None and not screen.workers)


def shown_refs(screen) -> list[str]:  # noqa: ANN001
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def refs(db: Database, filt: ActionFilter, descending: bool = False) -> list[str]:
    return [r.reference for r in actions.list_actions(db, filt, descending=descending)]


# --- action log ---------------------------------------------------------------------------


async def test_action_log_opens_from_home_with_every_action(demo_db_path: Path) -> None:
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(140, 40)) as pilot:
        await home_ready(pilot)
        await pilot.press("a")
        screen = await log_ready(pilot)
        total = actions.count_actions(app.db)
        assert screen.page.total == total == len(shown_refs(screen))
        assert shown_refs(screen) == refs(app.db, ActionFilter())
        assert f"1–{total} of {total}" in str(screen.query_one("#log-status").render())
        assert screen.focused is screen.query_one(DataTable)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ActionLogScreen)


async def test_action_log_filters_by_keys(demo_db: Database) -> None:
    app = ScreenHost(demo_db, lambda: ActionLogScreen(today=APRIL))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await log_ready(pilot)

        # s: status. The list opens; Down past "Any status", Enter takes "Live".
        await pilot.press("s")
        await pilot.pause()
        status = screen.query_one("#filter-status", Select)
        assert status.expanded
        await pilot.press("down", "enter")
        await reloaded(pilot, screen)
        assert status.value == "live"
        live = refs(demo_db, ActionFilter(status="live"))
        assert shown_refs(screen) == live and 0 < len(live) < actions.count_actions(demo_db)
        assert screen.focused is screen.query_one(DataTable)

        # v: overdue on the screen's day (the April meeting), in red.
        await pilot.press("v")
        await reloaded(pilot, screen)
        overdue = refs(demo_db, ActionFilter(status="live", overdue_on=APRIL))
        assert shown_refs(screen) == overdue and 0 < len(overdue) < len(live)
        table = screen.query_one(DataTable)
        for i in range(table.row_count):
            assert table.get_row_at(i)[-1].plain.endswith("d")
        await pilot.press("v")
        await reloaded(pilot, screen)

        # o: owner, found by typing part of the name in the open list.
        owner = next(r for r in actions.list_actions(demo_db, ActionFilter(status="live")))
        await pilot.press("o")
        await pilot.pause()
        await type_text(pilot, owner.owner_name)
        await pilot.press("enter")
        await reloaded(pilot, screen)
        expected = refs(demo_db, ActionFilter(status="live", owner_id=owner.owner_id))
        assert shown_refs(screen) == expected and owner.reference in expected
        assert owner.owner_name in str(screen.query_one("#log-title").render())

        # x clears every filter; / searches the text.
        await pilot.press("x")
        await reloaded(pilot, screen)
        assert len(shown_refs(screen)) == actions.count_actions(demo_db)
        await pilot.press("slash")
        await type_text(pilot, "cctv")
        await reloaded(pilot, screen)
        found = refs(demo_db, ActionFilter(text="cctv"))
        assert shown_refs(screen) == found and found
        assert all("CCTV" in str(table.get_row_at(i)[1]) for i in range(table.row_count))
        await pilot.press("enter")  # back to the table
        assert screen.focused is table

        # r: latest due first.
        await pilot.press("r")
        await reloaded(pilot, screen)
        assert shown_refs(screen) == refs(demo_db, ActionFilter(text="cctv"), descending=True)


async def test_action_log_agency_case_and_operation_filters(demo_db: Database) -> None:
    some = [r for r in actions.list_actions(demo_db) if r.case_id and r.operation and r.meeting_id][
        0
    ]
    app = ScreenHost(demo_db, lambda: ActionLogScreen(today=APRIL))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await log_ready(pilot)
        for key, select_id, value, filt in (
            ("g", "#filter-agency", some.agency_id, ActionFilter(agency_id=some.agency_id)),
            ("c", "#filter-case", some.case_id, ActionFilter(case_id=some.case_id)),
            ("p", "#filter-operation", some.operation, ActionFilter(operation=some.operation)),
            ("m", "#filter-meeting", some.meeting_id, ActionFilter(meeting_id=some.meeting_id)),
        ):
            await pilot.press("x")
            await reloaded(pilot, screen)
            await pilot.press(key)  # the list is put in place of its stand-in, and opens
            select = screen.query_one(select_id, Select)
            assert select.expanded
            select.value = value
            await reloaded(pilot, screen)
            expected = refs(demo_db, filt)
            assert shown_refs(screen) == expected and some.reference in expected, select_id
            assert len(expected) < actions.count_actions(demo_db), select_id
        # The meeting list offers the meetings held or begun, newest first, and the title
        # says which is in force.
        raised_at = meetings.get_meeting(demo_db, some.meeting_id)
        title = str(screen.query_one("#log-title").render())
        assert f"raised at {raised_at.kind} {raised_at.date:%d %b %Y}" in title


async def test_action_log_opened_for_a_person_and_pages(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(action_log, "PAGE_SIZE", 10)
    total = actions.count_actions(demo_db)
    app = ScreenHost(demo_db, lambda: ActionLogScreen(today=APRIL))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await log_ready(pilot)
        all_refs = refs(demo_db, ActionFilter())
        assert shown_refs(screen) == all_refs[:10]
        status = screen.query_one("#log-status")
        assert f"1–10 of {total}" in str(status.render())
        await pilot.press("right_square_bracket")
        await reloaded(pilot, screen)
        assert shown_refs(screen) == all_refs[10:20]
        assert f"page 2 of {(total + 9) // 10}" in str(status.render())
        await pilot.press("left_square_bracket", "left_square_bracket")
        await reloaded(pilot, screen)
        assert shown_refs(screen) == all_refs[:10]

    person = actions.list_actions(demo_db)[0]
    app = ScreenHost(demo_db, lambda: ActionLogScreen(owner_id=person.owner_id, today=APRIL))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await log_ready(pilot)
        assert shown_refs(screen) == refs(demo_db, ActionFilter(owner_id=person.owner_id))
        # The owner's list says who, before and after it is put in place of its stand-in.
        assert person.owner_name in str(screen.query_one("#filter-owner").render())
        await pilot.press("o")
        assert screen.query_one("#filter-owner", Select).value == person.owner_id
        assert person.owner_name in str(
            screen.query_one("#filter-owner SelectCurrent #label").render()
        )


async def test_enter_shows_an_actions_whole_history(demo_db: Database) -> None:
    reviewed = next(
        r for r in actions.list_actions(demo_db) if actions.action_history(demo_db, r.id)
    )
    history = actions.action_history(demo_db, reviewed.id)
    app = ScreenHost(demo_db, lambda: ActionLogScreen(text=reviewed.reference, today=APRIL))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await log_ready(pilot)
        assert shown_refs(screen) == [reviewed.reference]
        await pilot.press("enter")
        await settle(
            pilot,
            lambda: isinstance(app.screen, ActionHistoryScreen) and app.screen.story is not None,
        )
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows[0][2] == "raised" and rows[0][1] == f"PSG {reviewed.raised_on:%d %b %Y}"
        assert [(r[2].plain, r[4]) for r in rows[1:]] == [
            (u.new_status, u.note) for u, _ in history
        ]
        facts = str(app.screen.query_one("#history-facts").render())
        assert reviewed.owner_name in facts and reviewed.case_reference in facts
        await pilot.press("c")  # to the action's case
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.screen.case_id == reviewed.case_id


# --- case list and case screen ----------------------------------------------------------


async def test_case_list_filters_and_opens_a_case(demo_db: Database) -> None:
    app = ScreenHost(demo_db, CaseListScreen)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, lambda: app.screen.cases)
        screen = app.screen
        table = screen.query_one(DataTable)
        assert table.row_count == len(cases.list_cases(demo_db))

        async def shown(**fields: str) -> list[str]:
            await pilot.press("x")
            await settle(pilot, lambda: not screen.workers)
            for select_id, value in fields.items():
                screen.query_one(f"#case-{select_id}", Select).value = value
            await settle(pilot, lambda: not screen.workers)
            return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]

        from spp_tui.db.services.cases import CaseFilter

        for fields in (
            {"status": "monitoring"},
            {"risk": "high"},
            {"category": "youth"},
            {"operation": "Spotlight"},
            {"ward": "Park"},
            {"status": "open", "risk": "high"},
        ):
            expected = [c.reference for c in cases.list_cases(demo_db, CaseFilter(**fields))]
            assert await shown(**fields) == expected and expected, fields
        await pilot.press("x")
        await pilot.press("slash")
        await type_text(pilot, "towler")
        await settle(pilot, lambda: table.row_count == 1)
        await pilot.press("enter", "enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.timeline)
        assert app.screen.timeline.case.location == "Towler Street"


async def test_case_screen_timeline_parties_and_its_actions(demo_db: Database) -> None:
    case = next(c for c in cases.list_cases(demo_db) if c.reference == "PSG-2022-001")
    app = ScreenHost(demo_db, lambda: CaseScreen(case.id))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, lambda: app.screen.timeline is not None)
        screen = app.screen
        timeline = cases.case_timeline(demo_db, case.id)
        table = screen.query_one(DataTable)
        assert table.row_count == len(timeline.events)
        kinds = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert {"referred", "discussed", "risk", "status", "action", "update"} <= kinds
        facts = str(screen.query_one("#case-facts").render())
        assert "Kevin Doyle (suspect)" in facts and "Operation Luscombe" in facts
        # Enter on an update line opens that action's history.
        update_row = next(i for i, e in enumerate(timeline.events) if e.kind == "update")
        table.move_cursor(row=update_row)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ActionHistoryScreen))
        assert app.screen.action_id == timeline.events[update_row].action_id
        await pilot.press("escape")
        # a: the action log of this case.
        await pilot.press("a")
        log = await log_ready(pilot)
        assert shown_refs(log) == refs(demo_db, ActionFilter(case_id=case.id))


# --- search in the palette ------------------------------------------------------------------


async def test_palette_search_jumps_to_a_case(demo_db_path: Path) -> None:
    from textual.command import CommandList, CommandPalette

    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_text(pilot, "towler")
        commands = app.screen.query_one(CommandList)
        await settle(
            pilot,
            lambda: any("Towler" in str(o.prompt) or "PSG-2022-003" in str(o.prompt)
                        for o in commands.options),
        )  # fmt: skip
        index = next(i for i, o in enumerate(commands.options) if "PSG-2022-003" in str(o.prompt))
        commands.highlighted = index
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.timeline)
        assert app.screen.timeline.case.reference == "PSG-2022-003"


async def test_each_kind_of_search_hit_opens_its_screen(demo_db_path: Path) -> None:
    from spp_tui.screens.meeting import MeetingScreen
    from spp_tui.screens.search_provider import open_search_hit

    db = open_database(str(demo_db_path))
    try:
        person = next(h for h in search.search(db, "kowalski") if h.kind == "person")
        meeting = next(h for h in search.search(db, "2023-04-04") if h.kind == "meeting")
        action = next(h for h in search.search(db, "A-2023-001") if h.kind == "action")
        case = next(h for h in search.search(db, "PSG-2022-001") if h.kind == "case")
    finally:
        db.dispose()
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        for hit, screen_class, check in (
            (case, CaseScreen, lambda s: s.case_id == case.id),
            (action, ActionHistoryScreen, lambda s: s.action_id == action.id),
            (meeting, MeetingScreen, lambda s: s.meeting_id == meeting.id),
            (person, ActionLogScreen, lambda s: s.filt and s.filt.owner_id == person.id),
        ):
            open_search_hit(app, hit)
            await settle(pilot, lambda cls=screen_class: isinstance(app.screen, cls))
            assert check(app.screen), hit
            app.pop_screen()
            await pilot.pause()
        assert meetings.get_meeting(app.db, meeting.id).date == APRIL


# --- no query per row -------------------------------------------------------------------------


async def _statements_to_open(db: Database, factory, ready) -> int:  # noqa: ANN001
    """SQL statements from starting the app to the screen showing its data."""
    app = ScreenHost(db, factory)
    with count_statements(db) as statements:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot, lambda: ready(app.screen))
            shown = len(statements)
    assert shown > 0, "the screen read nothing: the count would prove nothing"
    return shown


async def test_opening_a_case_screen_costs_no_query_per_meeting(db: Database) -> None:
    owner_id, _ = _people(db)
    short = _case_with_history(db, owner_id, 1)
    long = _case_with_history(db, owner_id, 30)

    def ready(screen) -> bool:  # noqa: ANN001
        return isinstance(screen, CaseScreen) and screen.timeline is not None

    one = await _statements_to_open(db, lambda: CaseScreen(short), ready)
    thirty = await _statements_to_open(db, lambda: CaseScreen(long), ready)
    # The case with its agencies, discussions, actions, updates, parties, and one BEGIN.
    assert one == thirty <= 6


async def test_loading_the_action_log_costs_no_query_per_row(db: Database) -> None:
    owner_id, other_id = _people(db)
    meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 3, 7))
    case = cases.create_case(db, "Street drinking", operation="Luscombe")

    def ready(screen) -> bool:  # noqa: ANN001
        return isinstance(screen, ActionLogScreen) and screen.page and screen.options

    def add(n: int) -> None:
        for k in range(n):
            actions.create_action(
                db, f"Action {k}", (owner_id, other_id)[k % 2], dt.date(2023, 3, 20),
                case_id=case.id if k % 2 else None, meeting_id=meeting.id,
            )  # fmt: skip

    add(3)
    few = await _statements_to_open(db, lambda: ActionLogScreen(today=APRIL), ready)
    add(150)
    many = await _statements_to_open(db, lambda: ActionLogScreen(today=APRIL), ready)
    # A page (count, rows), the six filter lists, and a BEGIN for each short read.
    assert few == many <= 14


# --- snapshots ------------------------------------------------------------------------------


def _frozen():
    return time_machine.travel(dt.datetime(2023, 4, 4, 9, 0, tzinfo=dt.UTC), tick=False)


def test_action_log_snapshot(snap_compare, demo_db_path: Path) -> None:
    with _frozen():

        async def run_before(pilot) -> None:  # noqa: ANN001
            await home_ready(pilot)
            await pilot.press("a")
            await log_ready(pilot)
            await pilot.press("v")  # overdue on the meeting day
            await reloaded(pilot, pilot.app.screen)
            await pilot.pause()

        app = create_app(str(demo_db_path))
        assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_case_screen_snapshot(snap_compare, demo_db_path: Path) -> None:
    db = open_database(str(demo_db_path))
    case_id = next(c.id for c in cases.list_cases(db) if c.reference == "PSG-2022-003")
    db.dispose()
    with _frozen():

        async def run_before(pilot) -> None:  # noqa: ANN001
            await home_ready(pilot)
            pilot.app.push_screen(CaseScreen(case_id))
            await settle(pilot, lambda: getattr(pilot.app.screen, "timeline", None) is not None)
            await pilot.pause()

        app = create_app(str(demo_db_path))
        assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


async def test_provider_offers_the_screens_and_the_data(demo_db_path: Path) -> None:
    from spp_tui.screens.search_provider import SearchProvider

    async def hits(screen, query: str) -> list[str]:  # noqa: ANN001
        provider = SearchProvider(screen)
        return [hit.text async for hit in provider.search(query)]

    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        # Home lists the action log itself: not offered twice.
        assert "Action log" not in await hits(app.screen, "action log")
        app.push_screen(CaseListScreen())
        await settle(pilot, lambda: isinstance(app.screen, CaseListScreen))
        assert "Action log" in await hits(app.screen, "action log")
        found = await hits(app.screen, "towler")
        assert "Case: PSG-2022-003 Drug dealing from a flat, visitors day and night" in found
        # One letter is too short to search the data (only the screens match).
        assert all(":" not in text for text in await hits(app.screen, "t"))
