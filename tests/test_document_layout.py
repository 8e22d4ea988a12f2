"""Layout and words of every document (issue 17): a case heading never parts from its table,
no column narrower than its longest word, the agency key, numbered AOB and action table,
the approval line, plurals, attendance by agency then surname. Read from the document XML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from export_reading import all_text, open_docx, table_after_heading, table_rows

from spp_tui.db.services import meetings
from spp_tui.exports import docx_kit as kit
from spp_tui.exports.actions import export_actions
from spp_tui.exports.agenda import export_agenda_pack
from spp_tui.exports.annual_report import export_report
from spp_tui.exports.minutes import export_minutes, surname_key


def _documents(db, tmp_path: Path) -> dict[str, Path]:
    march = meetings.resolve_meeting(db, "2023-03-07")
    april = meetings.resolve_meeting(db, "next")
    return {
        "minutes": export_minutes(db, march.id, tmp_path / "m.docx"),
        "redacted minutes": export_minutes(db, march.id, tmp_path / "r.docx", redact=True),
        "agenda pack": export_agenda_pack(db, april.id, tmp_path / "a.docx"),
        "action log": export_actions(db, tmp_path / "l.docx", status="all"),
        "report": export_report(db, dt.date(2023, 1, 1), dt.date(2023, 3, 31), tmp_path / "y.docx"),
    }


def _keeps(paragraph) -> bool:  # noqa: ANN001 - a <w:p>
    ppr = paragraph.find(qn("w:pPr"))
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


def _style(paragraph) -> str:  # noqa: ANN001
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


def assert_headings_keep_with_their_tables(path: Path) -> int:
    """Every heading keeps with what follows; a table right after a heading (or a bold
    lead-in) never splits a row, and keeps at least its first row with the next, all of its
    rows when it is a label/value block (a case's details). Returns the headings checked."""
    body = open_docx(path).element.body
    children = list(body.iterchildren())
    checked = 0
    for index, child in enumerate(children[:-1]):
        if child.tag != qn("w:p") or not _style(child).startswith("Heading"):
            continue
        assert _keeps(child), f"{path.name}: heading without keep-with-next"
        # Paragraphs kept with what follows (a lead-in) carry the chain on to the table.
        at = index + 1
        while children[at].tag == qn("w:p") and _keeps(children[at]):
            at += 1
        nxt = children[at]
        if nxt.tag != qn("w:tbl"):
            continue
        checked += 1
        rows = nxt.findall(qn("w:tr"))
        for tr in rows:
            assert tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
        first = rows[0].find(qn("w:tc")).find(qn("w:p"))
        assert len(rows) == 1 or _keeps(first), f"{path.name}: table's first row not kept"
        if rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is None:  # a details block
            for tr in rows[:-1]:
                assert all(_keeps(p) for p in tr.iter(qn("w:p"))), path.name
    return checked


def assert_case_rows_keep_with_their_actions(path: Path) -> None:
    """In a table grouped by case, a case's row (one cell across the table) is never the
    last of the table and keeps with the action below it."""
    for table in open_docx(path).tables:
        rows = table._tbl.tr_lst
        for index, tr in enumerate(rows):
            span = tr.tc_lst[0].tcPr.find(qn("w:gridSpan"))
            if span is None or len(tr.tc_lst) != 1:
                continue
            assert index < len(rows) - 1 and len(rows[index + 1].tc_lst) > 1, path.name
            assert all(_keeps(p) for p in tr.iter(qn("w:p"))), path.name


def assert_no_column_narrower_than_its_longest_word(path: Path) -> None:
    document = open_docx(path)
    for table in document.tables:
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                width = int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))
                text = " ".join(
                    t.text or "" for t in tc.iter(qn("w:t"))
                )  # the cell's words, bold header or not
                longest = max((len(w) for w in text.split()), default=0)
                # 0.55 em per character is the widest a 9 pt word really draws, on average
                assert width >= longest * kit.TABLE_FONT_PT * 20 * 0.55, (path.name, text)


