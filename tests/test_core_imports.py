"""The headless core must never pull in Textual (it runs in CLI exports and tests)."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


def test_core_imports_without_textual() -> None:
    modules = _modules_after(
        "import spp_tui.db, spp_tui.exports, spp_tui.db.models, spp_tui.db.database, "
        "spp_tui.db.demo, spp_tui.db.services.meetings, spp_tui.db.services.actions, "
        "spp_tui.db.services.cases, spp_tui.db.services.directory"
    )
    assert "spp_tui.db.services.actions" in modules  # the import really happened
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}


def test_cli_help_does_not_import_heavy_modules() -> None:
    """``spp-tui --help`` must be instant: no SQLAlchemy, Alembic, docx or Textual."""
    modules = _modules_after(
        "import sys\nfrom spp_tui.cli import cli\n"
        "try:\n    cli(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    assert "spp_tui.cli" in modules
    heavy = {"sqlalchemy", "sqlmodel", "alembic", "docx", "textual"}
    assert not heavy & {m.split(".")[0] for m in modules}
