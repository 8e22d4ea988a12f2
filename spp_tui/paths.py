"""Where spp-tui keeps its files: pure pathlib + platformdirs, so it works on Windows too."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from spp_tui.errors import DatabaseOpenError

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
    """True when ``target`` names a database server by a known URL scheme (not a file)."""
    try:
        return parse_db_target(target).url is not None
    except DatabaseOpenError:
        return False


#: Server URL schemes spp-tui knows -> the driver module each needs.
SERVER_SCHEMES = {
    "postgresql": "psycopg",
    "postgresql+psycopg": "psycopg",
    "postgresql+psycopg2": "psycopg2",
}
SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)?://")
_EXAMPLES = "give a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"


@dataclass(frozen=True)
class DbTarget:
    """Where the data lives: a file (``path``) or a database server (``url``), never both."""

    path: Path | None = None
    url: str | None = None


def parse_db_target(target: str) -> DbTarget:
    """Tell a file path from a URL, the way a user means it.

    Why: a file name may hold ``?``, ``%`` or ``#`` (``what?x.sqlite3``); read as a URL it
    would silently name another file. So only a *known* scheme makes a URL; a plain path is
    always taken literally. An unknown scheme, a missing driver or an in-memory database (all
    edits lost on quitting) raise ``DatabaseOpenError`` with one line.
    """
    match = _SCHEME.match(target)
    if match is None or (os.name == "nt" and len(match.group(1) or "") == 1):  # C://x
        return DbTarget(path=literal_path(target))
    scheme = (match.group(1) or "").lower()
    rest = target[match.end() :]
    if scheme in SQLITE_SCHEMES:
        return DbTarget(path=_sqlite_url_path(rest))
    if scheme in SERVER_SCHEMES:
        driver = SERVER_SCHEMES[scheme]
        if importlib.util.find_spec(driver) is None:
            raise DatabaseOpenError(
                f"the PostgreSQL driver ({driver}) is not installed; "
                "install it with: pip install 'spp-tui[postgres]'"
                + (" and use postgresql+psycopg://" if driver != "psycopg" else "")
                + "."
            )
        return DbTarget(url=target)
    if not scheme:
        raise DatabaseOpenError(f"'://' without a scheme is not a database; {_EXAMPLES}.")
    raise DatabaseOpenError(f"'{scheme}://' is not a kind of database spp-tui knows; {_EXAMPLES}.")


def _sqlite_url_path(rest: str) -> Path:
    """The file named by the part of ``sqlite:///PATH`` after ``sqlite://``."""
    if rest in ("", "/") or rest.startswith("/:memory:") or "mode=memory" in rest:
        raise DatabaseOpenError(
            "that is an in-memory database: every edit would be lost when spp-tui closes; "
            "give a file path."
        )
    if not rest.startswith("/"):
        raise DatabaseOpenError(f"a SQLite URL has three slashes before the path; {_EXAMPLES}.")
    location, _, options = rest[1:].partition("?")
    if options:
        raise DatabaseOpenError(
            "spp-tui takes no options in a SQLite URL (the part after '?'); "
            "give the file path on its own (a path may hold '?')."
        )
    return literal_path(unquote(location))


def literal_path(text: str) -> Path:
    """``text`` as a path: ``~`` at the very start is the home folder, nowhere else.

    ``Path("./~")`` drops the ``./`` and a later ``expanduser()`` would then read a file named
    ``~`` as the home folder; anchoring such a name in the current folder keeps it a file.
    """
    path = Path(os.path.expanduser(text))
    if not path.is_absolute() and path.parts and path.parts[0].startswith("~"):
        path = Path.cwd() / path
    return path


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` and any missing parents readable by the user alone (0700 on POSIX).

    Why: every folder spp-tui makes holds personal data (exports, backups, circulation
    sets); ``mkdir(parents=True)`` would give the parents the umask's 0755. Folders that
    already exist are left as the user made them.
    """
    folder = Path(folder)
    missing: list[Path] = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by another instance
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.chmod(created, 0o700)  # the umask may have taken bits off the mode


def restrict_to_user(path: Path) -> None:
    """Make a file we wrote readable by the user alone (0600) where the OS supports it."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
