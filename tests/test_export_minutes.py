"""The minutes export read back with python-docx: layout rules, every section, the data."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
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
from spp_tui.db.models import Action, ActionUpdate, Meeting
from spp_tui.db.services import actions as action_svc
from spp_tui.db.services import audit_log, meetings, settings
from spp_tui.db.services.cases import meeting_cases
from spp_tui.exports.docx_kit import DEFAULT_TEMPLATE, short_date
from spp_tui.exports.minutes import export_minutes
from spp_tui.paths import documents_export_dir

MARCH = "2023-03-07"


@pytest.fixture
def march(demo_db) -> Meeting:
    """The demo's last PSG held: minutes in draft, gaps left for the readiness check."""
    return meetings.resolve_meeting(demo_db, MARCH)


@pytest.fixture
def minutes_path(demo_db, march, tmp_path: Path) -> Path:
    return export_minutes(demo_db, march.id, tmp_path / "minutes.docx")


def test_default_file_name_folder_and_permissions(demo_db, march):
    path = export_minutes(demo_db, march.id)
    assert path == documents_export_dir() / "PSG-minutes-2023-03-07.docx"
    assert path.is_file()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    redacted = export_minutes(demo_db, march.id, redact=True)
    assert redacted.name == "PSG-minutes-2023-03-07-redacted.docx"
    assert not list(path.parent.glob(".spp-tui-*")), "temp files left behind"


def test_out_may_be_a_folder(demo_db, march, tmp_path: Path):
    path = export_minutes(demo_db, march.id, tmp_path)
    assert path == tmp_path / "PSG-minutes-2023-03-07.docx"


def test_marking_in_every_header_and_footer_including_first_page(minutes_path: Path):
    document = open_docx(minutes_path)
    parts = list(headers_and_footers(document))
    assert len(parts) == 6 * len(document.sections)
    for label, part in parts:
        paragraphs = [p for p in part.paragraphs if "OFFICIAL-SENSITIVE" in p.text]
        assert paragraphs, f"no marking in the {label}"
        assert paragraphs[0].alignment == 1, f"marking not centred in the {label}"  # CENTER


def test_footer_has_real_page_and_numpages_fields_and_draft(minutes_path: Path):
    document = open_docx(minutes_path)
    for section in document.sections:
        for footer in (section.footer, section.first_page_footer):
            xml = footer._element.xml
            instructions = [
                t.text.strip() for t in footer._element.iter(qn("w:instrText")) if t.text
            ]
            assert instructions == ["PAGE", "NUMPAGES"]
            assert xml.count('w:fldCharType="begin"') == 2
            assert xml.count('w:fldCharType="end"') == 2
            text = part_text(footer)
            assert "Page 1 of 1" in text  # the cached results; Word and LibreOffice update them
            assert "PSG, Tuesday 7 March 2023" in text
            assert "DRAFT" in text and "APPROVED" not in text


def test_approved_meeting_says_approved(demo_db, tmp_path: Path):
    january = meetings.resolve_meeting(demo_db, "2023-01-10")
    assert january.status == "minutes approved"
    document = open_docx(export_minutes(demo_db, january.id, tmp_path / "jan.docx"))
    footer = part_text(document.sections[0].footer)
    assert "APPROVED" in footer and "DRAFT" not in footer


def test_every_table_repeats_its_header_never_splits_rows_and_sizes_every_cell(
    minutes_path: Path,
):
    document = open_docx(minutes_path)
    assert len(document.tables) > 10
    for table in document.tables:
        assert table.style.name == "Table Grid"
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        rows = table._tbl.tr_lst
        for tr in rows:
            assert row_has(tr, "w:cantSplit")
            for tc in tr.tc_lst:
                width = tc.tcPr.find(qn("w:tcW"))
                assert width is not None and int(width.get(qn("w:w"))) > 0
        header_rows = [tr for tr in rows if row_has(tr, "w:tblHeader")]
        # Label/value blocks (title, case details) have no header; data tables have one, first.
        assert header_rows in ([], [rows[0]])
    attendance = table_after_heading(document, "1. Welcome")
    assert row_has(attendance._tbl.tr_lst[0], "w:tblHeader")
    assert table_rows(attendance)[0] == ["Agency", "Name", "Attendance"]


