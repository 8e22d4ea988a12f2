"""The meeting's two clocks: the item's (elapsed against planned) and the meeting's
(elapsed, planned end, projected end). The arithmetic is plain functions, easy to test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

if TYPE_CHECKING:
    from spp_tui.db.models import AgendaItem, Meeting

#: From this share of the planned time the item clock turns amber; past 100% it turns red.
AMBER_FROM = 0.8


def utc_now() -> dt.datetime:
    """The clocks' notion of now (tests freeze it with time-machine)."""
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; ours are always stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def item_level(elapsed_seconds: int, planned_minutes: int) -> str:
    """'ok', 'amber' (from 80% of planned) or 'red' (past planned)."""
    planned = planned_minutes * 60
    if planned <= 0:
        return "red" if elapsed_seconds > 0 else "ok"
    if elapsed_seconds > planned:
        return "red"
    if elapsed_seconds >= AMBER_FROM * planned:
        return "amber"
    return "ok"


def mmss(seconds: int) -> str:
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f"{minutes:02d}:{secs:02d}"


def hhmm_span(seconds: int) -> str:
    hours, rest = divmod(max(0, int(seconds)), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def remaining_seconds(items: Sequence[AgendaItem], current_id: int | None, now: dt.datetime) -> int:
    """Planned time still ahead: the rest of the current item (none if it has overrun) plus
    every item not yet visited. Items already visited and left count as done."""
    remaining = 0
    for item in items:
        planned = item.planned_minutes * 60
        if item.id == current_id:
            remaining += max(0, planned - item.elapsed(now))
        elif item.actual_start is None:
            remaining += planned
    return remaining


@dataclass(frozen=True)
class ClockReadings:
    item_text: str
    item_level: str
    meeting_text: str


def read_clocks(
    meeting: Meeting | None, items: Sequence[AgendaItem], now: dt.datetime
) -> ClockReadings:
    """What the status line shows, for the meeting as it stands at ``now``."""
    if meeting is None:
        return ClockReadings("", "ok", "Loading…")
    planned_end = meeting.planned_end.strftime("%H:%M")
    current = next((i for i in items if i.id == meeting.current_item_id), None)
    if current is not None:
        elapsed = current.elapsed(now)
        item_text = (
            f"Item {current.position}/{len(items)} "
            f"{mmss(elapsed)} of {current.planned_minutes:02d}:00"
        )
        level = item_level(elapsed, current.planned_minutes)
    else:
        item_text, level = "", "ok"
    if meeting.actual_start is None:
        meeting_text = (
            f"Not started · planned {meeting.planned_start.strftime('%H:%M')}–{planned_end}"
        )
        return ClockReadings(item_text, "ok", meeting_text)
    started = as_utc(meeting.actual_start)
    if meeting.actual_end is not None:
        ended = as_utc(meeting.actual_end)
        length = hhmm_span(int((ended - started).total_seconds()))
        meeting_text = (
            f"Held {started.astimezone().strftime('%H:%M')}–"
            f"{ended.astimezone().strftime('%H:%M')} ({length})"
        )
        return ClockReadings(item_text, "ok", meeting_text)
    projected = now + dt.timedelta(seconds=remaining_seconds(items, meeting.current_item_id, now))
    meeting_text = (
        f"Meeting {hhmm_span(int((now - started).total_seconds()))} · "
        f"planned end {planned_end} · projected {projected.astimezone().strftime('%H:%M')}"
    )
    return ClockReadings(item_text, level, meeting_text)


class ClocksBar(Horizontal):
    """One status line: the item clock on the left, the meeting clock on the right.

    It ticks every second from data the screen hands it; it never queries the database.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.meeting: Meeting | None = None
        self.items: Sequence[AgendaItem] = ()

    def compose(self) -> ComposeResult:
        yield Static("", id="item-clock")
        yield Static("Loading…", id="meeting-clock")

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def show(self, meeting: Meeting, items: Sequence[AgendaItem]) -> None:
        self.meeting = meeting
        self.items = items
        self.tick()

    def tick(self) -> None:
        readings = read_clocks(self.meeting, self.items, utc_now())
        item_clock = self.query_one("#item-clock", Static)
        item_clock.update(readings.item_text)
        for level in ("ok", "amber", "red"):
            item_clock.set_class(readings.item_level == level, f"-{level}")
        self.query_one("#meeting-clock", Static).update(readings.meeting_text)
