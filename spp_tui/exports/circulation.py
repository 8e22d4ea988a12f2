"""Circulate a meeting's minutes: one folder per recipient agency, ready for secure mail.

Each agency on the series' distribution list gets the full minutes if it signed the
information-sharing agreement, the redacted minutes if not, and the extract of the actions it
owns. A plain-text covering list says who gets which files at which address. Nothing is sent:
the laptop is usually offline and the secure-mail client does the sending.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spp_tui.errors import ExportError, UserError, ValidationError
from spp_tui.paths import make_private_dir, restrict_to_user

if TYPE_CHECKING:
    from spp_tui.db.database import Database
    from spp_tui.db.models import Meeting
    from spp_tui.db.services.distribution import Recipient

COVERING_LIST = "covering-list.txt"


@dataclass(frozen=True)
class AgencyFiles:
    """What one agency receives."""

    recipient: Recipient
    folder: Path
    minutes: Path
    actions: Path
    open_actions: int


@dataclass
class Circulation:
    meeting: Meeting
    out: Path
    sets: list[AgencyFiles] = field(default_factory=list)
    covering_list: Path | None = None
    #: Things the secretariat should know before sending (gaps, missing addresses).
    warnings: list[str] = field(default_factory=list)


def _check_folder(out: Path) -> None:
    """A fresh or empty folder only: an old copy left beside a new one could be sent by
    mistake (full minutes to an agency that has since lost its agreement)."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; give a folder to circulate into.")
    if out.is_dir() and any(out.iterdir()):
        raise ExportError(
            f"{out} is not empty; give a new folder so no old copy is sent by mistake."
        )
    try:
        make_private_dir(out)
    except OSError as exc:
        raise ExportError(f"cannot create {out}: {(exc.strerror or str(exc)).lower()}.") from None


def _folder_names(recipients: list[Recipient]) -> dict[int, str]:
    from spp_tui.exports.docx_kit import slug

    names: dict[int, str] = {}
    taken: set[str] = set()
    for r in recipients:
        name = slug(r.short_name or r.agency_name)
        if name.lower() in taken:
            name = f"{name}-{r.agency_id}"
        taken.add(name.lower())
        names[r.agency_id] = name
    return names


def circulate(
    db: Database, meeting_id: int, out: Path, *, accept_unreviewed: bool = False
) -> Circulation:
    """Write every recipient's files and the covering list into ``out`` (new or empty).
    Redacted copies are refused while possible names not recorded wait for the redaction
    review, unless ``accept_unreviewed``."""
    from spp_tui.db.models import MeetingStatus
    from spp_tui.db.services.distribution import distribution_list
    from spp_tui.db.services.meetings import get_meeting
    from spp_tui.db.services.readiness import readiness_warning

    meeting = get_meeting(db, meeting_id)
    if meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.IN_PROGRESS):
        raise ValidationError(
            f"the meeting of {meeting.date} has not been held yet: there are no minutes."
        )
    recipients = distribution_list(db, meeting.kind)
    if not recipients:
        raise ValidationError(
            f"the {meeting.kind} distribution list is empty; add agencies with "
            f"spp-tui distribution add '{meeting.kind}' AGENCY (or fill it with every partner: "
            f"spp-tui distribution fill '{meeting.kind}')."
        )
    unreviewed = 0
    if any(r.redacted for r in recipients):
        from spp_tui.db.services.name_review import unreviewed_count

        unreviewed = unreviewed_count(db, meeting_id)
        if unreviewed and not accept_unreviewed:
            raise ValidationError(
                f"{_possible(unreviewed)} {'has' if unreviewed == 1 else 'have'} not been "
                "reviewed: a redacted copy could still print them. Mark each with "
                f"spp-tui redaction {meeting.id} (or "
                "circulate with --accept-unreviewed); nothing was written."
            )
    from spp_tui.exports.docx_kit import usable_template

    usable_template(db)  # a missing or broken template stops us before the first file
    out = Path(out).expanduser()
    _check_folder(out)
    result = Circulation(meeting, out)
    if unreviewed:
        result.warnings.append(f"{_possible(unreviewed)} were not reviewed (--accept-unreviewed).")
    warning = readiness_warning(db, meeting_id)
    if warning:
        result.warnings.append(warning)
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        result.warnings.append("the minutes are not approved yet: they go out as a draft.")
    names = _folder_names(recipients)
    try:
        for r in recipients:
            result.sets.append(_agency_files(db, result, r, out / names[r.agency_id]))
    except (UserError, OSError) as exc:
        reason = str(exc) if isinstance(exc, UserError) else (exc.strerror or str(exc)).lower()
        raise ExportError(
            f"{reason.rstrip('.')}; {out} now holds an incomplete set: delete it and "
            "circulate again."
        ) from None
    from spp_tui.exports.redaction import Redactor

    # The covering list travels with the files: nobody's name in it (agencies are kept).
    text = Redactor.for_meeting(db, meeting.id).redact(covering_list(db, result))
    result.covering_list = _write_text(out / COVERING_LIST, text)
    return result


