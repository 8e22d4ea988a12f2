"""The action log as a Word document: the whole log, or one agency's extract (issue 5).

An agency's extract is what a partner is sent: the actions it owns, with their case, due
date and whether they are overdue today.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

from spp_tui.errors import ExportError, NotFoundError
from spp_tui.exports import docx_kit as kit

if TYPE_CHECKING:
    from spp_tui.db.database import Database

STATUSES = ("open", "all")


def actions_file_name(status: str, agency_label: str | None, day: dt.date) -> str:
    """``action-log-open-2023-03-07.docx``, ``action-log-CKH-open-2023-03-07.docx``."""
    who = f"{kit.slug(agency_label)}-" if agency_label else ""
    return f"action-log-{who}{status}-{day}.docx"


def export_actions(
    db: Database,
    out: Path | None = None,
    *,
    agency_id: int | None = None,
    status: str = "open",
    redact: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write the action log (``status`` "open": live actions, i.e. open, in progress and not
    done; "all": every action), or the extract of one agency, and return the path written.
    ``redact`` replaces case parties' names (for an agency without an ISA)."""
    from spp_tui.db.services import settings
    from spp_tui.db.services.actions import ActionFilter, list_actions
    from spp_tui.db.services.directory import list_agencies

    started = time.perf_counter()
    status = status.strip().lower()
    if status not in STATUSES:
        raise ExportError(f"status must be open or all, not '{status}'.")
    today = today or dt.date.today()
    agencies = {a.id: a for a in list_agencies(db)}
    short_names = {a.id: a.short_name or a.name for a in agencies.values()}
    agency = None
    if agency_id is not None:
        agency = agencies.get(agency_id)
        if agency is None:
            raise NotFoundError(f"agency {agency_id} does not exist.")
    template = kit.remembered_template(db)
    rows = list_actions(
        db, ActionFilter(status="live" if status == "open" else None, agency_id=agency_id)
    )
    partnership = settings.get_setting(db, settings.PARTNERSHIP_NAME)
    label = agency.short_name or agency.name if agency else None
    target = kit.output_path(out, actions_file_name(status, label, today))

    clean = None
    if redact:
        from spp_tui.db.services.minutes_data import redaction_names
        from spp_tui.exports.redaction import Redactor

        names = redaction_names(db)
        clean = Redactor(
            ((p.name, p.role) for p in names.parties),
            keep=names.professional_names,
            extra=names.sensitive_names,
        )
    which = "Open actions" if status == "open" else "All actions"
    scope = f"{which} owned by {agency.name}" if agency else which
    document = kit.new_document(
        template, title=f"Action log: {scope}", subject=kit.DEFAULT_MARKING, author=partnership
    )
    kit.landscape(document)
    state = "ACTION LOG" + (" · REDACTED" if redact else "")
    kit.mark_pages(document, kit.DEFAULT_MARKING, f"Action log, {kit.long_date(today)}", state)
    writer = kit.Writer(document, clean)
    writer.title(partnership, f"Action log: {scope.lower()}, at {kit.long_date(today)}")
    overdue = sum(1 for r in rows if r.is_overdue(today))
    summary = f"{len(rows)} action{'s' if len(rows) != 1 else ''}; {overdue} overdue today."
    if redact:
        summary += " REDACTED copy: people named in cases are shown as [Person N (role)]."
    writer.paragraph(summary, keep_with_next=True)
    if rows:
        writer.table(
            [
                ("Ref", 2.7),
                ("Case", 2.7),
                ("Action", 6.0),
                ("Owner", 3.0),
                ("Agency", 2.0),
                ("Raised", 2.7),
                ("Due", 2.7),
                ("Status", 1.9),
                ("Overdue", 2.0),
            ],
            [
                (
                    r.reference,
                    r.case_reference or "general",
                    r.text,
                    r.owner_name or "NO OWNER",
                    short_names.get(r.agency_id, r.agency_name) or "none",
                    kit.short_date(r.raised_on) if r.raised_on else "",
                    kit.short_date(r.due_on) if r.due_on else "NO DUE DATE",
                    r.status,
                    _overdue_cell(r.days_overdue(today)),
                )
                for r in rows
            ],
        )
    kit.save_document(document, target)
    kit.audit_export(
        db,
        "action",
        None,
        f"{'redacted ' if redact else ''}action log ({scope.lower()}, {len(rows)} actions) "
        f"exported to {target} in {time.perf_counter() - started:.2f}s",
    )
    return target


def _overdue_cell(days: int) -> kit.CellValue:
    if days <= 0:
        return ""
    return kit.Shaded(f"{days} day{'s' if days != 1 else ''}", "C00000", "FFFFFF")
