"""The server goes away mid-meeting (stopped, network dropped): the app stays up, says so in
one line, keeps what is on screen, and works again as soon as the server is back."""

from __future__ import annotations

from collections.abc import Callable

import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle
from sqlalchemy.engine import make_url

from spp_tui.app import create_app
from spp_tui.db.database import open_database
from spp_tui.db.services import meetings


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
            await settle(pilot, lambda: _said(app, "server unreachable"))
            assert app.is_running and app.return_code is None
            assert "spp-test-pw" not in " ".join(str(n.message) for n in app._notifications)
            restart()
            await pilot.press("ctrl+s")  # the same key again once the server is back
            await pilot.pause()
            assert app.is_running
    db = open_database(url)
    try:
        assert meetings.get_meeting(db, meeting_id).status == "in progress"
    finally:
        db.dispose()
