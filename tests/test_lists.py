"""The marked lists of ``spp_tui.widgets.lists`` keep Textual's behaviour and mend its
crashes: Page Up/Down on a list with no room to lay out its options (hidden, or squeezed to
no height on a small screen) raised KeyError from Textual's ``OptionList`` (found by the
monkey test at 80x24)."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual import widgets
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets.data_table import RowKey

from spp_tui.widgets.lists import DataTable, OptionList


class Squeezed(App[None]):
    CSS = "OptionList { height: 0; }"

    def __init__(self, list_class: type[widgets.OptionList]) -> None:
        super().__init__()
        self.list_class = list_class

    def compose(self) -> ComposeResult:
        yield self.list_class("Ms Ann Pryce", "PC Tom Doyle", "Insp. Rae Owusu")


@pytest.mark.parametrize("action", ["action_page_down", "action_page_up"])
async def test_page_keys_on_a_list_with_no_room_do_nothing(action: str) -> None:
    app = Squeezed(OptionList)
    async with app.run_test(size=(80, 24)) as pilot:
        options = app.query_one(OptionList)
        options.highlighted = 1
        getattr(options, action)()
        await pilot.pause()
        assert options.highlighted == 1


async def test_textual_s_own_list_raised_there() -> None:
    """The case the mend is for (if Textual mends it, the override can go)."""
    app = Squeezed(widgets.OptionList)
    async with app.run_test(size=(80, 24)):
        options = app.query_one(widgets.OptionList)
        options.highlighted = 1
        with pytest.raises(KeyError):
            options.action_page_down()


class OneTable(App[None]):
    CSS = "DataTable { height: 1fr; }"

    def __init__(self, table_class: type[widgets.DataTable]) -> None:  # type: ignore[type-arg]
        super().__init__()
        self.table_class = table_class

    def compose(self) -> ComposeResult:
        yield self.table_class()


async def _draw_a_line_the_row_has_not(table_class: type[widgets.DataTable]) -> str:  # type: ignore[type-arg]
    """The third line of a one-line row, as the table's line map asks for it between a
    refill of two-line rows and the table measuring them again; then the screen."""
    app = OneTable(table_class)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(table_class)
        table.add_column("What", width=20)
        key = table.add_row("Case reviewed")
        await pilot.pause()
        table._render_line_in_row(
            key, 2, table.rich_style, table.cursor_coordinate, table.hover_coordinate
        )
        await pilot.pause()
        return "\n".join(
            "".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()
        )


async def test_a_table_drawn_between_a_refill_and_its_measure_does_not_fail() -> None:
    assert "Case reviewed" in await _draw_a_line_the_row_has_not(DataTable)


async def test_textual_s_own_table_raised_there() -> None:
    with pytest.raises(IndexError):
        await _draw_a_line_the_row_has_not(widgets.DataTable)


class Cells(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", zebra_stripes=True)


#: Cells Rich lays out (spans, a new line, a tab, too wide) and cells it has nothing to do for
#: (plain, styled as a whole, empty, accented, wide characters that fit, a number).
SAMPLES: list[object] = [
    "",
    "x",
    "plain text",
    "exactly10!",
    "far too long for its column",
    "café ü",
    "日本語",
    "日本語日本語xx",
    Text("overdue", style="bold red"),
    Text("st", style=""),
    Text.from_markup("[b]a[/b]b"),
    3,
    None,
    Text("end\n"),
    "tab\tx",
    "a\nb",
]


async def test_a_plain_cell_is_drawn_as_textual_draws_it() -> None:
    """A cell of a row whose height is known is drawn here (``plain_cell`` one-line and
    fitting, ``laid_out_cell`` any other text) with the segments Textual makes through Rich:
    rows one to three lines tall, cursor, hover, a fixed column, zebra rows. A row sized to
    its content is left to Textual (it measures it)."""
    from spp_tui.widgets import safe_text

    safe_text.install()
    app = Cells()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(DataTable)
        for key, width in (("a", 10), ("b", 12), ("c", 6), ("d", 8)):
            table.add_column(key, key=key, width=width)
        for i in range(len(SAMPLES)):
            cells = (SAMPLES[(i + k) % len(SAMPLES)] for k in range(4))
            table.add_row(*cells, key=str(i), height=1 + i % 3)
        table.add_row("sized", "to its", "content", "x", key="auto", height=None)
        table.fixed_columns = 1
        await pilot.pause()
        taken = 0
        for row in range(len(SAMPLES)):
            for column, key in enumerate(table.columns):
                width = table.columns[key].get_render_width(table)
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    table._cell_render_cache.clear()
                    quick = table._quick_cell(row, column, table.rich_style, width, cursor, hover)
                    table._cell_render_cache.clear()
                    drawn = widgets.DataTable._render_cell(
                        table, row, column, table.rich_style, width, cursor, hover
                    )
                    assert quick == drawn, (row, column, table.get_row_at(row)[column])
                    taken += 1
        assert taken == len(SAMPLES) * 4 * 3
        auto = table.get_row_index("auto")
        assert table._quick_cell(auto, 1, table.rich_style, 12) is None
        assert table._quick_cell(-1, 1, table.rich_style, 12) is None  # the header


class TwoTables(App[None]):
    """One table filled row by row with Textual's ``add_row``, one at once."""

    def __init__(self) -> None:
        super().__init__()
        self.highlighted: dict[str, list[int]] = {"by-row": [], "at-once": []}

    def compose(self) -> ComposeResult:
        yield DataTable(id="by-row", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="at-once", cursor_type="row", zebra_stripes=True)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.highlighted[event.data_table.id or ""].append(event.cursor_row)


