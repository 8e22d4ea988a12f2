"""The secretariat's commands: ``check`` the minutes, ``circulate`` them, keep the
``distribution`` list.

Services and exporters are imported inside the commands so ``spp-tui --help`` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from spp_tui.cli import db_option, open_db
from spp_tui.errors import NotFoundError
from spp_tui.text import plural

MEETING_HELP = "MEETING is an id, a date (2023-03-07), next or last."
SERIES_CHOICES = ["PSG", "Youth PSG", "Extraordinary PSG"]


@click.command(epilog=MEETING_HELP)
@db_option
@click.argument("meeting_spec", metavar="MEETING")
def check(meeting_spec: str) -> None:
    """List what is missing from a meeting's minutes; exit 1 while anything is."""
    from spp_tui.db.models import stored_id
    from spp_tui.db.services.meetings import resolve_meeting
    from spp_tui.db.services.readiness import readiness_issues

    db = open_db()
    try:
        meeting = resolve_meeting(db, meeting_spec)
        issues = readiness_issues(db, stored_id(meeting))
    finally:
        db.dispose()
    title = f"{meeting.kind} {meeting.date} (id {meeting.id}, {meeting.status})"
    if not issues:
        click.echo(f"{title}: ready, nothing missing.")
        return
    click.echo(f"{title}: {len(issues)} gap{'s' if len(issues) != 1 else ''} to close")
    width = max(len(i.kind) for i in issues)
    for issue in issues:
        click.echo(f"  {issue.kind:<{width}}  {issue.message}")
    sys.exit(1)


@click.command(epilog=MEETING_HELP)
@db_option
@click.argument("meeting_spec", metavar="MEETING")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A new (or empty) folder: one sub-folder per agency plus covering-list.txt.",
)
@click.option(
    "--accept-unreviewed",
    is_flag=True,
    help="Write redacted copies although possible names not recorded were not reviewed.",
)
def circulate(meeting_spec: str, out: Path, accept_unreviewed: bool) -> None:
    """Prepare each agency's copy of the minutes and its action extract (nothing is sent).

    Agencies that signed the information-sharing agreement get the full minutes, the others a
    redacted copy. Gaps in the minutes (see check) are warned about, not blocking: drafts often
    go out before every owner is known.
    """
    from spp_tui.db.models import stored_id
    from spp_tui.db.services.meetings import resolve_meeting
    from spp_tui.exports.circulation import circulate as circulate_minutes

    db = open_db()
    try:
        meeting = resolve_meeting(db, meeting_spec)
        result = circulate_minutes(db, stored_id(meeting), out, accept_unreviewed=accept_unreviewed)
    finally:
        db.dispose()
    for warning in result.warnings:
        click.echo(f"spp-tui: warning: {warning}", err=True)
    for files in result.sets:
        r = files.recipient
        copy = "redacted" if r.redacted else "full"
        actions = plural(files.open_actions, "open action")
        click.echo(f"{r.agency_name}: {copy} minutes + {actions} -> {r.email or '(no email)'}")
    click.echo(
        f"{plural(len(result.sets), 'agency', 'agencies')}; covering list: {result.covering_list}"
    )


# --- distribution list -------------------------------------------------------------------


def _agency_id(db, text: str) -> int:  # noqa: ANN001 - a Database
    from spp_tui.db.models import stored_id
    from spp_tui.db.services.directory import find_agency

    agency = find_agency(db, text)
    if agency is None:
        raise NotFoundError(
            f"no single agency matches '{text}'; give its name or short name (e.g. Police)."
        )
    return stored_id(agency)


@click.group()
def distribution() -> None:
    """Who receives each meeting series' minutes, and who gets a redacted copy."""


@distribution.command("show")
@db_option
@click.argument("series", type=click.Choice(SERIES_CHOICES), default="PSG")
def distribution_show(series: str) -> None:
    """Print the SERIES distribution list (default PSG)."""
    from spp_tui.db.services.distribution import distribution_list

    db = open_db()
    try:
        recipients = distribution_list(db, series)
    finally:
        db.dispose()
    if not recipients:
        click.echo(
            f"The {series} distribution list is empty (spp-tui distribution fill {series!r})."
        )
        return
    width = max(len(r.agency_name) for r in recipients)
    for r in recipients:
        copy = "full" if r.signed_isa else "redacted"
        click.echo(f"{r.agency_name:<{width}}  {copy:<8}  {r.email or '(no email address)'}")


