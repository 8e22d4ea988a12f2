"""The redaction review screen (issue 14): candidates and replacements listed as plain text;
p marks a party (then redacted), n not a person; a snapshot of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select
from textual.app import App

from spp_tui.db.database import Database, open_database
from spp_tui.db.models import NameReview
from spp_tui.db.services import cases as case_svc
from spp_tui.db.services import meetings
from spp_tui.screens.redaction_review import RedactionReviewScreen

SUMMARY = (
    "Kevin Doyle was seen with Bernadette Quorrell near Towler Street. "
    "Mrs Quigley rang Cross Keys Homes. [b]Not markup[/b]"
)


class Host(App[None]):
    """The smallest app that can show the screen: it only needs ``db``."""

    def __init__(self, db: Database, meeting_id: int) -> None:
        super().__init__()
        self.db = db
        self.meeting_id = meeting_id

    def on_mount(self) -> None:
        self.push_screen(RedactionReviewScreen(self.meeting_id))


def _prepare(db: Database) -> int:
    march = meetings.resolve_meeting(db, "2023-03-07")
    entry = case_svc.meeting_cases(db, march.id)[0]
    case_svc.update_discussion(db, entry.discussion.id, summary=SUMMARY)
    return march.id


async def test_p_marks_a_party_and_n_not_a_person(demo_db_path: Path) -> None:
    db = open_database(str(demo_db_path))
    try:
        meeting_id = _prepare(db)
        app = Host(db, meeting_id)
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RedactionReviewScreen)
            assert screen.candidates == ["Bernadette Quorrell", "Mrs Quigley"]
            await pilot.press("p")
            await pilot.pause()
            assert screen.candidates == ["Mrs Quigley"]
            await pilot.press("n")
            await pilot.pause()
            assert screen.candidates == []
            await pilot.press("p")  # on a replacement: nothing to mark
            await pilot.pause()
        with db.read() as s:
            rows = {r.phrase: r.decision for r in s.exec(select(NameReview))}
        assert rows == {"Bernadette Quorrell": "party", "Mrs Quigley": "not a person"}
    finally:
        db.dispose()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_redaction_review_screen_snapshot(
    snap_compare, demo_db_path: Path, size: tuple[int, int]
) -> None:
    db = open_database(str(demo_db_path))
    try:
        app = Host(db, _prepare(db))
        assert snap_compare(app, terminal_size=size)
    finally:
        db.dispose()
