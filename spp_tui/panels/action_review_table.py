"""The action review's table and its cells: a case heading per case, an action per row as
tall as its text, the due date with the days late, the outcome recorded at this meeting."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets.data_table import ColumnKey

from spp_tui.vocabulary import ActionStatus
from spp_tui.widgets.lists import DataTable

if TYPE_CHECKING:
    from spp_tui.db.models import ActionUpdate
    from spp_tui.db.services.action_review import ReviewData
    from spp_tui.db.services.actions import ActionRow

GENERAL = "General actions (no case)"
#: (heading, key, width): wide, then narrow (below NARROW_BELOW columns, e.g. 80x24, the
#: reference and owner go under the action's text, so Due and the outcome always show).
WIDE_COLUMNS = (
    ("Ref", "ref", 10),
    ("Action", "text", 30),
    ("Owner", "owner", 16),
    ("Due", "due", 12),
    ("This meeting", "review", 24),
)
NARROW_COLUMNS = (("Action", "text", 20), ("Due", "due", 9), ("This meeting", "review", 14))
NARROW_BELOW = 90
COLUMNS = tuple(key for _heading, key, _width in WIDE_COLUMNS)


def progress_text(data: ReviewData) -> Text:
    total, done, overdue = data.counts
    text = Text(f"{done} of {total} reviewed", style="bold")
    if total and done == total:
        text.append("  · all reviewed", style="green")
    elif overdue:
        text.append(f"  · {overdue} still to review are overdue", style="red")
    return text


def due_cell(row: ActionRow, on: dt.date) -> Text:
    """The due date, and under it how late the action is on the meeting's day, in red."""
    if row.due_on is None:
        return Text("no date", style="dim")
    text = Text(f"{row.due_on:%d %b %y}")
    days = row.days_overdue(on)
    if days:
        text.append(f"\n{days} day{'s' if days != 1 else ''} late", style="bold red")
    return text


def review_cell(row: ActionRow, update: ActionUpdate | None) -> Text:
    """Before review: the status it carries in with (dim). After: the outcome and its note."""
    if update is None:
        return Text(f"{row.status}, to review", style="dim")
    style = "bold red" if update.new_status == ActionStatus.NOT_DONE else "bold green"
    text = Text(f"✓ {update.new_status}", style=style)
    if update.new_status == ActionStatus.IN_PROGRESS and update.new_due_on:
        text.append(f" to {update.new_due_on:%d %b}")
    if update.note:
        text.append(f"\n{update.note}", style="italic")
    return text


class ReviewTable(DataTable[str | Text]):
    """The review's table: Down (or Page Down) on its last action and Up (Page Up) on its
    first ask for the next or previous window, so the cursor goes on through a review
    longer than one window."""

    class Beyond(Message):
        """The cursor was moved past the window's end (``step`` 1) or start (-1)."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def _at_end(self) -> bool:
        return self.row_count > 0 and self.cursor_row >= self.row_count - 1

    def _at_start(self) -> bool:
        """On the first action: nothing but a case heading above (headings are one line
        each, always followed by an action, so only row 0 can be one)."""
        if self.row_count == 0 or self.cursor_row > 1:
            return False
        above = [
            self.coordinate_to_cell_key(Coordinate(r, 0))[0].value or ""
            for r in range(self.cursor_row)
        ]
        return all(key.startswith("case-") for key in above)

    def action_cursor_down(self) -> None:
        if self._at_end():
            self.post_message(self.Beyond(1))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self._at_start():
            self.post_message(self.Beyond(-1))
            return
        super().action_cursor_up()

    def action_page_down(self) -> None:
        if self._at_end():
            self.post_message(self.Beyond(1))
            return
        super().action_page_down()

    def action_page_up(self) -> None:
        if self._at_start():
            self.post_message(self.Beyond(-1))
            return
        super().action_page_up()

    def lines_needed(self, columns: tuple[str, ...], cells: list[str | Text]) -> int:
        """How tall a row of these cells is once wrapped to the column widths: the table is
        given it, or it would render every cell of the window to measure it, the rows out of
        sight too (most of a 100-action fill)."""
        console = self.app.console
        lines = 1
        for column, cell in zip(columns, cells, strict=True):
            width = max(1, self.columns[ColumnKey(column)].width)
            plain = cell.plain if isinstance(cell, Text) else cell
            parts = plain.split("\n")
            if "\t" not in plain and parts[-1] and all(cell_len(p) <= width for p in parts):
                lines = max(lines, len(parts))  # every line fits: no need to wrap it
                continue
            text = cell if isinstance(cell, Text) else Text(cell)
            lines = max(lines, len(text.wrap(console, width)))
        return lines
