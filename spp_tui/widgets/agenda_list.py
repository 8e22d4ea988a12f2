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
        width = max(10, self.scrollable_content_region.width or self.size.width or 30)
        lines = [agenda_line(item, current_id, now, width) for item in items]
        same_items = (
            self._shown is not None
            and width == self._shown_width
            and [i.id for i in self._shown[0]] == [i.id for i in items]
            and self.option_count == len(items)
        )
        self._shown, self._shown_width = (list(items), current_id, now), width
        highlighted = self.highlighted
        current_index = next((n for n, i in enumerate(items) if i.id == current_id), None)
        if current_index is not None:
            target: int | None = current_index
        elif highlighted is not None and highlighted < len(items):
            target = highlighted
        else:
            target = 0 if items else None
        if same_items:
            self._update_in_place(lines, target)
            return
        self.clear_options()
        self.add_options(
            Option(line, id=str(item.id)) for line, item in zip(lines, items, strict=True)
        )
        if target is not None:
            self.highlighted = target

    def _update_in_place(self, lines: list[Text], target: int | None) -> None:
        """The same items again (the chair moved on, a clock ticked): only the lines that
        changed are drawn again, not the whole list (about 11 ms at 160x48, in every item
        change; issue 13 item 10). Textual redraws the whole list for a new list of options
        and for a new highlighted option alike."""
        redraw: set[int] = set()
        for index, line in enumerate(lines):
            option = self.get_option_at_index(index)
            old = option.prompt
            if isinstance(old, Text) and (old.plain, old.spans) == (line.plain, line.spans):
                continue
            option._set_prompt(line)
            cache = self._option_render_cache
            for key in [key for key in list(cache.keys()) if key[0] is option]:
                cache.discard(key)
            redraw.add(index)
        if target is not None and target != self.highlighted:
            if self.highlighted is not None:
                redraw.add(self.highlighted)
            redraw.add(target)
            self.set_reactive(AgendaList.highlighted, target)
            self.watch_highlighted(target)  # scrolled into view, OptionHighlighted posted
        for index in redraw:
            y = self._index_to_line.get(index)
            if y is not None:
                self.refresh_line(y)

    _shown_width = 0
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
