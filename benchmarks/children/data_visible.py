"""``spp-tui --db PATH`` until the home table shows meetings: prints ``VISIBLE <wall clock>``
at that moment (painted on the next frame), then exits."""

import sys
import time
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from benchmarks.children.headless import run_entry_point


async def ready(pilot: Pilot[Any]) -> None:
    while True:
        tables = pilot.app.screen.query("#meetings")
        if tables and tables.first(DataTable).row_count > 0:
            print(f"VISIBLE {time.time()}", flush=True)
            break
        await pilot.pause(0.005)
    pilot.app.exit()


if __name__ == "__main__":
    run_entry_point(sys.argv[1], ready)
