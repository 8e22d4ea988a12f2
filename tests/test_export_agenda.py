"""The chair's agenda pack (issue 4, item 7) read back from the .docx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from export_reading import (
    all_text,
    headers_and_footers,
    headings,
    open_docx,
    part_text,
    row_has,
    table_after_heading,
    table_rows,
)
from sqlmodel import col, select

from spp_tui.cli import cli
from spp_tui.db.models import LIVE_ACTION_STATUSES, Action, CaseDiscussion, Meeting
from spp_tui.db.services import actions as action_svc
from spp_tui.db.services import audit_log, meetings
from spp_tui.db.services.cases import meeting_cases, remove_case_from_meeting
from spp_tui.exports.agenda import export_agenda_pack
from spp_tui.exports.docx_kit import short_date


@pytest.fixture
def april(demo_db) -> Meeting:
    return meetings.resolve_meeting(demo_db, "next")


@pytest.fixture
def pack(demo_db, april, tmp_path: Path):
    return open_docx(export_agenda_pack(demo_db, april.id, tmp_path / "pack.docx"))


def _live_actions_of_the_series(demo_db, meeting: Meeting) -> dict[str, Action]:
    """Independently of the services: live actions raised before the meeting at a PSG or an
    extraordinary PSG (the series a PSG reviews), or at no meeting."""
    with demo_db.read() as s:
        rows = s.exec(
            select(Action, Meeting)
            .join(Meeting, col(Meeting.id) == Action.meeting_id, isouter=True)
            .where(col(Action.status).in_(LIVE_ACTION_STATUSES))
        ).all()
    return {
        a.reference: a
        for a, m in rows
        if m is None or (m.kind in ("PSG", "Extraordinary PSG") and m.date < meeting.date)
    }


def _on_the_agenda(demo_db, meeting: Meeting) -> set[int]:
    with demo_db.read() as s:
        return set(
            s.exec(
                select(CaseDiscussion.case_id).where(CaseDiscussion.meeting_id == meeting.id)
            ).all()
        )


def test_pack_lists_the_actions_of_its_cases_and_general_ones(demo_db, april, tmp_path):
    """Not every open action of the series: those of the cases on this agenda, and the
    general ones; the others are counted."""
    assert april.date == dt.date(2023, 4, 4)
    series = _live_actions_of_the_series(demo_db, april)
    # Take one case with live actions off the agenda: its actions leave the pack.
    dropped = next(e for e in meeting_cases(demo_db, april.id) if any(
        a.case_id == e.case.id for a in series.values()
    ))  # fmt: skip
    remove_case_from_meeting(demo_db, dropped.discussion.id)
    pack = open_docx(export_agenda_pack(demo_db, april.id, tmp_path / "pack.docx"))
    cases = _on_the_agenda(demo_db, april)
    expected = {ref: a for ref, a in series.items() if a.case_id is None or a.case_id in cases}
    others = len(series) - len(expected)
    assert len(expected) >= 10 and others > 0
    text = all_text(pack)
    assert f"{others} further live action{'s' if others != 1 else ''} of cases not on" in text
    heading = next(h for h in headings(pack, 1) if "actions carried forward" in h)
    assert heading == "4. Review of the action log: actions carried forward"
    rows = table_rows(table_after_heading(pack, heading))
    assert rows[0] == ["Ref", "Action", "Owner", "Due", "Status", "Overdue"]
    names = {r.reference: r for r in action_svc.list_actions(demo_db)}
    assert sorted(r[0] for r in rows[1:]) == sorted(expected)
    for ref, text, owner, due, status, overdue in rows[1:]:
        action = expected[ref]
        assert text.splitlines()[0] == action.text
        assert status == action.status[:1].upper() + action.status[1:]
        assert due == (short_date(action.due_on) if action.due_on else "NO DUE DATE")
        if action.due_on and action.due_on < april.date:
            days = (april.date - action.due_on).days
            assert overdue == f"{days} day{'s' if days != 1 else ''}", ref
        else:
            assert overdue == "", ref
        assert owner.splitlines()[0] == (names[ref].owner_name or "NO OWNER")
    assert any(r[5] for r in rows[1:]), "the demo has overdue actions at the April meeting"


def test_agenda_with_planned_times(demo_db, april, pack):
    rows = table_rows(table_after_heading(pack, "Agenda"))
    agenda = meetings.agenda(demo_db, april.id)
    assert rows[0] == ["No.", "Item", "Planned time", "Length"]
    assert [r[1].splitlines()[0] for r in rows[1:-1]] == [i.title for i in agenda]
    assert rows[1][2] == "10:00 to 10:05"
    total = sum(i.planned_minutes for i in agenda)
    assert rows[-1] == ["", "Total", "", f"{total} min"]
    end = dt.datetime.combine(april.date, dt.time(10)) + dt.timedelta(minutes=total)
    assert rows[-2][2].endswith(f"to {end:%H:%M}")


def test_cases_with_their_last_risk_and_summary(demo_db, april, pack):
    entries = meeting_cases(demo_db, april.id)
    assert entries
    text = all_text(pack)
    reviewed_before = 0
    for entry in entries:
        heading = next(h for h in headings(pack, 2) if entry.case.reference in h)
        details = dict(table_rows(table_after_heading(pack, heading)))
        with demo_db.read() as s:
            last = s.exec(
                select(CaseDiscussion, Meeting.date)
                .join(Meeting, col(Meeting.id) == CaseDiscussion.meeting_id)
                .where(CaseDiscussion.case_id == entry.case.id, Meeting.date < april.date)
                .order_by(col(Meeting.date).desc())
            ).first()
        assert details["Referred"].startswith("by ")
        if last is None:
            assert details["Last discussed"] == "never: new to the group"
            assert "Referral summary:" in text
            day = entry.case.referred_on
            assert details["Referred"].endswith(f" {day.day} {day:%B} {day.year}")
            continue
        reviewed_before += 1
        discussion, day = last
        assert details["Last discussed"].endswith(f"{day.day} {day:%B} {day.year}")
        expected_risk = discussion.risk.capitalize() if discussion.risk else "not set"
        assert details["Risk last time"] == expected_risk
        if discussion.summary:
            assert discussion.summary in text
    assert reviewed_before >= 3


def test_pack_is_marked_and_its_tables_follow_the_rules(pack):
    for label, part in headers_and_footers(pack):
        assert "OFFICIAL-SENSITIVE" in part_text(part), label
    assert "AGENDA PACK" in part_text(pack.sections[0].footer)
    for table in pack.tables:
        assert all(row_has(tr, "w:cantSplit") for tr in table._tbl.tr_lst)


def test_export_agenda_cli_and_audit(demo_db_path: Path, tmp_path: Path):
    out = tmp_path / "pack.docx"
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db_path), "export", "agenda", "next", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"agenda pack written: {out}" in result.output
    from spp_tui.db.database import open_database

    db = open_database(str(demo_db_path))
    try:
        april = meetings.resolve_meeting(db, "2023-04-04")
        entries = audit_log.audit_entries(db, "meeting", april.id)
    finally:
        db.dispose()
    assert any(e.operation == "export" and "agenda pack" in e.summary for e in entries)


def test_default_name(demo_db, april):
    path = export_agenda_pack(demo_db, april.id)
    assert path.name == "PSG-agenda-2023-04-04.docx"
