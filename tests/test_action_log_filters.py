"""The action log's filter lists are stand-ins until used (issue 13 item 10: one widget each,
not six, on the first screen); Tab, a click and each list's key still reach every one, as a
real list holding its choices and the filter in force."""

from __future__ import annotations

import asyncio

from test_continuity_screens import APRIL, ScreenHost, log_ready, reloaded
from textual.widgets import DataTable, Select

from spp_tui.db.database import Database
from spp_tui.db.services import actions
from spp_tui.screens.action_log import ActionLogScreen
from spp_tui.widgets.filter_select import SelectStandIn


async def test_tab_and_click_reach_each_filter_list(demo_db: Database) -> None:
    app = ScreenHost(demo_db, lambda: ActionLogScreen(status="live", today=APRIL))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await log_ready(pilot)
        assert len(screen.query(SelectStandIn)) == 6 and not screen.query(Select)
        assert "Live (" in str(screen.query_one("#filter-status").render())

        # Tab from the search field: the status list, real, focused, the filter in force.
        await pilot.press("slash", "tab")
        await pilot.pause()
        status = screen.query_one("#filter-status", Select)
        assert screen.focused is status and status.value == "live"
        await pilot.press("enter")
        assert status.expanded

        # A click on a stand-in opens its list, with every choice.
        await pilot.press("escape")
        await pilot.click("#filter-agency")
        await pilot.pause()
        agency = screen.query_one("#filter-agency", Select)
        assert agency.expanded and screen.focused is not None
        assert len(agency._options) == len(screen.options.agencies) + 1  # and "Any agency"

        # x clears a real list and a stand-in alike.
        screen.query_one(DataTable).focus()
        await pilot.press("x")
        await reloaded(pilot, screen)
        assert status.value is Select.NULL and screen.filt.status is None
        assert screen.page.total == actions.count_actions(demo_db)


async def test_two_requests_for_one_list_put_it_in_place_once(demo_db: Database) -> None:
    """A key and a click (or Tab) on the same list arrive together: one list, no clash of
    ids (the second found the stand-in half removed)."""
    app = ScreenHost(demo_db, lambda: ActionLogScreen(today=APRIL))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await log_ready(pilot)
        first, second = await asyncio.gather(
            screen.filter_select("filter-owner"), screen.filter_select("filter-owner")
        )
        await pilot.pause()
        assert first is second and len(screen.query("#filter-owner")) == 1