def test_builtin_styles_and_headings_kept_with_next(minutes_path: Path):
    document = open_docx(minutes_path)
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2"} <= styles
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            assert paragraph.paragraph_format.keep_with_next, paragraph.text


def test_sections_follow_the_agenda_with_stable_numbers(demo_db, march, minutes_path: Path):
    document = open_docx(minutes_path)
    agenda = meetings.agenda(demo_db, march.id)
    level1 = headings(document, 1)
    expected = [f"{n}. {item.title}" for n, item in enumerate(agenda, start=1)]
    assert level1[: len(expected)] == expected
    assert (
        level1[len(expected)]
        == f"{len(expected) + 1}. Action log: actions raised or updated at this meeting"
    )
    assert level1[len(expected) + 1] == "Approval"
    numbers = {item.id: n for n, item in enumerate(agenda, start=1)}
    expected_cases = []
    per_item: dict[int, int] = {}
    for entry in meeting_cases(demo_db, march.id):
        item_id = entry.discussion.agenda_item_id
        per_item[item_id] = per_item.get(item_id, 0) + 1
        expected_cases.append(
            f"{numbers[item_id]}.{per_item[item_id]} {entry.case.reference}: {entry.case.title}"
        )
    assert sorted(headings(document, 2)) == sorted(expected_cases)
    assert len(expected_cases) == 9


def test_title_block_attendance_and_standing_items(demo_db, march, minutes_path: Path):
    document = open_docx(minutes_path)
    text = all_text(document)
    block = dict(table_rows(document.tables[0]))
    assert block["Partnership"] == "Safer Peterborough Partnership"
    assert block["Meeting"] == "PSG"
    assert block["Date"] == "Tuesday 7 March 2023"
    assert block["Venue"] == "Sand Martin House, Room 2"
    assert block["Chair"] == "Sarah Whitfield"
    assert block["Minute-taker"] == "Tom Okafor"
    assert block["Marking"] == "OFFICIAL-SENSITIVE"
    assert block["Time"].startswith("10:02 to 12:")

    people = meetings.attendance(demo_db, march.id)
    rows = table_rows(table_after_heading(document, "1. Welcome"))[1:]
    assert sorted(r[1] for r in rows) == sorted(p.name for p in people)
    by_name = {r[1]: r for r in rows}
    for person in people:
        assert by_name[person.name][0] == person.agency_name  # as recorded, not lower-cased
        state = by_name[person.name][2]
        if person.role == "deputy":
            assert state == f"Present (deputy for {person.deputy_for_name})"
        else:
            assert state == person.status.capitalize()
    assert "The chair read the confidentiality" in text
    assert "section 115 of the Crime and" in text
    assert "The minutes of the meeting of Tuesday 7 February 2023 were agreed" in text
    assert "Fire service offered home safety visits" in text  # AOB
    assert "The next PSG will be held on Tuesday 4 April 2023 at 10:00" in text


def test_cases_carry_their_details(demo_db, march, minutes_path: Path):
    document = open_docx(minutes_path)
    text = all_text(document)
    for entry in meeting_cases(demo_db, march.id):
        case, discussion = entry.case, entry.discussion
        heading = next(h for h in headings(document, 2) if case.reference in h)
        details = dict(table_rows(table_after_heading(document, heading)))
        assert case.location in details["Location"]
        assert details["Risk"] == (discussion.risk.capitalize() if discussion.risk else "not set")
        assert (discussion.summary or "No discussion recorded.").split(":")[0] in text
        outcome = discussion.outcome or "not decided"
        assert f"Outcome: {outcome.capitalize()}" in text


def _status(value: str) -> str:
    return value[:1].upper() + value[1:]


