"""A tick list that reads without colour and finds by typing.

Textual's ``SelectionList`` draws ticked and unticked items alike (``▐X▌``), told apart by
colour only, and the item Space would tick by colour too. Here every item starts with ``✓``
when ticked (blank when not), the box that said ``X`` for both is gone, and the item in hand
carries ``▶`` (``▷`` while the list is not focused) as every list does (``widgets.lists``).
Typing letters moves to the first item that starts with them (``cc`` -> CCTV), so a long
vocabulary needs no run of Down presses.
"""

from __future__ import annotations

from typing import Any

from textual import events, widgets
from textual.strip import Strip
from textual.widgets import SelectionList

from spp_tui.widgets.lists import MARKED_CSS, RowMarks

TICKED = "✓ "
UNTICKED = "  "


class TickList(RowMarks, SelectionList[str]):
    """``SelectionList`` of (label, value) pairs with a ✓ mark, the item in hand marked, and
    type-to-find."""

    DEFAULT_CSS = MARKED_CSS.format(name="TickList")

    def __init__(self, *selections: tuple[str, str], **kwargs: Any) -> None:
        self.labels = {value: label for label, value in selections}
        self._typed = ""
        super().__init__(*((UNTICKED + label, value) for label, value in selections), **kwargs)
        self.add_class("-marked-list")

    def unmarked_line(self, y: int) -> Strip:
        """The item's line without SelectionList's box (its ``X`` is the same ticked or not)."""
        return widgets.OptionList.render_line(self, y)

    def _on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self.mark_ticks()  # not stopped: the form saves the choice

    def mark_ticks(self) -> None:
        """Give every item its ✓ (or blank) from what is selected now."""
        chosen = set(self.selected)
        for index in range(self.option_count):
            value = self.get_option_at_index(index).value
            mark = TICKED if value in chosen else UNTICKED
            self.replace_option_prompt_at_index(index, mark + self.labels[value])

    def on_key(self, event: events.Key) -> None:
        """Letters find an item by the start of its name; anything else starts afresh."""
        character = event.character
        if not character or not character.isprintable() or character == " ":
            self._typed = ""
            return
        for typed in (self._typed + character, character):
            found = self._first_starting(typed.lower())
            if found is not None:
                self._typed = typed
                self.highlighted = found
                event.stop()
                event.prevent_default()
                return
        self._typed = ""

    def _first_starting(self, typed: str) -> int | None:
        for index in range(self.option_count):
            value = self.get_option_at_index(index).value
            if self.labels[value].lower().startswith(typed):
                return index
        return None
