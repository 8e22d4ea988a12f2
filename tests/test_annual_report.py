"""The annual report (issue 17) read back from Word: every figure equals a count made here,
in SQL of the test's own over the database file, not through the services; charts present.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from export_reading import (
    all_text,
    headers_and_footers,
    open_docx,
    part_text,
    table_after_heading,
    table_rows,
)

from spp_tui.cli import cli

HELD = ("held", "minutes draft", "minutes approved")
FINISHED = ("complete", "not possible", "closed")
C_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _counts(con: sqlite3.Connection, sql: str, *args: object) -> dict[str, int]:
    return {str(k): n for k, n in con.execute(sql, args).fetchall()}


class Independent:
    """The report's figures for [start, end], counted straight from the file."""

    def __init__(self, path: Path, start: dt.date, end: dt.date) -> None:
        con = sqlite3.connect(path)
        a, b = str(start), str(end)
        held = f"SELECT id FROM meeting WHERE date BETWEEN ? AND ? AND status IN {HELD}"
        self.meetings = _counts(
            con, f"SELECT kind, count(*) FROM meeting WHERE id IN ({held}) GROUP BY kind", a, b
        )
        rows = con.execute(
            f"SELECT d.case_id, d.outcome FROM casediscussion d WHERE d.meeting_id IN ({held})",
            (a, b),
        ).fetchall()
        self.discussions = len(rows)
        self.decisions = Counter(outcome or "not decided" for _, outcome in rows)
        discussed = {case_id for case_id, _ in rows}
        agency = dict(con.execute("SELECT id, name FROM agency").fetchall())
        cases = {
            r[0]: r
            for r in con.execute(
                "SELECT id, referred_on, closed_on, closure_reason, referring_agency_id, "
                'interventions, ward FROM "case"'
            ).fetchall()
        }
        referred = [c for c in cases.values() if c[1] and a <= c[1] <= b]
        self.referrals = len(referred)
        self.referrers = Counter(agency.get(c[4], "not recorded") for c in referred)
        closed = [c for c in cases.values() if c[2] and a <= c[2] <= b]
        self.closed = len(closed)
        self.reasons = Counter(c[3].strip() or "not recorded" for c in closed)
        self.interventions = Counter(
            line.strip() for i in discussed for line in cases[i][5].splitlines() if line.strip()
        )
        self.wards = Counter(cases[i][6] for i in discussed if cases[i][6])
        actions = con.execute(
            "SELECT a.owner_agency_id, a.status, a.due_on, a.closed_on, m.date FROM action a "
            f"JOIN meeting m ON m.id = a.meeting_id WHERE a.meeting_id IN ({held})",
            (a, b),
        ).fetchall()
        self.raised = len(actions)
        done = [x for x in actions if x[1] in FINISHED and x[3] and x[3] <= b]
        self.completed = len(done)
        self.on_time = sum(1 for x in done if x[2] and x[3] <= x[2])
        self.overdue = sum(1 for x in actions if x not in done and x[2] and x[2] < b)
        days = [(dt.date.fromisoformat(x[3]) - dt.date.fromisoformat(x[4])).days for x in done]
        self.median = statistics.median(days) if days else None
        self.raised_by = Counter(agency.get(x[0], "no agency") for x in actions)
        self.attendance: dict[str, Counter] = {}
        for agency_id, status in con.execute(
            f"SELECT agency_id, status FROM attendance WHERE meeting_id IN ({held})", (a, b)
        ).fetchall():
            self.attendance.setdefault(agency.get(agency_id, "no agency"), Counter())[status] += 1
        con.close()


def _table(document, heading: str) -> dict[str, list[str]]:
    rows = table_rows(table_after_heading(document, heading))
    return {row[0]: row[1:] for row in rows[1:]}


def _check(document, figures: Independent) -> None:
    meetings = _table(document, "1. Meetings held")
    assert {k: int(v[0]) for k, v in meetings.items()} == figures.meetings
    decisions = _table(document, "2. Case discussions")
    assert {k: int(v[0]) for k, v in decisions.items()} == dict(figures.decisions)
    text = all_text(document)
    assert f"a total of {figures.discussions} case discussion" in text
    referrers = _table(document, "3. New referrals")
    assert {k: int(v[0]) for k, v in referrers.items() if k != "none"} == dict(figures.referrers)
    assert sum(figures.referrers.values()) == figures.referrals
    reasons = _table(document, "4. Cases closed")
    assert {k: int(v[0]) for k, v in reasons.items() if k != "none"} == dict(figures.reasons)
    assert f"{figures.closed} case" in text
    used = _table(document, "5. Interventions used")
    assert {k: int(v[0]) for k, v in used.items() if k != "none"} == dict(figures.interventions)
    wards = _table(document, "Wards with most cases")
    top = dict(sorted(figures.wards.items(), key=lambda kv: (-kv[1], kv[0]))[:10])
    assert {k: int(v[0]) for k, v in wards.items() if k != "none"} == top
    actions = _table(document, "8. Actions")
    total = actions.pop("All agencies")
    assert [int(x) for x in total] == [
        figures.raised, figures.completed, figures.on_time, figures.overdue
    ]  # fmt: skip
    assert {k: int(v[0]) for k, v in actions.items()} == dict(figures.raised_by)
    if figures.median is not None:
        assert f"median time to complete an action was {figures.median:g} days" in text
    attendance = _table(document, "9. Attendance by agency")
    for name, counts in figures.attendance.items():
        assert attendance[name][:3] == [
            str(counts["present"]), str(counts["apologies"]), str(counts["absent"])
        ], name  # fmt: skip
    assert set(attendance) == set(figures.attendance)


