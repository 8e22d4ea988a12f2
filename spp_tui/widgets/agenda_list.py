"""The agenda down the side of the meeting screen, the chair's current item marked.

Each line starts with the item's state (``▶`` the item in hand, ``✓`` visited), then a cell
for the agenda's cursor: ``›`` on the item Enter would go to while the agenda has the focus (or
while that is not the item in hand), so moving through the agenda reads without colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from spp_tui.db.models import AgendaItem

CURRENT_MARK = "▶"
DONE_MARK = "✓"
#: The agenda's cursor, in the cell after the item's state.
CURSOR_MARK = "›"


def agenda_line(
    item: AgendaItem, current_id: int | None, now: dt.datetime, width: int = 40
) -> Text:
    """``▶ 3. Minutes of the last meeting    5m``: mark, number, title cut to fit, then the
    minutes at the right edge."""
    if item.id == current_id:
        mark = CURRENT_MARK
    elif item.actual_start is not None:
        mark = DONE_MARK
    else:
        mark = " "
    # The item in hand shows its plan (its live time is on the clock below); items already
    # visited show minutes used against planned.
    visited = item.actual_start is not None and item.id != current_id
    used = item.elapsed(now) if visited else None
    minutes = (
        f"{round(used / 60)}/{item.planned_minutes}m"
        if used is not None
        else f"{item.planned_minutes}m"
    )
    prefix = f"{mark} {item.position}. "
    room = max(4, width - len(prefix) - len(minutes) - 1)
    title = item.title if len(item.title) <= room else item.title[: room - 1] + "…"
    current = item.id == current_id
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    line.append(prefix, style="bold")
    line.append(title.ljust(room), style="bold" if current else "")
    line.append(" " + minutes, style="" if current else "dim")
    return line


class AgendaList(OptionList):
    """Enter (or a click) on an item asks the screen to go there."""

    class ItemChosen(Message):
        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    def show_agenda(
        self, items: Sequence[AgendaItem], current_id: int | None, now: dt.datetime
    ) -> None:
        self._shown = (list(items), current_id, now)
        highlighted = self.highlighted
        width = max(10, self.scrollable_content_region.width or self.size.width or 30)
        self.clear_options()
        self.add_options(
            Option(agenda_line(item, current_id, now, width), id=str(item.id)) for item in items
        )
        current_index = next((n for n, i in enumerate(items) if i.id == current_id), None)
        if current_index is not None:
            self.highlighted = current_index
        elif highlighted is not None and highlighted < len(items):
            self.highlighted = highlighted
        elif items:
            self.highlighted = 0

    _shown: tuple[list[AgendaItem], int | None, dt.datetime] | None = None

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option_index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return strip
        if option_index != self.highlighted or line_offset != 0 or strip.cell_length < 2:
            return strip
        if not self.has_focus and self._current_index() == option_index:
            return strip  # the item in hand, already marked ▶
        under = list(strip.crop(1, 2))
        style = under[0].style if under else None
        cursor = Strip([Segment(CURSOR_MARK, style)], 1)
        return Strip.join([strip.crop(0, 1), cursor, strip.crop(2)])

    def _current_index(self) -> int | None:
        if self._shown is None:
            return None
        items, current_id, _now = self._shown
        return next((n for n, i in enumerate(items) if i.id == current_id), None)

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show_agenda(*self._shown)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.ItemChosen(int(event.option.id)))
