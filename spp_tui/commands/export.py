"""``spp-tui export minutes|actions|agenda``: the Word documents the secretariat sends out.

Each prints the path of the file written. MEETING is an id, a date (2023-04-04), ``next``
(the next scheduled meeting) or ``last`` (the last one held).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from spp_tui.cli import db_option, open_db

OUT_HELP = "File to write (.docx) or an existing folder (default: Documents/spp-tui)."


@click.group("export")
def export() -> None:
    """Write the minutes, the action log or an agenda pack to Word (.docx)."""


@export.command("minutes")
@db_option
@click.argument("meeting")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, metavar="FILE.docx", help=OUT_HELP
)
@click.option(
    "--redact",
    is_flag=True,
    help="Replace the names of people in cases by [Person N (role)] placeholders.",
)
@click.option(
    "--template",
    default=None,
    metavar="FILE.docx",
    help="Your organisation's Word template, .docx or .dotx (remembered; 'default' forgets it).",
)
def minutes(meeting: str, out: Path | None, redact: bool, template: str | None) -> None:
    """Minutes of MEETING (id, date, next or last)."""
    from spp_tui.db.models import stored_id
    from spp_tui.db.services.meetings import resolve_meeting
    from spp_tui.db.services.readiness import readiness_warning
    from spp_tui.exports.minutes import export_minutes

    db = open_db()
    try:
        meeting_id = stored_id(resolve_meeting(db, meeting))
        path = export_minutes(
            db, meeting_id, out, redact=redact, template=Path(template) if template else None
        )
        warning = readiness_warning(db, meeting_id)  # warn, do not block (issue 9)
    finally:
        db.dispose()
    if warning:
        click.echo(f"spp-tui: warning: {warning}", err=True)
    click.echo(f"{'redacted ' if redact else ''}minutes written: {path}")


@export.command("actions")
@db_option
@click.option(
    "--agency",
    default=None,
    metavar="NAME",
    help="Only the actions this agency owns (name, short name or a unique part).",
)
@click.option("--owner", default=None, metavar="NAME", help="Only this person's actions.")
@click.option("--case", "case_ref", default=None, metavar="REF", help="Only this case's actions.")
@click.option(
    "--meeting", default=None, metavar="MEETING", help="Only actions raised at this meeting."
)
@click.option(
    "--operation", default=None, metavar="NAME", help="Only actions of this operation's cases."
)
@click.option("--overdue", is_flag=True, help="Only live actions past their due date today.")
@click.option("--due-before", "due_before", default=None, metavar="DATE", help="Due before.")
@click.option("--since", default=None, metavar="DATE", help="Raised on or after DATE.")
@click.option(
    "--status",
    type=click.Choice(["open", "all"]),
    default="open",
    show_default=True,
    help="open: open, in progress and not done; all: every action (a log of 1,000 actions "
    "or more is listed one paragraph an action; five years run to about 1,100 pages: cut "
    "with --since and the others).",
)
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, metavar="FILE.docx", help=OUT_HELP
)
@click.option("--redact", is_flag=True, help="Replace the names of people in cases.")
def actions(  # noqa: PLR0913 - one option per question a partner asks
    agency: str | None,
    owner: str | None,
    case_ref: str | None,
    meeting: str | None,
    operation: str | None,
    overdue: bool,
    due_before: str | None,
    since: str | None,
    status: str,
    out: Path | None,
    redact: bool,
) -> None:
    """The action log, whole or cut (agency, owner, case, meeting, operation, dates),
    grouped by case with each action's latest update."""
    from spp_tui.db.services.action_log import find_operation, find_owner
    from spp_tui.db.services.audit_log import case_by_reference
    from spp_tui.db.services.directory import find_agency
    from spp_tui.db.services.meetings import resolve_meeting
    from spp_tui.errors import NotFoundError
    from spp_tui.exports.actions import LogCut, export_actions

    before = day_option(due_before, "--due-before") if due_before else None
    after = day_option(since, "--since") if since else None
    db = open_db()
    try:
        agency_id = None
        if agency is not None:
            found = find_agency(db, agency)
            if found is None:
                raise NotFoundError(
                    f"no single agency matches '{agency}'; give its name or short name."
                )
            agency_id = found.id
        described: list[str] = []
        person = find_owner(db, owner) if owner else None
        if person:
            described.append(f"owned by {person.name}")
        case = case_by_reference(db, case_ref) if case_ref else None
        if case:
            described.append(f"case {case.reference}")
        raised_at = resolve_meeting(db, meeting) if meeting else None
        if raised_at:
            described.append(f"raised at the {raised_at.kind} of {raised_at.date}")
        op = find_operation(db, operation) if operation else None
        if op:
            described.append(f"Operation {op}")
        if before:
            described.append(f"due before {before}")
        if after:
            described.append(f"raised since {after}")
        cut = LogCut(
            owner_id=person.id if person else None,
            case_id=case.id if case else None,
            meeting_id=raised_at.id if raised_at else None,
            operation=op,
            overdue=overdue,
            due_before=before,
            since=after,
            described=tuple(described),
        )
        path = export_actions(db, out, agency_id=agency_id, status=status, redact=redact, cut=cut)
    finally:
        db.dispose()
    click.echo(f"action log written: {path}")


def day_option(value: str, option: str) -> dt.date:
    """A date (2023-04-01 or 01/04/2023), or one line (exit 2) naming the option."""
    from spp_tui.dates import parse_day
    from spp_tui.errors import ValidationError

    try:
        return parse_day(value)
    except ValueError as exc:
        raise ValidationError(f"{option} {exc}") from None


@export.command("agenda")
@db_option
@click.argument("meeting")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, metavar="FILE.docx", help=OUT_HELP
)
@click.option(
    "--redact",
    is_flag=True,
    help="Replace the names of people in cases by [Person N (role)] placeholders.",
)
def agenda(meeting: str, out: Path | None, redact: bool) -> None:
    """The chair's agenda pack for MEETING (id, date, next or last)."""
    from spp_tui.db.models import stored_id
    from spp_tui.db.services.meetings import resolve_meeting
    from spp_tui.exports.agenda import export_agenda_pack

    db = open_db()
    try:
        meeting_id = stored_id(resolve_meeting(db, meeting))
        path = export_agenda_pack(db, meeting_id, out, redact=redact)
    finally:
        db.dispose()
    click.echo(f"{'redacted ' if redact else ''}agenda pack written: {path}")
