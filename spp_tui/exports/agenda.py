"""The chair's agenda pack for a coming meeting (issue 4, item 7).

The agenda with planned times; each case to review with where it was left last time (risk,
summary, decisions); every action carried forward with owner, due date and whether it is
overdue on the meeting date. Numbers match the minutes (5.1, 6.2...), so the pack and the
minutes read side by side.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

from spp_tui.db.models import stored_id
from spp_tui.db.templates import CASE_ITEM_KINDS
from spp_tui.exports import docx_kit as kit

if TYPE_CHECKING:
    from docx.document import Document

    from spp_tui.db.database import Database
    from spp_tui.db.services.agenda_pack import AgendaPackData, PackCase
    from spp_tui.exports.redaction import Redactor


def agenda_file_name(kind: str, day: dt.date, redacted: bool = False) -> str:
    """``PSG-agenda-2023-04-04.docx`` (``-redacted`` before the extension)."""
    return f"{kit.slug(kind)}-agenda-{day}{'-redacted' if redacted else ''}.docx"


def export_agenda_pack(
    db: Database, meeting_id: int, out: Path | None = None, *, redact: bool = False
) -> Path:
    """Write the agenda pack of ``meeting_id`` and return the path written; ``redact``
    replaces recorded people's names (the pack quotes summaries that name them)."""
    from spp_tui.db.services.agenda_pack import agenda_pack_data
    from spp_tui.exports.redaction import Redactor

    started = time.perf_counter()
    template = kit.remembered_template(db)
    data = agenda_pack_data(db, meeting_id)
    meeting = data.meeting
    target = kit.output_path(out, agenda_file_name(meeting.kind, meeting.date, redact))
    redactor = Redactor.for_meeting(db, meeting_id) if redact else None
    document = build_agenda_pack(data, template, redactor)
    kit.save_document(document, target)
    kit.audit_export(
        db,
        "meeting",
        meeting_id,
        f"{'redacted ' if redact else ''}agenda pack of {meeting.kind} {meeting.date} "
        f"exported to {target} in {time.perf_counter() - started:.2f}s",
    )
    return target


def build_agenda_pack(
    data: AgendaPackData, template: Path, redactor: Redactor | None = None
) -> Document:
    """The pack (not saved); with ``redactor``, a redacted copy for wider circulation."""
    from spp_tui.exports.docx_parts import scrub_for_circulation

    meeting = data.meeting
    document = kit.new_document(
        template,
        title=f"{meeting.kind} agenda pack, {kit.long_date(meeting.date)}",
        subject=meeting.marking,
        author=data.partnership,
        marking=meeting.marking,
    )
    state = "AGENDA PACK" + (" · REDACTED" if redactor is not None else "")
    kit.mark_pages(
        document, meeting.marking, f"{meeting.kind}, {kit.long_date(meeting.date)}", state
    )
    writer = kit.Writer(document, redactor)
    writer.title(
        data.partnership,
        f"{meeting.kind}: agenda pack for the meeting on {kit.long_date(meeting.date)}",
    )
    previous = data.previous_meeting
    writer.table(
        [("", 1), ("", 3.4)],
        [
            ("Date", kit.long_date(meeting.date)),
            ("Time", f"{kit.clock(meeting.planned_start)} to {kit.clock(meeting.planned_end)}"),
            ("Venue", meeting.venue or "to be confirmed"),
            ("Chair", data.chair or "not set"),
            ("Minute-taker", data.minute_taker or "not set"),
            ("Previous meeting", kit.long_date(previous.date) if previous else "none"),
            ("Marking", meeting.marking),
            *(
                [("Copy", "REDACTED: people named in cases are shown as [Person N (role)].")]
                if redactor is not None
                else []
            ),
        ],
        header=False,
        bold_first_column=True,
    )
    _agenda(writer, data)
    for number, item in enumerate(data.agenda, start=1):
        if item.kind in CASE_ITEM_KINDS:
            entries = data.cases_by_item.get(stored_id(item), ())
            writer.heading(f"{number}. {item.title}", 1)
            if not entries:
                writer.paragraph("No cases on the agenda for this item yet.")
            for index, entry in enumerate(entries, start=1):
                _case(writer, entry, f"{number}.{index}")
        elif item.kind == "action review":
            _carried_actions(writer, data, f"{number}. {item.title}: actions carried forward")
    if not any(item.kind == "action review" for item in data.agenda):
        _carried_actions(writer, data, "Actions carried forward")
    if redactor is not None:
        scrub_for_circulation(document, redactor)
    return document


