"""``spp-tui --db PATH`` to its first paint: prints ``VISIBLE <wall clock>`` when the screen
is drawn and accepts keys, then exits."""

import sys
import time
from typing import Any

from textual.pilot import Pilot

from benchmarks.children.headless import run_entry_point


async def ready(pilot: Pilot[Any]) -> None:
    print(f"VISIBLE {time.time()}", flush=True)
    pilot.app.exit()


if __name__ == "__main__":
    run_entry_point(sys.argv[1], ready)
