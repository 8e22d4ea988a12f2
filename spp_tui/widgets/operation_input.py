"""The operation a case is linked to: pick one already known by typing its first letters, or
type a new one.

A one-line field (with the form's Ctrl+Z) that completes from the operations vocabulary (the
seed's Jetfire, Guardian, ..., and every operation typed on a case since): "el" shows
"Electron", and Right, End or Enter takes it. Empty reads "not set", as the minutes do.
"""

from __future__ import annotations

from typing import Any

from textual.suggester import Suggester

from spp_tui.widgets.undo_input import UndoInput

PLACEHOLDER = "not set (type: Jetfire, Electron... or new)"


class OperationNames(Suggester):
    """Completes the name after an optional "operation " ("operation glaz" -> Glazier)."""

    def __init__(self, operations: list[str]) -> None:
        super().__init__(case_sensitive=False)
        self.operations = operations

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.lstrip()
        prefix = "operation " if typed.startswith("operation ") else ""
        name = typed[len(prefix) :]
        if not name:
            return None
        found = next((o for o in self.operations if o.casefold().startswith(name)), None)
        return value[: len(value) - len(name)] + found if found else None


class OperationInput(UndoInput):
    """An ``UndoInput`` completing operation names; Enter takes the completion shown."""

    def __init__(self, operations: list[str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", PLACEHOLDER)
        super().__init__(**kwargs)
        self.offer(operations or [])

    def offer(self, operations: list[str]) -> None:
        """Complete from these names (in the case they are stored)."""
        self.suggester = OperationNames(operations)

    def as_shown(self) -> str:
        """The name as the field shows it: with the completion while it is shown (focused)."""
        shown = self._suggestion if self.has_focus else ""
        if shown and shown.lower().startswith(self.value.lower()):
            return shown
        return self.value

    async def action_submit(self) -> None:
        if self.as_shown() != self.value:
            self.value = self.as_shown()
            self.cursor_position = len(self.value)
        await super().action_submit()
