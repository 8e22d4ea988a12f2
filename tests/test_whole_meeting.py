"""A whole meeting run by keys, then what the screen showed compared field by field with the
database and with the exported minutes (issue 13, "must show"): attendance with a deputy, the
action review, an urgent referral with three actions, two case reviews (one closed), AOB, the
next meeting, minutes exported and read back with python-docx."""

from __future__ import annotations

import datetime as dt

import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle, type_text, workers_done
from export_reading import all_text, headings, open_docx, table_after_heading, table_rows
from textual.widgets import Select

from spp_tui.app import create_app
from spp_tui.db.services import actions, cases, meetings
from spp_tui.dialogs.action import ActionDialog
from spp_tui.dialogs.urgent_case import UrgentCaseDialog
from spp_tui.exports.minutes import export_minutes
from spp_tui.panels.case import CasePanel
from spp_tui.screens.meeting import MeetingScreen
from spp_tui.widgets.operation_input import OperationInput


def shown(panel: CasePanel) -> dict[str, str]:
    """What the case form displays for the case in hand, as words."""
    risk = panel.query_one("#case-risk", Select).value
    outcome = panel.query_one("#case-outcome", Select).value
    return {
        "risk": "not set" if risk is Select.NULL else str(risk),
        "outcome": "not decided" if outcome is Select.NULL else str(outcome),
        "operation": panel.query_one("#case-operation", OperationInput).value or "not set",
    }


