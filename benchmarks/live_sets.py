"""Big live sets: the action review and the action log with 10,000 live actions (issue 13).

A copy of the large demo gets 10,000 more live actions raised at the last PSG before the
scheduled one; the figure is the time to the data of the first screen: the review's counts
(total, reviewed, overdue, in SQL) and the full rows of its first window (``load_review``),
and the action log's first page of live actions with the total (``action_page``). A third
figure opens the action log screen itself in the headless app (Textual's test driver, 160x48)
and takes the CPU from pushing it to its first page on screen: the data is a small part of it.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import time
from collections.abc import Callable
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
    meeting_id = scheduled.id
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


def open_log_screen(path: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds from pushing the action log screen (live actions) to its first
    page drawn, in the app run headless; each run after one to warm up (imports, caches), and
    1.5 s after the last one closed. The CPU is the process's: the page's query in
    its worker thread counts too."""
    from spp_tui.app import create_app
    from spp_tui.screens.action_log import ActionLogScreen
    from spp_tui.screens.home import HomeScreen

    wall: list[float] = []
    cpu: list[float] = []

    async def until(pilot: Any, ready: Callable[[], bool]) -> None:
        for _ in range(2000):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if ready():
                return
        raise RuntimeError("the screen never showed its data")

    async def run() -> None:
        app = create_app(str(path))
        async with app.run_test(size=(160, 48)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.data)
            for n in range(repeat + 1):
                started, started_cpu = time.perf_counter(), time.process_time()
                screen = ActionLogScreen(status="live")
                app.push_screen(screen)
                await until(pilot, lambda s=screen: s.page is not None and s.options is not None)
                await pilot.pause()  # the first page drawn
                if n:
                    wall.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                app.pop_screen()
                await pilot.pause()
                # A moment on the screen beneath, as between a chair's keys: the closed
                # screen is collected then (spp_tui.shell.collector), not in the next opening.
                await pilot.pause(IDLE_BETWEEN)
                await pilot.pause()

    asyncio.run(run())
    return wall, cpu


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
            f"action log screen opened, {LIVE_ACTIONS:,}+ live actions (CPU)",
            statistics.median(screen_cpu),
            "ms",
            200,
            f"CPU median of {repeat} (push to first page drawn, headless app 160x48); "
            f"min {min(screen_cpu):.0f} ms; wall median {statistics.median(screen):.0f} ms, "
            f"p95 {percentile(screen, 95):.0f} ms",
        ),
    ]
