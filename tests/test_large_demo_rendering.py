"""Every export of the large demo as LibreOffice lays it out (issue 17), full and redacted,
the two five-year logs (1,118 pages each) included: each converts, every page is marked and
numbered, no case heading ends a page (its table would start the next), a register's case
heading is kept with its first action, and no reference or agency word is broken across
lines. Page counts and seconds are printed (``pytest -s``); nothing here is timed.

CI time: one LibreOffice process converts every file (its start-up paid once); each file's
seconds are read from the PDFs' modification times, in the order converted. The .docx files
are read once each, while LibreOffice works, and the checks are linear in lines.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from export_reading import all_text, open_docx, paragraph_text

try:
    import resource  # (POSIX: LibreOffice's CPU for the report; not on Windows)
except ImportError:
    resource = None  # type: ignore[assignment]

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
W_P, W_R, W_HYPERLINK = qn("w:p"), qn("w:r"), qn("w:hyperlink")
W_PPR, W_PSTYLE, W_VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
#: A run's children that python-docx's Run.text reads (each element's str() is its text).
RUN_TEXT = tuple(qn(f"w:{tag}") for tag in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))


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
    """Every kind of export, full and redacted (the agency extract stands for the
    agency-filtered log; the five-year log is the register of ``--status all``)."""
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
        "redacted all-actions log, five years": export_actions(
            db, out / "all-r.docx", status="all", redact=True
        ),
        "agency extract": export_actions(db, out / "ckh.docx", agency_id=ckh.id),
        "redacted agency extract": export_actions(
            db, out / "ckh-r.docx", agency_id=ckh.id, redact=True
        ),
        "annual report, five years": export_report(
            db, dt.date(2019, 1, 1), dt.date(2023, 12, 31), out / "report.docx"
        ),
    }


def _render(paths: list[Path], tmp_path: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start one LibreOffice process converting every file to PDF, in order: its start-up
    (about 2 s of wall, 0.8 s of CPU here) is paid once, not once a file. Returns the process
    and when it started (on the clock of the files' modification times)."""
    profile = (tmp_path / "lo-profile").resolve().as_uri()
    started = time.time()
    with (tmp_path / "soffice.log").open("wb") as log:
        process = subprocess.Popen(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path / "pdf"), *map(str, paths)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    return process, started


def _seconds(process: subprocess.Popen[bytes], started: float, paths: list[Path]) -> list[float]:
    """Wait for LibreOffice. A file's seconds run from the previous file's PDF written (its
    modification time) to its own: loading, laying out and writing it; the first file's run
    from the process's start, so they hold LibreOffice's start-up too."""
    code = process.wait(timeout=1200)
    log = (paths[0].parent / "soffice.log").read_text(errors="replace")
    assert code == 0, log
    seconds, previous = [], started
    for path in paths:
        pdf = _pdf(path)
        assert pdf.is_file(), f"LibreOffice did not convert {path.name}: {log}"
        written = pdf.stat().st_mtime
        seconds.append(written - previous)
        previous = written
    return seconds


def _pdf(path: Path) -> Path:
    return path.parent / "pdf" / (path.stem + ".pdf")


def _pages(path: Path) -> list[str]:
    """The text of ``path``'s PDF page by page (pdftotext -layout)."""
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(_pdf(path)), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


class _Read:
    """What the checks need of a .docx, read once while LibreOffice lays the files out (the
    five-year logs hold 22,000 paragraphs and 150,000 runs each; the parsed file is dropped)."""

    def __init__(self, path: Path) -> None:
        document = open_docx(path)
        self.text = all_text(document)
        #: Body paragraphs' text as python-docx's Paragraph.text reads it, that match.
        self.case_headings: list[str] = []
        #: A register's case headings (Heading 2) by reference.
        self.register_headings: dict[str, str] = {}
        for p in document.element.body.iterchildren(W_P):
            text = _python_docx_text(p)
            if CASE_HEADING.match(text):
                self.case_headings.append(text)
            style = p.find(f"{W_PPR}/{W_PSTYLE}")
            if style is not None and style.get(W_VAL) == "Heading2":
                text = paragraph_text(p)
                if REGISTER_HEADING.match(text):
                    self.register_headings[text.split(":")[0]] = text


