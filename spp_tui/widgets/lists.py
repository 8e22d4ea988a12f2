"""The app's lists and tables: Textual's ``OptionList`` and ``DataTable`` with the row in hand
marked by a character, not by colour alone (issue 13 item 8).

Why: Textual shows the highlighted option and the cursor row only by their colours; on a
projector, a washed-out laptop screen, in ``NO_COLOR`` or to a colour-blind chair the row
Enter would open is invisible. Here that row carries ``▶`` while the
list has the focus and ``▷`` while it does not (the case in hand, the meeting Enter opens): in
a table, in the left padding of its first cell (no column lost); in a list, in a gutter where
its left padding was; the open list of a ``Select`` and the tick list of interventions
(``widgets.tick_list``) the same. A plain-text capture reads it. Same names as Textual's, so CSS
and queries (``OptionList``, ``DataTable``, ``Select``) match as before; every list in the app
comes from here but the agenda, which has its own marks (``tests/test_plain_text.py`` checks
both).
"""

from __future__ import annotations

from typing import Any, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import events, widgets
from textual.app import ComposeResult
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets._select import SelectCurrent, SelectType
from textual.widgets._select import SelectOverlay as SelectOverlayBase

from spp_tui.widgets.table_lines import QuickRows
from spp_tui.widgets.table_rows import RowsAtOnce

#: The row in hand while its list has the focus, and while it does not.
FOCUSED_MARK = "▶"
BLURRED_MARK = "▷"

CellType = TypeVar("CellType")


def marked_text(text: str, mark: str) -> str | None:
    """``text`` with its first cell (a padding space) made ``mark``; None if it starts with
    something else (a list without padding keeps its text whole rather than lose a letter)."""
    if not text or text[0] != " ":
        return None
    return mark + text[1:]


def _mark_for(widget: Widget) -> str:
    return FOCUSED_MARK if widget.has_focus else BLURRED_MARK


class RowMarks:
    """Mixin for a Textual list: a gutter of its own, in the place of the list's left
    padding, where the highlighted option starts with ``▶`` (``▷`` while the list is not
    focused; a list that never takes the focus, driven from a field, always shows ``▶``).

    First in the bases; the class gives the CSS (``MARKED_CSS``) and the ``-marked-list``
    class, as Textual reads ``DEFAULT_CSS`` from widget classes only."""

    GUTTER = 2

    # Given by the list class this is mixed into.
    has_focus: bool
    can_focus: bool
    highlighted: int | None
    _lines: list[tuple[int, int]]
    _index_to_line: dict[int, int]
    scroll_offset: Any
    scrollable_content_region: Any

    def _get_left_gutter_width(self) -> int:
        return self.GUTTER

    def unmarked_line(self, y: int) -> Strip:
        """The line as the list draws it, before the mark."""
        return super().render_line(y)  # type: ignore[misc]

    def render_line(self, y: int) -> Strip:
        strip = self.unmarked_line(y)
        width = self.scrollable_content_region.width
        if strip.cell_length > width - self.GUTTER:
            return strip  # a blank line below the options: already full width
        mark = " "
        try:
            option_index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            option_index, line_offset = -1, -1
        if option_index == self.highlighted and line_offset == 0:
            live = self.has_focus or not self.can_focus
            mark = FOCUSED_MARK if live else BLURRED_MARK
        segments = list(strip)
        style = segments[0].style if segments else None
        gutter = Segment(mark + " " * (self.GUTTER - 1), style)
        return Strip([gutter, *segments], strip.cell_length + self.GUTTER)

    def _move_page(self, direction: Any) -> None:
        """Page Up/Down on a list not laid out (hidden, or no room yet) has no line for its
        highlighted option: Textual's move raised KeyError (found by the monkey test). Such
        a list shows no page to move by, so the key does nothing."""
        if (self.highlighted or 0) in self._index_to_line:
            super()._move_page(direction)  # type: ignore[misc]


#: The CSS of a marked list: the gutter takes the place of its left padding.
MARKED_CSS = """
{name}.-marked-list {{
    padding-left: 0;
}}
"""


class OptionList(RowMarks, widgets.OptionList):
    """Textual's ``OptionList`` with the highlighted option marked (``RowMarks``)."""

    # A class of its own: a type selector would reach Textual's lists too (same name).
    DEFAULT_CSS = MARKED_CSS.format(name="OptionList")

    def __init__(self, *content: Any, **kwargs: Any) -> None:
        super().__init__(*content, **kwargs)
        self.add_class("-marked-list")


class SelectOverlay(RowMarks, SelectOverlayBase):
    """The list a ``Select`` opens, its highlighted choice marked (the choice Enter takes)."""

    DEFAULT_CSS = MARKED_CSS.format(name="SelectOverlay")

    def __init__(self, type_to_search: bool = True) -> None:
        super().__init__(type_to_search=type_to_search)
        self.add_class("-marked-list")