async def test_whole_meeting_screen_database_and_minutes_agree(demo_db, demo_db_target, tmp_path):
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    seen: dict[int, dict[str, str]] = {}
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(demo_db_target)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            await pilot.press("ctrl+s")
            await pilot.pause()

            # 1. Attendance: one present, a deputy for Rebecca Moore.
            await type_text(pilot, "okafor")
            await pilot.press("enter")
            await type_text(pilot, "adam")
            await pilot.press("enter", "tab", "d")
            await pilot.pause()
            await type_text(pilot, "rebecca")
            await pilot.press("enter")
            await pilot.pause()

            # 4. Action review: the first action complete.
            await pilot.press("escape", "4")
            await settle(pilot, lambda: screen.current_item.position == 4)
            await settle(pilot, lambda: screen.panel.has_focus_within)
            await workers_done(app)
            reviewed_id = screen.panel.current_action_id()
            await pilot.press("c")
            await pilot.pause()

            # 5. An urgent referral (F4) with three actions.
            await pilot.press("escape", "5")
            await settle(pilot, lambda: isinstance(screen.panel, CasePanel))
            panel = screen.panel
            await settle(pilot, lambda: panel.case is not None)
            await pilot.press("f4")
            await settle(pilot, lambda: isinstance(app.screen, UrgentCaseDialog))
            await type_text(pilot, "Knife found in the play area")
            await pilot.press("tab")
            await type_text(pilot, "Central Park")
            await pilot.press("tab")
            await type_text(pilot, "Park")
            await pilot.press("tab", "enter", *"kn", "enter", "tab", "enter", "h", "enter")
            await pilot.press("tab", "tab", *"guar", "ctrl+s")
            await settle(pilot, lambda: app.screen is screen)
            await settle(
                pilot, lambda: panel.case is not None and panel.case.title.startswith("Knife")
            )
            urgent = panel.case
            for text, owner, due in (
                ("Sweep the play area", "dalt", "+1w"),
                ("Write to the parents", "okaf", "30/4"),
                ("Ask for CCTV footage", "dalt", "+2w"),
            ):
                await pilot.press("f2")
                await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
                await type_text(pilot, text)
                await pilot.press("tab", *owner, *due, "enter")
                await settle(pilot, lambda: app.screen is screen)
            await settle(pilot, lambda: len(panel.case_actions) >= 3)
            seen[urgent.id] = shown(panel)
            seen[urgent.id]["actions"] = "|".join(sorted(r.text for r in panel.case_actions))

            # 6. Two case reviews: a risk chosen on the first, the second closed.
            await pilot.press("escape", "6")
            await settle(
                pilot, lambda: isinstance(screen.panel, CasePanel) and screen.panel is not panel
            )
            panel = screen.panel
            await settle(pilot, lambda: panel.case is not None)
            first = panel.case
            panel.query_one("#case-risk", Select).focus()
            await pilot.pause()
            await pilot.press("enter", "m", "enter")
            await settle(pilot, lambda: panel.query_one("#case-risk", Select).value == "medium")
            seen[first.id] = shown(panel)
            await pilot.press("ctrl+down")
            await settle(pilot, lambda: panel.case is not None and panel.case.id != first.id)
            second = panel.case
            panel.query_one("#case-outcome", Select).focus()
            await pilot.pause()
            await pilot.press("enter", "c", "enter")
            await settle(pilot, lambda: panel.query_one("#case-outcome-reason").has_focus)
            await type_text(pilot, "No reports since February")
            await pilot.press("enter")
            await pilot.pause()
            seen[second.id] = shown(panel)

            # 8. AOB, 9. the next meeting (Enter alone: four weeks on).
            await pilot.press("escape", "8")
            await settle(pilot, lambda: screen.current_item.kind == "aob")
            await type_text(pilot, "Summer fair planning")
            await pilot.press("ctrl+n")
            await settle(pilot, lambda: screen.current_item.kind == "next meeting")
            await pilot.press("enter")
            await pilot.pause()

    # The database says what the screen said.
    stored = {e.case.id: e for e in cases.meeting_cases(demo_db, meeting_id)}
    for case_id, fields in seen.items():
        discussion, case = stored[case_id].discussion, stored[case_id].case
        assert fields["risk"] == (discussion.risk or "not set"), case.reference
        assert fields["outcome"] == (discussion.outcome or "not decided"), case.reference
        assert fields["operation"] == (case.operation or "not set"), case.reference
    assert seen[urgent.id] == {
        "risk": "high",
        "outcome": "not decided",
        "operation": "Guardian",
        "actions": "Ask for CCTV footage|Sweep the play area|Write to the parents",
    }
    assert seen[first.id]["risk"] == "medium" and seen[second.id]["outcome"] == "close"
    raised = actions.list_actions(demo_db, actions.ActionFilter(case_id=urgent.id))
    assert sorted(r.text for r in raised) == seen[urgent.id]["actions"].split("|")
    assert {r.due_on for r in raised} == {
        dt.date(2023, 4, 11),
        dt.date(2023, 4, 30),
        dt.date(2023, 4, 18),
    }
    rows = {r.name: r for r in meetings.attendance(demo_db, meeting_id)}
    assert rows["Adam Price"].deputy_for_name == "Rebecca Moore"
    meeting = meetings.get_meeting(demo_db, meeting_id)
    assert meeting.aob_notes == "Summer fair planning"
    assert meetings.get_meeting(demo_db, meeting.next_meeting_id).date == dt.date(2023, 5, 2)
    assert reviewed_id is not None
    assert actions.get_action(demo_db, reviewed_id).status == "complete"

    # The minutes print what the screen showed.
    document = open_docx(export_minutes(demo_db, meeting_id, tmp_path / "minutes.docx"))
    text = all_text(document)
    for case_id, fields in seen.items():
        case = stored[case_id].case
        heading = next(h for h in headings(document, 2) if case.reference in h)
        details = dict(table_rows(table_after_heading(document, heading)))
        assert details["Risk"].lower() == fields["risk"], case.reference
        operation = f"; Operation {fields['operation']}" if case.operation else ""
        assert details["Category"] == case.category + operation, case.reference
        assert f"Outcome: {fields['outcome'].capitalize()}" in text, case.reference
    action_rows = table_rows(
        table_after_heading(
            document, next(h for h in headings(document, 2) if urgent.reference in h)
        )
    )
    assert action_rows  # the case's details table
    for made in raised:
        assert made.reference in text and made.text in text
    assert "deputy for Rebecca Moore" in text
    assert "Summer fair planning" in text
