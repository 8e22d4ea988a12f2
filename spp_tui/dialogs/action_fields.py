"""The owner and due-date fields of the action dialog (``spp_tui.dialogs.action``): the keys
that make an action the typing plus three keys (Tab takes the owner match, a digit takes it
and starts the due date, keys typed ahead of the focus join the due date)."""

from __future__ import annotations

from textual import events
from textual.binding import Binding

from spp_tui.widgets.undo_input import UndoInput

#: Characters that start a due date but are never in a name or agency (``30/4``, ``+2w``).
DUE_STARTS = frozenset("0123456789+")


class OwnerInput(UndoInput):
    """The owner field: Up/Down move through the matches, Tab takes the highlighted one, and
    a digit or ``+`` takes it too and starts the due date (one key fewer per action)."""

    BINDINGS = [
        Binding("tab", "accept_owner", "Take match", show=False, id="action.owner_accept"),
        Binding("down", "move_match(1)", "Next match", show=False, id="action.owner_next"),
        Binding("up", "move_match(-1)", "Previous match", show=False, id="action.owner_prev"),
    ]

    def action_accept_owner(self) -> None:
        self.screen.accept_owner()  # type: ignore[attr-defined]

    async def _on_key(self, event: events.Key) -> None:
        due = self.screen.query_one("#action-due", DueInput)
        if due.awaiting_focus and event.is_printable and event.character:
            event.stop()  # typed ahead of the focus: it belongs to the due date
            event.prevent_default()
            due.start_with(due.value + event.character)
            return
        if event.character in DUE_STARTS and self.screen.owner_to_take():  # type: ignore[attr-defined]
            event.stop()
            event.prevent_default()
            self.screen.accept_owner(start_due=event.character)  # type: ignore[attr-defined]
            return
        await super()._on_key(event)

    def action_move_match(self, step: int) -> None:
        self.screen.move_owner_match(step)  # type: ignore[attr-defined]


class DueInput(UndoInput):
    """The due date field; ``start_with`` begins it with a key typed in the owner field
    (kept when the focus arrives, not selected and typed over as a whole value would be)."""

    #: Begun from the owner field; the focus is on its way (keys typed meanwhile join it).
    awaiting_focus = False

    def start_with(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)
        self.awaiting_focus = True
        self.select_on_focus = False

    def _on_focus(self, event: events.Focus) -> None:
        # Textual runs every class's focus handler (Input's selects all when asked): the
        # usual select-on-focus comes back once they have all run.
        if self.awaiting_focus:
            self.awaiting_focus = False
            self.call_later(setattr, self, "select_on_focus", True)
