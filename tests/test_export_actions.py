"""The action log export: whole, per agency, open or all; read back and checked against the
database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from export_reading import headers_and_footers, open_docx, part_text, row_has, table_rows
from sqlmodel import col, select

from spp_tui.cli import cli
from spp_tui.db.models import LIVE_ACTION_STATUSES, Action, Agency
from spp_tui.db.services import audit_log
from spp_tui.errors import ExportError, NotFoundError
from spp_tui.exports.actions import export_actions

APRIL_FIRST = dt.datetime(2023, 4, 1, 9, tzinfo=dt.UTC)


HEADER = [
    "Ref", "Action", "Owner", "Agency", "Raised", "Due", "Status", "Overdue", "Latest update"
]  # fmt: skip


def _grouped(path: Path) -> dict[str, list[list[str]]]:
    """The log's rows under each case (group row text: "PSG-2023-004: title")."""
    document = open_docx(path)
    rows = table_rows(document.tables[0])
    assert rows[0] == HEADER
    groups: dict[str, list[list[str]]] = {}
    current = None
    for row in rows[1:]:
        if len(row) == 1:
            current = row[0]
            groups[current] = []
        else:
            assert current is not None, "every action is under a case or general heading"
            groups[current].append(row)
    return groups


def _rows(path: Path) -> list[list[str]]:
    return [row for rows in _grouped(path).values() for row in rows]


def _status(value: str) -> str:
    return value[:1].upper() + value[1:]


def _actions(demo_db, live_only: bool, agency_id: int | None = None) -> dict[str, Action]:
    query = select(Action)
    if live_only:
        query = query.where(col(Action.status).in_(LIVE_ACTION_STATUSES))
    if agency_id is not None:
        query = query.where(Action.owner_agency_id == agency_id)
    with demo_db.read() as s:
        return {a.reference: a for a in s.exec(query)}


@time_machine.travel(APRIL_FIRST, tick=False)
def test_open_action_log_matches_the_database(demo_db, tmp_path: Path):
    path = export_actions(demo_db)
    assert path.name == "action-log-open-2023-04-01.docx"
    rows = _rows(path)
    expected = _actions(demo_db, live_only=True)
    assert sorted(r[0] for r in rows) == sorted(expected)
    today = dt.date(2023, 4, 1)
    for ref, text, _owner, _agency, _raised, _due, status, overdue, _latest in rows:
        action = expected[ref]
        assert text == action.text and status == _status(action.status)
        late = (today - action.due_on).days if action.due_on and action.due_on < today else 0
        assert overdue == (f"{late} day{'s' if late != 1 else ''}" if late else ""), ref
    assert any(r[7] for r in rows) and any(not r[7] for r in rows)


def test_all_actions(demo_db, tmp_path: Path):
    rows = _rows(export_actions(demo_db, tmp_path / "all.docx", status="all"))
    assert sorted(r[0] for r in rows) == sorted(_actions(demo_db, live_only=False))
    assert {r[6] for r in rows} > {_status(s) for s in LIVE_ACTION_STATUSES}  # finished too


@time_machine.travel(APRIL_FIRST, tick=False)
def test_agency_extract_by_cli(demo_db, demo_db_path: Path, tmp_path: Path):
    with demo_db.read() as s:
        ckh = s.exec(select(Agency).where(Agency.short_name == "CKH")).one()
    result = CliRunner().invoke(
        cli,
        ["--db", str(demo_db_path), "export", "actions", "--agency", "cross keys", "--out",
         str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = tmp_path / "action-log-CKH-open-2023-04-01.docx"
    assert f"action log written: {path}" in result.output
    rows = _rows(path)
    expected = _actions(demo_db, live_only=True, agency_id=ckh.id)
    assert expected, "the demo gives Cross Keys Homes some live actions"
    assert sorted(r[0] for r in rows) == sorted(expected)
    assert {r[3] for r in rows} == {"CKH"}
    document = open_docx(path)
    assert "owned by cross keys homes" in document.paragraphs[1].text.lower()


def test_layout_landscape_marked_header_repeats(demo_db, tmp_path: Path):
    document = open_docx(export_actions(demo_db, tmp_path / "log.docx"))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    for label, part in headers_and_footers(document):
        assert "OFFICIAL-SENSITIVE" in part_text(part), label
    rows = document.tables[0]._tbl.tr_lst
    assert row_has(rows[0], "w:tblHeader")
    assert "ACTION LOG" not in part_text(section.footer)  # not "Action log | ACTION LOG"
    assert "Action log as at" in part_text(section.footer)
    assert all(row_has(tr, "w:cantSplit") for tr in rows)


def test_errors(demo_db, demo_db_path: Path, tmp_path: Path):
    with pytest.raises(ExportError, match="status must be open or all"):
        export_actions(demo_db, tmp_path, status="late")
    with pytest.raises(NotFoundError):
        export_actions(demo_db, tmp_path, agency_id=9999)
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db_path), "export", "actions", "--agency", "nobody at all"]
    )
    assert result.exit_code == 2
    assert result.output == (
        "spp-tui: error: no single agency matches 'nobody at all'; give its name or short name.\n"
    )


def test_export_audited(demo_db, tmp_path: Path):
    path = export_actions(demo_db, tmp_path / "log.docx")
    entries = [e for e in audit_log.audit_entries(demo_db, "action") if e.operation == "export"]
    assert len(entries) == 1 and str(path) in entries[0].summary
