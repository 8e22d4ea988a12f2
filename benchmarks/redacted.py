"""Redacted minutes of the large demo (issue 14): the export a secretariat runs before
circulating, first in a fresh process, as the command line runs it."""

from __future__ import annotations

import statistics
from pathlib import Path

from benchmarks.figures import Figure, _run_child


def redacted_minutes(db_path: Path, runs: int) -> list[Figure]:
    firsts: list[float] = []
    seconds: list[float] = []
    cpu: dict[str, list[float]] = {"FIRST": [], "SECOND": []}
    for _ in range(runs):
        _elapsed, out = _run_child("redacted_minutes", str(db_path))
        for line in out.splitlines():
            which, wall, used = line.split()
            (firsts if which == "FIRST" else seconds).append(float(wall))
            cpu[which].append(float(used))
    return [
        Figure(
            "redacted minutes, a typical meeting, first in a fresh process, large database",
            statistics.median(firsts),
            "s",
            1.5,
            f"median of {runs} (imports and name patterns included); worst {max(firsts):.2f} s; "
            f"CPU {statistics.median(cpu['FIRST']):.2f} s",
        ),
        Figure(
            "redacted minutes, the same meeting again in that process",
            statistics.median(seconds),
            "s",
            0.8,
            f"median of {runs}; worst {max(seconds):.2f} s; "
            f"CPU {statistics.median(cpu['SECOND']):.2f} s",
        ),
    ]
