"""A line of a table row drawn in one go.

Why: Textual draws a row cell by cell, and for each cell works out again what is the same for
the whole row: where the cursor and the pointer are, the row's cells, its styles, each cached
under a key of its own. Drawing the first page of the action log (43 rows of 8 cells at
160x48) took about 35 ms, the largest single part of opening it with 10,000 live actions, and
every move of the cursor draws every row on screen again (issue 13 item 10); the action
review's rows, two or three lines tall, took 56 ms for its first screen. Any row whose height
is known is drawn here with the row's parts worked out once, its cells drawn by
``table_cells`` (``plain_cell`` for a one-line cell that fits unstyled, ``laid_out_cell`` for
any other text); a taller row's cells are cached as Textual caches them, for its other lines.
The header, fixed columns, row labels and rows sized to their content are drawn by Textual.
``tests/test_lists.py`` checks the lines drawn here against Textual's, cursor, pointer and
marks included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.coordinate import Coordinate

from spp_tui.widgets.table_cells import laid_out_cell, plain_cell

if TYPE_CHECKING:
    from textual.widgets._data_table import DataTable

    _Base = DataTable[Any]
else:
    _Base = object

RowLines = tuple[list[list[Segment]], list[list[Segment]]]


class QuickRows(_Base):
    """Mixin for a ``DataTable`` that defines ``_with_mark(lines, row, column, cursor)``."""

    def _with_mark(
        self, lines: list[list[Segment]], row_index: int, column_index: int, cursor: bool
    ) -> list[list[Segment]]:
        raise NotImplementedError

    def _quick_row_line(
        self,
        row_key: Any,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> RowLines | None:
        """Line ``line_no`` of the row as Textual's ``_render_line_in_row`` makes it (and
        cached where it caches it), or None if Textual must draw it. A taller row's cells
        are laid out once (``laid_out_cell``) and cached as Textual caches its cells, for
        its other lines."""
        if row_key is self._header_row_key or self.fixed_columns:
            return None
        if self._labelled_row_exists and self.show_row_labels:
            return None
        row = self.rows.get(row_key)
        if row is None or row.auto_height or not 0 <= line_no < row.height:
            return None
        cursor_type = self.cursor_type
        show_cursor = self.show_cursor
        show_hover = self._show_hover_cursor
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            show_cursor,
            show_hover,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        row_index = self._row_locations.get(row_key)
        if row_index is None:
            return None
        cells: list[Any] | None = None
        row_style = self._get_row_style(row_index, base_style)
        fixed = row_index < self.fixed_rows
        css_fg = self.cursor_foreground_priority == "css"
        css_bg = self.cursor_background_priority == "css"
        tall = row.height > 1
        styles: dict[tuple[bool, bool], tuple[Style, Style]] = {}
        line: list[list[Segment]] = []
        for column_index, column in enumerate(self.ordered_columns):
            here = Coordinate(row_index, column_index)
            cursor = self._should_highlight(cursor_location, here, cursor_type)
            hover = self._should_highlight(hover_location, here, cursor_type)
            lines = None
            if tall:  # its other lines come from Textual's cell cache, under Textual's key
                cell_key = self._cell_key(row_key, column.key, row_style, cursor, hover)
                lines = self._cell_render_cache.get(cell_key)
            if lines is None:
                if cells is None:
                    _, cells = self._get_row_renderables(row_index)
                pair = styles.get((cursor, hover))
                if pair is None:
                    pair = styles[cursor, hover] = self._get_styles_to_render_cell(
                        False, False, fixed, hover, cursor, show_cursor, show_hover, css_fg, css_bg
                    )
                component_style, post_style = pair
                meta = Style.from_meta({"row": row_index, "column": column_index})
                pre_style = row_style + meta + component_style
                width = column.get_render_width(self)
                lines = self._draw_cell(
                    cells[column_index], width, row.height, pre_style, post_style
                )
                if lines is None:
                    return None
                if tall:
                    self._cell_render_cache[cell_key] = lines
            line.append(self._with_mark(lines, row_index, column_index, cursor)[line_no])
        extend = self._extend_style(row_index, row_style, cursor_location, hover_location)
        line.append([Segment(" " * self._room_left(), extend)])
        drawn: RowLines = ([], line)
        self._row_render_cache[cache_key] = drawn
        return drawn

    def _cell_key(
        self, row_key: Any, column_key: Any, base_style: Style, cursor: bool, hover: bool
    ) -> tuple[Any, ...]:
        """Textual's key for a cell's lines in ``_cell_render_cache`` (its ``_render_cell``'s):
        a cell drawn here is found there, and the other way round."""
        return (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )

    def _draw_cell(
        self, cell: object, width: int, height: int, pre_style: Style, post_style: Style | None
    ) -> list[list[Segment]] | None:
        """The cell's lines in a row ``height`` lines tall (``table_cells``: ``plain_cell``
        for a one-line cell that fits unstyled, else ``laid_out_cell``); None if Textual
        must draw it."""
        if height == 1:
            lines = plain_cell(cell, width, self.cell_padding, pre_style, post_style)
            if lines is not None:
                return lines
        app = self.app
        return laid_out_cell(
            app.console, app.console_options, cell, width, height, self.cell_padding,
            pre_style, post_style,
        )  # fmt: skip

    def _room_left(self) -> int:
        table_width = (
            sum(column.get_render_width(self) for column in self.ordered_columns)
            + self._row_label_column_width
        )
        return max(0, self.size.width - table_width)

    def _extend_style(
        self,
        row_index: int,
        row_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> Style:
        """The style of the space right of the last column (Textual's, for a body row)."""
        if self.cursor_type == "row":
            hover = self._should_highlight(
                hover_location, Coordinate(row_index or 0, 0), self.cursor_type
            )
            extend_style, _ = self._get_styles_to_render_cell(
                False,
                False,
                False,
                hover,
                row_index == cursor_location.row,
                self.show_cursor,
                self._show_hover_cursor,
                False,
                False,
            )
            extend_style = row_style + extend_style
        elif row_style.bgcolor is not None:
            background = self.background_colors[1]
            faded: RichColor = (
                Color.from_rich_color(row_style.bgcolor).blend(background, factor=0.25).rich_color
            )
            extend_style = Style.from_color(color=row_style.color, bgcolor=faded)
        else:
            extend_style = Style.from_color(row_style.color, row_style.bgcolor)
        return extend_style + Style.from_meta(
            {"row": row_index, "column": 0, "out_of_bounds": True}
        )
