"""A one-line field with Ctrl+Z: back to what it held before the last edit.

Textual's TextArea keeps its own undo history (Ctrl+Z, Ctrl+Y); its Input has none. A minute
taker who wipes a field by accident (Ctrl+U, a paste over a selection) needs it back in one
key, so this field remembers its value when it gains the focus and each time its owner saves
it (``checkpoint``); Ctrl+Z puts that value back (a second Ctrl+Z returns to the text that was
undone). The restored value reaches the owner as an ordinary ``Input.Changed``, so it is saved
the way typing is, and ``Undone`` tells the owner to save it now.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.message import Message

from spp_tui.widgets.fields import Input


class UndoInput(Input):
    """An Input whose last edit Ctrl+Z takes back."""

    BINDINGS = [Binding("ctrl+z", "undo", "Undo last edit", show=False, id="field.undo")]

    class Undone(Message):
        """The field's value was put back; its owner should save it now."""

        def __init__(self, field: UndoInput) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> UndoInput:
            return self.field

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._before_edit: str | None = None

    def checkpoint(self) -> None:
        """Remember the value as it is now: Ctrl+Z comes back to it."""
        self._before_edit = self.value

    def _on_focus(self, event: events.Focus) -> None:
        self.checkpoint()
        super()._on_focus(event)

    def action_undo(self) -> None:
        if self._before_edit is None or self._before_edit == self.value:
            self.notify("Nothing to undo in this field.", timeout=2)
            return
        self._before_edit, self.value = self.value, self._before_edit
        self.cursor_position = len(self.value)
        self.post_message(self.Undone(self))


def checkpoint_fields(node: DOMNode) -> None:
    """After filling a form from the database: Ctrl+Z in any of its fields returns there."""
    for field in node.query(UndoInput):
        field.checkpoint()
