"""The action review read a window at a time (issue 13, big live sets): the outline's counts,
the windows, positions and "next to review" worked out by the database agree, action for
action, with the whole list ``actions_to_carry`` reads and sorts in Python; on both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import Action, ActionUpdate, Case
from spp_tui.db.services import action_review as review
from spp_tui.db.services import actions, meetings
from spp_tui.db.services.due_base import due_base

pytestmark = pytest.mark.both_engines

#: References whose byte order differs from a dictionary's ("B-10" before "B-9", capitals
#: before small letters): the database must order them as Python does.
ODD_REFERENCES = ("a-1", "B-10", "B-9", "Z-1", "b-2")


def add_live_actions(db: Database, meeting_id: int, count: int) -> None:
    """``count`` more live actions raised at ``meeting_id``: over a few cases and none, some
    due before the next meeting, some after, some with no date."""
    case_ids: list[int | None] = [*case_ids_of(db)[:3], None]
    with db.write() as s:
        for i in range(count):
            odd = ODD_REFERENCES[i] if i < len(ODD_REFERENCES) else f"T-{i:04d}"
            s.add(
                Action(
                    reference=odd,
                    case_id=case_ids[i % len(case_ids)],
                    meeting_id=meeting_id,
                    text=f"Live action {i}",
                    due_on=None if i % 5 == 0 else dt.date(2023, 3, 1) + dt.timedelta(days=i),
                    status="in progress" if i % 3 == 0 else "open",
                )
            )


def case_ids_of(db: Database) -> list[int]:
    with db.read() as s:
        return [c for c in s.exec(select(Case.id).order_by(col(Case.id))).all() if c is not None]


@pytest.fixture
def big(demo_db: Database) -> tuple[Database, int]:
    """The demo's scheduled meeting with a review longer than a window of 100."""
    meeting = meetings.resolve_meeting(demo_db, "next")
    earlier = meetings.previous_meeting(demo_db, meeting)
    assert earlier is not None
    add_live_actions(demo_db, earlier.id, 130)
    return demo_db, meeting.id


def whole_review(db: Database, meeting_id: int, size: int) -> list[review.CarryKey]:
    outline = review.review_outline(db, meeting_id, due_base(db, meeting_id).today)
    keys: list[review.CarryKey] = []
    for start in range(0, outline.counts.total, size):
        keys += review.review_window(db, meeting_id, outline, start, size)
    return keys


def expected_counts(db: Database, meeting_id: int) -> review.ReviewCounts:
    on = due_base(db, meeting_id).today
    carried = actions.actions_to_carry(db, meeting_id)
    updates = actions.updates_at_meeting(db, meeting_id)
    return review.ReviewCounts(
        len(carried),
        sum(1 for r in carried if r.id in updates),
        sum(1 for r in carried if r.id not in updates and r.is_overdue(on)),
    )


@pytest.mark.parametrize("size", [7, 100])
def test_windows_read_the_whole_review_in_order(big: tuple[Database, int], size: int) -> None:
    db, meeting_id = big
    carried = actions.actions_to_carry(db, meeting_id)
    assert len(carried) > 100
    keys = whole_review(db, meeting_id, size)
    assert [k.id for k in keys] == [r.id for r in carried]
    assert [k.position for k in keys] == list(range(len(carried)))


