"""Data-safety commands: ``backup``, ``restore``, ``purge`` and ``audit``.

Each asks before it replaces or removes anything; ``--yes`` answers for scripts. Without a
terminal to ask on and without ``--yes``, they refuse rather than guess.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from spp_tui.cli import db_option, open_db, resolved_target
from spp_tui.errors import UserError, ValidationError
from spp_tui.text import plural

YES_HELP = "Do not ask; answer yes (for scripts)."


def _confirm(question: str, yes: bool) -> bool:
    """Ask on the terminal; refuse with one line when there is nobody to ask."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise UserError("not running in a terminal, so nobody can confirm; add --yes to go ahead.")
    return click.confirm(question, default=False)


def _db_file_target() -> Path:
    from spp_tui.paths import parse_db_target

    path = parse_db_target(resolved_target()).path
    if path is None:
        raise UserError("this database is not a file; ask its administrator for backups.")
    return path


@click.command()
@db_option
@click.option(
    "--out",
    type=click.Path(dir_okay=True, path_type=Path),
    default=None,
    help="File to write (default: a new time-stamped file in the backups folder).",
)
def backup(out: Path | None) -> None:
    """Take a consistent copy of the database, even while the app is open."""
    from spp_tui.db.backup import make_backup
    from spp_tui.db.services.audit_log import record_event

    db = open_db()
    try:
        written = make_backup(db, out)
        record_event(db, "database", None, "backup", f"backup written to {written}")
    finally:
        db.dispose()
    click.echo(f"backup written: {written}")


