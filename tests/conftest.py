"""Shared fixtures: a fresh database per test, and the small demo copied from one build.

Both engines: a module marked ``pytestmark = pytest.mark.both_engines`` runs each test that
uses ``db``, ``demo_db``, ``db_target`` or ``demo_db_target`` once on SQLite and once on
PostgreSQL (``[sqlite]`` / ``[pg]``). The server comes from ``--pg-url`` or
``SPP_TUI_TEST_PG_URL`` (a URL to a role allowed to create databases); without one the ``[pg]``
runs are skipped, not failed. Every PostgreSQL test gets a database of its own, cloned from a
migrated (or demo-loaded) template built once per session.
"""

from __future__ import annotations

import gc
import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from spp_tui.db.database import Database, open_database

#: Tests that share something costly or touchy run on one xdist worker, one after another
#: (``--dist loadgroup``): the large demo is built once per worker that needs it, and the
#: tests that drive the real app in a pseudo-terminal are not run two at a time.
GROUP_BY_FIXTURE = {"large_demo_db": "large_demo"}
GROUP_BY_MODULE = {
    "test_safety_crash": "pty",
    "test_safety_backup": "pty",
    "test_safety_terminal": "pty",  # timed out twice in full runs beside the crash test
}


#: Tests that take long, with their seconds in a full ``-n auto`` run (CI, 1 December 2026, a
#: loaded 2-core machine; only the order matters). They start first, longest first, so that
#: the two workers end together rather than one finishing a long test alone at the end; each is
#: also marked ``slow`` (left out by ``-m "not slow"``). Add a test here when it takes over ~10 s.
LONG_RUNNING = {
    # 25 kills (was 50 at 170 s)
    "test_safety_crash.py::test_sigkill_at_random_points_loses_no_confirmed_edit": 60,
    # ~136 s of CPU measured under load (1,000 real redacted exports).
    "test_redaction_property.py::test_property_a_thousand_generated_names_leave_no_trace_in_any_redacted_export": 136,  # noqa: E501
    "test_safety_monkey.py::test_five_thousand_random_keys_on_the_meeting_screen": 141,
    "test_offline_bundle.py::test_windows_bundle_resolves_offline_with_pip": 124,  # network
    # built --with-postgres since (one build for both; the postgres test was 26 s more)
    "test_offline_bundle.py::test_linux_bundle_installs_and_runs_without_network": 80,
    # every export full and redacted, both five-year logs, one LibreOffice process: alone at
    # load 2, 133 s wall and 133 s of CPU (one process a file as before: 150 s, 149 s of CPU;
    # without the redacted log, before: 94 s, 93 s of CPU)
    "test_large_demo_rendering.py::test_every_export_of_the_large_demo_renders": 260,
    "test_whole_meeting.py::test_whole_meeting_screen_database_and_minutes_agree": 41,
    "test_privacy_mode.py::test_privacy_mode_hides_every_party_name_on_every_screen_and_dialog": 38,
    "test_meeting_screen.py::test_chair_runs_a_meeting_by_keys": 34,
    "test_safety_hostile_walk.py::test_hostile_text_is_shown_literally_on_every_screen_dialog_and_palette": 60,  # noqa: E501
    "test_store_race.py::test_the_race_on_an_en_gb_collated_server_database": 26,
    "test_store_race.py::test_four_processes_lose_nothing_and_share_no_reference": 20,
    "test_store_outage.py::test_server_stopped_mid_meeting_every_typed_edit_is_stored_after": 17,
    "test_privacy_mode.py::test_a_one_item_guest_hides_other_cases_until_marked_as_left": 17,
    "test_case_panel.py::test_in_the_meeting_a_review_closes_a_case_with_an_action": 16,
    "test_cli.py::test_large_demo_loads_from_the_command_line": 16,
    "test_review_screen.py::test_approving_locks_the_minutes_and_an_unlock_reopens_them": 14,
    "test_cli.py::test_db_option_is_accepted_before_the_command_and_from_the_environment": 13,
    "test_redaction_engine.py::test_property_no_form_of_a_generated_name_survives": 13,
    "test_meeting_screen.py::test_f2_on_any_item_adds_a_general_action_and_on_a_case_item_one_for_the_case": 12,  # noqa: E501
    "test_export_pdf.py::test_minutes_pdf_every_page_marked_numbered_and_cases_present": 11,
    "test_store_outage.py::test_quitting_with_unsaved_edits_says_so_and_the_next_start_writes_them": 11,  # noqa: E501
    "test_continuity_review.py::test_review_panel_records_each_outcome_with_one_key": 10,
}
#: Where a ``slow`` test not listed above goes in the order: after the listed ones.
SLOW_UNLISTED = 9


def _module(item: pytest.Item) -> str:
    return item.nodeid.split("::")[0].rsplit("/", 1)[-1]


def expected_seconds(item: pytest.Item) -> float:
    """How long ``item`` is known to take (0: quick), for the order tests start in."""
    name = f"{_module(item)}::{getattr(item, 'originalname', item.name)}"
    if name in LONG_RUNNING:
        return LONG_RUNNING[name]
    return SLOW_UNLISTED if item.get_closest_marker("slow") else 0


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups and before -m deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long tests first, longest first, so that with ``-n`` they start at once beside the
    quick ones rather than trailing at the end; and the xdist groups above. (xdist hands out
    a group, all its tests on one worker, before the single tests.)"""
    for item in items:
        group = GROUP_BY_MODULE.get(_module(item).removesuffix(".py"))
        for fixture, name in GROUP_BY_FIXTURE.items():
            if fixture in getattr(item, "fixturenames", ()):
                group = name
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
        if expected_seconds(item) and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: -expected_seconds(item))  # stable: the rest keep their order


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: a worker more than the machine's cores. Many tests wait (for a child
    process in a terminal, for LibreOffice, for PostgreSQL, for a frame): with one worker a
    core, a full run left about a quarter of the two cores of CI idle."""
    return (os.cpu_count() or 1) + 1


