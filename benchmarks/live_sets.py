"""Big live sets: the action review and the action log with 10,000 live actions (issue 13).

A copy of the large demo gets 10,000 more live actions raised at the last PSG before the
scheduled one; the figure is the time to the data of the first screen: the review's counts
(total, reviewed, overdue, in SQL) and the full rows of its first window (``load_review``),
and the action log's first page of live actions with the total (``action_page``).
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.figures import Figure, percentile

LIVE_ACTIONS = 10_000


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
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
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
    ]
