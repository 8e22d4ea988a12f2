"""The minutes of one meeting as a Word document (issue 5).

Sections follow the agenda with stable numbers (1, 2 ... and 5.1, 5.2 for the cases under an
item) so partners can cite "minute 6.3". A redacted copy replaces case parties' names
(``spp_tui.exports.redaction``) and says so on every page.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from spp_tui.db.models import stored_id
from spp_tui.db.templates import CASE_ITEM_KINDS
from spp_tui.exports import docx_kit as kit
from spp_tui.exports.docx_parts import scrub_for_circulation
from spp_tui.exports.redaction import Redactor

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docx.document import Document

    from spp_tui.db.database import Database
    from spp_tui.db.models import AgendaItem
    from spp_tui.db.services.actions import ActionRow
    from spp_tui.db.services.meetings import AttendanceRow
    from spp_tui.db.services.minutes_data import CaseEntry, MinutesData

#: Titles and ranks before a name, ignored when sorting by surname ("Insp. Mark Dalton").
TITLES = frozenset(
    ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "insp", "inspector", "ch", "supt",
     "sgt", "ps", "pc", "pcso", "dc", "ds", "di", "dci", "sir", "dame", "rev")
)  # fmt: skip


def surname_key(name: str) -> tuple[str, str]:
    """(surname, first names) without titles: "Insp. Mark Dalton" sorts under D."""
    words = [w for w in name.split() if w.lower().rstrip(".") not in TITLES] or name.split()
    return (words[-1].lower(), " ".join(words[:-1]).lower()) if words else ("", "")


def minutes_file_name(kind: str, day: object, redacted: bool = False) -> str:
    """``PSG-minutes-2023-03-07.docx`` (``-redacted`` before the extension)."""
    return f"{kit.slug(kind)}-minutes-{day}{'-redacted' if redacted else ''}.docx"


def state_label(status: str) -> str:
    return "APPROVED" if status == "minutes approved" else "DRAFT"


def export_minutes(
    db: Database,
    meeting_id: int,
    out: Path | None = None,
    *,
    redact: bool = False,
    template: Path | None = None,
) -> Path:
    """Write the minutes of ``meeting_id`` to ``out`` (a .docx file or a folder; default: the
    documents export folder) and return the path written. ``template`` (a .docx) is used and
    remembered for later exports; without it the remembered one (or the built-in) is used."""
    from spp_tui.db.services.minutes_data import minutes_data

    started = time.perf_counter()
    template_path = kit.choose_template(db, template)
    data = minutes_data(db, meeting_id)
    meeting = data.meeting
    target = kit.output_path(out, minutes_file_name(meeting.kind, meeting.date, redact))
    redactor = Redactor.for_meeting(db, meeting_id) if redact else None
    document = build_minutes(data, template_path, redact=redact, redactor=redactor)
    kit.save_document(document, target)
    kit.audit_export(
        db,
        "meeting",
        meeting_id,
        f"{'redacted ' if redact else ''}minutes of {meeting.kind} {meeting.date} exported to "
        f"{target} in {time.perf_counter() - started:.2f}s",
    )
    return target


def redactor_for(data: MinutesData) -> Redactor:
    return Redactor(
        ((p.name, p.role) for p in data.all_parties),
        keep=data.professional_names,
        extra=data.sensitive_names,
    )


def build_minutes(
    data: MinutesData, template: Path, *, redact: bool = False, redactor: Redactor | None = None
) -> Document:
    """The python-docx Document of the minutes (not saved); ``redactor`` if given (with
    the places to keep, ``Redactor.for_meeting``), else one from ``data``."""
    meeting = data.meeting
    if redact and redactor is None:
        redactor = redactor_for(data)
    if not redact:
        redactor = None
    title = f"{meeting.kind} minutes, {kit.long_date(meeting.date)}"
    document = kit.new_document(
        template,
        title=title,
        subject=meeting.marking,
        author=data.partnership,
        marking=meeting.marking,
    )
    state = state_label(meeting.status) + (" · REDACTED" if redact else "")
    kit.mark_pages(
        document, meeting.marking, f"{meeting.kind}, {kit.long_date(meeting.date)}", state
    )
    writer = kit.Writer(document, redactor)
    _title_block(writer, data, redact)
    for number, item in enumerate(data.agenda, start=1):
        _section(writer, data, item, number, redactor)
    _action_log(writer, data, len(data.agenda) + 1)
    _approval(writer, data)
    if redactor is not None:
        scrub_for_circulation(document, redactor)
    return document


# --- title block ------------------------------------------------------------------------


def _title_block(writer: kit.Writer, data: MinutesData, redact: bool) -> None:
    meeting = data.meeting
    writer.title(
        data.partnership,
        f"{meeting.kind}: minutes of the meeting held on {kit.long_date(meeting.date)}",
    )
    start = kit.clock(meeting.actual_start) or kit.clock(meeting.planned_start)
    end = kit.clock(meeting.actual_end) or kit.clock(meeting.planned_end)
    if meeting.status == "minutes approved":
        status = "Approved" + (
            f" on {kit.long_date(meeting.minutes_approved_on)}"
            if meeting.minutes_approved_on
            else ""
        )
    else:
        status = "Draft, not yet approved"
    rows = [
        ("Partnership", data.partnership),
        ("Meeting", meeting.kind),
        ("Date", kit.long_date(meeting.date)),
        ("Time", f"{start} to {end}"),
        ("Venue", meeting.venue or "not recorded"),
        ("Chair", data.chair or "not recorded"),
        ("Minute-taker", data.minute_taker or "not recorded"),
        ("Minutes", status),
        ("Marking", meeting.marking),
    ]
    if redact:
        rows.append(
            (
                "Copy",
                "REDACTED for wider circulation: people named in cases are shown as "
                "[Person N (role)]; professionals are named.",
            )
        )
    writer.table([("", 1), ("", 3.4)], rows, header=False, bold_first_column=True)


# --- agenda sections --------------------------------------------------------------------


def _section(
    writer: kit.Writer,
    data: MinutesData,
    item: AgendaItem,
    number: int,
    redactor: Redactor | None,
) -> None:
    writer.heading(f"{number}. {item.title}", 1)
    kind = item.kind
    if kind == "welcome":
        _attendance(writer, data)
    elif kind == "confidentiality":
        _confidentiality(writer, data)
    elif kind == "previous minutes":
        _previous_minutes(writer, data)
    elif kind == "action review":
        _action_review(writer, data)
    elif kind in CASE_ITEM_KINDS:
        entries = data.cases_by_item.get(stored_id(item), ())
        if not entries:
            writer.paragraph("No cases under this item.")
        for index, entry in enumerate(entries, start=1):
            _case(writer, data, entry, f"{number}.{index}", redactor)
    elif kind == "aob":
        _aob(writer, data, number)
    elif kind == "next meeting":
        _next_meeting(writer, data)
    if item.notes.strip():
        writer.paragraph(item.notes, label="Notes")


def _attendance(writer: kit.Writer, data: MinutesData) -> None:
    if not data.attendance:
        writer.paragraph("Attendance was not recorded.")
        return
    rows = []
    numbers = minute_numbers(data)
    for row in sorted(
        data.attendance, key=lambda r: (r.agency_name.lower() or "~", surname_key(r.name))
    ):
        if row.status == "present" and row.role == "deputy":
            state = (
                f"Present (deputy for {row.deputy_for_name})"
                if row.deputy_for_name
                else ("Present (deputy)")
            )
        elif row.status == "present" and row.role in ("observer", "invited"):
            invited = numbers.get(row.invited_for_case_id or 0)
            state = f"Present (invited for item {invited})" if invited else f"Present ({row.role})"
        else:
            state = row.status.capitalize()
        rows.append((row.agency_name or "none", row.name, state))
    present = sum(1 for r in data.attendance if r.status == "present")
    apologies = sum(1 for r in data.attendance if r.status == "apologies")
    absent = sum(1 for r in data.attendance if r.status == "absent")
    writer.paragraph(
        f"{present} present, {kit.plural(apologies, 'apology', 'apologies')}"
        + (f", {absent} absent" if absent else "")
        + ".",
        keep_with_next=True,
    )
    writer.table([("Agency", 4), ("Name", 3), ("Attendance", 2.6)], rows)
    leavers = [(r.left_at, r) for r in data.attendance if r.left_at is not None]
    for _, row in sorted(leavers, key=lambda pair: pair[0]):
        writer.paragraph(f"{row.name} {left_line(data, row, numbers)}")


def minute_numbers(data: MinutesData) -> dict[int, str]:
    """Case id -> its minute number (``6.2``), as the sections below print them."""
    numbers: dict[int, str] = {}
    for number, item in enumerate(data.agenda, start=1):
        for index, entry in enumerate(data.cases_by_item.get(item.id or 0, ()), start=1):
            numbers[entry.case.id or 0] = f"{number}.{index}"
    return numbers


def left_line(data: MinutesData, row: AttendanceRow, numbers: dict[int, str]) -> str:
    """``left the meeting after item 6.2 (at 10:42).``: the guest's own case if the chair
    was on its agenda item when they left, else the agenda item's number."""
    after = ""
    for number, item in enumerate(data.agenda, start=1):
        if item.id == row.left_after_item_id:
            after = str(number)
            invited = numbers.get(row.invited_for_case_id or 0, "")
            if invited.startswith(f"{number}."):
                after = invited
    where = f" after item {after}" if after else ""
    return f"left the meeting{where} (at {kit.clock(row.left_at)})."


