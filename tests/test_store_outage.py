"""The server goes away mid-meeting (stopped, network dropped): the app stays up, says so in
one line, keeps what is on screen, and works again as soon as the server is back."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle, type_text, until
from sqlalchemy.engine import make_url
from tcp_proxy import TcpProxy

from spp_tui.app import create_app
from spp_tui.db.database import open_database
from spp_tui.db.services import meetings
from spp_tui.errors import DatabaseUnavailableError
from spp_tui.failures import log_path
from spp_tui.paths import data_dir


def _server_switch(pg_server, url: str) -> tuple[Callable[[], None], Callable[[], None]]:  # noqa: ANN001
    """(stop, restart) for one database: every connection cut and new ones refused, as when
    the server is down; then connections allowed again."""
    name = make_url(url).database

    def stop() -> None:
        with pg_server.admin.connect() as conn:
            conn.exec_driver_sql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
            )

    def restart() -> None:
        with pg_server.admin.connect() as conn:
            conn.exec_driver_sql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")

    return stop, restart


def _said(app, words: str) -> bool:  # noqa: ANN001
    return any(words in str(n.message) for n in app._notifications)


async def test_server_lost_mid_meeting_the_app_stays_up_and_carries_on(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    url = pg_database("demo")
    db = open_database(url)
    meeting_id = meetings.resolve_meeting(db, "2023-04-04").id
    db.dispose()
    stop, restart = _server_switch(pg_server, url)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(url)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            stop()
            await pilot.press("ctrl+s")  # start the meeting: the save meets no server
            await settle(pilot, lambda: app.outage.offline)
            assert "server unreachable" in _banner(app)
            assert _said(app, "Meeting started: kept: saved when the server is back.")
            assert app.is_running and app.return_code is None
            assert "spp-test-pw" not in " ".join(str(n.message) for n in app._notifications)
            await _server_back(pilot, restart)  # the kept start is written
            assert app.is_running
    db = open_database(url)
    try:
        assert meetings.get_meeting(db, meeting_id).status == "in progress"
    finally:
        db.dispose()


# --- typing through an outage (issue 15 item 4) --------------------------------------------


def _case_form(app):  # noqa: ANN001, ANN202
    from spp_tui.panels.case_form import CaseForm

    forms = list(app.screen.query(CaseForm))
    return forms[0] if forms and forms[0].case is not None else None


async def _to_first_case(pilot) -> None:  # noqa: ANN001
    """From the meeting's first item, Ctrl+N until an item with a case in hand."""
    for _ in range(10):
        if _case_form(pilot.app) is not None:
            break
        await pilot.press("ctrl+n")
        await settle(pilot, lambda: True)
    await settle(pilot, lambda: _case_form(pilot.app) is not None)


async def _type_into(pilot, selector: str, text: str) -> None:  # noqa: ANN001
    """Focus a field, type at its end, leave it (Tab: the autosave's blur save)."""
    from textual.widgets import TextArea

    area = pilot.app.screen.query_one(selector, TextArea)
    area.focus()
    area.move_cursor(area.document.end)
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.press("tab")
    await pilot.pause()


def _banner(app) -> str:  # noqa: ANN001
    from spp_tui.widgets.server_banner import ServerBanner

    found = app.screen.query(ServerBanner)
    return str(found.first().render()) if found else ""


def _discussion(url: str, discussion_id: int):  # noqa: ANN202
    from spp_tui.db.models import CaseDiscussion

    db = open_database(url)
    try:
        with db.read() as s:
            return s.get(CaseDiscussion, discussion_id)
    finally:
        db.dispose()


async def _server_back(pilot, restart) -> None:  # noqa: ANN001
    """Connections allowed again; the retry timer's next tick (called here: no waiting on
    the clock) finds the server and writes the queue."""
    restart()
    outage = pilot.app.outage
    outage.retry()
    await settle(pilot, lambda: not outage.offline and not outage.replaying and not outage.queue)


@pytest.fixture
def proxied():  # noqa: ANN201
    """(url through a TCP proxy, stop, restart): the network to the server, cut and restored
    (connections broken and refused, as when the server is stopped)."""
    proxies: list[TcpProxy] = []

    def make(url: str) -> tuple[str, Callable[[], None], Callable[[], None]]:
        parsed = make_url(url)
        proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
        proxy.start()
        proxies.append(proxy)
        through = parsed.set(host="127.0.0.1", port=proxy.port)
        return through.render_as_string(hide_password=False), proxy.stop, proxy.start

    yield make
    for proxy in proxies:
        proxy.stop()


