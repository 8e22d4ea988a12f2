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


def test_start_up_children_report_the_moment_measured(demo_db_path: Path) -> None:
    for child, args in (("empty_app", ()), ("data_visible", (str(demo_db_path),))):
        seconds, out = _run_child(child, *args)
        assert any(line.startswith("VISIBLE ") for line in out.splitlines()), (child, out)
        assert seconds > 0
