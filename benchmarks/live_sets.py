"""Big live sets: the action review and the action log with 10,000 live actions (issue 13).

A copy of the large demo gets 10,000 more live actions raised at the last PSG before the
scheduled one; the figure is the time to the data of the first screen: the review's counts
(total, reviewed, overdue, in SQL) and the full rows of its first window (``load_review``),
and the action log's first page of live actions with the total (``action_page``). A third
figure opens the action log screen itself in the headless app (Textual's test driver, 160x48)
and takes the CPU from pushing it to its first page on screen: the data is a small part of it;
a fourth goes to the action review (agenda item 4) of the scheduled meeting the same way.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure, percentile

LIVE_ACTIONS = 10_000
#: Seconds the app idles between closing the action log and opening it again (longer than
#: collector.AFTER_CLOSE: the closed screen is collected meanwhile, as while a chair reads).
IDLE_BETWEEN = 1.5


def with_live_actions(db_path: Path, count: int = LIVE_ACTIONS) -> tuple[Path, int]:
    """A copy of ``db_path`` with ``count`` more live actions; (its path, the scheduled PSG)."""
    from spp_tui.db.database import open_database
    from spp_tui.db.models import stored_id
    from spp_tui.db.services import meetings

    target = db_path.with_name(db_path.stem + "-live10k.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db_path, target)
    db = open_database(str(target))
    scheduled = meetings.resolve_meeting(db, "next")
    earlier = meetings.previous_meeting(db, scheduled)
    assert earlier is not None
    with db.engine.begin() as conn:
        owner = conn.exec_driver_sql("SELECT id FROM person ORDER BY id LIMIT 1").scalar()
        case_ids = [r[0] for r in conn.exec_driver_sql('SELECT id FROM "case" LIMIT 500')]
        conn.exec_driver_sql(
            "INSERT INTO action (reference, case_id, meeting_id, text, owner_id, due_on, "
            "status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', 1, "
            "'2023-12-01 10:00:00', '2023-12-01 10:00:00')",
            [
                (
                    f"B-{i:05d}",
                    case_ids[i % len(case_ids)],
                    earlier.id,
                    f"Bulk live action {i}",
                    owner,
                    f"2023-12-{1 + i % 28:02d}",
                )
                for i in range(count)
            ],
        )
    meeting_id = stored_id(scheduled)
    db.dispose()
    return target, meeting_id


def _timed_cpu(func: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each call: on a shared machine the wall time is mostly
    waiting for a core; the CPU time is closer to what an idle laptop takes."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


class FrameWatch:
    """Wakes a waiter at the first frame the app hands to the terminal (``App._display``)
    once ``shown()`` holds. The frames are Textual's own, drawn by the screen's refresh timer
    as in a terminal (at most 60 a second, only when something changed). Waiting with Pilot
    instead (``pause()`` in a loop) drew a frame at every pause, several more than any
    terminal would get, and counted them: about 90 ms of the action log's figure. Headless,
    nothing is written, so a terminal's cost of writing the frame out is not in the figures.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.event = asyncio.Event()
        self.shown: Callable[[], bool] = lambda: False
        self._display = app._display
        app._display = self._on_frame

    def _on_frame(self, screen: Any, renderable: Any) -> None:
        self._display(screen, renderable)
        if renderable is not None and self.shown():
            self.event.set()

    async def timed(
        self, act: Callable[[], object], shown: Callable[[], bool]
    ) -> tuple[float, float]:
        """Wall and CPU milliseconds from ``act()`` to the first frame once ``shown()``."""
        self.event.clear()
        self.shown = shown
        started, started_cpu = time.perf_counter(), time.process_time()
        act()
        await asyncio.wait_for(self.event.wait(), 60)
        self.shown = lambda: False
        return (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000


async def _until(ready: Callable[[], object], what: str) -> None:
    for _ in range(6000):
        await asyncio.sleep(0.01)
        if ready():
            return
    raise RuntimeError(f"{what} never showed")


Step = Callable[[Any], Awaitable[object]]


def _timed_in_app(
    path: Path, repeat: int, act: Callable[[Any], object], shown: Callable[[Any], bool], *,
    ready: Step, between: Step,
) -> tuple[list[float], list[float]]:  # fmt: skip
    """The app on ``path`` headless at 160x48: once home shows its data, ``ready(app)``; then
    ``repeat`` + 1 times (the first to warm up: imports, caches) ``act(app)`` timed to the
    first frame once ``shown(app)`` (``FrameWatch``), then ``between(app)``. Wall and CPU
    milliseconds; the CPU is the process's, the worker threads' queries count too."""
    from spp_tui.app import create_app
    from spp_tui.screens.home import HomeScreen

    wall: list[float] = []
    cpu: list[float] = []

    async def run() -> None:
        app = create_app(str(path))
        watch = FrameWatch(app)
        async with app.run_test(size=(160, 48)):
            await _until(lambda: isinstance(app.screen, HomeScreen) and app.screen.data, "home")
            await ready(app)
            for n in range(repeat + 1):
                took = await watch.timed(lambda: act(app), lambda: shown(app))
                if n:
                    wall.append(took[0])
                    cpu.append(took[1])
                await between(app)

    asyncio.run(run())
    return wall, cpu


def open_log_screen(
    path: Path, repeat: int, idle: float = IDLE_BETWEEN
) -> tuple[list[float], list[float]]:
    """Pushing the action log screen (live actions) to the first frame that shows its first
    page; ``idle`` seconds on home before each opening (a test shortens it)."""
    from spp_tui.screens.action_log import ActionLogScreen

    def shown(app: Any) -> bool:
        return isinstance(app.screen, ActionLogScreen) and app.screen.page is not None

    async def idle_on_home(app: Any) -> None:
        await asyncio.sleep(idle)

    async def close(app: Any) -> None:
        await asyncio.sleep(0.3)  # the rest of the screen's opening (filter choices)
        app.pop_screen()
        # A moment on the screen beneath, as between a chair's keys: the closed screen is
        # collected then (spp_tui.shell.collector), not in the next opening.
        await asyncio.sleep(idle)

    def push(app: Any) -> None:
        app.push_screen(ActionLogScreen(status="live"))

    return _timed_in_app(path, repeat, push, shown, ready=idle_on_home, between=close)


def open_review_item(
    path: Path, meeting_id: int, repeat: int, idle: float = IDLE_BETWEEN
) -> tuple[list[float], list[float]]:
    """The key 4 (agenda item 4, the action review, from item 3) to the first frame that shows
    the review's first rows, in the scheduled meeting; ``idle`` seconds on item 3 first."""
    from spp_tui.panels.action_review import ActionReviewPanel
    from spp_tui.screens.meeting import MeetingScreen
    from spp_tui.widgets.lists import DataTable

    def shown(app: Any) -> bool:
        panel = getattr(app.screen, "panel", None)
        if not isinstance(panel, ActionReviewPanel) or panel.data is None:
            return False
        return bool(panel.query_one(DataTable).row_count)

    async def on_item_3(app: Any) -> None:
        await asyncio.sleep(0.3)
        app.simulate_key("3")
        await asyncio.sleep(idle)

    async def open_meeting(app: Any) -> None:
        app.simulate_key("enter")  # the first meeting on the list: the scheduled one
        await _until(lambda: getattr(app.screen, "meeting", None) is not None, "the meeting")
        assert isinstance(app.screen, MeetingScreen) and app.screen.meeting is not None
        if app.screen.meeting.id != meeting_id:
            raise RuntimeError("the first meeting on the list is not the scheduled one")
        app.simulate_key("escape")  # from the agenda to the item: digits go to items
        app.simulate_key("3")
        await asyncio.sleep(idle)

    def key_4(app: Any) -> None:
        app.simulate_key("4")

    return _timed_in_app(path, repeat, key_4, shown, ready=open_meeting, between=on_item_3)


def big_live_sets(db_path: Path, repeat: int) -> list[Figure]:
    from spp_tui.db.database import open_database
    from spp_tui.db.services import actions
    from spp_tui.db.services.action_review import load_review
    from spp_tui.panels.action_review import WINDOW

    path, meeting_id = with_live_actions(db_path)
    db = open_database(str(path))
    review, review_cpu = _timed_cpu(lambda: load_review(db, meeting_id, WINDOW), repeat)
    shown = load_review(db, meeting_id, WINDOW)
    live = actions.ActionFilter(status="live")
    log, log_cpu = _timed_cpu(lambda: actions.action_page(db, live, limit=200), repeat)
    db.dispose()
    screen, screen_cpu = open_log_screen(path, repeat)
    item, item_cpu = open_review_item(path, meeting_id, repeat)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.stem + "-backups"), ignore_errors=True)
    return [
        Figure(
            f"action review first screen, {shown.counts.total:,} live actions",
            percentile(review, 95),
            "ms",
            200,
            f"p95 of {repeat} (counts in SQL + full rows of the first window, "
            f"{len(shown.window.keys)} actions); median {statistics.median(review):.1f} ms; "
            f"CPU median {statistics.median(review_cpu):.1f} ms",
        ),
        Figure(
            f"action log first screen, {LIVE_ACTIONS:,}+ live actions",
            percentile(log, 95),
            "ms",
            200,
            f"p95 of {repeat} (a 200-row page of live actions + total); "
            f"median {statistics.median(log):.1f} ms; "
            f"CPU median {statistics.median(log_cpu):.1f} ms",
        ),
        Figure(
            f"action review item shown, {shown.counts.total:,} live actions (CPU)",
            statistics.median(item_cpu),
            "ms",
            200,
            f"CPU median of {repeat} (key 4 from item 3 to the first frame showing the "
            "review's rows, Textual's own frame timer, headless app 160x48); "
            f"min {min(item_cpu):.0f} ms; wall median {statistics.median(item):.0f} ms, "
            f"p95 {percentile(item, 95):.0f} ms",
        ),
        Figure(
            f"action log screen opened, {LIVE_ACTIONS:,}+ live actions (CPU)",
            statistics.median(screen_cpu),
            "ms",
            200,
            f"CPU median of {repeat} (push to the first frame showing the first page, "
            "Textual's own frame timer, headless app 160x48); "
            f"min {min(screen_cpu):.0f} ms; wall median {statistics.median(screen):.0f} ms, "
            f"p95 {percentile(screen, 95):.0f} ms",
        ),
    ]
