"""The confidentiality and information-sharing statement: the chair reads it out, then records
that it was read (with the time), as the minutes must show."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from spp_tui.panels.base import ItemPanel
from spp_tui.widgets.clocks import as_utc


def read_status(read_at: dt.datetime | None) -> str:
    if read_at is None:
        return "Not yet recorded as read. Press r (or the button) once the statement is read."
    local = as_utc(read_at).astimezone()
    return f"Read and accepted at {local.strftime('%H:%M')} on {local.strftime('%d %b %Y')}."


class ConfidentialityPanel(ItemPanel):
    HELP_TITLE = "Confidentiality statement"
    BINDINGS = [Binding("r", "record_read", "Record as read", id="confidentiality.record_read")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="confidentiality-text", can_focus=True):
            yield Static("", id="confidentiality-statement", markup=False)
        yield Static("", id="confidentiality-status", classes="panel-status")
        yield Button("Record as read (r)", id="record-read", variant="primary", compact=True)

    def load(self) -> None:
        from spp_tui.db.services import meetings, settings

        statement = settings.get_setting(self.db, settings.CONFIDENTIALITY_STATEMENT)
        meeting = meetings.get_meeting(self.db, self.meeting_id)
        self.query_one("#confidentiality-statement", Static).update(statement)
        self.query_one("#confidentiality-status", Static).update(
            read_status(meeting.confidentiality_read_at)
        )
        self.query_one("#record-read", Button).label = (
            "Record as read again (r)" if meeting.confidentiality_read_at else "Record as read (r)"
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#record-read", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_record_read()

    def action_record_read(self) -> None:
        """Recorded now, or kept (the file held, the server away) with the time it was read."""
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.db.models import utcnow
        from spp_tui.widgets.save_lane import QUEUED

        at = utcnow()
        said = "Confidentiality statement recorded as read."
        edit = QueuedEdit.one_off("confidentiality_read", self.meeting_id, {"at": at}, said[:-1])

        def done(_meeting: object) -> None:
            if self.is_attached:
                self.load()

        if self.one_off(edit, done=done, saved=said) == QUEUED:
            self.query_one("#confidentiality-status", Static).update(read_status(at))

    def store_replayed(self) -> None:
        """The read kept while the store was away is written: the status as stored."""
        self.load()
