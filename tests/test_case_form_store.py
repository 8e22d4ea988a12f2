"""Screen = store in the case form, and ticks that read without colour (issue 13 items 1, 7, 8):
a risk not chosen at this meeting reads "not set" (the minutes print the same), choosing any
value saves it; interventions are found by typing and ticked ones read ✓."""

from __future__ import annotations

from app_pilot import settle
from test_case_panel import PanelHost, april, item_of, screen_text
from textual.widgets import Select

from spp_tui.db.database import Database
from spp_tui.db.services import cases
from spp_tui.widgets.tick_list import TickList


async def test_risk_not_set_until_chosen_and_ticks_read_as_ticks(demo_db: Database) -> None:
    meeting = april(demo_db)
    item = item_of(demo_db, meeting.id, "case reviews")
    app = PanelHost(demo_db, meeting.id, item)
    async with app.run_test(size=(160, 48)) as pilot:
        panel = app.panel
        await settle(pilot, lambda: panel.case is not None)
        entry = next(
            e for e in cases.meeting_cases(demo_db, meeting.id) if e.case.id == panel.case.id
        )
        assert entry.discussion.risk is None  # nothing chosen at this meeting yet
        risk = app.query_one("#case-risk", Select)
        assert risk.value is Select.NULL
        assert "not set" in screen_text(app)
        assert entry.case.risk  # the case has a risk from before: not shown as this meeting's

        risk.value = entry.case.risk  # choosing the value the case already had saves it
        await pilot.pause()
        await pilot.pause()
        saved = next(
            e for e in cases.meeting_cases(demo_db, meeting.id) if e.case.id == panel.case.id
        )
        assert saved.discussion.risk == entry.case.risk

        # Interventions: type to find, Space ticks, the tick is a ✓ on screen.
        ticks = app.query_one("#case-interventions", TickList)
        ticks.focus()
        await pilot.pause()
        await pilot.press("c", "c")
        await pilot.pause()
        highlighted = ticks.get_option_at_index(ticks.highlighted).value
        assert highlighted.startswith("CCTV")
        await pilot.press("space")
        await pilot.pause()
        assert f"✓ {ticks.labels[highlighted]}" in screen_text(app)
        await pilot.press("c", "r")  # "cr": Criminal Behaviour Order, after "c" alone
        await pilot.pause()
        assert ticks.get_option_at_index(ticks.highlighted).value.startswith("Criminal")
    assert highlighted in cases.get_case(demo_db, panel.case.id).interventions