class Select(widgets.Select[SelectType]):
    """Textual's ``Select`` whose open list marks the highlighted choice (same name, so CSS,
    queries and ``Select.Changed`` handlers match as before)."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield SelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=widgets.Select.compact
        )


class DataTable(QuickRows, RowsAtOnce, widgets.DataTable[CellType]):
    """A table whose cursor row (or cell) starts with ``▶`` (``▷`` while the table is not
    focused), in the left padding of its first column."""

    #: The table's style and its zebra rows' styles, worked out once a drawing: Textual works
    #: each out again for every line by walking the widget's ancestors (two of its three
    #: walks a line; about a sixth of drawing the action log's 43 rows, profiled). None
    #: between drawings.
    _drawing_styles: dict[object, Style] | None = None

    class Sized(Message):
        """The table was laid out at a new width: a column fitted to the width
        (``table_fit``) is fitted again. Its screen's or panel's own resize can come before
        the table has any width (a loaded machine), which left the column fitted to a guess."""

        def __init__(self, table: DataTable[Any]) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> DataTable[Any]:
            return self.table

    #: The width last told with ``Sized``.
    _width_told = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width_told:
            self._width_told = event.size.width
            self.post_message(self.Sized(self))
        if self._scroll_when_laid_out and event.size.height:
            self._scroll_when_laid_out = False
            self._scroll_cursor_into_view()

    #: The cursor moved before the table was laid out: brought into view at its first layout.
    _scroll_when_laid_out = False

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        """Before its first layout (a panel filled while the screen is held for it:
        ``frame_hold``) the table has no lines to scroll the cursor into: Textual scrolled
        its empty view down to the cursor, and the rows above it (a case's heading) stayed
        out of sight once it was drawn. The scroll waits for the layout."""
        if not self.size.height:
            self._scroll_when_laid_out = True
            return
        super()._scroll_cursor_into_view(animate=animate)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawing_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._drawing_styles = None

    @property
    def rich_style(self) -> Style:
        styles = self._drawing_styles
        if styles is None:
            return super().rich_style
        style = styles.get("table")
        if style is None:
            style = styles["table"] = super().rich_style
        return style

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        styles = self._drawing_styles
        if styles is None or not self.zebra_stripes or row_index < max(self.fixed_rows, 0):
            return super()._get_row_style(row_index, base_style)
        key = row_index % 2
        style = styles.get(key)
        if style is None:
            style = styles[key] = super()._get_row_style(row_index, base_style)
        return style

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        lines = self._quick_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return self._with_mark(lines, row_index, column_index, cursor)

    def _with_mark(
        self, lines: list[list[Segment]], row_index: int, column_index: int, cursor: bool
    ) -> list[list[Segment]]:
        """The cell's lines, with the cursor's mark if it is the cursor row's first cell."""
        if not (cursor and self.show_cursor) or row_index < 0 or not lines or not lines[0]:
            return lines
        first_column = -1 if self._labelled_row_exists and self.show_row_labels else 0
        if self.cursor_type == "row" and column_index != first_column:
            return lines
        if self.cursor_type not in ("row", "cell"):
            return lines
        head = lines[0][0]
        text = marked_text(head.text, _mark_for(self))
        if text is None:
            return lines
        # A copy: Textual caches the cell's lines as they were drawn.
        return [[Segment(text, head.style, head.control), *lines[0][1:]], *lines[1:]]

    def _quick_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]] | None:
        """A body cell of a row whose height is known, drawn without Rich's general layout
        (``table_cells.plain_cell`` for a one-line cell that fits, ``laid_out_cell`` for any
        other text) and cached as Textual caches its cells; None for any other cell (a
        heading, a row sized to its content: Textual draws it)."""
        if row_index < 0 or column_index < 0:
            return None
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return None
        row = self.rows.get(row_key)
        if row is None or row.height < 1 or row.auto_height:
            return None
        key = self._cell_key(row_key, column_key, base_style, cursor, hover)
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        _, cells = self._get_row_renderables(row_index)
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        meta = Style.from_meta({"row": row_index, "column": column_index})
        pre_style = base_style + meta + component_style
        lines = self._draw_cell(cells[column_index], width, row.height, pre_style, post_style)
        if lines is not None:
            self._cell_render_cache[key] = lines
        return lines

    def _update_dimensions(self, new_rows: Any) -> None:
        """Textual measures every cell of every new row (a 200-row page of the action log:
        1,600 cells made and measured) to size the columns to their content; a table whose
        columns all have a width set, without row labels or rows sized to their content, has
        nothing to learn from that, so only its size is worked out (its cells are made when
        drawn, for the rows on screen)."""
        measured = any(column.auto_width for column in self.columns.values()) or any(
            row.label is not None or row.auto_height
            for row in (self.rows.get(key) for key in new_rows)
            if row is not None
        )
        super()._update_dimensions(new_rows if measured else ())

    def _render_line_in_row(
        self,
        row_key: Any,
        line_no: int,
        base_style: Style,
        cursor_location: Any,
        hover_location: Any,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """A row drawn between a change of its lines and the table measuring them again (a
        two-line row refilled, a wide/narrow swap) can ask for a line its cached cells have
        not got: Textual raised IndexError (the privacy walk in CI caught it while reading
        the audit trail). That line is drawn blank and the table drawn again from scratch
        a moment later, when the measure is done."""
        try:
            quick = self._quick_row_line(
                row_key, line_no, base_style, cursor_location, hover_location
            )
            if quick is not None:
                return quick
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        except IndexError:
            self.call_later(self._draw_afresh)
            return [], []

    def _draw_afresh(self) -> None:
        self._clear_caches()
        self.refresh()
