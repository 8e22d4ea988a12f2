"""``spp-tui db``: looking after the store itself: ``db upgrade`` and ``db copy``.

Why commands of their own: a shared server's schema is changed by one person on purpose (never
by whichever client opens it first), and moving a laptop's meetings to the server must be
checked row for row, not trusted.
"""

from __future__ import annotations

import click

from spp_tui.cli import db_option, resolved_target
from spp_tui.errors import UserError, mask_secrets
from spp_tui.text import plural


@click.group("db")
def db_group() -> None:
    """Look after the store: upgrade its schema, copy it to another store."""


@db_group.command("upgrade")
@db_option
def upgrade() -> None:
    """Bring the database's schema up to this version (the only way a server's changes)."""
    from pathlib import Path

    from spp_tui.db.preflight import head_revision
    from spp_tui.db.server import create_server_engine, is_server_url, normalise_url
    from spp_tui.db.server import upgrade_schema as upgrade_server

    target = resolved_target()
    shown = mask_secrets(target)
    if is_server_url(target):
        url = normalise_url(target)
        engine = create_server_engine(url)
        try:
            before, after = upgrade_server(engine, url)
        finally:
            engine.dispose()
    else:
        from spp_tui.db.database import open_database
        from spp_tui.db.preflight import check_sqlite_file

        path = Path(target.removeprefix("sqlite:///")).expanduser()
        before = check_sqlite_file(path).revision
        open_database(str(path)).dispose()
        after = head_revision()
    if before == after:
        click.echo(f"{shown}: schema already at {after}; nothing to do.")
    else:
        click.echo(f"{shown}: schema upgraded from {before or 'empty'} to {after}.")


@db_group.command("copy")
@click.option("--from", "source", required=True, metavar="STORE", help="File or URL to copy.")
@click.option("--to", "target", required=True, metavar="STORE", help="Empty file or URL.")
def copy(source: str, target: str) -> None:
    """Copy every record from one store to another (SQLite or PostgreSQL), checked by row
    counts and a content checksum. The target must be empty; the source is not changed."""
    from pathlib import Path

    from spp_tui.db.database import open_database
    from spp_tui.db.server import is_server_url
    from spp_tui.db.store_copy import copy_store, open_copy_target

    if source.strip() == target.strip():
        raise UserError("--from and --to are the same store.")
    if not is_server_url(source) and not Path(source.removeprefix("sqlite:///")).exists():
        raise UserError(f"{source} does not exist; nothing to copy.")
    src = open_database(source)
    try:
        dst = open_copy_target(target)
        try:
            report = copy_store(src, dst)
        finally:
            dst.dispose()
    finally:
        src.dispose()
    click.echo(
        f"copied {plural(report.total, 'row')} "
        f"({plural(report.rows.get('meeting', 0), 'meeting')}, "
        f"{plural(report.rows.get('case', 0), 'case')}, "
        f"{plural(report.rows.get('action', 0), 'action')}) "
        f"from {mask_secrets(source)} to {mask_secrets(target)}; "
        f"row counts and checksum {report.checksum[:12]} match."
    )
