"""A fitted text column (``widgets.table_fit``) follows its own table's width, whatever changed
it: the screen, a panel, or the table alone. The column was fitted on the screen's resize and
once after the first refresh; on a loaded machine both could come before the table had a width,
and the column stayed fitted to a guess two cells too wide (a flaky case-list snapshot in CI).
Here the table alone is resized, which the screen never hears of: only the table's own
``Sized`` message can refit it."""

from __future__ import annotations

from typing import Any

import pytest
from app_pilot import open_from_home, settle
from test_continuity_review import PanelHost
from textual.pilot import Pilot
from textual.widgets.data_table import ColumnKey

from spp_tui.app import create_app
from spp_tui.db.database import Database
from spp_tui.screens.action_log import ActionLogScreen
from spp_tui.screens.case_list import CaseListScreen
from spp_tui.widgets.lists import DataTable
from spp_tui.widgets.table_fit import SCROLLBAR


def fitted_width(table: DataTable[Any], key: str, minimum: int) -> int:
    """What the column should have: the table's width less the other columns, the cells'
    padding and the scroll bar's room."""
    others = sum(c.get_render_width(table) for k, c in table.columns.items() if k != ColumnKey(key))
    return max(minimum, table.size.width - others - 2 * table.cell_padding - SCROLLBAR)


def width_of(table: DataTable[Any], key: str) -> int:
    return table.columns[ColumnKey(key)].width


async def follows_table(pilot: Pilot, table: DataTable[Any], key: str, minimum: int) -> None:
    """Fitted now, and again after the table alone is made narrower, then wider."""
    assert width_of(table, key) == fitted_width(table, key, minimum)
    before = width_of(table, key)
    for width in (table.size.width - 12, table.size.width - 6):
        table.styles.width = width
        await settle(pilot, lambda w=width: table.size.width == w)
        await settle(pilot, lambda: width_of(table, key) == fitted_width(table, key, minimum))
    table.styles.width = None
    await settle(pilot, lambda: width_of(table, key) == before)


@pytest.mark.parametrize(
    ("key", "screen_type", "column"),
    [("c", CaseListScreen, "title"), ("a", ActionLogScreen, "text")],
    ids=["case_list", "action_log"],
)
async def test_a_screens_fitted_column_follows_its_table(
    demo_db_path, key: str, screen_type: type[Any], column: str
) -> None:
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_from_home(
            pilot, key, screen_type, lambda s: s.table_data is not None and not s.workers
        )
        table = screen.loaded_table
        await follows_table(pilot, table, column, screen.FIT_MINIMUM)
        # The rows were filled again at each width: the row count is the data's.
        assert table.row_count > 0


async def test_the_action_reviews_fitted_column_follows_its_table(demo_db: Database) -> None:
    from spp_tui.panels.action_review import ActionReviewPanel

    app = PanelHost(demo_db, ActionReviewPanel, "action review")
    async with app.run_test(size=(140, 40)) as pilot:
        panel = app.query_one(ActionReviewPanel)
        await settle(pilot, lambda: panel.data is not None and not panel.workers)
        table = panel.query_one(DataTable)
        await follows_table(pilot, table, "text", 20)
