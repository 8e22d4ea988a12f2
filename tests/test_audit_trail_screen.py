"""A case's audit trail, viewed on the case screen and exported to CSV from there."""

from __future__ import annotations

import csv

from app_pilot import settle
from test_continuity_screens import ScreenHost
from textual.widgets import DataTable

from spp_tui.db.database import Database
from spp_tui.db.services import audit_log, cases
from spp_tui.dialogs.audit_trail import AuditTrailScreen
from spp_tui.paths import documents_export_dir
from spp_tui.screens.case_screen import CaseScreen


async def test_case_audit_trail_is_shown_and_exported(demo_db: Database) -> None:
    case = next(c for c in cases.list_cases(demo_db) if c.reference == "PSG-2022-001")
    cases.update_case(demo_db, case.id, ward="Millfield and New England")
    expected = audit_log.case_audit_entries(demo_db, case.id)
    app = ScreenHost(demo_db, lambda: CaseScreen(case.id))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, lambda: app.screen.timeline is not None)
        await pilot.press("t")
        await settle(pilot, lambda: isinstance(app.screen, AuditTrailScreen))
        table = app.screen.query_one(DataTable)
        await settle(pilot, lambda: table.row_count == len(expected))
        newest = [str(cell) for cell in table.get_row_at(0)]
        assert newest[2] == "case update"
        assert "ward: Central → Millfield and New England" in newest[3]
        await pilot.press("x")
        out = documents_export_dir() / "PSG-2022-001-audit-trail.csv"
        await settle(pilot, lambda: out.exists())
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == len(expected) + 1  # header + one row per entry
    assert any("Millfield and New England" in cell for cell in rows[-1])
    exports = audit_log.audit_entries(demo_db, entity="audit")
    assert exports and "PSG-2022-001" in exports[0].summary