def test_counts_and_positions_with_more_than_a_window(big: tuple[Database, int]) -> None:
    db, meeting_id = big
    on = due_base(db, meeting_id).today
    outline = review.review_outline(db, meeting_id, on)
    assert outline.counts == expected_counts(db, meeting_id)
    assert outline.counts.overdue > 0
    assert sum(s.length for s in outline.spans) == outline.counts.total
    keys = whole_review(db, meeting_id, 100)
    for key in (keys[0], keys[100], keys[-1]):
        assert review.review_position(db, meeting_id, key.id) == key.position
    assert review.review_position(db, meeting_id, 10**9) is None

    # The 101st action reviewed: counted, still in its place, and overdue no longer counted.
    late = next(k for k in keys[100:] if k.position >= 100 and _overdue(db, k.id, on))
    actions.record_action_update(db, late.id, "complete", meeting_id=meeting_id)
    after = review.review_outline(db, meeting_id, on).counts
    assert after == expected_counts(db, meeting_id)
    assert (after.reviewed, after.overdue) == (1, outline.counts.overdue - 1)
    assert review.review_position(db, meeting_id, late.id) == late.position
    window = review.read_window(db, meeting_id, outline, late.position // 100 * 100, 100)
    assert window.updates[late.id].new_status == "complete"
    assert set(window.rows) == {k.id for k in window.keys}


def _overdue(db: Database, action_id: int, on: dt.date) -> bool:
    (row,) = actions.list_actions(db, actions.ActionFilter(action_ids=(action_id,)))
    return row.is_overdue(on)


def review_in_bulk(db: Database, meeting_id: int, ids: list[int], status: str) -> None:
    """Outcomes at ``meeting_id`` for many actions in one transaction (the updates
    ``record_action_update`` adds, one by one, with the action's own status left as it is:
    what the review counts is the update)."""
    with db.write() as s:
        for action_id in ids:
            s.add(
                ActionUpdate(
                    action_id=action_id,
                    meeting_id=meeting_id,
                    made_on=dt.date(2023, 4, 4),
                    new_status=status,
                )
            )


def test_next_to_review_goes_on_then_back_for_those_skipped(big: tuple[Database, int]) -> None:
    db, meeting_id = big
    keys = whole_review(db, meeting_id, 100)
    first = review.next_to_review(db, meeting_id, 99)
    assert first is not None and first.id == keys[100].id and first.position == 100
    actions.record_action_update(db, keys[100].id, "not done", meeting_id=meeting_id)
    following = review.next_to_review(db, meeting_id, 100)
    assert following is not None and following.id == keys[101].id
    review_in_bulk(db, meeting_id, [k.id for k in keys[101:]], "not done")
    back = review.next_to_review(db, meeting_id, 150)
    assert back is not None and (back.id, back.position) == (keys[0].id, 0)
    review_in_bulk(db, meeting_id, [k.id for k in keys[:100]], "complete")
    assert review.next_to_review(db, meeting_id, 0) is None
    counts = review.review_outline(db, meeting_id, due_base(db, meeting_id).today).counts
    assert counts == expected_counts(db, meeting_id)
    assert counts.reviewed == counts.total == len(keys)
    # Every one reviewed here: all still listed, the review reads "N of N reviewed".
    assert [k.id for k in whole_review(db, meeting_id, 100)] == [k.id for k in keys]


def test_load_review_keeps_the_window_and_the_action_in_hand(big: tuple[Database, int]) -> None:
    db, meeting_id = big
    keys = whole_review(db, meeting_id, 100)
    first = review.load_review(db, meeting_id, 100)
    assert [k.id for k in first.window.keys] == [k.id for k in keys[:100]]
    assert set(first.window.rows) == {k.id for k in keys[:100]}
    again = review.load_review(db, meeting_id, 100, start=100)
    assert [k.id for k in again.window.keys] == [k.id for k in keys[100:]]
    held = review.load_review(db, meeting_id, 100, start=0, around=keys[-1].id)
    assert held.window.start == 100
    past = review.load_review(db, meeting_id, 100, start=10**6)
    assert past.window.start == 100  # the review got shorter: its last window


def test_a_youth_psg_reviews_its_own_series_and_no_general_actions(db: Database) -> None:
    """Each meeting kind has its own statements: a Youth PSG reviews only Youth PSG actions
    and none raised outside a meeting; a PSG reviews those and the extraordinary PSG's."""
    youth_before = meetings.create_meeting(db, "Youth PSG", dt.date(2023, 3, 7))
    psg_before = meetings.create_meeting(db, "PSG", dt.date(2023, 3, 14))
    extra = meetings.create_meeting(db, "Extraordinary PSG", dt.date(2023, 3, 21))
    youth = meetings.create_meeting(db, "Youth PSG", dt.date(2023, 4, 4))
    psg = meetings.create_meeting(db, "PSG", dt.date(2023, 4, 11))
    raised = {
        name: actions.create_action(
            db, f"Action {name}", None, None, meeting_id=where, allow_incomplete=True
        ).id
        for name, where in (
            ("youth", youth_before.id),
            ("psg", psg_before.id),
            ("extra", extra.id),
            ("general", None),
        )
    }
    for meeting, expected in ((youth, {"youth"}), (psg, {"psg", "extra", "general"})):
        keys = whole_review(db, meeting.id, 2)
        assert {k.id for k in keys} == {raised[name] for name in expected}
        assert [k.id for k in keys] == [r.id for r in actions.actions_to_carry(db, meeting.id)]