async def test_rows_added_at_once_make_the_table_add_row_makes() -> None:
    """Same rows, data, heights, cursor, highlight events and drawn lines; a key used twice
    is refused as ``add_row`` refuses it, and an empty batch changes nothing."""
    from textual.widgets.data_table import DuplicateKey

    app = TwoTables()
    rows = [
        ((f"A-{i:03d}", SAMPLES[i % len(SAMPLES)], Text(f"{i}d", style="bold red")), str(i), h)
        for i, h in zip(range(30), [1, 2, 1, 3] * 8, strict=False)
    ]
    async with app.run_test(size=(100, 40)) as pilot:
        by_row, at_once = app.query_one("#by-row", DataTable), app.query_one("#at-once", DataTable)
        for table in (by_row, at_once):
            for key, width in (("ref", 6), ("text", 20), ("late", 5)):
                table.add_column(key, key=key, width=width)
        at_once.add_rows_at_once([])
        assert at_once.row_count == 0 and at_once._update_count == by_row._update_count
        for batch in (rows[:12], rows[12:]):  # the second batch lands on a table with rows
            for cells, key, height in batch:
                by_row.add_row(*cells, key=key, height=height)
            at_once.add_rows_at_once(batch)
        app.set_focus(None)  # (the focused one marks its cursor row ▶, the other ▷)
        await pilot.pause()
        await pilot.pause()
        assert list(at_once.rows.items()) == list(by_row.rows.items())
        assert at_once._data == by_row._data
        assert at_once._update_count == by_row._update_count
        assert at_once.cursor_coordinate == by_row.cursor_coordinate
        assert app.highlighted["at-once"] == app.highlighted["by-row"] == [0]
        assert at_once.virtual_size == by_row.virtual_size
        for y in range(at_once.size.height):
            assert at_once.render_line(y).text == by_row.render_line(y).text
        with pytest.raises(DuplicateKey):
            at_once.add_rows_at_once([(("x",), "3", 1)])
        with pytest.raises(ValueError, match="More values"):
            at_once.add_rows_at_once([(("a", "b", "c", "d"), "new", 1)])


@pytest.mark.parametrize("cursor_type", ["row", "cell", "column", "none"])
@pytest.mark.parametrize("focused", [True, False])
async def test_a_plain_row_is_drawn_as_textual_draws_it(cursor_type: str, focused: bool) -> None:
    """``QuickRows`` draws each line of a row in one go: the same segments, styles and marks
    as Textual's row drawing (which calls our cells, marks and all), for every cursor and
    pointer place, zebra rows, any cursor type, focused or not, one-line rows and taller
    ones, cells plain or laid out by Rich; the lines it cannot take (the header, a line a
    row has not got) are left to Textual."""
    from spp_tui.widgets import safe_text

    safe_text.install()
    app = Cells()
    async with app.run_test(size=(70, 30)) as pilot:
        table = app.query_one(DataTable)
        table.cursor_type = cursor_type  # type: ignore[assignment]
        for key, width in (("a", 10), ("b", 12), ("c", 6)):
            table.add_column(key, key=key, width=width)
        for i in range(len(SAMPLES)):
            cells = [SAMPLES[(i + k) % len(SAMPLES)] for k in range(3)]
            table.add_row(*cells, key=str(i), height=2 if i == 5 else 1)
        table.add_row("ref", Text("overdue", style="bold red"), "ok", key="styled-whole")
        if focused:
            table.focus()
        else:
            app.set_focus(None)
        await pilot.pause()
        table._pseudo_class_state = table.get_pseudo_class_state()
        spots = [Coordinate(0, 0), Coordinate(2, 1), Coordinate(len(SAMPLES), 2)]
        taken = 0
        lines = 0
        for row_key, row in table.rows.items():
            for line_no in range(row.height):
                lines += 1
                for cursor in spots:
                    for hover in spots[:2]:
                        table._row_render_cache.clear()
                        args = (row_key, line_no, table.rich_style, cursor, hover)
                        quick = table._quick_row_line(*args)
                        table._row_render_cache.clear()
                        drawn = widgets.DataTable._render_line_in_row(table, *args)
                        if quick is not None:
                            taken += 1
                            assert quick == drawn, (row_key, line_no, cursor, hover)
        assert taken == lines * len(spots) * 2
        two_lines = RowKey("5")
        assert table._quick_row_line(two_lines, 1, table.rich_style, spots[0], spots[0]) is not None
        assert table._quick_row_line(two_lines, 2, table.rich_style, spots[0], spots[0]) is None
        header = table._header_row_key
        assert table._quick_row_line(header, 0, table.rich_style, spots[0], spots[0]) is None
