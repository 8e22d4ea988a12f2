"""New meeting dialog: type, date, start, venue, chair and minute-taker, pre-filled from the
last meeting so that usually the chair only presses Enter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from spp_tui.dates import format_long_date
from spp_tui.vocabulary import MeetingKind
from spp_tui.widgets.fields import Input
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import Select
from spp_tui.widgets.modal import ModalDialog

if TYPE_CHECKING:
    from spp_tui.db.quick_read import MeetingRow

MEETING_KINDS = tuple(MeetingKind)
MEETING_INTERVAL = dt.timedelta(weeks=4)


@dataclass(frozen=True)
class NewMeetingDefaults:
    kind: str
    date: dt.date
    start: dt.time
    venue: str
    chair_id: int | None
    minute_taker_id: int | None


def defaults_from(meetings: Sequence[MeetingRow], today: dt.date) -> NewMeetingDefaults:
    """Same type, start, venue, chair and minute-taker as the latest meeting; four weeks on
    (and never in the past)."""
    if not meetings:
        return NewMeetingDefaults(
            MeetingKind.PSG, today + MEETING_INTERVAL, dt.time(10, 0), "", None, None
        )
    latest = max(meetings, key=lambda m: m.date)
    date = latest.date + MEETING_INTERVAL
    while date < today:
        date += MEETING_INTERVAL
    return NewMeetingDefaults(
        latest.kind, date, latest.start, latest.venue, latest.chair_id, latest.minute_taker_id
    )


def parse_meeting_date(text: str, today: dt.date) -> dt.date:
    """A date typed by the user, in any form the due-date parser accepts."""
    from spp_tui.dates import parse_due_date  # (a fallback for its absence was scaffolding)

    return parse_due_date(text.strip(), today, None)


def parse_time(text: str) -> dt.time:
    text = text.strip().replace(".", ":")
    for pattern in ("%H:%M", "%H%M", "%H"):
        try:
            return dt.datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a time: type it like 10:00.")


class NewMeetingDialog(ModalDialog[dict[str, Any] | None]):
    """Enter creates the meeting (with its agenda and due cases); Escape cancels."""

    HELP_TITLE = "New meeting"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new_meeting.cancel"),
        Binding("ctrl+s", "create", "Create", id="new_meeting.create"),
    ]

    def __init__(self, defaults: NewMeetingDefaults, people: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self.defaults = defaults
        self.people = list(people)

    def compose(self) -> ComposeResult:
        d = self.defaults
        known = {pid for _, pid in self.people}
        with Vertical(classes="dialog", id="new-meeting"):
            yield Label("New meeting", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Type")
                yield Select(
                    [(k, k) for k in MEETING_KINDS],
                    value=d.kind,
                    allow_blank=False,
                    id="kind",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Date")
                yield Input(d.date.isoformat(), id="date", compact=True)
            yield Static(self._date_hint(d.date), id="date-hint", classes="form-hint", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("Start time")
                yield Input(d.start.strftime("%H:%M"), id="start", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Venue")
                yield Input(d.venue, placeholder="room, or Online", id="venue", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Chair")
                yield Select(
                    self.people,
                    value=d.chair_id if d.chair_id in known else Select.BLANK,
                    prompt="(choose)",
                    compact=True,
                    id="chair",
                )
            with Horizontal(classes="form-row"):
                yield Label("Minute-taker")
                yield Select(
                    self.people,
                    value=d.minute_taker_id if d.minute_taker_id in known else Select.BLANK,
                    prompt="(choose)",
                    compact=True,
                    id="minute-taker",
                )
            yield Static("", id="form-error", classes="form-error", markup=False)
            yield Static("Enter creates the meeting · Esc cancels", classes="form-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#date", Input).focus()

    @staticmethod
    def _date_hint(day: dt.date) -> str:
        return format_long_date(day)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "date":
            return
        hint = self.query_one("#date-hint", Static)
        try:
            hint.update(self._date_hint(parse_meeting_date(event.value, dt.date.today())))
        except ValueError as exc:
            hint.update(str(exc))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        error = self.query_one("#form-error", Static)
        try:
            date = parse_meeting_date(self.query_one("#date", Input).value, dt.date.today())
            start = parse_time(self.query_one("#start", Input).value)
        except ValueError as exc:
            error.update(str(exc))
            return

        def chosen(selector: str) -> int | None:
            value = self.query_one(selector, Select).value
            return value if isinstance(value, int) else None

        self.dismiss(
            {
                "kind": self.query_one("#kind", Select).value,
                "date": date,
                "start": start,
                "venue": self.query_one("#venue", Input).value.strip(),
                "chair_id": chosen("#chair"),
                "minute_taker_id": chosen("#minute-taker"),
            }
        )
