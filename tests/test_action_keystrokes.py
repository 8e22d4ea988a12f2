"""The keystroke count of an action (issue 13 item 7, "must show"): from the case in hand,
an action with its owner and due date takes its text + the owner's letters + the due date +
at most 3 keys (F2, Tab from the text, Enter): a digit or "+" typed after the owner's letters
takes the highlighted match and starts the due date. Counted from the keys pressed, checked
in the database."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from test_case_panel import MEETING_DAY, PanelHost, april, focus, item_of

from spp_tui.db.database import Database
from spp_tui.db.services import actions, directory


@pytest.fixture
def frozen():
    with time_machine.travel(MEETING_DAY, tick=False):
        yield


@pytest.mark.parametrize(
    ("text", "owner_letters", "due", "due_on"),
    [
        ("Visit the flats with the housing officer", "dalton", "30/4", dt.date(2023, 4, 30)),
        ("Fence the alley", "dalt", "+2w", dt.date(2023, 4, 18)),
    ],
)
async def test_an_action_takes_typing_plus_three_keys(
    demo_db: Database, frozen, text, owner_letters, due, due_on
) -> None:
    meeting = april(demo_db)
    owner = directory.search_people(demo_db, owner_letters)[0]
    app = PanelHost(demo_db, meeting.id, item_of(demo_db, meeting.id, "case reviews"))
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, "#case-summary")
        case = app.panel.case
        before = {
            r.id for r in actions.list_actions(demo_db, actions.ActionFilter(case_id=case.id))
        }
        presses = ["f2", *text, "tab", *owner_letters, *due, "enter"]
        for key in presses:  # one at a time, as typed
            await pilot.press(key)
        await pilot.pause()
        await pilot.pause()
        rows = actions.list_actions(demo_db, actions.ActionFilter(case_id=case.id))
    extra = len(presses) - len(text) - len(owner_letters) - len(due)
    assert extra <= 3
    new = [r for r in rows if r.id not in before]
    assert len(new) == 1
    made = actions.get_action(demo_db, new[0].id)
    assert (made.text, made.owner_id, made.owner_agency_id, made.due_on) == (
        text,
        owner.id,
        owner.agency_id,
        due_on,
    )
    assert made.meeting_id == meeting.id
