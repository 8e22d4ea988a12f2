"""The benchmark stays runnable: its child programs start the real app and report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.figures import _run_child

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_help_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: python -m benchmarks" in result.stdout
    assert "--live-sets" in result.stdout  # the big live sets alone (issue 13)


def test_start_up_children_report_the_moment_measured(demo_db_path: Path) -> None:
    for child, args in (("empty_app", ()), ("data_visible", (str(demo_db_path),))):
        seconds, out = _run_child(child, *args)
        assert any(line.startswith("VISIBLE ") for line in out.splitlines()), (child, out)
        assert seconds > 0


def test_big_live_set_review_reads_one_window_of_full_rows(demo_db_path: Path) -> None:
    """The action review of hundreds of live actions: counted in SQL, full rows only for the
    window shown, the next window read on demand (the benchmark times this with 10,000)."""
    from benchmarks.live_sets import with_live_actions
    from spp_tui.db.database import open_database
    from spp_tui.db.services.action_review import load_review, read_window
    from spp_tui.panels.action_review import WINDOW

    path, meeting_id = with_live_actions(demo_db_path, count=WINDOW + 40)
    db = open_database(str(path))
    try:
        data = load_review(db, meeting_id, WINDOW)
        assert data.counts.total >= WINDOW + 40
        assert len(data.window.keys) == WINDOW
        assert set(data.window.rows) == {k.id for k in data.window.keys}
        later = read_window(db, meeting_id, data.outline, WINDOW, WINDOW)
        assert [k.position for k in later.keys] == list(range(WINDOW, data.counts.total))
        assert set(later.rows) == {k.id for k in later.keys}
        refs = [(k.case_reference or "~", k.reference) for k in data.window.keys + later.keys]
        assert refs == sorted(refs)
    finally:
        db.dispose()


def test_in_app_figures_time_to_the_frame_that_shows_the_data(demo_db_path: Path) -> None:
    """The benchmark's in-app figures run (one opening each after the warm-up) and stop at a
    frame Textual drew by itself once the data was in: the action log's page, the action
    review's rows of the scheduled meeting (the first on the home list)."""
    from benchmarks.live_sets import open_log_screen, open_review_item, with_live_actions

    path, meeting_id = with_live_actions(demo_db_path, count=50)
    idle = 0.2  # (the benchmark idles 1.5 s between openings, as a chair does)
    for wall, cpu in (
        open_log_screen(path, 1, idle),
        open_review_item(path, meeting_id, 1, idle),
    ):
        assert len(wall) == len(cpu) == 1
        assert cpu[0] > 0
        assert 0 < wall[0] < 60_000