def _python_docx_text(p) -> str:  # noqa: ANN001 - a <w:p>
    """``Paragraph.text`` of python-docx (its runs and hyperlinks' runs; each run's text,
    tabs, breaks and no-break hyphens as python-docx's elements give them) without its XPath
    query per run, which took 5.6 s of the test's CPU."""
    parts = []
    for child in p.iterchildren(W_R, W_HYPERLINK):
        for run in child.iterchildren(W_R) if child.tag == W_HYPERLINK else (child,):
            parts.extend(str(e) for e in run.iterchildren(*RUN_TEXT))
    return "".join(parts)


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (0 where the platform does not say)."""
    if resource is None:
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def test_every_export_of_the_large_demo_renders(large_demo_db, tmp_path: Path) -> None:
    files = _exports(large_demo_db, tmp_path)
    paths = list(files.values())
    before = _children_cpu()
    process, started = _render(paths, tmp_path)
    try:
        read = {path: _Read(path) for path in paths}  # while LibreOffice works on the other core
        seconds = dict(zip(paths, _seconds(process, started, paths), strict=True))
    finally:
        if process.poll() is None:  # a failed check or a timeout: leave no LibreOffice behind
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signal.SIGKILL)  # its own session: its children too
            else:
                process.kill()
            process.wait()
    cpu = _children_cpu() - before
    report = []
    for name, path in files.items():
        pages, document = _pages(path), read.pop(path)
        report.append(f"{name}: {len(pages)} pages, {seconds[path]:.1f} s")
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
        # on its own page by the first row of the case's table. The heading may wrap: its last
        # occurrence is the last line over 12 characters that begins it (looked up by prefix).
        last_at = {line: at for at, (_, line) in enumerate(lines) if len(line) > 12}
        for heading in document.case_headings:
            drawn_at = [last_at.get(heading[:n], -1) for n in range(13, len(heading) + 1)]
            at = max(drawn_at, default=-1)
            assert at >= 0, (name, heading, "not drawn")
            assert at + 1 < len(lines) and lines[at + 1][0] == lines[at][0], (name, heading)
        _register_headings_kept(name, document.register_headings, lines)
        # Every reference the document holds is drawn whole somewhere (not "PSG-2023-" and
        # "003" on two lines, nor "A-2023-" + "0012").
        drawn = "\n".join(pages)
        missing = set(REFERENCE.findall(document.text)) - set(REFERENCE.findall(drawn))
        assert not missing, (name, sorted(missing)[:5])
        for word in ("Safeguarding", "Overdue", "Apologies"):
            if word in document.text:
                assert word in drawn, (name, word)
    print(
        f"\nLibreOffice, large demo, {len(paths)} files in one process ({sum(seconds.values()):.1f}"
        f" s wall, {cpu:.1f} s of its CPU; each file's seconds from the previous PDF written): "
        + "; ".join(report)
    )


def _register_headings_kept(
    name: str, headings: dict[str, str], lines: list[tuple[int, str]]
) -> None:
    """A register's case headings (Heading 2): where last drawn, the next line (the first
    action) is on the same page. Looked up by reference: the log has 1,500 of them."""
    last: dict[str, int] = {}
    for at, (_, line) in enumerate(lines):
        if REGISTER_HEADING.match(line):
            reference = line.split(":")[0]
            if headings.get(reference, "").startswith(line):
                last[reference] = at
    assert set(last) == set(headings), (name, sorted(set(headings) - set(last))[:5])
    for reference, at in last.items():
        assert at + 1 < len(lines) and lines[at + 1][0] == lines[at][0], (name, reference)
