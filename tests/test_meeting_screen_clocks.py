"""The clock arithmetic: amber from 80% of the planned time, red past it; projected end."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from spp_tui.db.models import AgendaItem, Meeting
from spp_tui.widgets.clocks import item_level, read_clocks, remaining_seconds

NOW = dt.datetime(2023, 4, 4, 10, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("elapsed", "planned", "level"),
    [
        (0, 5, "ok"),
        (239, 5, "ok"),  # just under 80% of 300 s
        (240, 5, "amber"),  # exactly 80%
        (300, 5, "amber"),  # on time is not late
        (301, 5, "red"),
        (10, 0, "red"),  # an item planned at zero minutes is late as soon as it starts
    ],
)
def test_item_level(elapsed: int, planned: int, level: str) -> None:
    assert item_level(elapsed, planned) == level


def agenda() -> list[AgendaItem]:
    """Item 1 done (6 of 5 min), item 2 in hand for 1 min of 2, items 3 and 4 not reached."""
    return [
        AgendaItem(
            id=1,
            meeting_id=1,
            position=1,
            title="Welcome",
            planned_minutes=5,
            actual_start=NOW - dt.timedelta(minutes=7),
            elapsed_seconds=360,
        ),
        AgendaItem(
            id=2,
            meeting_id=1,
            position=2,
            title="Confidentiality",
            planned_minutes=2,
            actual_start=NOW - dt.timedelta(minutes=1),
            visit_started_at=NOW - dt.timedelta(minutes=1),
        ),
        AgendaItem(id=3, meeting_id=1, position=3, title="Minutes", planned_minutes=5),
        AgendaItem(id=4, meeting_id=1, position=4, title="Actions", planned_minutes=20),
    ]


def test_remaining_counts_the_rest_of_the_current_item_and_items_not_reached() -> None:
    assert remaining_seconds(agenda(), current_id=2, now=NOW) == 60 + 300 + 1200


def test_meeting_clock_shows_elapsed_planned_end_and_projected_end() -> None:
    meeting = Meeting(
        id=1,
        date=NOW.date(),
        planned_start=dt.time(10, 0),
        planned_end=dt.time(11, 0),
        actual_start=NOW - dt.timedelta(minutes=8),
        current_item_id=2,
        status="in progress",
    )
    readings = read_clocks(meeting, agenda(), NOW)
    assert readings.item_text == "Item 2/4 01:00 of 02:00"
    assert readings.item_level == "ok"
    projected = (NOW + dt.timedelta(seconds=1560)).astimezone().strftime("%H:%M")
    assert readings.meeting_text == f"Meeting 0:08:00 · planned end 11:00 · projected {projected}"


def test_meeting_not_started_shows_the_plan() -> None:
    meeting = Meeting(
        id=1, date=NOW.date(), planned_start=dt.time(10, 0), planned_end=dt.time(12, 0)
    )
    readings = read_clocks(meeting, agenda(), NOW)
    assert readings.meeting_text == "Not started · planned 10:00–12:00"


def test_clocks_use_no_database() -> None:
    # Plain objects with the same attributes work: the bar ticks without queries.
    item = SimpleNamespace(
        id=9, position=1, planned_minutes=1, actual_start=None, elapsed=lambda now: 75
    )
    meeting = SimpleNamespace(
        planned_end=dt.time(12, 0),
        planned_start=dt.time(10, 0),
        current_item_id=9,
        actual_start=NOW,
        actual_end=None,
    )
    readings = read_clocks(meeting, [item], NOW)
    assert readings.item_level == "red"
    assert readings.item_text == "Item 1/1 01:15 of 01:00"
