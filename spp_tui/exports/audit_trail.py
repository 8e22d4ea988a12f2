"""The audit trail as a CSV file, for the CLI (``spp-tui audit``) and the case screen."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from spp_tui.db.database import Database
from spp_tui.db.services.audit_log import (
    audit_csv,
    audit_entries,
    case_audit_entries,
    record_event,
)
from spp_tui.db.services.cases import get_case
from spp_tui.errors import ExportError
from spp_tui.paths import documents_export_dir, make_private_dir, restrict_to_user


def audit_trail_csv(db: Database, case_id: int | None = None) -> tuple[str, int, str]:
    """(CSV text, number of entries, what it is) for one case or the whole database."""
    if case_id is not None:
        entries = case_audit_entries(db, case_id)
        what = f"audit trail of {get_case(db, case_id).reference}"
    else:
        entries = list(reversed(audit_entries(db, limit=None)))
        what = "audit trail"
    return audit_csv(entries), len(entries), what


def export_audit_trail(
    db: Database, out: Path | None = None, *, case_id: int | None = None
) -> tuple[Path, int]:
    """Write the trail to ``out`` (default: the documents folder), atomically, and audit the
    export. Returns the file and how many entries it holds."""
    text, count, what = audit_trail_csv(db, case_id)
    name = what.removeprefix("audit trail of ").replace(" ", "-") if case_id else "all"
    if out is None:
        out = documents_export_dir() / f"{name}-audit-trail.csv"
        try:
            make_private_dir(out.parent)
        except OSError as exc:
            raise ExportError(f"cannot create {out.parent}: {exc.strerror or exc}.") from None
    elif Path(out).expanduser().is_dir():  # a folder, as export takes: the usual name in it
        out = Path(out).expanduser() / f"{name}-audit-trail.csv"
    write_private_text(out, text)
    record_event(db, "audit", case_id, "export", f"{what} exported to {out}")
    return out, count


def write_private_text(out: Path, text: str) -> None:
    """Write ``text`` atomically (temp file + replace) and readable by the user alone."""
    out = out.expanduser()
    if not out.parent.is_dir():
        raise ExportError(f"the folder {out.parent} does not exist.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise ExportError(f"cannot write in {out.parent}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(text)
        restrict_to_user(Path(tmp))
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise ExportError(
                f"cannot write {out}: the disk is full (nothing was written; free some space)."
            ) from None
        raise ExportError(f"cannot write {out}: {exc.strerror or exc} (is it open?).") from None
