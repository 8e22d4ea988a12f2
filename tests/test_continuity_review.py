"""Pilot tests of agenda items 3 and 4 (previous minutes, review of the action log) on the demo:
one key per outcome, progress, the new due date dialog, notes."""

from __future__ import annotations

import datetime as dt

import pytest
from app_pilot import workers_done
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer

from spp_tui.db.database import Database
from spp_tui.db.services import actions, meetings


class PanelHost(App[None]):
    """Just enough app to hold one agenda item's panel: ``db`` and a footer."""

    def __init__(self, db: Database, panel_class: type, kind: str) -> None:
        super().__init__()
        self.db = db
        self.meeting = meetings.resolve_meeting(db, "next")
        self.item = next(i for i in meetings.agenda(db, self.meeting.id) if i.kind == kind)
        self.panel_class = panel_class

    def compose(self) -> ComposeResult:
        yield self.panel_class(self.meeting.id, self.item)
        yield Footer()


async def settle(app: App, pilot) -> None:  # noqa: ANN001
    await workers_done(app)
    await pilot.pause()


def cursor_action(app: App) -> int | None:
    return app.query_one("ActionReviewPanel").current_action_id()


async def test_review_panel_records_each_outcome_with_one_key(demo_db: Database) -> None:
    from spp_tui.panels.action_review import ActionReviewPanel

    app = PanelHost(demo_db, ActionReviewPanel, "action review")
    april = app.meeting
    carried = actions.actions_to_carry(demo_db, april.id)
    assert len(carried) >= 6
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        panel = app.query_one(ActionReviewPanel)
        progress = app.query_one("#review-progress")
        assert str(progress.render()).startswith(f"0 of {len(carried)} reviewed")
        table = app.query_one(DataTable)
        table.focus()
        # The table is grouped by case: a heading row before each case's actions.
        headings = [k.value for k in table.rows if k.value.startswith("case-")]
        assert len(headings) == len({r.case_id for r in carried})
        # The cursor starts on the first action, never on a heading.
        assert cursor_action(app) == carried[0].id

        recorded: list[tuple[int, str]] = []
        for key, status in (("c", "complete"), ("x", "not possible"), ("d", "not done")):
            action_id = cursor_action(app)
            await pilot.press(key)
            await pilot.pause()
            recorded.append((action_id, status))
            assert cursor_action(app) != action_id  # moved on to the next one
        # z: closed
        closed_id = cursor_action(app)
        await pilot.press("z")
        await pilot.pause()
        recorded.append((closed_id, "closed"))
        # p: in progress asks for the new due date; a wrong one is explained, not saved.
        progress_id = cursor_action(app)
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DueDateDialog"
        await pilot.press(*"31/2", "enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DueDateDialog"
        assert "February" in str(app.screen.query_one("#due-feedback").render())
        date_input = app.screen.query_one("#due-date")
        date_input.value = ""
        await pilot.press(*"+2w", "tab", *"Waiting for the court", "enter")
        await pilot.pause()
        assert app.screen is not None and app.screen.__class__.__name__ != "DueDateDialog"
        recorded.append((progress_id, "in progress"))

        updates = actions.updates_at_meeting(demo_db, april.id)
        assert {a: updates[a].new_status for a, _ in recorded} == dict(recorded)
        assert updates[progress_id].new_due_on == april.date + dt.timedelta(days=14)
        assert updates[progress_id].note == "Waiting for the court"
        for action_id, status in recorded:
            assert actions.get_action(demo_db, action_id).status == status
        assert str(progress.render()).startswith(f"5 of {len(carried)} reviewed")

        # e: a note on the outcome just recorded.
        _move_cursor_to(panel, recorded[0][0])
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"Letters delivered", "enter")
        await pilot.pause()
        updates = actions.updates_at_meeting(demo_db, april.id)
        assert updates[recorded[0][0]].note == "Letters delivered"
        row = table.get_row(str(recorded[0][0]))
        assert "Letters delivered" in str(row[-1])

        # e straight after an outcome (the cursor has moved on): the note is on that outcome.
        just_recorded = next(r.id for r in carried if r.id not in updates)
        _move_cursor_to(panel, just_recorded)
        await pilot.press("c")
        await pilot.pause()
        assert panel.current_action_id() != just_recorded
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"Done on the day", "enter")
        await pilot.pause()
        updates = actions.updates_at_meeting(demo_db, april.id)
        assert updates[just_recorded].note == "Done on the day"
        assert panel.current_action_id() not in updates

    # Reopening the item shows the same progress (read back from the database).
    app2 = PanelHost(demo_db, ActionReviewPanel, "action review")
    async with app2.run_test(size=(140, 40)) as pilot:
        await settle(app2, pilot)
        text = str(app2.query_one("#review-progress").render())
        assert text.startswith(f"6 of {len(carried)} reviewed")


