"""Where spp-tui keeps its files: pure pathlib + platformdirs, so it works on Windows too."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "spp-tui"
DB_ENV_VAR = "SPP_TUI_DB"


def data_dir() -> Path:
    """The per-user data folder (no admin rights needed)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "spp-tui.sqlite3"


def backups_dir() -> Path:
    return data_dir() / "backups"


def documents_export_dir() -> Path:
    """Default folder for exported Word files: ``<Documents>/spp-tui``."""
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / APP_NAME


def resolve_db_target(cli_value: str | None) -> str:
    """Pick the database: ``--db`` wins, then ``SPP_TUI_DB``, then the data folder.

    Returns either a plain file path or a SQLAlchemy URL (anything containing ``://``).
    """
    value = cli_value or os.environ.get(DB_ENV_VAR) or ""
    if value.strip():
        return value.strip()
    return str(default_db_path())


def is_url(target: str) -> bool:
    return "://" in target


def sqlite_url_for(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


def restrict_to_user(path: Path) -> None:
    """Make a file we wrote readable by the user alone (0600) where the OS supports it."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
