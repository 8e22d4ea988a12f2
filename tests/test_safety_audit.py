"""The audit trail: every change and export recorded (when, OS user, what, before and after),
and a case's trail exportable as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from cli_run import run_cli

from spp_tui.db.database import Database, open_database
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.db.services._audit import os_user
from spp_tui.db.services.audit_log import (
    audit_csv,
    audit_entries,
    case_audit_entries,
    record_event,
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _case_with_history(db: Database) -> tuple[int, str]:
    """A case with a party added then removed, a discussion and a reviewed action."""
    owner = directory.list_people(db)[0]
    case = cases.create_case(db, "Street drinking, Queensgate", location="Queensgate")
    kept = cases.add_party(db, case.id, "Morwenna Tregothnan", role="resident")
    gone = cases.add_party(db, case.id, "Wrong Name Entered", role="other")
    cases.remove_party(db, gone.id)
    meeting = next(m for m in meetings.list_meetings(db) if m.status == "scheduled")
    item = meetings.agenda(db, meeting.id)[4]
    discussion = cases.add_case_to_meeting(db, meeting.id, case.id, item.id)
    cases.update_discussion(db, discussion.id, summary="Patrols agreed")
    action = actions.create_action(
        db, "Patrol at closing time", owner.id, dt.date(2023, 5, 2), case_id=case.id
    )
    actions.record_action_update(
        db, action.id, "in progress", new_due_on=dt.date(2023, 6, 6), note="Two patrols done"
    )
    assert kept.id
    return case.id, case.reference


def test_every_change_records_when_who_what_before_and_after(demo_db: Database) -> None:
    meeting = next(m for m in meetings.list_meetings(demo_db) if m.status == "scheduled")
    meetings.update_meeting(demo_db, meeting.id, venue="Bayard Place, Room 2")
    entry = audit_entries(demo_db, "meeting", meeting.id, limit=1)[0]
    assert entry.user == os_user() and entry.user
    assert entry.operation == "update"
    assert json.loads(entry.before) == {"venue": meeting.venue}
    assert json.loads(entry.after) == {"venue": "Bayard Place, Room 2"}
    assert abs((dt.datetime.now(dt.UTC) - entry.at.replace(tzinfo=dt.UTC)).total_seconds()) < 60


def test_a_case_trail_holds_its_parties_discussions_actions_and_updates(
    demo_db: Database,
) -> None:
    case_id, _ = _case_with_history(demo_db)
    trail = case_audit_entries(demo_db, case_id)
    seen = {(e.entity, e.operation) for e in trail}
    assert {
        ("case", "create"),
        ("party", "create"),
        ("party", "delete"),  # a removed party stays in the trail
        ("discussion", "create"),
        ("action", "create"),
        ("actionupdate", "create"),
    } <= seen
    assert any(e.entity in ("discussion", "casediscussion") and "Patrols" in e.after for e in trail)
    assert [e.id for e in trail] == sorted(e.id for e in trail)
    # Nothing about other cases, though the demo's cases have long trails of their own.
    assert not any(e.entity == "case" and e.entity_id != case_id for e in trail)
    assert len(case_audit_entries(demo_db, 1)) > 0


def test_audit_command_exports_one_case_to_csv_and_records_the_export(
    demo_db_path: Path, tmp_path: Path
) -> None:
    db = open_database(str(demo_db_path))
    try:
        case_id, reference = _case_with_history(db)
        expected = len(case_audit_entries(db, case_id))
    finally:
        db.dispose()
    out = tmp_path / "trail.csv"
    result = run_cli(
        "audit", "--db", str(demo_db_path), "--case", reference.lower(), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert f"{expected} entries written to {out}" in result.stderr
    table = rows(out.read_text(encoding="utf-8-sig"))
    assert len(table) == expected
    assert {"when_utc", "user", "what", "operation", "before", "after"} <= set(table[0])
    assert any("Morwenna Tregothnan" in r["after"] for r in table)
    db = open_database(str(demo_db_path))
    try:
        last = audit_entries(db, "audit", limit=1)[0]
        assert last.operation == "export"
        assert last.summary == f"audit trail of {reference} exported to {out}"
    finally:
        db.dispose()


def test_audit_command_prints_the_whole_trail_oldest_first(demo_db_path: Path) -> None:
    result = run_cli("audit", "--db", str(demo_db_path))
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert len(table) > 100
    assert table[0]["when_utc"] <= table[-1]["when_utc"]


def test_exports_are_audited(demo_db: Database, tmp_path: Path) -> None:
    from spp_tui.exports.minutes import export_minutes

    out = export_minutes(demo_db, 1, tmp_path / "m.docx")
    entry = audit_entries(demo_db, "meeting", 1, limit=1)[0]
    assert entry.operation == "export" and str(out) in entry.summary


def test_csv_cells_never_run_as_spreadsheet_formulas(demo_db: Database) -> None:
    record_event(demo_db, "note", None, "export", '=HYPERLINK("http://x","click")')
    text = audit_csv(audit_entries(demo_db, "note", limit=1))
    assert rows(text)[0]["summary"] == '\'=HYPERLINK("http://x","click")'


def test_audit_command_bad_input_is_one_line(demo_db_path: Path, tmp_path: Path) -> None:
    unknown = run_cli("audit", "--db", str(demo_db_path), "--case", "PSG-1999-999")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines() == [
        "spp-tui: error: no case has the reference 'PSG-1999-999'."
    ]
    missing = tmp_path / "nowhere" / "a.csv"
    nowhere = run_cli("audit", "--db", str(demo_db_path), "--out", str(missing))
    assert nowhere.returncode == 2
    assert nowhere.stderr.strip().splitlines() == [
        f"spp-tui: error: the folder {missing.parent} does not exist."
    ]
