"""Every export of the large demo as LibreOffice lays it out (issue 17): each converts, every
page is marked, no case heading ends a page (its table would start the next), and no
reference or agency word is broken across lines. Times and page counts are printed
(``pytest -s``) for the README and the benchmark; nothing here is timed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from export_reading import all_text, open_docx

from spp_tui.db.services import meetings
from spp_tui.db.services.directory import find_agency
from spp_tui.exports.actions import export_actions
from spp_tui.exports.agenda import export_agenda_pack
from spp_tui.exports.annual_report import export_report
from spp_tui.exports.minutes import export_minutes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
IN_CI = bool(os.environ.get("CI"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        (SOFFICE is None or PDFTOTEXT is None) and not IN_CI,
        reason="LibreOffice (soffice) and pdftotext are not installed (CI installs them)",
    ),
]

CASE_HEADING = re.compile(r"^\d+\.\d+ PSG-\d{4}-\d{3}: ")
#: A case heading of a long action log written as a register (Heading 2, no number).
REGISTER_HEADING = re.compile(r"^PSG-\d{4}-\d{3}: ")
REFERENCE = re.compile(r"\b(?:PSG-\d{4}-\d{3}|A-\d{4}-\d{4})\b")
FOOTER = re.compile(r"OFFICIAL-SENSITIVE|Page \d+ of \d+")


def _typical_meeting(db) -> int:  # noqa: ANN001
    """The held PSG whose number of cases is nearest 30 (as the benchmark picks it)."""
    from sqlmodel import func, select

    from spp_tui.db.models import CaseDiscussion, Meeting

    with db.read() as s:
        counts = s.exec(
            select(CaseDiscussion.meeting_id, func.count())
            .join(Meeting, Meeting.id == CaseDiscussion.meeting_id)
            .where(Meeting.status == "minutes approved", Meeting.kind == "PSG")
            .group_by(CaseDiscussion.meeting_id)
        ).all()
    return min(counts, key=lambda row: (abs(row[1] - 30), row[0]))[0]


def _exports(db, out: Path) -> dict[str, Path]:  # noqa: ANN001
    """Every kind of export, full and redacted, but one: the five-year log is rendered full
    only. Its redacted copy (the same register, names as placeholders: about 56 s more of
    LibreOffice at load 5, which CI's 15 minutes cannot hold) is rendered by
    ``python -m benchmarks --render``."""
    meeting_id = _typical_meeting(db)
    ckh = find_agency(db, "CKH")
    return {
        "minutes": export_minutes(db, meeting_id, out / "minutes.docx"),
        "redacted minutes": export_minutes(db, meeting_id, out / "redacted.docx", redact=True),
        "agenda pack": export_agenda_pack(
            db, meetings.resolve_meeting(db, "next").id, out / "pack.docx"
        ),
        "redacted agenda pack": export_agenda_pack(
            db, meetings.resolve_meeting(db, "next").id, out / "pack-r.docx", redact=True
        ),
        "open action log": export_actions(db, out / "open.docx"),
        "all-actions log, five years": export_actions(db, out / "all.docx", status="all"),
        "agency extract": export_actions(db, out / "ckh.docx", agency_id=ckh.id),
        "redacted agency extract": export_actions(
            db, out / "ckh-r.docx", agency_id=ckh.id, redact=True
        ),
        "annual report, five years": export_report(
            db, dt.date(2019, 1, 1), dt.date(2023, 12, 31), out / "report.docx"
        ),
    }


def _render(path: Path, tmp_path: Path) -> tuple[list[str], float]:
    """The PDF's text page by page, and the seconds LibreOffice took (one process a file)."""
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").resolve().as_uri()
    started = time.perf_counter()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    took = time.perf_counter() - started
    pdf = out / (path.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {path.name}"
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f"), took


def test_every_export_of_the_large_demo_renders(large_demo_db, tmp_path: Path) -> None:
    report = []
    for name, path in _exports(large_demo_db, tmp_path).items():
        pages, took = _render(path, tmp_path)
        report.append(f"{name}: {len(pages)} pages, {took:.1f} s")
        assert pages, name
        lines: list[tuple[int, str]] = []  # (page, line) of the body, footers left out
        for number, page in enumerate(pages, start=1):
            assert "OFFICIAL-SENSITIVE" in page, (name, number)
            assert f"Page {number} of {len(pages)}" in page, (name, number)
            lines += [
                (number, " ".join(line.split()))
                for line in page.splitlines()
                if line.strip() and not FOOTER.search(line)
            ]
        # A case heading (its last occurrence: an agenda lists the cases before) is followed
        # on its own page by the first row of the case's table.
        document = open_docx(path)
        for heading in (p.text for p in document.paragraphs if CASE_HEADING.match(p.text)):
            at = max(
                i
                for i, (_, line) in enumerate(lines)
                if len(line) > 12 and heading.startswith(line)
            )
            assert at + 1 < len(lines) and lines[at + 1][0] == lines[at][0], (name, heading)
        _register_headings_kept(name, document, lines)
        # Every reference the document holds is drawn whole somewhere (not "PSG-2023-" and
        # "003" on two lines, nor "A-2023-" + "0012").
        drawn = "\n".join(pages)
        missing = set(REFERENCE.findall(all_text(document))) - set(REFERENCE.findall(drawn))
        assert not missing, (name, sorted(missing)[:5])
        for word in ("Safeguarding", "Overdue", "Apologies"):
            if word in all_text(document):
                assert word in drawn, (name, word)
    print("\nLibreOffice, large demo: " + "; ".join(report))


def _register_headings_kept(name: str, document, lines: list[tuple[int, str]]) -> None:  # noqa: ANN001
    """A register's case headings (Heading 2): where last drawn, the next line (the first
    action) is on the same page. Looked up by reference: the log has 1,500 of them."""
    from docx.oxml.ns import qn

    headings = {}
    for p in document.element.body.iterchildren(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        heading = style is not None and style.get(qn("w:val")) == "Heading2"
        if heading and REGISTER_HEADING.match(text):
            headings[text.split(":")[0]] = text
    last: dict[str, int] = {}
    for at, (_, line) in enumerate(lines):
        if REGISTER_HEADING.match(line):
            reference = line.split(":")[0]
            if headings.get(reference, "").startswith(line):
                last[reference] = at
    assert set(last) == set(headings), (name, sorted(set(headings) - set(last))[:5])
    for reference, at in last.items():
        assert at + 1 < len(lines) and lines[at + 1][0] == lines[at][0], (name, reference)