def _confidentiality(writer: kit.Writer, data: MinutesData) -> None:
    meeting = data.meeting
    if meeting.confidentiality_read_at:
        writer.paragraph(
            f"The chair read the confidentiality and information-sharing statement at "
            f"{kit.clock(meeting.confidentiality_read_at)}; members accepted it."
        )
    else:
        writer.paragraph("The reading of the confidentiality statement was not recorded.")
    writer.paragraph(data.confidentiality_statement, label="Statement")


def _previous_minutes(writer: kit.Writer, data: MinutesData) -> None:
    meeting = data.meeting
    previous = data.previous_meeting
    which = f"the meeting of {kit.long_date(previous.date)}" if previous else "the last meeting"
    if meeting.previous_minutes_agreed is True:
        writer.paragraph(f"The minutes of {which} were agreed as an accurate record.")
    elif meeting.previous_minutes_agreed is False:
        writer.paragraph(f"The minutes of {which} were agreed subject to these corrections:")
    elif previous is None:
        writer.paragraph("There were no previous minutes (first meeting of this series).")
    else:
        writer.paragraph(f"The minutes of {which} were not considered.")
    if meeting.previous_minutes_corrections.strip():
        writer.paragraph(meeting.previous_minutes_corrections, label="Corrections")


def _action_review(writer: kit.Writer, data: MinutesData) -> None:
    reviewed = data.reviewed_actions
    if not reviewed:
        writer.paragraph("No actions were reviewed at this meeting.")
        return
    writer.paragraph(
        f"{kit.plural(len(reviewed), 'action')} from earlier meetings reviewed:",
        keep_with_next=True,
    )
    rows = []
    for item in reviewed:
        action, update = item.action, item.update
        text = f"{action.case_reference}: {action.text}" if action.case_reference else action.text
        outcome = kit.status_text(update.new_status)
        if update.new_due_on:
            outcome += f"\nnew due date {kit.short_date(update.new_due_on)}"
        rows.append(
            (
                action.reference,
                text,
                _owner(action.owner_name, data.agency_label(action.agency_id)),
                outcome,
                update.note,
            )
        )
    writer.table(
        [("Ref", 2.6), ("Action", 5.0), ("Owner", 3.0), ("Outcome", 2.6), ("Note", 3.8)], rows
    )


