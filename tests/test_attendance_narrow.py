"""Attendance at 80 columns (issue 13 item 9): no column cut. The agency column shows each
agency's short name when the full names would not fit, and the line under the table names the
highlighted person whole (name, role, agency); on a wide screen the column has the full names.
"""

from __future__ import annotations

from app_pilot import open_first_meeting, settle

from spp_tui.app import create_app
from spp_tui.db.services import directory, meetings
from spp_tui.db.services.attendance import AttendanceRow
from spp_tui.panels.attendance_lines import agency_cells
from spp_tui.widgets.lists import DataTable

PEOPLE = ("Sarah Whitfield", "Dr Ruth Ellison", "Tom Okafor")


def _row(name: str, agency: str, short: str) -> AttendanceRow:
    return AttendanceRow(1, 1, name, 1, agency, "present", "member", None, "", agency_short=short)


def test_full_agency_names_while_they_fit_else_short_names_where_recorded() -> None:
    rows = [
        _row("Ann Lee", "Peterborough City Council", "PCC"),
        _row("Bo Li", "Street Pastors", ""),
    ]
    others = [["present", row.name, "member"] for row in rows]
    need = len("present") + len("Ann Lee") + len("member") + len("Peterborough City Council") + 8
    assert agency_cells(rows, need, others) == ["Peterborough City Council", "Street Pastors"]
    assert agency_cells(rows, need - 1, others) == ["PCC", "Street Pastors"]
    assert agency_cells([], 0, []) == []


def test_the_fit_is_counted_in_terminal_cells_not_characters() -> None:
    """A name in Chinese takes two cells a character: counted in characters, the full agency
    names were kept where they ran past the edge."""
    rows = [_row("王秀英", "Peterborough City Council", "PCC")]
    others = [["present", "王秀英", "member"]]
    need = len("present") + 6 + len("member") + len("Peterborough City Council") + 8
    assert agency_cells(rows, need, others) == ["Peterborough City Council"]
    assert agency_cells(rows, need - 1, others) == ["PCC"]


def _attendance(demo_db, demo_db_path):  # noqa: ANN001, ANN202
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    people = {p.name: p for p in directory.list_people(demo_db)}
    for name in PEOPLE:
        meetings.record_attendance(demo_db, meeting_id, people[name].id)
    app = create_app(str(demo_db_path))
    return app, {name: people[name] for name in PEOPLE}


async def _table(pilot):  # noqa: ANN001, ANN202
    """The meeting opened on its attendance: the table, and each name's agency cell."""
    await open_first_meeting(pilot)
    table = pilot.app.screen.query_one("#attendance-table", DataTable)
    await settle(pilot, lambda: table.row_count == len(PEOPLE))
    cells = [table.get_row_at(n) for n in range(table.row_count)]
    return table, {str(row[1]): str(row[3]) for row in cells}


async def test_at_80_columns_the_agency_column_is_whole_and_the_line_under_names_it(
    demo_db, demo_db_path
) -> None:
    app, people = _attendance(demo_db, demo_db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        table, shown = await _table(pilot)
        assert shown["Sarah Whitfield"] == "PCC"  # Peterborough City Council
        for name, agency in shown.items():
            full = people[name].agency_name
            assert agency in (full, directory.find_agency(demo_db, full).short_name)
        # Nothing runs off the right edge: the table needs no sideways scroll.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        detail = app.screen.query_one("#attendance-detail")
        table.focus()
        await pilot.pause()
        for n in range(len(PEOPLE)):
            table.move_cursor(row=n)
            await pilot.pause()
            name = str(table.get_row_at(n)[1])
            line = str(detail.render())
            assert line == f"{name} · member · {people[name].agency_name}", line


async def test_on_a_wide_screen_the_agency_column_has_the_full_names(demo_db, demo_db_path) -> None:
    app, people = _attendance(demo_db, demo_db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        _, shown = await _table(pilot)
        assert shown == {name: people[name].agency_name for name in PEOPLE}
