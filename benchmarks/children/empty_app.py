"""An empty Textual app started headless: the yardstick for spp-tui's first paint.

Prints ``VISIBLE <wall clock>`` when it is ready for keys, then exits.
"""

import time

from textual.app import App
from textual.pilot import Pilot


class Empty(App[None]):
    pass


async def ready(pilot: Pilot[None]) -> None:
    print(f"VISIBLE {time.time()}", flush=True)
    pilot.app.exit()


if __name__ == "__main__":
    Empty().run(headless=True, size=(100, 30), auto_pilot=ready)
