"""Command line: ``spp-tui`` opens the TUI; subcommands load demo data, export, back up...

Every error a user can cause prints one line (``spp-tui: error: ...``) and exits non-zero.
Heavy modules are imported inside the commands so ``spp-tui --help`` stays instant.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

import click

from spp_tui import __version__
from spp_tui.errors import fail, one_line_failure

if TYPE_CHECKING:
    from spp_tui.db.database import Database

DB_HELP = "Database file or SQLAlchemy URL (default: SPP_TUI_DB, else the user data folder)."


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--db`` on every command; a subcommand's value wins over the group's."""

    @click.option("--db", "db_target", default=None, metavar="PATH", help=DB_HELP)
    @click.pass_context
    @wraps(func)
    def wrapper(ctx: click.Context, *args: Any, db_target: str | None, **kwargs: Any) -> Any:
        target = db_target or (ctx.obj or {}).get("db_target")
        ctx.ensure_object(dict)["db_target"] = target
        return func(*args, **kwargs)

    return wrapper


def resolved_target() -> str:
    from spp_tui.paths import resolve_db_target

    ctx = click.get_current_context()
    return resolve_db_target((ctx.obj or {}).get("db_target"))


def open_db() -> Database:
    """Open (creating and migrating) the chosen database, or exit with one clear line."""
    from spp_tui.db.database import open_database
    from spp_tui.paths import default_db_path

    target = resolved_target()
    db = open_database(target, create_parent=target == str(default_db_path()))
    if db.notice:
        click.echo(f"spp-tui: note: {db.notice}", err=True)
    return db


#: Subcommands that live in their own modules, imported only when used (or listed by --help).
#: name -> "module:attribute"
LAZY_COMMANDS: dict[str, str] = {
    "audit": "spp_tui.commands.safety:audit_command",
    "backup": "spp_tui.commands.safety:backup",
    "purge": "spp_tui.commands.safety:purge",
    "restore": "spp_tui.commands.safety:restore",
    "export": "spp_tui.commands.export:export",
    "check": "spp_tui.commands.secretariat:check",
    "db": "spp_tui.commands.store:db_group",
    "circulate": "spp_tui.commands.secretariat:circulate",
    "redaction": "spp_tui.commands.secretariat:redaction",
    "distribution": "spp_tui.commands.secretariat:distribution",
    "report": "spp_tui.commands.report:report",
}


class FriendlyGroup(click.Group):
    """Turn our ``UserError``s (and stray OS errors on paths) into one line, not a traceback;
    load subcommands from ``LAZY_COMMANDS`` on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            import importlib

            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attribute)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:  # noqa: BLE001 - every failure a user can cause: one line
            fail(one_line_failure(exc))
        except KeyboardInterrupt:
            fail("interrupted; nothing was half-written.")


@click.group(
    cls=FriendlyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--db", "db_target", default=None, metavar="PATH", help=DB_HELP)
@click.option(
    "--projector",
    is_flag=True,
    help="Open the room's view: read-only, names redacted, follows the chair's item.",
)
@click.version_option(__version__, "-V", "--version", prog_name="spp-tui")
@click.pass_context
def cli(ctx: click.Context, db_target: str | None, projector: bool) -> None:
    """Run a Problem Solving Group meeting from the keyboard; export minutes to Word.

    With no command, opens the app (--projector: the room's view of the live meeting).
    """
    ctx.ensure_object(dict)["db_target"] = db_target
    if ctx.invoked_subcommand is None:
        _run_tui(projector)


def _run_tui(projector: bool = False) -> None:
    if projector:
        from spp_tui.projector import open_projector

        open_projector(resolved_target())
        return
    from spp_tui.app import open_app

    open_app(resolved_target())


@cli.command()
@db_option
@click.option(
    "--scale",
    type=click.Choice(["small", "large"]),
    default="small",
    show_default=True,
    help="small: a few meetings; large: five years, for benchmarks.",
)
@click.option("--force", is_flag=True, help="Load even if the database holds real meetings.")
def demo(scale: str, force: bool) -> None:
    """Load demo data (Safer Peterborough PSG, 2023) into the database."""
    from spp_tui.db.demo import load_demo

    db = open_db()
    try:
        report = load_demo(db, scale=scale, force=force)
    finally:
        db.dispose()
    from spp_tui.errors import mask_secrets

    click.echo(f"{report}\ndatabase: {mask_secrets(resolved_target())}")


def main() -> None:
    from spp_tui.failures import install_log

    install_log()  # library warnings to spp-tui.log, passwords masked
    cli(prog_name="spp-tui")
