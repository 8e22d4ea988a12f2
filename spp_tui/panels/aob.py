"""Any other business: free notes, saved as they are typed (``AutosaveForm``: a short pause after
the last key, on leaving the notes, on leaving the item) so nothing typed is ever lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from spp_tui.dialogs.choice import StaleEditDialog
from spp_tui.panels.base import ItemPanel
from spp_tui.widgets.autosave import SAVE_DELAY, AutosaveForm

__all__ = ["SAVE_DELAY", "AobPanel"]


class AobPanel(AutosaveForm, ItemPanel):
    HELP_TITLE = "Any other business"
    RECORDS = ("meeting",)

    def __init__(self, meeting_id: int, item: Any, **kwargs: object) -> None:
        super().__init__(meeting_id, item, **kwargs)
        #: The notes as last read or saved: another window's change is told apart from ours.
        self.saved_text = ""
        self._notes: TextArea | None = None

    def compose(self) -> ComposeResult:
        yield Static("Notes on any other business (saved as you type):", classes="panel-summary")
        yield TextArea(id="aob-notes", soft_wrap=True, tab_behavior="focus")

    def load(self) -> None:
        from spp_tui.db.services import meetings

        meeting = meetings.get_meeting(self.db, self.meeting_id)
        self.saved_text = meeting.aob_notes
        self._notes = notes = self.query_one(TextArea)
        if notes.text != meeting.aob_notes:
            notes.text = meeting.aob_notes

    def on_mount(self) -> None:
        super().on_mount()
        notes = self.query_one(TextArea)
        notes.focus()
        notes.move_cursor(notes.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.remember("meeting", "aob_notes", event.text_area.text, self.saved_text)

    def can_save(self) -> bool:
        return self._notes is not None

    def collect_typing(self) -> None:
        assert self._notes is not None
        text = self._notes.text
        if text != self.saved_text or "aob_notes" in self.pending["meeting"]:
            self.pending["meeting"]["aob_notes"] = text

    def write(self, record: str, changes: dict[str, Any], *, force: bool) -> None:
        """Save the notes. If someone else changed them meanwhile (another window), ask
        before overwriting their words."""
        from spp_tui.db.services import meetings
        from spp_tui.errors import StaleEditError, UserError

        text = changes["aob_notes"]
        question = "The AOB notes were changed in another window since you opened them."
        try:
            current = meetings.get_meeting(self.db, self.meeting_id)
            if not force and current.aob_notes != self.saved_text:
                raise StaleEditError(question)
            meetings.update_meeting(
                self.db,
                self.meeting_id,
                expected_version=None if force else current.version,
                aob_notes=text,
            )
        except StaleEditError:
            self.stale(record, changes, question)
            return
        except UserError as exc:
            self.app.notify(str(exc), severity="error", timeout=6, markup=False)
            return
        self.saved_text = text
        self.saved(record, changes)
        self.app.notify("AOB notes saved.", timeout=2, markup=False)

    def ask_stale(self, question: str, decide: Callable[[str | None], None]) -> None:
        self.app.push_screen(StaleEditDialog(question), decide)

    def reload(self) -> None:
        self.load()