PG_URL_ENV = "SPP_TUI_TEST_PG_URL"
STORE_FIXTURES = {"db", "demo_db", "db_target", "demo_db_target"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pg-url",
        default=None,
        help=f"PostgreSQL URL for the [pg] runs of both-engine tests (or {PG_URL_ENV}).",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_engines: run the module's store tests on SQLite and on PostgreSQL"
    )
    # Young collections every 10,000 new objects (Python's default: 700), as the app sets
    # them while it runs (spp_tui.shell.collector), for the test process around the apps too:
    # it holds every module the suite imports, and the default walked them many times a test.
    # test_action_dialog + test_continuity_screens: 54.5 s -> 47.7 s of CPU (one run each,
    # loaded machine).
    # (No gc.freeze here: the app's collector.release unfreezes everything when an app ends.)
    gc.set_threshold(10_000, 10, 10)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("both_engines") and (
        STORE_FIXTURES & set(metafunc.fixturenames)
    ):
        metafunc.parametrize("store_engine", ["sqlite", "pg"], indirect=True)


def pg_admin_url(config: pytest.Config) -> str | None:
    return config.getoption("--pg-url") or os.environ.get(PG_URL_ENV) or None


class PgServer:
    """Creates and drops the throwaway databases the [pg] runs use."""

    def __init__(self, admin_url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        from spp_tui.db.server import normalise_url

        self.url = make_url(normalise_url(admin_url))
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.prefix = f"spp_t{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.templates: dict[str, str] = {}
        self.created: list[str] = []
        #: Names are never reused: counting ``created`` was, once a drop had shortened it, and
        #: a new database then took the name of one still there (a template, say).
        self.made = itertools.count()

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None, extra: str = "") -> str:
        """A new empty (or template-cloned) database; returns its URL."""
        name = f"{self.prefix}_{next(self.made)}"
        clause = f" TEMPLATE {template}" if template else " TEMPLATE template0"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}{clause}{extra}")
        self.created.append(name)
        return self.url_for(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if name in self.created:
            self.created.remove(name)

    def template(self, kind: str) -> str:
        """The database a test's copy is cloned from: 'schema' (migrated) or 'demo'."""
        if kind not in self.templates:
            from spp_tui.db.server import create_server_engine, upgrade_schema

            url = self.create()
            engine = create_server_engine(url)
            upgrade_schema(engine, url)
            engine.dispose()
            if kind == "demo":
                from spp_tui.db.demo import load_demo

                database = open_database(url)
                load_demo(database, "small")
                database.dispose()
            self.templates[kind] = url
        from sqlalchemy.engine import make_url

        return str(make_url(self.templates[kind]).database)

    def close(self) -> None:
        for name in list(self.created):
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server(pytestconfig: pytest.Config) -> Iterator[PgServer]:
    """The PostgreSQL server for [pg] runs; skips the test when none is configured."""
    url = pg_admin_url(pytestconfig)
    if not url:
        pytest.skip(f"no PostgreSQL server: set {PG_URL_ENV} or --pg-url")
    server = PgServer(url)
    yield server
    server.close()


@pytest.fixture
def store_engine(request: pytest.FixtureRequest) -> str:
    """'sqlite' (the default) or 'pg' in a both-engine module's [pg] run."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def pg_database(request: pytest.FixtureRequest) -> Iterator[object]:
    """Factory: a fresh PostgreSQL database (URL) cloned from a template, dropped after."""
    server: PgServer = request.getfixturevalue("pg_server")
    made: list[str] = []

    def make(kind: str = "schema") -> str:
        """'schema' (migrated), 'demo' (small demo), 'empty', or 'en_gb' (empty, ICU en-GB)."""
        if kind == "en_gb":
            url = server.create(None, " LOCALE_PROVIDER icu ICU_LOCALE 'en-GB' LOCALE 'C.UTF-8'")
        elif kind == "empty":
            url = server.create(None)
        else:
            url = server.create(server.template(kind))
        made.append(url)
        return url

    yield make
    for url in made:
        server.drop(url)


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
def db_target(store_engine: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a fresh, empty store lives: a file path on SQLite, a URL on PostgreSQL."""
    if store_engine == "pg":
        return request.getfixturevalue("pg_database")("schema")
    return str(db_path)


@pytest.fixture(scope="session")
def _schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite store migrated to head, once per session (each migration run costs
    about 0.3 s; a copy of the result about 10 ms)."""
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite3"
    database = open_database(str(path))
    with database.engine.connect() as conn:  # fold the WAL into the main file before copying
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def db(db_target: str, store_engine: str, request: pytest.FixtureRequest) -> Database:
    """A fresh store migrated to head: on SQLite a private copy of the session's migrated
    file (as ``open_database`` leaves a new file), on PostgreSQL a clone of the template."""
    if store_engine == "sqlite" and not Path(db_target).exists():
        shutil.copyfile(request.getfixturevalue("_schema_template"), db_target)
        os.chmod(db_target, 0o600)
    database = open_database(db_target)
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
def demo_db_target(store_engine: str, request: pytest.FixtureRequest) -> str:
    """The small demo, private to the test: a file copy, or a clone of a PostgreSQL template."""
    if store_engine == "pg":
        return request.getfixturevalue("pg_database")("demo")
    return str(request.getfixturevalue("demo_db_path"))


@pytest.fixture
def demo_db(demo_db_target: str) -> Database:
    database = open_database(demo_db_target)
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
