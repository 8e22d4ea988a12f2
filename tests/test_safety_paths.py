"""Paths and URLs (issue 12 item 6): a plain path is always that file; a URL only by a known
scheme; anything else is one line, exit 2, and nothing is created.

The commands run the real ``spp-tui`` in a child process, as a user would.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_safety_bad_input import assert_one_line, run_spp_tui

from spp_tui.errors import DatabaseOpenError
from spp_tui.paths import parse_db_target


@pytest.mark.parametrize("name", ["what?x.sqlite3", "fifty%25.sqlite3", "a#b&c=d.sqlite3"])
def test_a_file_name_with_url_characters_is_that_file(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    result = run_spp_tui("--db", str(target), "demo")
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(target)
    try:
        assert con.execute("SELECT COUNT(*) FROM meeting").fetchone()[0] == 5
    finally:
        con.close()
    stems = {p.name for p in tmp_path.iterdir() if not p.name.endswith("-backups")}
    assert stems <= {name, f"{name}-wal", f"{name}-shm"}, stems  # no `what`, no `fifty%...`


def test_a_sqlite_url_is_read_as_a_url(tmp_path: Path) -> None:
    assert parse_db_target(f"sqlite:///{tmp_path}/fifty%25.db").path == tmp_path / "fifty%.db"
    assert parse_db_target("sqlite:///rel.db").path == Path("rel.db")
    assert parse_db_target(f"SQLITE+pysqlite:///{tmp_path}/x.db").path == tmp_path / "x.db"


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1)
)
def test_any_plain_path_is_taken_literally(name: str) -> None:
    """Whatever the file name holds (``?``, ``%``, ``#``, ``://``), an absolute or ``./`` path
    is that file, never a URL."""
    for path in (f"/tmp/{name}", f"./{name}"):
        parsed = parse_db_target(path)
        assert parsed.url is None and parsed.path is not None
        assert os.path.abspath(parsed.path) == os.path.abspath(path)
        assert parsed.path.expanduser() == parsed.path  # a file named ~ is not the home folder


def _symlink_loop(tmp: Path) -> str:
    os.symlink(tmp / "loop.sqlite3", tmp / "loop.sqlite3")
    return str(tmp / "loop.sqlite3")


def _dangling_link(tmp: Path) -> str:
    os.symlink(tmp / "gone" / "psg.sqlite3", tmp / "link.sqlite3")
    return str(tmp / "link.sqlite3")


#: name -> (the --db value, made in a fresh folder; what the one line says)
BAD_TARGETS = {
    "unknown scheme": (lambda tmp: "foo://x", "'foo://' is not a kind of database spp-tui knows"),
    "no scheme": (lambda tmp: "://", "'://' without a scheme is not a database"),
    "in memory": (lambda tmp: "sqlite://", "in-memory database: every edit would be lost"),
    "in memory, spelt out": (lambda tmp: "sqlite:///:memory:", "in-memory database"),
    "URL options": (lambda tmp: f"sqlite:///{tmp}/x.db?mode=ro", "takes no options"),
    "a symlink loop": (_symlink_loop, "symbolic link that loops back on itself"),
    "a dangling link": (_dangling_link, "which does not exist."),
    "a device file": (lambda tmp: "/dev/null", "/dev/null is not a regular file"),
}


def _missing_driver_target() -> str:
    import importlib.util

    if importlib.util.find_spec("psycopg2") is not None:
        pytest.skip("psycopg2 is installed here")
    return "postgresql+psycopg2://psg@localhost/psg"


#: Every case through the app and ``demo``; the other doors share the same opening code, so a
#: few cases each show they answer the same way (and keep the suite quick).
RUNS = [
    (case, command, "--db")
    for case in [*BAD_TARGETS, "missing driver"]
    for command in ("app", "demo")
]
RUNS += [(case, "app", "SPP_TUI_DB") for case in ("unknown scheme", "in memory", "missing driver")]
RUNS += [(case, "backup", "--db") for case in ("URL options", "a device file")]
COMMANDS = {"app": [], "demo": ["demo"], "backup": ["backup"]}


@pytest.mark.parametrize(("case", "command", "how"), RUNS, ids=["-".join(r) for r in RUNS])
def test_a_bad_target_is_one_line_and_creates_nothing(
    tmp_path: Path, case: str, command: str, how: str
) -> None:
    if case == "missing driver":
        target, fragment = _missing_driver_target(), "pip install 'spp-tui[postgres]'"
    else:
        make, fragment = BAD_TARGETS[case]
        target = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    dev_before = sorted(p.name for p in Path("/dev").glob("null*"))
    if how == "--db":
        result = run_spp_tui("--db", target, *COMMANDS[command], cwd=tmp_path)
    else:
        result = run_spp_tui(*COMMANDS[command], env={"SPP_TUI_DB": target}, cwd=tmp_path)
    assert_one_line(result, fragment)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert sorted(p.name for p in Path("/dev").glob("null*")) == dev_before  # no null-journal


@pytest.mark.parametrize("case", list(BAD_TARGETS))
def test_the_same_targets_are_refused_in_process(tmp_path: Path, case: str) -> None:
    from spp_tui.db.database import open_database

    make, fragment = BAD_TARGETS[case]
    with pytest.raises(DatabaseOpenError, match=None) as caught:
        open_database(make(tmp_path))
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)