@pytest.mark.parametrize("cut", ["database closed", "network cut"])
async def test_server_stopped_mid_meeting_every_typed_edit_is_stored_after(
    pg_server, pg_database, proxied, cut: str
) -> None:  # noqa: ANN001
    url = pg_database("demo")
    if cut == "network cut":
        url, stop, restart = proxied(url)
    else:
        stop, restart = _server_switch(pg_server, url)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(url)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            await _to_first_case(pilot)
            form = _case_form(app)
            discussion_id, before = form.discussion.id, form.discussion.summary
            stop()
            await _type_into(pilot, "#case-summary", " Lights fixed")
            await settle(pilot, lambda: app.outage.offline)
            assert app.is_running and app.return_code is None
            assert "server unreachable: your typing is kept, retrying" in _banner(app)
            await _type_into(pilot, "#case-summary", " on Monday.")  # queued, no server tried
            await _type_into(pilot, "#case-decisions", "Patrols weekly.")
            waiting = len(app.outage.queue)  # 3, or more if the autosave timer cut the typing
            assert waiting >= 3
            assert f"{waiting} edits waiting" in _banner(app)
            journal = app.outage.journal.path
            assert len(journal.read_text(encoding="utf-8").splitlines()) == waiting
            assert str(journal).startswith(str(data_dir()))
            assert app.is_running
            await _server_back(pilot, restart)
            assert _banner(app) == ""
            assert not journal.exists()
            # After the outage the next save starts from the version the queue wrote: no
            # "changed elsewhere" question for the chair's own edits.
            await _type_into(pilot, "#case-summary", " Done.")
            await settle(pilot, lambda: not form.pending["discussion"])
            assert not app.outage.queue and app.is_running
            assert "changed in another window" not in " ".join(
                str(n.message) for n in app._notifications
            )
    stored = _discussion(url, discussion_id)
    assert stored.summary == before + " Lights fixed on Monday. Done."
    logged = log_path().read_text(encoding="utf-8")  # the outage is in spp-tui.log, masked
    assert "server unreachable (postgresql+psycopg://spp_test:***@" in logged
    assert "spp-test-pw" not in logged
    assert stored.decisions.endswith("Patrols weekly.")


async def test_quitting_with_unsaved_edits_says_so_and_the_next_start_writes_them(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(url)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            await _to_first_case(pilot)
            form = _case_form(app)
            discussion_id, before = form.discussion.id, form.discussion.summary
            stop()
            await _type_into(pilot, "#case-summary", " Kept")
            await settle(pilot, lambda: app.outage.offline)
            area = app.screen.query_one("#case-summary")
            area.focus()
            await pilot.pause()
            await type_text(pilot, " overnight")  # still in the form when Ctrl+Q comes
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert app.is_running  # the first Ctrl+Q only says so
            waiting = len(app.outage.queue)  # the last typing joined the queue on Ctrl+Q
            assert waiting >= 2
            assert _said(app, f"{waiting} edits not yet saved to the server are kept in")
            await pilot.press("ctrl+q")
            await pilot.pause()
        journal = app.outage.journal.path
        assert f"{waiting} edits not yet saved" in app.outage.said_on_quit  # terminal too
    assert len(journal.read_text(encoding="utf-8").splitlines()) == waiting
    with pytest.raises(DatabaseUnavailableError):  # the server is still down
        open_database(url)
    restart()
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, lambda: app.outage is not None and not app.outage.queue)
            assert _said(app, f"{waiting} edit(s) typed meanwhile are written")
    assert not journal.exists()
    assert _discussion(url, discussion_id).summary == before + " Kept overnight"


async def test_a_record_changed_meanwhile_is_asked_about_before_the_queue_writes_it(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    from spp_tui.db.services import cases

    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(url)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            await _to_first_case(pilot)
            discussion_id = _case_form(app).discussion.id
            stop()
            await _type_into(pilot, "#case-decisions", "Mine")
            await settle(pilot, lambda: bool(app.outage.queue))
            restart()
            other = open_database(url)  # another laptop saves first once the server is back
            cases.update_discussion(other, discussion_id, decisions="Theirs")
            other.dispose()
            app.outage.retry()
            await settle(pilot, lambda: bool(app.screen.query("#choice-k")))  # the usual question
            assert app.outage.queue  # nothing written over theirs without asking
            await pilot.press("k")  # keep mine
            await settle(pilot, lambda: not app.outage.queue and not app.outage.replaying)
    assert _discussion(url, discussion_id).decisions.endswith("Mine")


async def test_an_edit_waiting_for_the_lock_when_the_server_goes_is_kept_after_moving_on(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    """Saved in the lane (another laptop held the write lock), then the chair moved to the
    next case, then the server went: the edit no longer belongs to the form on screen, so the
    app's queue keeps it, and it is stored once the server is back."""
    from sqlalchemy import create_engine, text
    from textual.widgets import TextArea

    from spp_tui.db.server import WRITE_LOCK_KEY
    from spp_tui.panels.case_nav import CaseList

    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    other = create_engine(url)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(url)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            await _to_first_case(pilot)
            form = _case_form(app)
            discussion_id, before = form.discussion.id, form.discussion.summary
            holder = other.connect()
            holder.begin()
            holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
            area = app.screen.query_one("#case-summary", TextArea)
            area.focus()
            await pilot.pause()
            await type_text(pilot, "Held")
            app.screen.query_one(CaseList).focus()  # leaving the field saves: into the lane
            await pilot.pause()
            await pilot.press("down")  # the next case: the form moves on
            # Not settle: it waits for every worker, and the lane's waits for the lock held
            # above on purpose (that wait hung CI for minutes).
            await until(
                pilot,
                lambda: form.discussion is not None and form.discussion.id != discussion_id,
            )
            assert form.discussion.id != discussion_id
            assert not app.outage.queue  # still the lane's, waiting for the lock
            stop()  # the server goes; the lock holder with it
            await settle(pilot, lambda: app.outage.offline and bool(app.outage.queue))
            assert app.is_running
            await _server_back(pilot, restart)
    with contextlib.suppress(Exception):  # its connection died with the server
        holder.close()
    other.dispose()
    assert _discussion(url, discussion_id).summary == before + "Held"