def _owner(name: str, agency: str) -> str:
    if not name:
        return "NO OWNER"
    return f"{name}\n{agency}" if agency else name


def _case(
    writer: kit.Writer,
    data: MinutesData,
    entry: CaseEntry,
    number: str,
    redactor: Redactor | None,
) -> None:
    case, discussion = entry.case, entry.discussion
    writer.heading(f"{number} {case.reference}: {case.title}", 2)
    location = ", ".join(
        part for part in (case.location, case.ward and f"{case.ward} ward") if part
    )
    details: list[tuple[str, kit.CellValue]] = [
        ("Location", location or "not recorded"),
        ("Category", case.category + (f"; Operation {case.operation}" if case.operation else "")),
        ("Lead agency", entry.lead_agency or "not set"),
        ("Risk", kit.risk_cell(discussion.risk)),
    ]
    if entry.parties:
        if redactor is not None:
            named = "; ".join(redactor.placeholder(p.name) for p in entry.parties)
        else:
            named = "; ".join(f"{p.name} ({p.role})" for p in entry.parties)
        details.append(("People named", named))
    writer.table(
        [("", 1), ("", 3.4)], details, header=False, bold_first_column=True, keep_together=True
    )
    writer.paragraph(discussion.summary or "No discussion recorded.", label="Discussion")
    writer.paragraph(discussion.decisions or "None recorded.", label="Decisions")
    if case.intervention_list:
        writer.paragraph("; ".join(case.intervention_list), label="Interventions")
    outcome = discussion.outcome or "not decided"
    if discussion.outcome_reason.strip():
        outcome += f" ({discussion.outcome_reason.strip()})"
    writer.paragraph(kit.status_text(outcome), label="Outcome")
    if entry.new_actions:
        writer.label("New actions")
        _actions_table(writer, data, entry.new_actions)


