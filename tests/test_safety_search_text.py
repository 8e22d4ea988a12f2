"""Search finds text as stored (issue 12 item 2): an é typed as e + combining accent (a Mac
keyboard, a paste) finds the stored é, in the palette and every list's search box, and the
user's own ``%`` and ``_`` are letters, not wildcards."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from app_pilot import home_ready, settle, type_text

from spp_tui.app import create_app
from spp_tui.db.database import Database
from spp_tui.db.services import actions, cases, directory, search
from spp_tui.db.services.actions import ActionFilter
from spp_tui.db.services.cases import CaseFilter

#: "Café" as a Mac keyboard types it: e then U+0301.
DECOMPOSED = "Cafe\u0301 Nero"


def _seed(db: Database) -> int:
    case = cases.list_cases(db)[0]
    cases.update_case(db, case.id, title="Café Nero steps")
    owner = directory.list_people(db)[0].id
    actions.create_action(
        db, "Meet Café Nero manager; 100% of bins_emptied", owner, dt.date(2023, 5, 2)
    )
    directory.add_person(db, "Renée Café", None, "")
    return case.id


def test_a_decomposed_accent_finds_the_stored_one_in_every_search(demo_db: Database) -> None:
    assert unicodedata.normalize("NFC", DECOMPOSED) != DECOMPOSED  # really decomposed
    case_id = _seed(demo_db)
    assert [c.id for c in cases.list_cases(demo_db, CaseFilter(text=DECOMPOSED))] == [case_id]
    found = actions.list_actions(demo_db, ActionFilter(text=DECOMPOSED))
    assert [a.text for a in found] == ["Meet Café Nero manager; 100% of bins_emptied"]
    assert [p.name for p in directory.search_people(demo_db, "Rene\u0301e")] == ["Renée Café"]
    kinds = {hit.kind for hit in search.search(demo_db, DECOMPOSED)}
    assert {"case", "action"} <= kinds


def test_percent_and_underscore_are_letters_in_a_search(demo_db: Database) -> None:
    _seed(demo_db)
    assert len(actions.list_actions(demo_db, ActionFilter(text="100%"))) == 1
    assert actions.list_actions(demo_db, ActionFilter(text="10_%")) == []
    assert cases.list_cases(demo_db, CaseFilter(text="%")) == []
    assert directory.search_people(demo_db, "_") == []


async def test_the_palette_finds_a_case_typed_with_a_decomposed_accent(
    demo_db: Database, demo_db_path: Path
) -> None:
    from textual.command import CommandInput, CommandList, CommandPalette

    _seed(demo_db)
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_text(pilot, "cafe")
        # The accent as a separate combining character (a Mac keyboard, a paste).
        field = app.screen.query_one(CommandInput)
        field.insert_text_at_cursor("\u0301 ne")
        commands = app.screen.query_one(CommandList)
        await settle(
            pilot, lambda: any("Café Nero steps" in str(o.prompt) for o in commands.options)
        )
        hit = next(o for o in commands.options if "Café Nero steps" in str(o.prompt))
        assert "Case" in str(hit.prompt)