def _move_cursor_to(panel, action_id: int) -> None:  # noqa: ANN001
    panel._move_to(action_id)


async def test_overdue_counts_from_the_meeting_date_and_shows_in_red(demo_db: Database) -> None:
    from spp_tui.panels.action_review import ActionReviewPanel

    app = PanelHost(demo_db, ActionReviewPanel, "action review")
    carried = actions.actions_to_carry(demo_db, app.meeting.id)
    overdue = [r for r in carried if r.is_overdue(app.meeting.date)]
    assert overdue, "the demo has actions overdue by the April meeting"
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        table = app.query_one(DataTable)
        for row in carried:
            cell = table.get_cell(str(row.id), "due")
            if row.due_on is None:
                assert cell.plain == "no date"
                continue
            days = (app.meeting.date - row.due_on).days
            if row in overdue:
                late = f"{days} day{'s' if days != 1 else ''} late"
                assert cell.plain == f"{row.due_on:%d %b %y}\n{late}"
                [span] = cell.spans
                assert cell.plain[span.start : span.end].strip() == late
                assert "red" in str(span.style)
            else:
                assert days <= 0 or row.status not in ("open", "in progress", "not done")
                assert cell.plain == f"{row.due_on:%d %b %y}"


async def test_previous_minutes_agree_or_correct(demo_db: Database) -> None:
    from spp_tui.panels.previous_minutes import PreviousMinutesPanel

    app = PanelHost(demo_db, PreviousMinutesPanel, "previous minutes")
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    assert march.status == "minutes draft"
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        status = app.query_one("#minutes-status")
        assert "not yet agreed" in str(status.render()).lower()
        app.query_one(PreviousMinutesPanel).focus()
        # r: corrections; an empty text is refused, then saved with Ctrl+S.
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CorrectionsDialog"
        await pilot.press(*"Item 6.2: the CCTV camera is at Towler Street", "ctrl+s")
        await pilot.pause()
        april = meetings.get_meeting(demo_db, app.meeting.id)
        assert april.previous_minutes_agreed is False
        assert april.previous_minutes_corrections.startswith("Item 6.2")
        assert meetings.get_meeting(demo_db, march.id).status == "minutes draft"
        assert "Item 6.2" in str(status.render())
        # a: agreed as accurate, which approves March's minutes with April's date.
        await pilot.press("a")
        await pilot.pause()
        march = meetings.get_meeting(demo_db, march.id)
        assert march.status == "minutes approved"
        assert march.minutes_approved_on == dt.date(2023, 4, 4)
        assert "approved on" in str(status.render())