@distribution.command("add")
@db_option
@click.argument("series", type=click.Choice(SERIES_CHOICES))
@click.argument("agency")
@click.option("--email", default="", help="Address for this series, if not the agency's own.")
def distribution_add(series: str, agency: str, email: str) -> None:
    """Put AGENCY on the SERIES distribution list."""
    from spp_tui.db.services.distribution import add_recipient

    db = open_db()
    try:
        recipient = add_recipient(db, series, _agency_id(db, agency), email)
    finally:
        db.dispose()
    click.echo(f"{recipient.agency_name} added: {recipient.email or '(no email address)'}")


@distribution.command("remove")
@db_option
@click.argument("series", type=click.Choice(SERIES_CHOICES))
@click.argument("agency")
def distribution_remove(series: str, agency: str) -> None:
    """Take AGENCY off the SERIES distribution list."""
    from spp_tui.db.services.distribution import remove_recipient

    db = open_db()
    try:
        remove_recipient(db, series, _agency_id(db, agency))
    finally:
        db.dispose()
    click.echo("removed.")


@distribution.command("fill")
@db_option
@click.argument("series", type=click.Choice(SERIES_CHOICES))
def distribution_fill(series: str) -> None:
    """Add every partner agency not yet on the SERIES list (then remove who should not be)."""
    from spp_tui.db.services.distribution import fill_from_partners

    db = open_db()
    try:
        added = fill_from_partners(db, series)
    finally:
        db.dispose()
    click.echo(f"{added} agenc{'y' if added == 1 else 'ies'} added to the {series} list.")


@distribution.command("isa")
@db_option
@click.argument("agency")
@click.option(
    "--signed/--not-signed",
    required=True,
    help="Whether AGENCY signed the information-sharing agreement.",
)
def distribution_isa(agency: str, signed: bool) -> None:
    """Record whether AGENCY signed the information-sharing agreement (full or redacted copy)."""
    from spp_tui.db.services.distribution import set_signed_isa

    db = open_db()
    try:
        row = set_signed_isa(db, _agency_id(db, agency), signed)
    finally:
        db.dispose()
    click.echo(f"{row.name}: {'full' if signed else 'redacted'} minutes from now on.")


@click.command("redaction", epilog=MEETING_HELP)
@db_option
@click.argument("meeting_spec", metavar="MEETING")
@click.option("--party", multiple=True, metavar="PHRASE", help="Mark PHRASE a person: redacted.")
@click.option(
    "--not-person", "not_person", multiple=True, metavar="PHRASE", help="Mark PHRASE not a person."
)
def redaction(meeting_spec: str, party: tuple[str, ...], not_person: tuple[str, ...]) -> None:
    """The redaction review of MEETING: every replacement a redacted copy makes (original ->
    placeholder, where) and every possible name not recorded. Exit 0 when none is left to
    review, 1 while some are."""
    from spp_tui.db.models import stored_id
    from spp_tui.db.services import name_review
    from spp_tui.db.services.meetings import resolve_meeting

    db = open_db()
    try:
        meeting = resolve_meeting(db, meeting_spec)
        for phrase in party:
            name_review.mark(db, phrase, name_review.PARTY, meeting.id)
        for phrase in not_person:
            name_review.mark(db, phrase, name_review.NOT_A_PERSON, meeting.id)
        found = name_review.review(db, stored_id(meeting))
    finally:
        db.dispose()
    click.echo(f"{meeting.kind} {meeting.date}: {plural(len(found.replacements), 'replacement')}")
    for r in found.replacements:
        click.echo(f"  {r.where}: {r.text} -> {r.placeholder}")
    count = len(found.candidates)
    click.echo(f"{count} possible name{'s' if count != 1 else ''} not recorded")
    for c in found.candidates:
        click.echo(f'  {c.where}: "{c.text}"  ...{c.context}...')
    if count:
        click.echo(
            "Mark each: spp-tui redaction MEETING --party PHRASE (redacted) or --not-person PHRASE."
        )
        raise SystemExit(1)