def test_action_tables_match_the_database(demo_db, march, minutes_path: Path):
    document = open_docx(minutes_path)
    with demo_db.read() as s:
        raised = {
            a.reference: a for a in s.exec(select(Action).where(Action.meeting_id == march.id))
        }
        updates = s.exec(
            select(ActionUpdate, Action)
            .join(Action, col(Action.id) == ActionUpdate.action_id)
            .where(ActionUpdate.meeting_id == march.id)
        ).all()
    reviewed = {a.reference: u for u, a in updates}
    assert raised and reviewed

    review_rows = table_rows(table_after_heading(document, "4. Review of the action log"))
    assert review_rows[0] == ["Ref", "Action", "Owner", "Outcome", "Note"]
    assert {r[0] for r in review_rows[1:]} == set(reviewed)
    for row in review_rows[1:]:
        update = reviewed[row[0]]
        assert row[3].splitlines()[0] == update.new_status.capitalize()
        assert row[4] == update.note

    log_rows = table_rows(table_after_heading(document, "10. Action log"))
    assert log_rows[0] == ["Ref", "Action", "Owner", "Agency", "Due", "Status"]
    assert {r[0] for r in log_rows[1:]} == set(raised) | set(reviewed)
    owners = {p.id: p.name for p in meetings.attendance(demo_db, march.id)}
    all_rows = {r.reference: r for r in action_svc.list_actions(demo_db)}
    for ref, _text, owner, _agency, due, status in log_rows[1:]:
        row = all_rows[ref]
        assert owner == (row.owner_name or "NO OWNER")
        if ref in reviewed:
            assert status.splitlines()[0] == _status(reviewed[ref].new_status)
        else:
            assert status == _status(raised[ref].status)  # nothing reviewed since the March meeting
            assert due == (short_date(raised[ref].due_on) if raised[ref].due_on else "NO DUE DATE")
    assert owners  # the attendance was read
    # The gaps the demo leaves for the readiness check show plainly.
    assert any(r[2] == "NO OWNER" for r in log_rows[1:])
    assert any(r[4] == "NO DUE DATE" for r in log_rows[1:])


def test_old_minutes_show_actions_as_they_stood_at_that_meeting(demo_db, tmp_path: Path):
    january = meetings.resolve_meeting(demo_db, "2023-01-10")
    document = open_docx(export_minutes(demo_db, january.id, tmp_path / "jan.docx"))
    log_rows = table_rows(table_after_heading(document, "10. Action log"))[1:]
    with demo_db.read() as s:
        raised = s.exec(select(Action).where(Action.meeting_id == january.id)).all()
    assert {r[0] for r in log_rows} == {a.reference for a in raised}
    assert any(a.status != "open" for a in raised)  # reviewed at later meetings...
    assert {r[5] for r in log_rows} == {"Open"}  # ...but open when January raised them


def test_export_is_audited(demo_db, march, minutes_path: Path):
    entries = audit_log.audit_entries(demo_db, "meeting", march.id)
    exports = [e for e in entries if e.operation == "export"]
    assert len(exports) == 1
    assert str(minutes_path) in exports[0].summary


def test_template_is_used_remembered_and_forgotten(demo_db, march, tmp_path: Path):
    from docx import Document
    from docx.shared import Pt

    template = tmp_path / "council.docx"
    custom = Document()
    custom.styles["Heading 1"].font.name = "Georgia"
    custom.styles["Heading 1"].font.size = Pt(20)
    custom.sections[0].header.paragraphs[0].text = "PETERBOROUGH CITY COUNCIL LOGO"
    custom.sections[0].footer.paragraphs[0].text = "Town Hall, Bridge Street"
    custom.add_paragraph("Template boilerplate that must not appear in the minutes")
    custom.save(str(template))

    first = open_docx(export_minutes(demo_db, march.id, tmp_path / "a.docx", template=template))
    assert first.styles["Heading 1"].font.name == "Georgia"
    header = part_text(first.sections[0].header)
    assert "PETERBOROUGH CITY COUNCIL LOGO" in header and "OFFICIAL-SENSITIVE" in header
    footer = part_text(first.sections[0].footer)
    assert "Town Hall" in footer and "OFFICIAL-SENSITIVE" in footer
    assert "boilerplate" not in all_text(first)
    assert settings.get_setting(demo_db, settings.MINUTES_TEMPLATE) == str(template.resolve())

    again = open_docx(export_minutes(demo_db, march.id, tmp_path / "b.docx"))
    assert again.styles["Heading 1"].font.name == "Georgia"  # remembered

    export_minutes(demo_db, march.id, tmp_path / "c.docx", template=Path("default"))
    assert settings.get_setting(demo_db, settings.MINUTES_TEMPLATE) == ""
    plain = open_docx(tmp_path / "c.docx")
    assert plain.styles["Heading 1"].font.name == "Arial"