def _charts(document) -> list[str]:
    """The titles of the native charts in the document (one chart part each)."""
    body = document.element.body
    titles = [
        dp.get("descr")
        for dp in body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]
    parts = [
        p for p in document.part.package.iter_parts() if p.partname.startswith("/word/charts/")
    ]
    assert len(parts) == len(titles) == len(list(body.iter(f"{C_NS}chart")))
    return titles


def test_report_of_the_small_demo_by_cli(demo_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    result = CliRunner().invoke(
        cli,
        ["--db", str(demo_db_path), "report", "--from", "2023-01-01", "--to", "2023-03-31",
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"report written: {out}" in result.output
    document = open_docx(out)
    figures = Independent(demo_db_path, dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assert figures.discussions > 0 and figures.raised > 0
    _check(document, figures)
    assert "Actions raised and completed on time, by agency" in _charts(document)
    for label, part in headers_and_footers(document):
        assert "OFFICIAL-SENSITIVE" in part_text(part), label
    assert "no earlier data to compare with" in all_text(document)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--from", "2023-02-30", "--to", "2023-03-31"], "--from '2023-02-30' is not a date"),
        (["--from", "2023-01-01", "--to", "soon"], "--to 'soon' is not a date"),
        (["--from", "2023-04-01", "--to", "2023-03-31"], "--from 2023-04-01 is after --to"),
    ],
)
def test_bad_dates_are_one_line(demo_db_path: Path, tmp_path: Path, args, line) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db_path), "report", *args, "--out", str(tmp_path / "r.docx")]
    )
    assert result.exit_code == 2
    assert result.output.startswith(f"spp-tui: error: {line}") and result.output.count("\n") == 1
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.slow
def test_report_of_a_year_of_the_large_demo_compares_with_the_year_before(
    large_demo_db, tmp_path: Path
) -> None:
    from spp_tui.exports.annual_report import export_report

    start, end = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    document = open_docx(export_report(large_demo_db, start, end, tmp_path / "2023.docx"))
    path = Path(large_demo_db.engine.url.database)
    figures = Independent(path, start, end)
    _check(document, figures)
    titles = _charts(document)
    assert len(titles) == 5 and "Attendance by agency" in titles
    before = Independent(path, dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    text = all_text(document)
    assert f"from {before.discussions} the period before" in text  # "up from" / "down from"
    meetings = _table(document, "1. Meetings held")
    assert {k: int(v[1]) for k, v in meetings.items()} == before.meetings
    assert {"Closure Order", "Patrols", "PSPO (gating)"} <= set(figures.interventions)


def test_every_section_is_written_the_same_way(demo_db, tmp_path: Path) -> None:
    """The Word report writes the sections the dashboard draws (report_sections), each the
    same way: heading, narrative kept with the table below it (attendance's too), tables."""
    from docx.oxml.ns import qn

    from spp_tui.db.services.annual_report import report_figures
    from spp_tui.exports.annual_report import export_report
    from spp_tui.exports.report_sections import report_sections

    start, end = dt.date(2023, 1, 1), dt.date(2023, 3, 31)
    document = open_docx(export_report(demo_db, start, end, tmp_path / "r.docx"))
    sections = report_sections(report_figures(demo_db, start, end), None)
    children = list(document.element.body.iterchildren())
    texts = ["".join(t.text or "" for t in c.iter(qn("w:t"))) for c in children]
    for section in sections:
        at = texts.index(f"{section.number}. {section.heading}")
        assert texts[at + 1] == section.narrative
        kept = children[at + 1].find(qn("w:pPr"))
        keeps = kept is not None and kept.find(qn("w:keepNext")) is not None
        assert keeps == bool(section.tables), section.heading
        if section.tables:
            assert children[at + 2].tag == qn("w:tbl"), section.heading
    assert [s.number for s in sections] == list(range(1, 10))
