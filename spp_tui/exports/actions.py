"""The action log as a Word document: the whole log, one agency's extract, or any cut of it
(owner, case, meeting, operation, overdue, due before, raised since), grouped by case with
each action's latest update.

An agency's extract is what a partner is sent: the actions it owns, with their case, due
date and whether they are overdue today.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spp_tui.errors import ExportError, NotFoundError
from spp_tui.exports import docx_kit as kit
from spp_tui.exports.action_register import REGISTER_FROM, write_register
from spp_tui.exports.doc_words import plural

if TYPE_CHECKING:
    from spp_tui.db.database import Database

STATUSES = ("open", "all")


@dataclass(frozen=True)
class LogCut:
    """Which actions go in the log, as the secretariat asked (None: no limit)."""

    owner_id: int | None = None
    case_id: int | None = None
    meeting_id: int | None = None
    operation: str | None = None
    overdue: bool = False
    due_before: dt.date | None = None
    since: dt.date | None = None
    #: Words for the subtitle, e.g. ["owned by Tom Okafor", "case PSG-2023-004"].
    described: tuple[str, ...] = ()


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
    cut: LogCut | None = None,
) -> Path:
    """Write the action log (``status`` "open": live actions, i.e. open, in progress and not
    done; "all": every action), or the extract of one agency, narrowed by ``cut``, and
    return the path written. ``redact`` replaces case parties' names."""
    from spp_tui.db.services import settings
    from spp_tui.db.services.action_log import action_log
    from spp_tui.db.services.actions import ActionFilter
    from spp_tui.db.services.directory import list_agencies

    started = time.perf_counter()
    cut = cut or LogCut()
    status = status.strip().lower()
    if status not in STATUSES:
        raise ExportError(f"status must be open or all, not '{status}'.")
    today = today or dt.date.today()
    agencies = {a.id: a for a in list_agencies(db)}
    agency = None
    if agency_id is not None:
        agency = agencies.get(agency_id)
        if agency is None:
            raise NotFoundError(f"agency {agency_id} does not exist.")
    template = kit.remembered_template(db)
    log = action_log(
        db,
        ActionFilter(
            status="live" if status == "open" else None,
            agency_id=agency_id,
            owner_id=cut.owner_id,
            case_id=cut.case_id,
            meeting_id=cut.meeting_id,
            operation=cut.operation,
            overdue_on=today if cut.overdue else None,
            due_before=cut.due_before,
            raised_since=cut.since,
        ),
    )
    rows = log.rows
    partnership = settings.get_setting(db, settings.PARTNERSHIP_NAME)
    label = agency.short_name or agency.name if agency else None
    target = kit.output_path(out, actions_file_name(status, label, today))

    clean = None
    if redact:
        from spp_tui.exports.redaction import Redactor

        clean = Redactor.for_meeting(db)
    which = (
        "Overdue actions" if cut.overdue else "Open actions" if status == "open" else "All actions"
    )
    scope = ", ".join([which + (f" owned by {agency.name}" if agency else ""), *cut.described])
    document = kit.new_document(
        template, title=f"Action log: {scope}", subject=kit.DEFAULT_MARKING, author=partnership
    )
    kit.landscape(document)
    kit.mark_pages(
        document,
        kit.DEFAULT_MARKING,
        f"Action log as at {kit.long_date(today)}",
        "REDACTED" if redact else "",
    )
    writer = kit.Writer(document, clean)
    writer.title(partnership, f"Action log: {scope}, as at {kit.long_date(today)}")
    overdue = sum(1 for r in rows if r.is_overdue(today))
    cases = sum(1 for g in log.groups if g.case_reference)
    summary = (
        f"{kit.plural(len(rows), 'action')} in {kit.plural(cases, 'case')}"
        f"{' and general' if any(not g.case_reference for g in log.groups) else ''}; "
        f"{overdue} overdue today."
    )
    register = len(rows) >= REGISTER_FROM
    if register:
        summary += (
            " Listed one paragraph an action (reference, action, owner, agency, raised, due,"
            " status, latest update): a table this long takes minutes to open."
        )
    if redact:
        summary += " REDACTED copy: people named in cases are shown as [Person N (role)]."
    writer.paragraph(summary, keep_with_next=True)
    short_names: dict[int | None, str] = {a.id: a.short_name or a.name for a in agencies.values()}
    if register:
        write_register(writer, log, short_names, today)
    elif rows:
        table: list[Any] = []
        for group in log.groups:
            table.append(
                kit.Group(
                    f"{group.case_reference}: {group.case_title}"
                    if group.case_reference
                    else "General actions (no case)"
                )
            )
            for r in group.actions:
                latest = log.latest.get(r.id)
                table.append(
                    (
                        r.reference,
                        r.text,
                        r.owner_name or "NO OWNER",
                        short_names.get(r.agency_id, r.agency_name) or "none",
                        kit.short_date(r.raised_on) if r.raised_on else "",
                        kit.short_date(r.due_on) if r.due_on else "NO DUE DATE",
                        kit.status_text(r.status),
                        _overdue_cell(r.days_overdue(today)),
                        f"{kit.short_date(latest.made_on)}: {kit.status_text(latest.status)}"
                        + (f". {latest.note}" if latest.note else "")
                        if latest
                        else "none yet",
                    )
                )
        writer.table(
            [
                ("Ref", 2.4),
                ("Action", 6.0),
                ("Owner", 3.0),
                ("Agency", 1.8),
                ("Raised", 2.2),
                ("Due", 2.2),
                ("Status", 2.0),
                ("Overdue", 1.8),
                ("Latest update", 4.6),
            ],
            table,
        )
    if rows:
        used = {r.agency_id for r in rows if r.agency_id in agencies}
        writer.agency_key([agencies[i] for i in used])
    if clean is not None:
        from spp_tui.exports.docx_parts import scrub_for_circulation

        scrub_for_circulation(document, clean)
    kit.save_document(document, target)
    kit.audit_export(
        db,
        "action",
        None,
        f"{'redacted ' if redact else ''}action log "
        f"({scope.lower()}, {plural(len(rows), 'action')}) "
        f"exported to {target} in {time.perf_counter() - started:.2f}s",
    )
    return target


def _overdue_cell(days: int) -> kit.CellValue:
    if days <= 0:
        return ""
    return kit.Shaded(kit.plural(days, "day"), "C00000", "FFFFFF")
