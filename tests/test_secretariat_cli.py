"""spp-tui check / circulate / distribution, run as a user runs them (a child process)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cli_run import run_cli

from spp_tui.db.database import open_database
from spp_tui.db.services import actions, cases, directory, meetings


def test_check_lists_the_gaps_exits_1_then_0_once_they_are_fixed(demo_db_path: Path) -> None:
    first = run_cli("check", "last", "--db", str(demo_db_path))
    assert first.returncode == 1, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == "PSG 2023-03-07 (id 3, minutes draft): 4 gaps to close"
    assert [line.split()[0] for line in lines[1:]] == ["discussion", "party", "action", "action"]
    assert "has no owner and no due date" in lines[3]

    db = open_database(str(demo_db_path))
    try:
        last = meetings.resolve_meeting(db, "last")
        owner = directory.list_people(db)[0]
        for entry in cases.meeting_cases(db, last.id):
            if entry.discussion.outcome is None:
                cases.update_discussion(db, entry.discussion.id, outcome="monitoring")
            if entry.case.reference == "PSG-2022-003":
                cases.add_party(db, entry.case.id, "Kevin Doyle", "suspect")
        for row in actions.list_actions(db, actions.ActionFilter(meeting_id=last.id)):
            if row.owner_id is None or row.due_on is None:
                actions.update_action(
                    db, row.id, owner_id=row.owner_id or owner.id, due_on=dt.date(2023, 4, 4)
                )
    finally:
        db.dispose()
    again = run_cli("check", "2023-03-07", "--db", str(demo_db_path))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "PSG 2023-03-07 (id 3, minutes draft): ready, nothing missing."


def test_circulate_writes_the_folder_and_warns_about_gaps(demo_db_path, tmp_path) -> None:
    out = tmp_path / "to-send"
    result = run_cli("circulate", "last", "--out", str(out), "--db", str(demo_db_path))
    assert result.returncode == 0, result.stderr
    assert "spp-tui: warning: the minutes are not complete: 4 gaps remain" in result.stderr
    assert "Neighbourhood Watch: redacted minutes + " in result.stdout
    assert result.stdout.splitlines()[-1].startswith("14 agencies; covering list: ")
    assert (out / "covering-list.txt").is_file()
    assert len([p for p in out.iterdir() if p.is_dir()]) == 14
    again = run_cli("circulate", "last", "--out", str(out), "--db", str(demo_db_path))
    assert again.returncode == 2 and "is not empty" in again.stderr
    assert "Traceback" not in again.stderr


def test_distribution_commands(demo_db_path: Path) -> None:
    db_args = ("--db", str(demo_db_path))
    assert run_cli("distribution", "remove", "PSG", "NHW", *db_args).returncode == 0
    added = run_cli("distribution", "add", "PSG", "NHW", "--email", "x@nhw.example.org", *db_args)
    assert added.stdout.strip() == "Neighbourhood Watch added: x@nhw.example.org"
    signed = run_cli("distribution", "isa", "Neighbourhood Watch", "--signed", *db_args)
    assert signed.returncode == 0, signed.stderr
    shown = run_cli("distribution", "show", "PSG", *db_args).stdout
    watch = next(line for line in shown.splitlines() if line.startswith("Neighbourhood Watch"))
    assert watch.split()[-2:] == ["full", "x@nhw.example.org"]
    unknown = run_cli("distribution", "add", "PSG", "Nobody Agency", *db_args)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("spp-tui: error: no single agency matches 'Nobody Agency'")


def test_exporting_minutes_with_gaps_warns_but_writes(demo_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "minutes.docx"
    result = run_cli("export", "minutes", "last", "--out", str(out), "--db", str(demo_db_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("spp-tui: warning: the minutes are not complete: 4 gaps")
    assert out.is_file()