def _possible(count: int) -> str:
    return f"{count} possible name{'s' if count != 1 else ''} not recorded"


def _agency_files(db: Database, result: Circulation, r: Recipient, folder: Path) -> AgencyFiles:
    """Write one agency's minutes and action extract, and audit what it is to receive."""
    from spp_tui.db.models import stored_id
    from spp_tui.db.services.actions import ActionFilter, count_actions
    from spp_tui.db.services.audit_log import record_event
    from spp_tui.exports.actions import export_actions
    from spp_tui.exports.minutes import export_minutes

    meeting = result.meeting
    make_private_dir(folder)
    minutes = export_minutes(db, stored_id(meeting), folder, redact=r.redacted)
    actions = export_actions(db, folder, agency_id=r.agency_id, status="open", redact=r.redacted)
    open_actions = count_actions(db, ActionFilter(status="live", agency_id=r.agency_id))
    if not r.email:
        result.warnings.append(f"{r.agency_name} has no email address on the list.")
    record_event(
        db,
        "meeting",
        meeting.id,
        "export",
        f"minutes of {meeting.kind} {meeting.date} prepared for {r.agency_name} "
        f"<{r.email or 'no email'}>: {'redacted' if r.redacted else 'full'} copy and "
        f"{open_actions} open actions, in {folder}",
    )
    return AgencyFiles(r, folder, minutes, actions, open_actions)


def covering_list(db: Database, result: Circulation) -> str:
    """The plain-text note of who gets what (kept with the files, never emailed by us)."""
    from spp_tui.db.services._audit import os_user
    from spp_tui.db.services.settings import PARTNERSHIP_NAME, get_setting
    from spp_tui.exports.docx_kit import long_date

    meeting = result.meeting
    state = "APPROVED" if meeting.status == "minutes approved" else "DRAFT"
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [
        meeting.marking,
        f"{get_setting(db, PARTNERSHIP_NAME)}: {meeting.kind} minutes of "
        f"{long_date(meeting.date)} ({state})",
        "Circulation list",
        "",
        f"Prepared {now} by {os_user()}. Nothing has been emailed: attach each agency's files",
        "to a message to the address shown, in the secure-mail client.",
        "",
    ]
    for number, files in enumerate(result.sets, start=1):
        r = files.recipient
        copy = (
            "redacted minutes (no information-sharing agreement)"
            if r.redacted
            else "full minutes (information-sharing agreement signed)"
        )
        lines += [
            f"{number}. {r.agency_name}",
            f"   to:    {r.email or 'NO EMAIL ADDRESS: find one before sending'}",
            f"   gets:  {copy}",
            f"   files: {files.minutes.relative_to(result.out).as_posix()}",
            f"          {files.actions.relative_to(result.out).as_posix()} "
            f"({files.open_actions} open action{'s' if files.open_actions != 1 else ''})",
            "",
        ]
    if result.warnings:
        lines.append("Before sending:")
        lines += [f"- {w}" for w in result.warnings]
        lines.append("")
    lines.append(meeting.marking)
    return "\n".join(lines) + "\n"


def _write_text(target: Path, text: str) -> Path:
    """All or nothing, readable by the user alone."""
    handle, temp_name = tempfile.mkstemp(prefix=".spp-tui-", suffix=".tmp", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        restrict_to_user(temp)
        os.replace(temp, target)
    except OSError as exc:
        from spp_tui.exports.docx_kit import _reason

        raise ExportError(f"could not write {target}: {_reason(exc)}.") from None
    finally:
        temp.unlink(missing_ok=True)
    return target
