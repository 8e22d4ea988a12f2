"""Date of the next meeting: typing it (``2/5``, ``+4w``, ``2023-05-02``) shows the date
understood; Enter creates the next meeting, scheduled, from the same template.

Nothing is shown as chosen before it is: the field starts empty and the status reads "not set";
Enter on the empty field takes the series' usual interval (four weeks), and the line under the
field says so and which day that is before the chair presses it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static

from spp_tui.dates import format_column_date, format_long_date
from spp_tui.panels.base import ItemPanel
from spp_tui.widgets.fields import Input

DEFAULT_GAP = "+4w"


def parse_meeting_day(text: str, meeting_date: dt.date) -> dt.date:
    """A date typed for the next meeting, relative forms counted from this meeting's date."""
    from spp_tui.dates import parse_due_date

    return parse_due_date(text, meeting_date, None)


class NextMeetingPanel(ItemPanel):
    HELP_TITLE = "Date of the next meeting"

    def __init__(self, meeting_id: int, item: Any, **kwargs: object) -> None:
        super().__init__(meeting_id, item, **kwargs)
        self.meeting_date: dt.date | None = None
        self.next_date: dt.date | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="next-meeting-status", classes="panel-status", markup=False)
        yield Input(
            placeholder="not set: type 2/5, 02/05/2023 or +4w",
            id="next-meeting-date",
            compact=True,
        )
        yield Static("", id="next-meeting-parsed", classes="panel-hint", markup=False)
        yield Static(
            "Enter schedules it with the same agenda, chair and venue.",
            id="next-meeting-hint",
            classes="panel-hint",
        )

    def load(self) -> None:
        from spp_tui.db.services import meetings

        meeting = meetings.get_meeting(self.db, self.meeting_id)
        self.meeting_date = meeting.date
        status = self.query_one("#next-meeting-status", Static)
        if meeting.next_meeting_id is not None:
            nxt = meetings.get_meeting(self.db, meeting.next_meeting_id)
            self.next_date = nxt.date
            status.update(
                f"Next meeting scheduled: {nxt.kind}, {format_long_date(nxt.date)} "
                f"at {nxt.planned_start.strftime('%H:%M')}."
            )
        else:
            self.next_date = None
            status.update("Next meeting: not set.")
        # Once scheduled there is nothing to type here (a second one would be a duplicate).
        scheduling = self.next_date is None
        for selector in ("#next-meeting-date", "#next-meeting-parsed", "#next-meeting-hint"):
            self.query_one(selector).display = scheduling
        self._show_parsed(self.query_one(Input).value)

    def on_mount(self) -> None:
        super().on_mount()
        if self.next_date is None:
            self.query_one(Input).focus()

    def _show_parsed(self, text: str) -> dt.date | None:
        hint = self.query_one("#next-meeting-parsed", Static)
        if self.meeting_date is None:
            return None
        usual = not text.strip()
        try:
            day = parse_meeting_day(text if not usual else DEFAULT_GAP, self.meeting_date)
        except ValueError as exc:
            hint.update(str(exc))
            hint.add_class("form-error")
            return None
        hint.remove_class("form-error")
        if usual:
            hint.update(f"Enter alone: four weeks on, {format_long_date(day)}")
        else:
            hint.update(f"→ {format_long_date(day)}")
        return day

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_parsed(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        day = self._show_parsed(event.value)
        if day is None:
            return
        if self.next_date is not None:
            self.notify(
                f"The next meeting is already scheduled for {self.next_date:%d %b %Y}; "
                "change it from the meetings list.",
                severity="warning",
            )
            return
        from spp_tui.db.edit_journal import QueuedEdit

        said = f"Next meeting scheduled for {format_column_date(day)}."
        edit = QueuedEdit.one_off("next_meeting", self.meeting_id, {"date": day}, said[:-1])

        def done(_created: object) -> None:
            if self.is_attached:
                self.load()

        self.one_off(edit, done=done, saved=said)