def _actions_table(writer: kit.Writer, data: MinutesData, actions: Sequence[ActionRow]) -> None:
    writer.table(
        [("Ref", 2.6), ("Action", 7.8), ("Owner", 3.8), ("Due", 2.8)],
        [
            (
                a.reference,
                a.text,
                _owner(a.owner_name, data.agency_label(a.agency_id)),
                kit.short_date(a.due_on) if a.due_on else "NO DUE DATE",
            )
            for a in actions
        ],
    )


def _aob(writer: kit.Writer, data: MinutesData, number: int) -> None:
    """Each line of the AOB notes a numbered minute (8.1, 8.2 ...) partners can cite."""
    lines = [line.strip() for line in data.meeting.aob_notes.splitlines() if line.strip()]
    if not lines:
        writer.paragraph("No other business.")
    for index, line in enumerate(lines, start=1):
        writer.paragraph(line, label=f"{number}.{index}")
    if data.general_actions:
        writer.label("Other actions raised at this meeting")
        _actions_table(writer, data, data.general_actions)


def _next_meeting(writer: kit.Writer, data: MinutesData) -> None:
    nxt = data.next_meeting
    if nxt is None:
        writer.paragraph("The date of the next meeting is to be confirmed.")
        return
    venue = f", {nxt.venue}" if nxt.venue else ""
    writer.paragraph(
        f"The next {nxt.kind} will be held on {kit.long_date(nxt.date)} at "
        f"{kit.clock(nxt.planned_start)}{venue}."
    )


# --- consolidated action table ----------------------------------------------------------


def _action_log(writer: kit.Writer, data: MinutesData, number: int) -> None:
    writer.heading(f"{number}. Action log: actions raised or updated at this meeting", 1)
    if not data.action_log:
        writer.paragraph("No actions were raised or updated.")
        return
    rows = []
    for logged in data.action_log:
        action = logged.action
        text = (
            f"{action.text}\nCase {action.case_reference}" if action.case_reference else action.text
        )
        rows.append(
            (
                action.reference,
                text,
                action.owner_name or "NO OWNER",
                data.agency_label(action.agency_id, "none"),
                kit.short_date(logged.due_on) if logged.due_on else "NO DUE DATE",
                kit.status_text(logged.status) + ("" if logged.raised_here else "\n(reviewed)"),
            )
        )
    writer.table(
        [
            ("Ref", 2.6),
            ("Action", 4.8),
            ("Owner", 2.8),
            ("Agency", 1.8),
            ("Due", 2.6),
            ("Status", 2.4),
        ],
        rows,
    )
    used = {logged.action.agency_id for logged in data.action_log}
    writer.agency_key([a for i, a in data.agencies.items() if i in used])


def _approval(writer: kit.Writer, data: MinutesData) -> None:
    """The line the chair signs when the next meeting approves these minutes."""
    meeting = data.meeting
    writer.heading("Approval", 1)
    if meeting.status == "minutes approved" and meeting.minutes_approved_on:
        writer.paragraph(
            f"These minutes were approved as a correct record on "
            f"{kit.long_date(meeting.minutes_approved_on)}."
        )
    writer.paragraph(
        "Approved as a correct record.\n"
        f"Signed: ......................................  Chair ({data.chair or 'name'})\n"
        "Date: ......................................"
    )
