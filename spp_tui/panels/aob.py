"""Any other business: free notes, saved as they are typed (``AutosaveForm``: a short pause after
the last key, on leaving the notes, on leaving the item) so nothing typed is ever lost."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Static

from spp_tui.db.edit_journal import save_aob_notes
from spp_tui.panels.base import ItemPanel
from spp_tui.widgets.autosave import SAVE_DELAY, AutosaveForm
from spp_tui.widgets.fields import TextArea

if TYPE_CHECKING:
    from spp_tui.db.edit_journal import QueuedEdit

__all__ = ["SAVE_DELAY", "AobPanel", "save_aob_notes"]


class AobPanel(AutosaveForm, ItemPanel):  # type: ignore[misc]  # ServiceDoor types app
    HELP_TITLE = "Any other business"
    RECORDS = ("meeting",)

    def __init__(self, meeting_id: int, item: Any, **kwargs: Any) -> None:
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

    def record_key(self, record: str) -> tuple[str, int]:
        return ("aob", self.meeting_id)

    def write(self, record: str, changes: dict[str, Any], *, force: bool) -> None:
        """Save the notes (off the UI thread while the file is held). If someone else changed
        them meanwhile (another window), ask before overwriting their words."""
        text = changes["aob_notes"]
        question = "The AOB notes were changed in another window since you opened them."
        meeting_id = self.meeting_id

        def done(_saved: bool) -> None:
            self.saved_text = text
            self.saved(record, changes)

        self.save_record(
            record,
            changes,
            None if force else self.saved_text,
            lambda db, before: save_aob_notes(db, meeting_id, text, before),
            next_token=lambda _saved: text,
            done=done,
            saved="AOB notes saved.",
            stale=lambda: self.stale(record, changes, question),
        )

    def reload(self) -> None:
        self.load()

    def queued_edit(self, record: str, changes: dict[str, Any]) -> QueuedEdit | None:
        from spp_tui.db.edit_journal import QueuedEdit

        return QueuedEdit("aob", self.meeting_id, dict(changes), self.saved_text, "AOB notes")

    def shows(self, kind: str, record_id: int) -> bool:
        return kind == "aob" and record_id == self.meeting_id

    def adopt(self, kind: str, record_id: int, result: Any) -> None:
        if self.shows(kind, record_id):
            self.saved_text = str(result)  # what the store holds now