def test_template_lacking_our_styles_gets_them(demo_db, march, tmp_path: Path):
    from docx import Document

    bare = Document()
    styles = bare.styles.element
    for style in list(styles):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) in ("Table Grid", "Title", "heading 2"):
            styles.remove(style)
    section_properties = bare.sections[0]._sectPr
    for tag in ("w:pgSz", "w:pgMar"):  # no page size or margins either
        for element in section_properties.findall(qn(tag)):
            section_properties.remove(element)
    bare.save(str(tmp_path / "bare.docx"))
    document = open_docx(
        export_minutes(demo_db, march.id, tmp_path / "out.docx", template=tmp_path / "bare.docx")
    )
    assert all(t.style.name == "Table Grid" for t in document.tables)
    assert headings(document, 2)


def test_default_template_is_shipped_with_the_styles():
    from docx import Document

    document = Document(str(DEFAULT_TEMPLATE))
    names = {s.name for s in document.styles}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Table Grid", "Normal"} <= names
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    # It is package data, so an installed copy (a wheel) has it too.
    import fnmatch
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]
    globs = patterns.get("spp_tui.exports", []) + patterns.get("*", [])
    assert any(fnmatch.fnmatch(DEFAULT_TEMPLATE.name, g) for g in globs)
    assert (DEFAULT_TEMPLATE.parent / "__init__.py").is_file()  # inside a package


def test_cli_export_minutes_prints_the_path(demo_db_path: Path, tmp_path: Path):
    out = tmp_path / "m.docx"
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db_path), "export", "minutes", MARCH, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    assert out.is_file()


@pytest.mark.parametrize("spec", ["last", "3", "2023-03-07"])
def test_cli_meeting_forms(demo_db_path: Path, tmp_path: Path, spec: str):
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db_path), "export", "minutes", spec, "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "PSG-minutes-2023-03-07.docx" in result.output


def test_cli_unknown_meeting_is_one_line(demo_db_path: Path):
    result = CliRunner().invoke(cli, ["--db", str(demo_db_path), "export", "minutes", "2020-01-01"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "spp-tui: error: no meeting matches '2020-01-01'."
    ]


def test_exports_run_without_textual(tmp_path: Path):
    """The exports are core: a real export of each kind never loads Textual."""
    import subprocess
    import sys

    code = f"""
import datetime as dt, sys
from pathlib import Path
from spp_tui.db.database import open_database
from spp_tui.db.services import meetings
from spp_tui.exports.minutes import export_minutes
from spp_tui.exports.actions import export_actions
from spp_tui.exports.agenda import export_agenda_pack
import spp_tui.exports.template, spp_tui.commands.export
db = open_database({str(tmp_path / "db.sqlite3")!r})
meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 5, 2))
out = Path({str(tmp_path)!r})
export_minutes(db, meeting.id, out, redact=True)
export_actions(db, out)
export_agenda_pack(db, meeting.id, out)
print(sorted({{m.split(".")[0] for m in sys.modules}}))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "'docx'" in result.stdout  # the exports really ran
    assert "'textual'" not in result.stdout
    assert len(list(tmp_path.glob("*.docx"))) == 3


def test_meeting_without_anything_recorded_still_exports(db, tmp_path: Path):
    meeting = meetings.create_meeting(db, "Extraordinary PSG", dt.date(2023, 5, 2))
    document = open_docx(export_minutes(db, meeting.id, tmp_path / "x.docx"))
    text = all_text(document)
    assert "Attendance was not recorded." in text
    assert "No cases under this item." in text
    assert "No actions were raised or updated." in text
    assert "The date of the next meeting is to be confirmed." in text
