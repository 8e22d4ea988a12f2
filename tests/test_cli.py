"""The command line, driven as a user would: the real ``spp-tui`` in a child process."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cli_run import run_cli

from spp_tui import __version__


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("spp-tui: error:"), result.stderr
    assert fragment in lines[0]


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.strip() == f"spp-tui, version {__version__}"
    help_text = run_cli("--help").stdout
    assert "demo" in help_text and "--db" in help_text


def test_demo_loads_once_then_says_so(db_path: Path) -> None:
    first = run_cli("demo", "--db", str(db_path))
    assert first.returncode == 0, first.stderr
    assert "12 cases" in first.stdout
    again = run_cli("demo", "--db", str(db_path))
    assert again.returncode == 0 and "already loaded" in again.stdout
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM 'case'").fetchone()[0] == 12
    con.close()


def test_db_option_is_accepted_before_the_command_and_from_the_environment(tmp_path: Path) -> None:
    before = tmp_path / "before.sqlite3"
    assert run_cli("--db", str(before), "demo").returncode == 0
    assert before.exists()
    from_env = tmp_path / "env.sqlite3"
    assert run_cli("demo", env={"SPP_TUI_DB": str(from_env)}).returncode == 0
    assert from_env.exists()
    url = tmp_path / "url.sqlite3"
    assert run_cli("demo", env={"SPP_TUI_DB": f"sqlite:///{url.as_posix()}"}).returncode == 0
    assert url.exists()


def test_default_database_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    assert run_cli("demo", env=env).returncode == 0
    assert (tmp_path / "data" / "spp-tui" / "spp-tui.sqlite3").exists()


def test_demo_refuses_a_database_with_real_meetings_unless_forced(db_path: Path) -> None:
    import datetime as dt

    from spp_tui.db.database import open_database
    from spp_tui.db.services import meetings

    db = open_database(str(db_path))
    meetings.create_meeting(db, "PSG", dt.date(2024, 5, 7))
    db.dispose()
    assert_one_line_error(run_cli("demo", "--db", str(db_path)), "real meeting")
    forced = run_cli("demo", "--db", str(db_path), "--force")
    assert forced.returncode == 0, forced.stderr


@pytest.mark.parametrize(
    ("name", "make", "fragment"),
    [
        ("folder", lambda p: p.mkdir(), "is a folder"),
        ("text", lambda p: p.write_text("not a database"), "not an SQLite database"),
        ("missing-parent", None, "does not exist"),
    ],
)
def test_user_errors_are_one_line_and_leave_the_file_alone(
    tmp_path: Path, name: str, make, fragment: str
) -> None:
    target = tmp_path / name if make else tmp_path / "nowhere" / "psg.sqlite3"
    if make:
        make(target)
    before = target.read_bytes() if target.is_file() else None
    for command in (["demo"], []):  # the demo loader and the TUI itself
        assert_one_line_error(run_cli(*command, "--db", str(target)), fragment)
    if before is not None:
        assert target.read_bytes() == before


def test_truncated_and_newer_files_are_refused(demo_db_path: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.sqlite3"
    data = demo_db_path.read_bytes()
    truncated.write_bytes(data[: len(data) // 3])
    assert_one_line_error(run_cli("demo", "--db", str(truncated)), "damaged or truncated")
    newer = tmp_path / "newer.sqlite3"
    shutil.copyfile(demo_db_path, newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '0999'")
    con.commit()
    con.close()
    before = newer.read_bytes()
    assert_one_line_error(run_cli("demo", "--db", str(newer)), "newer version")
    assert newer.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_unreadable_file_is_refused(demo_db_path: Path) -> None:
    demo_db_path.chmod(0)
    try:
        assert_one_line_error(run_cli("demo", "--db", str(demo_db_path)), "cannot be read")
    finally:
        demo_db_path.chmod(0o600)


@pytest.mark.slow
def test_large_demo_loads_from_the_command_line(tmp_path: Path) -> None:
    """The CLI reports what it loaded and the counts are in the file (shape: test_demo_large)."""
    target = tmp_path / "large.sqlite3"
    result = run_cli("demo", "--scale", "large", "--db", str(target))
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(target)
    actions = con.execute("SELECT count(*) FROM action").fetchone()[0]
    updates = con.execute("SELECT count(*) FROM actionupdate").fetchone()[0]
    cases = con.execute('SELECT count(*) FROM "case"').fetchone()[0]
    con.close()
    assert f"{cases} cases" in result.stdout and f"{actions} actions" in result.stdout
    assert f"{updates} updates" in result.stdout
    assert actions >= 20_000 and updates >= 40_000 and 1_400 <= cases <= 1_600
