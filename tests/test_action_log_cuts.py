"""The action log cut to the question (issue 17): owner, case, meeting, operation, overdue,
due before, raised since; grouped by case with each action's latest update. Every cut is
checked against a query of its own over the database, through the CLI a secretariat uses."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from export_reading import all_text, open_docx, table_rows
from sqlmodel import select

from spp_tui.cli import cli
from spp_tui.db.models import LIVE_ACTION_STATUSES, Action, ActionUpdate, Case, Meeting, Person
from spp_tui.db.services.action_log import action_log
from spp_tui.db.services.actions import ActionFilter

APRIL_FIRST = dt.datetime(2023, 4, 1, 9, tzinfo=dt.UTC)
TODAY = dt.date(2023, 4, 1)


def _export(db_path: Path, out: Path, *args: str) -> dict[str, list[list[str]]]:
    result = CliRunner().invoke(
        cli,
        ["--db", str(db_path), "export", "actions", "--status", "all", *args, "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    groups: dict[str, list[list[str]]] = {}
    current = ""
    for row in table_rows(open_docx(out).tables[0])[1:] if _has_table(out) else []:
        if len(row) == 1:
            current = row[0]
            groups[current] = []
        else:
            groups[current].append(row)
    return groups


def _has_table(path: Path) -> bool:
    return bool(open_docx(path).tables)


def _refs(groups: dict[str, list[list[str]]]) -> set[str]:
    return {row[0] for rows in groups.values() for row in rows}


def _all(demo_db) -> list[tuple[Action, Case | None, Meeting | None, Person | None]]:
    with demo_db.read() as s:
        actions = s.exec(select(Action)).all()
        cases = {c.id: c for c in s.exec(select(Case))}
        meetings = {m.id: m for m in s.exec(select(Meeting))}
        people = {p.id: p for p in s.exec(select(Person))}
    return [
        (a, cases.get(a.case_id), meetings.get(a.meeting_id), people.get(a.owner_id))
        for a in actions
    ]


@time_machine.travel(APRIL_FIRST, tick=False)
def test_each_cut_matches_its_own_count(demo_db, demo_db_path: Path, tmp_path: Path):
    rows = _all(demo_db)
    owner = next(p for a, _, _, p in rows if p is not None)
    case = next(c for a, c, _, _ in rows if c is not None and c.operation)
    meeting = next(m for a, _, m, _ in rows if m is not None)
    cuts = {
        ("--owner", owner.name): lambda a, c, m, p: p is not None and p.id == owner.id,
        ("--case", case.reference.lower()): lambda a, c, m, p: c is not None and c.id == case.id,
        ("--meeting", str(meeting.date)): lambda a, c, m, p: m is not None and m.id == meeting.id,
        ("--operation", case.operation.upper()): lambda a, c, m, p: (
            c is not None and c.operation == case.operation
        ),
        ("--due-before", "2023-03-01"): lambda a, c, m, p: (
            a.due_on is not None and a.due_on < dt.date(2023, 3, 1)
        ),
        ("--since", "2023-02-07"): lambda a, c, m, p: (
            m is not None and m.date >= dt.date(2023, 2, 7)
        ),
    }
    for n, (args, keep) in enumerate(cuts.items()):
        expected = {a.reference for a, c, m, p in rows if keep(a, c, m, p)}
        assert expected, args
        got = _refs(_export(demo_db_path, tmp_path / f"{n}.docx", *args))
        assert got == expected, args
    overdue = {
        a.reference
        for a, *_ in rows
        if a.status in LIVE_ACTION_STATUSES and a.due_on and a.due_on < TODAY
    }
    got = _refs(_export(demo_db_path, tmp_path / "late.docx", "--overdue"))
    assert overdue and got == overdue
    assert "Overdue actions" in open_docx(tmp_path / "late.docx").paragraphs[1].text


@time_machine.travel(APRIL_FIRST, tick=False)
def test_grouped_by_case_with_the_latest_update(demo_db, demo_db_path: Path, tmp_path: Path):
    groups = _export(demo_db_path, tmp_path / "all.docx")
    rows = _all(demo_db)
    case_of = {a.reference: c for a, c, _, _ in rows}
    for heading, members in groups.items():
        for row in members:
            case = case_of[row[0]]
            assert heading == (
                f"{case.reference}: {case.title}" if case else "General actions (no case)"
            )
    assert list(groups)[0] == "General actions (no case)"  # general first, then by reference
    refs = [h.split(":")[0] for h in list(groups)[1:]]
    assert refs == sorted(refs) and len(refs) == len(set(refs))
    with demo_db.read() as s:
        updates = s.exec(select(ActionUpdate).order_by(ActionUpdate.made_on, ActionUpdate.id))
        latest = {u.action_id: u for u in updates}
    id_of = {a.reference: a.id for a, *_ in rows}
    cells = {row[0]: row[8] for members in groups.values() for row in members}
    updated = [ref for ref in cells if id_of[ref] in latest]
    assert updated and any(cells[r] == "none yet" for r in cells if id_of[r] not in latest)
    for ref in updated:
        update = latest[id_of[ref]]
        day = update.made_on
        assert cells[ref].startswith(f"{day.day} {day:%b} {day.year}: "), ref
        assert update.note in cells[ref]


def test_the_screen_and_the_export_share_one_filter(demo_db):
    """The filters live in the service (the action log screen reads the same)."""
    everything = action_log(demo_db, ActionFilter()).rows
    since = action_log(demo_db, ActionFilter(raised_since=dt.date(2023, 3, 1))).rows
    before = action_log(demo_db, ActionFilter(due_before=dt.date(2023, 3, 1))).rows
    assert 0 < len(since) < len(everything) and 0 < len(before) < len(everything)


@pytest.mark.parametrize("option", ["--due-before", "--since"])
def test_a_bad_date_is_one_line(demo_db_path: Path, tmp_path: Path, option: str):
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db_path), "export", "actions", option, "31/02/2023"]
    )
    assert result.exit_code == 2
    assert result.output == (
        f"spp-tui: error: {option} '31/02/2023' is not a date: February 2023 has no day 31.\n"
    )
    assert not list(tmp_path.glob("*.docx"))


def test_unknown_owner_and_operation(demo_db_path: Path):
    for args, words in (
        (["--owner", "Nobody Atall"], "no single person matches 'Nobody Atall'"),
        (["--operation", "Nimrod"], "no case is linked to an operation 'Nimrod'"),
    ):
        result = CliRunner().invoke(cli, ["--db", str(demo_db_path), "export", "actions", *args])
        assert result.exit_code == 2 and words in result.output


def test_dates_are_taken_day_first_as_typed_in_the_uk(demo_db_path: Path, tmp_path: Path):
    """30/04/2023 on the command line means what it means in the app's date boxes."""
    written = []
    for typed in ("2023-04-30", "30/04/2023"):
        out = tmp_path / f"{typed.replace('/', '-')}.docx"
        result = CliRunner().invoke(
            cli,
            ["--db", str(demo_db_path), "export", "actions", "--due-before", typed,
             "--out", str(out)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        written.append(set(re.findall(r"A-\d{4}-\d{3,4}", all_text(open_docx(out)))))
    assert written[0] and written[0] == written[1]
