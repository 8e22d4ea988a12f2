"""Operation on a case, end to end (issue 13 item 3): picked from the operations vocabulary by
its first letters or typed new, in the case panel and the urgent-case dialog; one spelling
stored; shown on the case screen, found by the palette search and the case list, printed in
the minutes and the agenda pack."""

from __future__ import annotations

import pytest
from app_pilot import settle, workers_done
from export_reading import all_text, open_docx
from test_case_panel import PanelHost, april, item_of, screen_text
from textual.widgets import Static

from spp_tui.db.database import Database
from spp_tui.db.services import cases, search
from spp_tui.errors import ValidationError
from spp_tui.exports.agenda import export_agenda_pack
from spp_tui.exports.minutes import export_minutes
from spp_tui.panels.case_form import CaseForm
from spp_tui.screens.case_screen import case_facts
from spp_tui.widgets.operation_input import OperationInput


def test_one_spelling_per_operation(demo_db: Database) -> None:
    made = cases.create_case(
        demo_db, "Youths on the car park roof", operation=" operation  JETFIRE "
    )
    assert made.operation == "Jetfire"
    assert cases.update_case(demo_db, made.id, operation="electron").operation == "Electron"
    new = cases.update_case(demo_db, made.id, operation="Operation Nimrod")
    assert new.operation == "Nimrod"  # a new one, kept as typed, offered from now on
    assert "Nimrod" in cases.operation_names(demo_db)
    assert cases.update_case(demo_db, made.id, operation="nimrod").operation == "Nimrod"
    assert cases.update_case(demo_db, made.id, operation="  ").operation == ""
    with pytest.raises(ValidationError, match="at most 100"):
        cases.update_case(demo_db, made.id, operation="x" * 101)


def test_search_and_case_list_find_a_case_by_its_operation(demo_db: Database) -> None:
    made = cases.create_case(demo_db, "Bikes stolen from the racks", operation="Beaufighter")
    for typed in ("beaufighter", "Operation Beaufighter", "beaufi"):
        hit = next(h for h in search.search(demo_db, typed, limit=50) if h.id == made.id)
        assert "Operation Beaufighter" in hit.detail
    found = cases.list_cases(demo_db, cases.CaseFilter(text="beaufighter"))
    assert made.id in {c.id for c in found}
    assert all(c.operation == "Beaufighter" for c in found)


async def test_operation_typed_in_the_case_panel_is_stored_shown_and_printed(
    demo_db: Database, tmp_path
) -> None:
    meeting = april(demo_db)
    item = item_of(demo_db, meeting.id, "case reviews")
    app = PanelHost(demo_db, meeting.id, item)
    async with app.run_test(size=(160, 48)) as pilot:
        panel = app.panel
        await settle(pilot, lambda: panel.case is not None)
        case_id = panel.case.id
        field = app.query_one("#case-operation", OperationInput)
        assert field.value == cases.get_case(demo_db, case_id).operation  # screen = store
        field.focus()
        await pilot.pause()
        await pilot.press("ctrl+u")
        await pilot.pause()
        if not field.value:
            assert "not set" in screen_text(app)  # empty reads as the minutes read it
        await pilot.press("g", "u")
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert "Operation guardian" in screen_text(app)  # the completion shown after "gu"
        app.query_one(CaseForm).flush()  # another field's save, as the chair types here
        assert cases.get_case(demo_db, case_id).operation != "gu"  # never half a name
        await pilot.press("enter")  # ...and Enter takes it
        await pilot.pause()
        await pilot.pause()
        assert cases.get_case(demo_db, case_id).operation == "Guardian"
        assert field.value == "Guardian"
        assert "Op Guardian" in str(app.query_one("#case-header", Static).render())
    case = cases.get_case(demo_db, case_id)
    from spp_tui.db.services.case_timeline import case_timeline

    assert "Operation Guardian" in case_facts(case_timeline(demo_db, case_id)).plain
    for path in (
        export_minutes(demo_db, meeting.id, tmp_path / "minutes.docx"),
        export_agenda_pack(demo_db, meeting.id, tmp_path / "pack.docx"),
    ):
        text = all_text(open_docx(path))
        assert f"{case.category}; Operation Guardian" in text, path.name


def test_the_case_screen_says_when_no_operation_is_set(demo_db: Database) -> None:
    from spp_tui.db.services.case_timeline import case_timeline

    made = cases.create_case(demo_db, "Fly-tipping in the alley")
    assert "Operation not set" in case_facts(case_timeline(demo_db, made.id)).plain
