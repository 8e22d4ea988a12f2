"""The ``spp-tui`` entry point: opening the app does not wait for the CLI toolkit.

``spp-tui``, ``spp-tui --db PATH`` and the room's view ``spp-tui --projector [--db PATH]``
go straight to the app (first paint is what the chair
waits for in front of the room); anything else (a command, ``--help``, ``--version``) is
handed to the click CLI in ``spp_tui.cli``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from spp_tui.errors import UserError, fail, one_line_failure

__all__ = ["fail", "main", "open_app", "open_projector", "plain_launch", "split_projector"]


def plain_launch(argv: Sequence[str]) -> tuple[bool, str | None]:
    """(True, the --db value or None) when ``argv`` only asks to open the app."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db":
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db="):
        return True, argv[0].removeprefix("--db=")
    return False, None


def split_projector(argv: Sequence[str]) -> tuple[bool, list[str]]:
    """(True, the rest) when ``--projector`` asks for the room's read-only view."""
    rest = [arg for arg in argv if arg != "--projector"]
    return len(rest) != len(argv), rest


def open_projector(target: str) -> None:
    """Run the room's view on ``target`` (see ``spp_tui.projector``)."""
    from spp_tui.projector import open_projector as run

    run(target)


def open_app(target: str) -> None:
    """Run the app on ``target`` (see ``spp_tui.app.open_app``); Textual loads only now."""
    from spp_tui.app import open_app as run

    run(target)


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    projector, rest = split_projector(argv)
    plain, db_option = plain_launch(rest)
    if not plain:
        from spp_tui.cli import main as cli_main

        cli_main()
        return
    from spp_tui.paths import resolve_db_target

    try:
        (open_projector if projector else open_app)(resolve_db_target(db_option))
    except (UserError, OSError) as exc:
        fail(one_line_failure(exc))
    except KeyboardInterrupt:
        fail("interrupted; nothing was half-written.")
