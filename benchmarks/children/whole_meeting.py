"""A whole meeting by keys on the large database, then its minutes exported; prints
``PEAK_KB <max RSS>`` of this one process (POSIX only: ``resource``).

Usage: ``python -m benchmarks.children.whole_meeting DB_PATH OUT.docx``
"""

import resource
import sys
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable


async def run_meeting(pilot: Pilot[Any]) -> None:
    app = pilot.app
    while not (
        app.screen.query("#meetings") and app.screen.query_one("#meetings", DataTable).row_count
    ):
        await pilot.pause(0.01)
    await pilot.press("enter")  # open the next (scheduled) meeting
    await pilot.pause(0.3)
    await pilot.press("ctrl+s")  # start it
    await pilot.pause(0.2)
    for _ in range(10):  # walk the whole agenda
        await pilot.press("ctrl+n")
        await pilot.pause(0.2)
    await pilot.press("ctrl+q")


def main(db_path: str, out: Path) -> None:
    from spp_tui.app import create_app
    from spp_tui.db.database import open_database
    from spp_tui.db.services import meetings
    from spp_tui.exports.minutes import export_minutes

    create_app(db_path).run(headless=True, size=(160, 48), auto_pilot=run_meeting)
    db = open_database(db_path)
    last = meetings.resolve_meeting(db, "last")
    export_minutes(db, last.id, out=out)
    print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
