"""``spp-tui export minutes|actions|agenda``: the Word documents the secretariat sends out.

Each prints the path of the file written. MEETING is an id, a date (2023-04-04), ``next``
(the next scheduled meeting) or ``last`` (the last one held).
"""

from __future__ import annotations

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
    help="Your organisation's Word template (remembered; 'default' forgets it).",
)
def minutes(meeting: str, out: Path | None, redact: bool, template: str | None) -> None:
    """Minutes of MEETING (id, date, next or last)."""
    from spp_tui.db.services.meetings import resolve_meeting
    from spp_tui.db.services.readiness import readiness_warning
    from spp_tui.exports.minutes import export_minutes

    db = open_db()
    try:
        found = resolve_meeting(db, meeting)
        path = export_minutes(
            db, found.id, out, redact=redact, template=Path(template) if template else None
        )
        warning = readiness_warning(db, found.id)  # warn, do not block (issue 9)
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
@click.option(
    "--status",
    type=click.Choice(["open", "all"]),
    default="open",
    show_default=True,
    help="open: open, in progress and not done; all: every action.",
)
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, metavar="FILE.docx", help=OUT_HELP
)
@click.option("--redact", is_flag=True, help="Replace the names of people in cases.")
def actions(agency: str | None, status: str, out: Path | None, redact: bool) -> None:
    """The action log, whole or one agency's extract."""
    from spp_tui.db.services.directory import find_agency
    from spp_tui.errors import NotFoundError
    from spp_tui.exports.actions import export_actions

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
        path = export_actions(db, out, agency_id=agency_id, status=status, redact=redact)
    finally:
        db.dispose()
    click.echo(f"action log written: {path}")


@export.command("agenda")
@db_option
@click.argument("meeting")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, metavar="FILE.docx", help=OUT_HELP
)
def agenda(meeting: str, out: Path | None) -> None:
    """The chair's agenda pack for MEETING (id, date, next or last)."""
    from spp_tui.db.services.meetings import resolve_meeting
    from spp_tui.exports.agenda import export_agenda_pack

    db = open_db()
    try:
        found = resolve_meeting(db, meeting)
        path = export_agenda_pack(db, found.id, out)
    finally:
        db.dispose()
    click.echo(f"agenda pack written: {path}")
