"""Any other business: free notes, saved as they are typed (a short pause after the last key),
and saved again on leaving the item so nothing typed is ever lost."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Static, TextArea

from spp_tui.panels.base import ItemPanel

#: Seconds of quiet typing before the notes are saved.
SAVE_DELAY = 0.8


class AobPanel(ItemPanel):
    HELP_TITLE = "Any other business"

    def __init__(self, meeting_id: int, item: Any, **kwargs: object) -> None:
        super().__init__(meeting_id, item, **kwargs)
        self.saved_text = ""
        #: What the text area holds, kept here so a save still works while unmounting.
        self.typed_text = ""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("Notes on any other business (saved as you type):", classes="panel-summary")
        yield TextArea(id="aob-notes", soft_wrap=True, tab_behavior="focus")

    def load(self) -> None:
        from spp_tui.db.services import meetings

        meeting = meetings.get_meeting(self.db, self.meeting_id)
        self.saved_text = self.typed_text = meeting.aob_notes
        notes = self.query_one(TextArea)
        if notes.text != meeting.aob_notes:
            notes.text = meeting.aob_notes

    def on_mount(self) -> None:
        super().on_mount()
        notes = self.query_one(TextArea)
        notes.focus()
        notes.move_cursor(notes.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.typed_text = event.text_area.text
        if self.typed_text != self.saved_text:
            self._timer = self.set_timer(SAVE_DELAY, self.save)

    def save(self) -> None:
        """Save the notes if they changed. If someone else changed them meanwhile (another
        window), offer to reload instead of overwriting their words."""
        self._timer = None
        text = self.typed_text
        if text == self.saved_text:
            return
        from spp_tui.db.services import meetings

        current = meetings.get_meeting(self.db, self.meeting_id)
        if current.aob_notes != self.saved_text:
            self.app.offer_reload(  # type: ignore[attr-defined]
                "The AOB notes were changed in another window since you opened them.", self.load
            )
            return
        meeting = self.app.run_service(  # type: ignore[attr-defined]
            meetings.update_meeting,
            self.meeting_id,
            expected_version=current.version,
            aob_notes=text,
            saved="AOB notes saved.",
            on_stale=self.load,
        )
        if meeting is not None:
            self.saved_text = text

    def flush(self) -> None:
        """Save now whatever is still waiting (the screen calls this before leaving)."""
        if self._timer is not None:
            self._timer.stop()
            self.save()

    def on_unmount(self) -> None:
        self.flush()
