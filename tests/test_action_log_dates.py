"""The action log screen's date filters (issue 17): due before and raised since, typed as
2023-03-01 or 01/03/2023 (as every date box of the app takes them), the same service filter
``export actions`` uses; half-typed dates wait."""

from __future__ import annotations

import datetime as dt

from test_continuity_screens import APRIL, ScreenHost, log_ready, refs, reloaded, shown_refs
from textual.widgets import Input

from spp_tui.db.database import Database
from spp_tui.db.services.actions import ActionFilter
from spp_tui.screens.action_log import ActionLogScreen


async def test_due_before_and_raised_since(demo_db: Database) -> None:
    app = ScreenHost(demo_db, lambda: ActionLogScreen(today=APRIL))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await log_ready(pilot)
        everything = shown_refs(screen)
        due = screen.query_one("#filter-due-before", Input)
        due.value = "2023-03"  # not a date yet: nothing changes
        await pilot.pause()
        assert screen.filt.due_before is None and shown_refs(screen) == everything
        due.value = "2023-03-01"
        await reloaded(pilot, screen)
        before = refs(demo_db, ActionFilter(due_before=dt.date(2023, 3, 1)))
        assert shown_refs(screen) == before and 0 < len(before) < len(everything)
        screen.query_one("#filter-since", Input).value = "2023-02-07"
        await reloaded(pilot, screen)
        both = ActionFilter(due_before=dt.date(2023, 3, 1), raised_since=dt.date(2023, 2, 7))
        assert shown_refs(screen) == refs(demo_db, both)
        title = str(screen.query_one("#log-title").render())
        assert "due before 2023-03-01" in title and "raised since 2023-02-07" in title
        screen.action_clear_filters()
        await reloaded(pilot, screen)
        assert shown_refs(screen) == everything
        assert screen.query_one("#filter-since", Input).value == ""


async def test_dates_typed_day_first_and_half_typed_ones_wait(demo_db: Database) -> None:
    app = ScreenHost(demo_db, lambda: ActionLogScreen(today=APRIL))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await log_ready(pilot)
        everything = shown_refs(screen)
        due = screen.query_one("#filter-due-before", Input)
        for half in ("01/03", "01/03/20", "01/03/202"):  # not 2020, not yet a date
            due.value = half
            await pilot.pause()
            assert screen.filt.due_before is None and shown_refs(screen) == everything, half
        due.value = "01/03/2023"
        await reloaded(pilot, screen)
        assert screen.filt.due_before == dt.date(2023, 3, 1)
        assert shown_refs(screen) == refs(demo_db, ActionFilter(due_before=dt.date(2023, 3, 1)))