@click.command()
@db_option
@click.argument("backup_file", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--yes", "-y", is_flag=True, help=YES_HELP)
def restore(backup_file: Path, yes: bool) -> None:
    """Replace the database with the backup FILE (after checking it, and asking)."""
    from spp_tui.db.backup import check_backup_file, make_backup, restore_database
    from spp_tui.db.database import open_database
    from spp_tui.db.preflight import check_sqlite_file
    from spp_tui.db.services.audit_log import record_event

    summary = check_backup_file(backup_file)
    from spp_tui.db.server import is_server_url

    if is_server_url(resolved_target()):
        _restore_server(summary, yes)
        return
    target = _db_file_target()
    click.echo(
        f"{summary.path}: {plural(summary.meetings, 'meeting')}, "
        f"{plural(summary.cases, 'case')}, {plural(summary.actions, 'action')}; "
        f"last change {summary.last_change or 'unknown'}."
    )
    current = check_sqlite_file(target) if target.exists() else None
    if current is not None and current.exists:
        question = f"Replace everything in {target} with this backup?"
    else:
        question = f"Create {target} from this backup?"
    if not _confirm(question, yes):
        click.echo("Nothing changed.")
        return
    safety_copy = None
    if current is not None and current.exists and current.revision is not None:
        # The database being replaced is itself kept, in case the wrong file was chosen.
        db = open_database(str(target), migrate=False)
        try:
            safety_copy = make_backup(db, tag="before-restore")
        finally:
            db.dispose()
    restore_database(summary.path, target)
    db = open_database(str(target))  # upgrades an older backup to this version's schema
    try:
        record_event(db, "database", None, "restore", f"restored from {summary.path}")
    finally:
        db.dispose()
    click.echo(f"restored {target} from {summary.path}")
    if safety_copy:
        click.echo(f"the replaced database was kept as {safety_copy}")


def _restore_server(summary: object, yes: bool) -> None:
    """Restore a portable backup file into the server store: the server's current content is
    first written to a backup file of its own, then replaced in one verified transaction."""
    from spp_tui.db.backup import make_backup
    from spp_tui.db.services.audit_log import record_event
    from spp_tui.db.store_copy import restore_into
    from spp_tui.errors import mask_secrets

    path = summary.path  # type: ignore[attr-defined]
    click.echo(
        f"{path}: {plural(summary.meetings, 'meeting')}, "  # type: ignore[attr-defined]
        f"{plural(summary.cases, 'case')}, {plural(summary.actions, 'action')}; "  # type: ignore[attr-defined]
        f"last change {summary.last_change or 'unknown'}."  # type: ignore[attr-defined]
    )
    db = open_db()
    try:
        if not _confirm(f"Replace everything in {db.display_url} with this backup?", yes):
            click.echo("Nothing changed.")
            return
        safety_copy = make_backup(db, tag="before-restore")
        report = restore_into(path, db)
        record_event(db, "database", None, "restore", f"restored from {path}")
    finally:
        db.dispose()
    click.echo(
        f"restored {mask_secrets(resolved_target())} from {path} ({plural(report.total, 'row')})"
    )
    click.echo(f"the replaced content was kept as {safety_copy}")


def _parse_day(value: str) -> dt.date:
    from spp_tui.dates import parse_day

    try:
        return parse_day(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


@click.command()
@db_option
@click.option("--closed-before", "closed_before", metavar="DATE", help="Cases closed before.")
@click.option(
    "--years",
    type=int,
    default=None,
    help="Cases closed more than N years ago (default: the RETENTION_YEARS setting).",
)
@click.option("--yes", "-y", is_flag=True, help=YES_HELP)
def purge(closed_before: str | None, years: int | None, yes: bool) -> None:
    """Remove closed cases' personal data (parties, discussions, action text) after retention."""
    from spp_tui.db.services import retention

    if closed_before and years is not None:
        raise UserError("give either --closed-before or --years, not both.")
    db = open_db()
    try:
        if closed_before:
            cutoff = _parse_day(closed_before)
        else:
            cutoff = retention.cutoff_for_years(
                years if years is not None else retention.default_retention_years(db)
            )
        preview = retention.purge_preview(db, cutoff)
        if not preview.cases:
            click.echo(f"No closed case before {cutoff} holds personal data; nothing to purge.")
            # An earlier purge may have had to leave old copies for a reader: clear them now.
            _say_readers_left(retention.finish_purge(db))
            return
        click.echo(
            f"Closed before {cutoff}: {plural(len(preview.cases), 'case')} will lose their personal"
        )
        click.echo("data (parties, discussions, SARA notes, action text); references stay.")
        for c in preview.cases:
            click.echo(
                f"  {c.reference}  closed {c.closed_on}  {plural(c.parties, 'party', 'parties')}, "
                f"{plural(c.discussions, 'discussion')}, {plural(c.actions, 'action')}  {c.title}"
            )
        if not _confirm("Remove this personal data for good?", yes):
            click.echo("Nothing changed.")
            return
        report = retention.purge_closed_cases(
            db, cutoff, case_ids=[c.case_id for c in preview.cases]
        )
    finally:
        db.dispose()
    click.echo(
        f"Purged {plural(len(report.cases), 'case')}: "
        f"{plural(report.parties, 'party', 'parties')} removed, "
        f"{plural(report.discussions, 'discussion')} and {plural(report.actions, 'action')} "
        f"blanked, {plural(report.audit_entries_scrubbed, 'audit entry', 'audit entries')} "
        "scrubbed."
    )
    _say_readers_left(report.readers_left)
    click.echo("Older backups still hold this data until they are rotated out or deleted.")


def _say_readers_left(readers: int) -> None:
    """The purged text is gone from the store's files only once nobody reading from before the
    purge is left; if someone still was, say so and how to finish."""
    if readers:
        click.echo(
            "Another session begun before the purge was still open (reading this store, or on "
            "the same server), so old copies of the purged text stay in the store's files until "
            "it ends: run `spp-tui purge` again later to clear them."
        )


@click.command("audit")
@db_option
@click.option("--case", "case_ref", metavar="REF", help="Only this case (e.g. PSG-2023-014).")
@click.option(
    "--out",
    type=click.Path(dir_okay=True, path_type=Path),
    default=None,
    help="CSV file or existing folder to write to (default: print CSV).",
)
def audit_command(case_ref: str | None, out: Path | None) -> None:
    """Export the audit trail (who changed what, when, before and after) as CSV."""
    from spp_tui.db.services.audit_log import case_by_reference
    from spp_tui.exports.audit_trail import audit_trail_csv, export_audit_trail

    db = open_db()
    try:
        case_id = case_by_reference(db, case_ref).id if case_ref else None
        if out is None:
            click.echo(audit_trail_csv(db, case_id)[0], nl=False)
            return
        path, count = export_audit_trail(db, out, case_id=case_id)
    finally:
        db.dispose()
    click.echo(f"{plural(count, 'entry', 'entries')} written to {path}", err=True)