async def test_a_long_review_shows_a_window_at_a_time(demo_db: Database, monkeypatch) -> None:  # noqa: ANN001
    from spp_tui.panels import action_review as action_review_panel
    from spp_tui.panels.action_review import ActionReviewPanel

    monkeypatch.setattr(action_review_panel, "WINDOW", 4)
    app = PanelHost(demo_db, ActionReviewPanel, "action review")
    carried = actions.actions_to_carry(demo_db, app.meeting.id)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        panel = app.query_one(ActionReviewPanel)
        table = app.query_one(DataTable)
        table.focus()

        def shown() -> list[int]:
            return [int(k.value) for k in table.rows if k.value.isdigit()]

        assert shown() == [r.id for r in carried[:4]]
        assert "showing 1–4" in str(app.query_one("#review-progress").render())
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert shown() == [r.id for r in carried[4:8]]
        assert panel.current_action_id() == carried[4].id
        # Recording the last action of a window moves on to the first of the next.
        panel._move_to(carried[7].id)
        await pilot.press("c")
        await pilot.pause()
        assert panel.current_action_id() == carried[8].id
        assert shown() == [r.id for r in carried[8:12]]
        assert actions.updates_at_meeting(demo_db, app.meeting.id)[carried[7].id].new_status == (
            "complete"
        )
        # Page Down on the window's last action goes on to the next window, Page Up on its
        # first back to the one before, on its last action.
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert panel.current_action_id() == carried[11].id
        await pilot.press("pagedown")
        await pilot.pause()
        assert shown() == [r.id for r in carried[12:16]]
        assert panel.current_action_id() == carried[12].id
        await pilot.press("pageup")
        await pilot.pause()
        assert shown() == [r.id for r in carried[8:12]]
        assert panel.current_action_id() == carried[11].id


# Slow: four fills of a real 100-action window (about 7 s on the shared 2-core machine).
@pytest.mark.slow
async def test_a_review_longer_than_a_window_goes_on_down_and_records_there(
    demo_db: Database,
) -> None:
    """With the real window (not a shrunk one): Down past its last action shows the next
    window, the action there is recorded, counts stay right, Up goes back; recording the
    last of a window jumps over those already reviewed into the next one."""
    from spp_tui.db.models import Action
    from spp_tui.panels.action_review import WINDOW, ActionReviewPanel

    app = PanelHost(demo_db, ActionReviewPanel, "action review")
    earlier = meetings.previous_meeting(demo_db, app.meeting)
    assert earlier is not None
    with demo_db.write() as s:
        for i in range(WINDOW + 20):
            s.add(
                Action(
                    reference=f"W-{i:04d}",
                    meeting_id=earlier.id,
                    text=f"Live action {i}",
                    due_on=dt.date(2023, 3, 1) if i % 2 else None,
                )
            )
    carried = actions.actions_to_carry(demo_db, app.meeting.id)
    assert len(carried) > WINDOW + 1

    def overdue(updates: dict) -> int:  # noqa: ANN001
        return sum(1 for r in carried if r.id not in updates and r.is_overdue(app.meeting.date))

    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        progress = app.query_one("#review-progress")
        table = app.query_one(DataTable)
        table.focus()
        assert str(progress.render()).startswith(
            f"0 of {len(carried)} reviewed  · {overdue({})} still to review are overdue"
            f"  · showing 1–{WINDOW}"
        )
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert cursor_action(app) == carried[WINDOW - 1].id
        await pilot.press("down")
        await pilot.pause()
        assert cursor_action(app) == carried[WINDOW].id
        assert f"showing {WINDOW + 1}–" in str(progress.render())

        await pilot.press("c")
        await pilot.pause()
        updates = actions.updates_at_meeting(demo_db, app.meeting.id)
        assert updates[carried[WINDOW].id].new_status == "complete"
        assert cursor_action(app) == carried[WINDOW + 1].id
        assert str(progress.render()).startswith(
            f"1 of {len(carried)} reviewed  · {overdue(updates)} still to review are overdue"
        )

        await pilot.press("up", "up")
        await pilot.pause()
        assert cursor_action(app) == carried[WINDOW - 1].id
        assert "showing 1–" in str(progress.render())
        await pilot.press("d")
        await pilot.pause()
        updates = actions.updates_at_meeting(demo_db, app.meeting.id)
        assert updates[carried[WINDOW - 1].id].new_status == "not done"
        assert cursor_action(app) == carried[WINDOW + 1].id  # the reviewed one skipped
        assert str(progress.render()).startswith(f"2 of {len(carried)} reviewed")