def test_no_case_table_is_split_from_its_heading(demo_db, tmp_path: Path) -> None:
    for name, path in _documents(demo_db, tmp_path).items():
        checked = assert_headings_keep_with_their_tables(path)
        assert checked > 0 or name == "action log", name
        assert_case_rows_keep_with_their_actions(path)
        assert_no_column_narrower_than_its_longest_word(path)


def test_minutes_words(demo_db, tmp_path: Path) -> None:
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    absent = [a for a in meetings.attendance(demo_db, march.id) if a.status == "apologies"]
    assert len(absent) == 2
    meetings.record_attendance(demo_db, march.id, absent[0].person_id, status="present")
    meetings.update_meeting(
        demo_db, march.id, aob_notes="Fire service offered home visits.\nNew CCTV van in May."
    )
    document = open_docx(export_minutes(demo_db, march.id, tmp_path / "m.docx"))
    text = all_text(document)
    assert "present, 1 apology." in text and "1 apologies" not in text
    assert "8.1: Fire service offered home visits." in text
    assert "8.2: New CCTV van in May." in text
    assert "Approved as a correct record." in text and "Chair (Sarah Whitfield)" in text
    rows = table_rows(table_after_heading(document, "1. Welcome"))[1:]
    assert rows == sorted(rows, key=lambda r: (r[0].lower(), surname_key(r[1])))
    dalton = next(i for i, r in enumerate(rows) if r[1] == "Insp. Mark Dalton")
    police = [r[1] for r in rows if r[0] == rows[dalton][0]]
    assert police.index("Insp. Mark Dalton") < police.index("PS Claire Hughes")  # D before H
    key = dict(table_rows(table_after_heading(document, "Agency names used above"))[1:])
    assert key["CKH"] == "Cross Keys Homes"


@pytest.mark.parametrize(
    ("name", "key"),
    [("Insp. Mark Dalton", ("dalton", "mark")), ("Dr Ruth Ellison", ("ellison", "ruth")),
     ("PC Priya Nair", ("nair", "priya")), ("Cher", ("cher", ""))],
)  # fmt: skip
def test_titles_are_ignored_when_sorting(name: str, key: tuple[str, str]) -> None:
    assert surname_key(name) == key


def test_plurals() -> None:
    assert kit.plural(1, "apology", "apologies") == "1 apology"
    assert kit.plural(0, "action") == "0 actions"
    assert kit.plural(2, "case") == "2 cases"


def test_a_long_log_is_written_as_consecutive_tables(demo_db, tmp_path: Path, monkeypatch) -> None:
    """A table longer than TABLE_ROWS becomes several (LibreOffice lays out one long table
    in quadratic time): each with the header row, cut before a case's row, every action
    once and in order. TABLE_ROWS is made small so the small demo's 52 actions need it."""
    whole = open_docx(export_actions(demo_db, tmp_path / "whole.docx", status="all"))
    assert len(whole.tables) == 2  # the log and the agency key
    from spp_tui.exports import table_widths

    monkeypatch.setattr(table_widths, "TABLE_ROWS", 10)
    path = export_actions(demo_db, tmp_path / "cut.docx", status="all")
    cut = open_docx(path)
    parts = cut.tables[:-1]  # the agency key is last
    assert len(parts) >= 4
    header = table_rows(whole.tables[0])[0]
    for table in parts:
        rows = table._tbl.tr_lst
        assert table_rows(table)[0] == header and rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert len(rows) - 1 <= 2 * 10
        assert len(rows[1].tc_lst) == 1  # each part starts with a case's (group) row
    assert [r for t in parts for r in table_rows(t)[1:]] == table_rows(whole.tables[0])[1:]
    assert_case_rows_keep_with_their_actions(path)
    assert_no_column_narrower_than_its_longest_word(path)
