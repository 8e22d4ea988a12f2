"""Shared fixtures: a fresh database per test, and the small demo copied from one build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from spp_tui.db.database import Database, open_database


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the real user's data or documents folder from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    monkeypatch.delenv("SPP_TUI_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "psg.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Database:
    database = open_database(str(db_path))
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from spp_tui.db.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(str(path))
    load_demo(database, "small")
    with database.engine.connect() as conn:  # fold the WAL into the main file before copying
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def demo_db_path(_demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the small demo database (built once per test session)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(_demo_template, path)
    return path


@pytest.fixture
def demo_db(demo_db_path: Path) -> Database:
    database = open_database(str(demo_db_path))
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def _large_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from spp_tui.db.demo import load_demo

    path = tmp_path_factory.mktemp("large-demo") / "large.sqlite3"
    database = open_database(str(path))
    load_demo(database, "large")
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def large_demo_db(_large_demo_template: Path, tmp_path: Path) -> Database:
    """A private copy of the large demo (five years; built once per test session)."""
    path = tmp_path / "large.sqlite3"
    shutil.copyfile(_large_demo_template, path)
    database = open_database(str(path))
    yield database
    database.dispose()
