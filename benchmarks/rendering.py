"""Every export of the large demo rendered by LibreOffice (issue 17 item 6): seconds and pages.

``python -m benchmarks --documents`` (or ``--render`` beside the other figures). Each file is
converted to PDF by ``soffice --headless`` in its own process with a private profile, one at a
time and at ``nice 10`` (the machine is shared); the figure is the wall time, the CPU time of
LibreOffice beside it (on a loaded machine the wall time is mostly waiting for a core).
"""

from __future__ import annotations

import datetime as dt
import re
import resource
import shutil
import subprocess
import time
from pathlib import Path

from benchmarks.figures import Figure, typical_meeting

#: LibreOffice must lay out any export of the large demo within this (seconds).
RENDER_TARGET = 60.0
_PAGE = re.compile(rb"/Type\s*/Page[^s]")


def exports(db_path: Path, out_dir: Path) -> dict[str, Path]:
    """Every kind of export of the large demo, written to ``out_dir``."""
    from spp_tui.db.database import open_database
    from spp_tui.db.services import meetings
    from spp_tui.exports.actions import export_actions
    from spp_tui.exports.agenda import export_agenda_pack
    from spp_tui.exports.annual_report import export_report
    from spp_tui.exports.minutes import export_minutes

    db = open_database(str(db_path))
    meeting_id, cases = typical_meeting(db)
    pack = meetings.resolve_meeting(db, "next").id
    files = {
        f"minutes, a typical meeting ({cases} cases)": export_minutes(
            db, meeting_id, out_dir / "minutes.docx"
        ),
        "redacted minutes, the same meeting": export_minutes(
            db, meeting_id, out_dir / "minutes-redacted.docx", redact=True
        ),
        "agenda pack, the next meeting": export_agenda_pack(db, pack, out_dir / "pack.docx"),
        "redacted agenda pack": export_agenda_pack(
            db, pack, out_dir / "pack-redacted.docx", redact=True
        ),
        "action log, open actions": export_actions(db, out_dir / "open.docx"),
        "action log, all 20,000 actions of five years": export_actions(
            db, out_dir / "all.docx", status="all"
        ),
        "redacted action log, all actions": export_actions(
            db, out_dir / "all-redacted.docx", status="all", redact=True
        ),
        "annual report, five years": export_report(
            db, dt.date(2019, 1, 1), dt.date(2023, 12, 31), out_dir / "report.docx"
        ),
    }
    db.dispose()
    return files


def render(path: Path, work: Path) -> tuple[float, float, int]:
    """(wall seconds, LibreOffice's CPU seconds, pages) of converting ``path`` to PDF."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = (work / "lo-profile").resolve().as_uri()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        ["nice", "-n", "10", soffice, f"-env:UserInstallation={profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(work), str(path)],
        check=True, capture_output=True, timeout=1800,
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    pages = len(_PAGE.findall((work / f"{path.stem}.pdf").read_bytes()))
    return wall, cpu, pages


def rendering_figures(db_path: Path, out_dir: Path) -> list[Figure]:
    files = exports(db_path, out_dir)
    render(files[next(iter(files))], out_dir)  # LibreOffice's first start makes its profile
    figures = []
    for name, path in files.items():
        wall, cpu, pages = render(path, out_dir)
        figures.append(
            Figure(
                f"LibreOffice renders the {name}",
                wall,
                "s",
                RENDER_TARGET,
                f"{pages} pages; CPU {cpu:.1f} s (soffice --convert-to pdf, nice 10)",
            )
        )
    return figures
