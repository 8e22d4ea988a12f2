"""The exports as LibreOffice lays them out: converted to PDF, every page marked and numbered.

Runs wherever LibreOffice is installed; CI installs it (``.ci/run``) and sets ``CI``, and
there a missing soffice is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from spp_tui.db.services import cases as case_svc
from spp_tui.db.services import meetings
from spp_tui.exports.actions import export_actions
from spp_tui.exports.agenda import export_agenda_pack
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


def _to_pdf_pages(files: list[Path], tmp_path: Path) -> dict[str, list[str]]:
    """Convert with a private LibreOffice profile (another soffice may be running) and return
    each file's text, page by page."""
    assert SOFFICE and PDFTOTEXT, "CI must install LibreOffice and poppler-utils"
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").resolve().as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pages = {}
    for file in files:
        pdf = out / (file.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {file.name}"
        text = subprocess.run(
            [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages[file.name] = [p for p in text.split("\f") if p.strip()]
    return pages


def test_minutes_pdf_every_page_marked_numbered_and_cases_present(demo_db, tmp_path: Path):
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    full = export_minutes(demo_db, march.id, tmp_path / "minutes.docx")
    redacted = export_minutes(demo_db, march.id, tmp_path / "minutes-redacted.docx", redact=True)
    agenda = export_agenda_pack(demo_db, meetings.resolve_meeting(demo_db, "next").id, tmp_path)
    log = export_actions(demo_db, tmp_path / "log.docx", status="all")
    pages = _to_pdf_pages([full, redacted, agenda, log], tmp_path)

    for name, file_pages in pages.items():
        total = len(file_pages)
        assert total >= 2, f"{name}: expected several pages, got {total}"
        for number, page in enumerate(file_pages, start=1):
            assert page.count("OFFICIAL-SENSITIVE") >= 2, f"{name} page {number}: marking"
            lines = [line.strip() for line in page.strip().splitlines() if line.strip()]
            assert lines[0] == "OFFICIAL-SENSITIVE", f"{name} page {number}: header first"
            assert f"Page {number} of {total}" in page, f"{name} page {number}: page X of Y"

    minutes_text = "\n".join(pages["minutes.docx"])
    assert all("DRAFT" in page for page in pages["minutes.docx"])
    flat = re.sub(r"\s+", " ", minutes_text)
    for entry in case_svc.meeting_cases(demo_db, march.id):
        assert entry.case.reference in flat
    for party in case_svc.parties(
        demo_db, [e.case.id for e in case_svc.meeting_cases(demo_db, march.id)]
    ):
        assert party.name in flat
    redacted_flat = re.sub(r"\s+", " ", "\n".join(pages["minutes-redacted.docx"]))
    assert all("REDACTED" in page for page in pages["minutes-redacted.docx"])
    for party in case_svc.parties(demo_db):
        assert party.name.split()[-1] not in redacted_flat
    assert "[Person 1 (" in redacted_flat