def _agenda(writer: kit.Writer, data: AgendaPackData) -> None:
    meeting = data.meeting
    writer.heading("Agenda", 1)
    start = dt.datetime.combine(meeting.date, meeting.planned_start)
    rows = []
    total = 0
    for number, item in enumerate(data.agenda, start=1):
        begin = start + dt.timedelta(minutes=total)
        total += item.planned_minutes
        end = start + dt.timedelta(minutes=total)
        title = item.title
        if item.kind == "action review" and data.carried_actions:
            title += f"\n{kit.plural(len(data.carried_actions), 'action')} carried forward"
        for index, entry in enumerate(data.cases_by_item.get(stored_id(item), ()), start=1):
            title += f"\n{number}.{index}  {entry.case.reference}: {entry.case.title}"
        rows.append(
            (
                str(number),
                title,
                f"{kit.clock(begin.time())} to {kit.clock(end.time())}",
                f"{item.planned_minutes} min",
            )
        )
    rows.append(("", "Total", "", f"{total} min"))
    writer.table([("No.", 1.1), ("Item", 10.4), ("Planned time", 3.2), ("Length", 2.3)], rows)


def _case(writer: kit.Writer, entry: PackCase, number: str) -> None:
    case = entry.case
    writer.heading(f"{number} {case.reference}: {case.title}", 2)
    location = ", ".join(p for p in (case.location, case.ward and f"{case.ward} ward") if p)
    rows: list[tuple[str, kit.CellValue]] = [
        ("Location", location or "not recorded"),
        ("Category", case.category + (f"; Operation {case.operation}" if case.operation else "")),
        ("Lead agency", entry.lead_agency or "not set"),
        ("Status", kit.status_text(case.status)),
        ("Risk now", kit.risk_cell(case.risk)),
    ]
    referred = kit.long_date(case.referred_on) if case.referred_on else "date not recorded"
    rows.append(("Referred", f"by {entry.referrer or 'agency not recorded'} on {referred}"))
    if entry.last_discussed_on:
        rows.append(("Last discussed", kit.long_date(entry.last_discussed_on)))
        rows.append(("Risk last time", kit.risk_cell(entry.last_risk)))
        rows.append(("Outcome last time", kit.status_text(entry.last_outcome) or "Not decided"))
    else:
        rows.append(("Last discussed", "never: new to the group"))
    writer.table(
        [("", 1), ("", 3.4)], rows, header=False, bold_first_column=True, keep_together=True
    )
    if not entry.last_discussed_on:
        referral = case.scanning.strip() or entry.discussion.summary.strip()
        writer.paragraph(referral or "No referral summary recorded.", label="Referral summary")
    if entry.last_discussed_on:
        writer.paragraph(entry.last_summary or "No summary recorded.", label="Last summary")
        if entry.last_decisions.strip():
            writer.paragraph(entry.last_decisions, label="Last decisions")


def _carried_actions(writer: kit.Writer, data: AgendaPackData, heading: str) -> None:
    meeting = data.meeting
    actions = data.carried_actions
    writer.heading(heading, 1)
    others = (
        f" {kit.plural(data.other_live_actions, 'further live action')} of cases not on "
        "this agenda are in the action log."
        if data.other_live_actions
        else ""
    )
    if not actions:
        writer.paragraph(
            "No actions of the cases on this agenda, and no general actions, are carried "
            f"forward.{others}"
        )
        return
    overdue = sum(1 for a in actions if a.is_overdue(meeting.date))
    writer.paragraph(
        f"{kit.plural(len(actions), 'action')} of the cases on this agenda and general actions "
        f"to review; {overdue} overdue on {kit.long_date(meeting.date)}.{others}",
        keep_with_next=True,
    )
    rows = []
    for action in actions:
        text = action.text + (f"\nCase {action.case_reference}" if action.case_reference else "")
        owner = action.owner_name or "NO OWNER"
        agency = data.agency_label(action.agency_id)
        days = action.days_overdue(meeting.date)
        rows.append(
            (
                action.reference,
                text,
                f"{owner}\n{agency}" if agency else owner,
                kit.short_date(action.due_on) if action.due_on else "NO DUE DATE",
                kit.status_text(action.status),
                kit.Shaded(kit.plural(days, "day"), "C00000", "FFFFFF") if days > 0 else "",
            )
        )
    writer.table(
        [
            ("Ref", 2.6),
            ("Action", 4.8),
            ("Owner", 2.9),
            ("Due", 2.8),
            ("Status", 1.9),
            ("Overdue", 2.0),
        ],
        rows,
    )
    used = {a.agency_id for a in actions}
    writer.agency_key([a for i, a in data.agencies.items() if i in used])
