"""Crash safety, proven on the real app: every edit the screen confirmed survives a SIGKILL.

Two drivers (one database file each, run side by side to keep the test short) start the real
``spp-tui --db FILE`` in a pseudo-terminal, open the meeting, make edits a chair makes (start
the meeting, mark people present, type AOB notes, raise actions), wait for each on-screen save
confirmation, and SIGKILL the app at a random point: during start-up, in the middle of typing,
before or during a save. After every kill the file is reopened: ``PRAGMA integrity_check`` must
say ok, every confirmed edit must be there, and the next run must resume the meeting on the
item it was on. Set ``SPP_TUI_KILLS`` to change the number of kills (default 15, to keep the
suite within CI's time; 200 makes a soak).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import signal
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_run import spp_tui_program

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]

KILLS = int(os.environ.get("SPP_TUI_KILLS", "15"))
DRIVERS = 3
ROWS, COLUMNS = 40, 140
TIMEOUT = 20
ESC = "\x1b"
CTRL_S = "\x13"
F2 = "\x1bOQ"


#: Styling and cursor-movement codes Textual may put between any two characters it draws.
CODES = r"(?:\x1b\[[0-9;:?]*[A-Za-z])*"


def on_screen(text: str) -> str:
    """A pattern for ``text`` as drawn: styling codes may sit between any two characters."""
    return "".join(re.escape(char) + CODES for char in text)


#: An action reference as drawn (``A-2023-053``), captured with its codes.
REFERENCE = rf"(A{CODES}-{CODES}(?:\d{CODES}){{4}}-{CODES}(?:\d{CODES}){{3}})"


def plain(drawn: str) -> str:
    return re.sub(CODES, "", drawn)


@dataclass
class Confirmed:
    """Edits the screen said were saved, so the file must hold them."""

    started: bool = False
    present: set[str] = field(default_factory=set)
    aob_markers: list[str] = field(default_factory=list)
    actions: dict[str, str] = field(default_factory=dict)  # reference -> text
    edits: int = 0


@dataclass
class MeetingState:
    status: str
    position: int | None
    title: str
    planned: int


class Driver:
    """Runs the app on one file again and again, killing it each time."""

    def __init__(self, path: Path, meeting_id: int, people: list[tuple[str, str]], seed: int):
        self.path = path
        self.meeting_id = meeting_id
        self.people = people  # (name as shown, what to type to find them), not yet present
        self.rng = random.Random(seed)
        self.seed = seed
        self.done = Confirmed()
        self.kills = 0
        self.kill_points: dict[str, int] = {}
        self.child = None
        self.position = 1
        logs = os.environ.get("SPP_TUI_CRASH_LOGS")  # keep the screens for a post-mortem
        self.transcript = (Path(logs) if logs else path.parent) / f"{path.stem}.screen.txt"
        self.waiting_for = ""
        self.focus_in_text = False
        self.timing: dict[str, float] = {}

    # --- the app --------------------------------------------------------------------------

    def spawn(self) -> None:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(ROWS),
        }
        self.child = pexpect.spawn(
            spp_tui_program()[0],
            [*spp_tui_program()[1:], "--db", str(self.path)],
            env=env,
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
        )
        log = self.transcript.open("a", encoding="utf-8")
        log.write(f"\n<<< run {self.kills + 1} >>>\n")
        self.child.logfile_read = log
        self.child.logfile_send = _Tagged(log)

    def expect(self, text: str) -> None:
        self.waiting_for = text
        self.child.expect(on_screen(text))

    def kill(self, point: str) -> None:
        self.child.kill(signal.SIGKILL)
        self.child.close(force=True)
        self.child.logfile_read.close()
        self.kills += 1
        self.kill_points[point] = self.kill_points.get(point, 0) + 1

    def pause_then_kill(self, point: str, longest: float) -> None:
        time.sleep(self.rng.uniform(0, longest))  # a random moment, on purpose
        self.kill(point)

    # --- one run ---------------------------------------------------------------------------

    def run_once(self) -> None:
        state = read_state(self.path, self.meeting_id)
        t0 = time.perf_counter()
        self.spawn()
        if self.rng.random() < 0.12:
            self.pause_then_kill("during start-up", 2.5)
            return
        self.expect(state_date(self.path, self.meeting_id))  # the home list has loaded
        self.timing["start-up"] = self.timing.get("start-up", 0) + time.perf_counter() - t0
        self.child.send("\r")
        # Resumes where the chair was (item 1 before the start), with the item's panel.
        self.position = state.position or 1
        assert self.position in self.HEADINGS, state
        self.expect(self.HEADINGS[self.position])
        self.wait_for_panel()
        if state.status == "scheduled":
            self.child.send(CTRL_S)
            if self.rng.random() < 0.3:
                self.pause_then_kill("while starting the meeting", 0.6)
                return
            self.expect("Meeting started.")
            self.done.started = True
            self.done.edits += 1
            # The start enters item 1, whose panel is already in place.
        seen_refs: set[str] = set()
        aob_done = False
        for _ in range(self.rng.randint(0, 2)):
            kind = self.pick(aob_done)
            if kind == "aob":
                aob_done = True
            self.edit(kind, seen_refs, interrupted=False)
        self.edit(self.pick(aob_done), seen_refs, interrupted=True)

    def pick(self, aob_done: bool) -> str:
        """An edit to make; actions (a whole dialog) are the slowest, so a little rarer."""
        kinds = ["action"] + (["attendance"] * 2 if self.people else [])
        kinds += [] if aob_done else ["aob"] * 2
        return self.rng.choice(kinds)

    #: The items the drivers use: attendance, case reviews (actions), any other business.
    HEADINGS = {
        1: "1. Welcome, introductions and apologies · 5 min planned",
        6: "6. Case reviews · 45 min planned",
        8: "8. Any other business · 10 min planned",
    }
    PANELS = {
        1: "Add: type part of a name or agency",
        6: "Summary of discussion",
        8: "Notes on any other business",
    }

    def wait_for_panel(self) -> None:
        """The item's panel is in place. Attendance and AOB put the focus in their text
        field; keys typed before the panel has placed it wait for it (the app holds them), so
        nothing more needs to show before typing."""
        self.expect(self.PANELS[self.position])
        self.focus_in_text = self.position in (1, 8)

    def go_to(self, position: int) -> None:
        if self.position == position:
            return
        # Tab leaves the text field (to the attendance table, or round to the agenda), so the
        # digit is a key, not typing: sent together, the app handles them in order. (Not Esc:
        # Esc and a digit read in one go are Alt+digit.)
        self.child.send(("\t" if self.focus_in_text else "") + str(position))
        self.expect(self.HEADINGS[position])
        self.position = position
        self.wait_for_panel()

    def edit(self, kind: str, seen_refs: set[str], *, interrupted: bool) -> None:
        t0 = time.perf_counter()
        try:
            self._edit(kind, seen_refs, interrupted=interrupted)
        finally:
            self.timing[kind] = self.timing.get(kind, 0) + time.perf_counter() - t0

    def _edit(self, kind: str, seen_refs: set[str], *, interrupted: bool) -> None:
        tag = f"{self.seed}-{self.kills}-{self.rng.randrange(10**6)}"
        if kind == "attendance":
            self.go_to(1)
            name, typed = self.people[0]
            self.child.send(typed + "\r")
            if interrupted:
                self.pause_then_kill("marking attendance", 0.5)
                return
            self.expect(f"{name} present.")
            self.done.present.add(name)
            self.people.pop(0)
        elif kind == "aob":
            self.go_to(8)
            marker = f" aob-{tag}"
            self.child.send(marker)
            if interrupted:
                # AOB notes save after 0.8 s of quiet: kill before, during or after the save.
                self.pause_then_kill("typing AOB notes", 1.6)
                return
            self.expect("AOB notes saved.")
            self.done.aob_markers.append(marker.strip())
        else:
            text = f"Crash-test action {tag}"
            self.fill_action_dialog(text)
            if interrupted:
                self.pause_then_kill("saving an action", 0.4)
                return
            self.waiting_for = "Action A-... saved."
            while True:  # the first reference not shown before in this run
                self.child.expect(on_screen("Action ") + REFERENCE + on_screen(" saved."))
                reference = plain(self.child.match.group(1))
                if reference not in seen_refs:
                    break
            seen_refs.add(reference)
            self.done.actions[reference] = text
        self.done.edits += 1

    def fill_action_dialog(self, text: str) -> None:
        """On the case reviews item, F2 raises an action for the case in hand; fill it in:
        text, Tab, owner, Tab, due date, then Enter saves.

        The keys go as a fast typist's do, without waiting for the app to catch up: it
        delivers them in order, each to the field the keys before it left the focus in
        (``spp_tui.widgets.key_order``). The driver waits only for what it has to read: the
        dialog, the owner's match (Tab takes it) and the due date understood.
        """
        self.go_to(6)
        self.child.send(F2)
        self.expect("New action for")
        self.child.send(text + "\tWhitfield")
        # The marked match under the owner field, not the case's actions behind the dialog.
        self.expect("▶ Sarah Whitfield (Peterborough")
        self.child.send("\t+2w")
        self.expect("(in 2 weeks)")
        self.child.send("\r")

    # --- after each kill ---------------------------------------------------------------------

    def check_file(self) -> None:
        """The file after a kill: intact, and holding every confirmed edit."""
        con = sqlite3.connect(self.path)  # a plain open, as the app's own would (WAL recovery)
        try:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            status, notes = con.execute(
                "SELECT status, aob_notes FROM meeting WHERE id = ?", (self.meeting_id,)
            ).fetchone()
            if self.done.started:
                assert status == "in progress"
            present = {
                name
                for (name,) in con.execute(
                    "SELECT p.name FROM attendance a JOIN person p ON p.id = a.person_id "
                    "WHERE a.meeting_id = ? AND a.status = 'present'",
                    (self.meeting_id,),
                )
            }
            assert self.done.present <= present, self.done.present - present
            missing_notes = [m for m in self.done.aob_markers if m not in notes]
            assert not missing_notes, missing_notes
            saved = dict(con.execute("SELECT reference, text FROM action"))
            for reference, text in self.done.actions.items():
                assert saved.get(reference) == text, (reference, text)
        finally:
            con.close()


class _Tagged:
    """Writes what the driver typed into the screen transcript, marked, for post-mortems."""

    def __init__(self, log) -> None:  # noqa: ANN001 - a text file
        self.log = log

    def write(self, text: str) -> None:
        self.log.write(f"<<<typed {text!r}>>>")

    def flush(self) -> None:
        self.log.flush()


def read_state(path: Path, meeting_id: int) -> MeetingState:
    con = sqlite3.connect(path)
    try:
        status, current = con.execute(
            "SELECT status, current_item_id FROM meeting WHERE id = ?", (meeting_id,)
        ).fetchone()
        if current is None:
            return MeetingState(status, None, "", 0)
        position, title, planned = con.execute(
            "SELECT position, title, planned_minutes FROM agendaitem WHERE id = ?", (current,)
        ).fetchone()
        return MeetingState(status, position, title, planned)
    finally:
        con.close()


def state_date(path: Path, meeting_id: int) -> str:
    con = sqlite3.connect(path)
    try:
        (day,) = con.execute("SELECT date FROM meeting WHERE id = ?", (meeting_id,)).fetchone()
    finally:
        con.close()
    return dt.date.fromisoformat(day).strftime("%a %d %b %Y")


def findable_people(path: Path) -> list[tuple[str, str]]:
    """Directory people a search by surname finds first (so Enter takes the right one)."""
    from spp_tui.db.database import open_database
    from spp_tui.db.services import directory

    db = open_database(str(path))
    try:
        found = []
        for person in directory.list_people(db):
            surname = person.name.split()[-1]
            matches = directory.search_people(db, surname)
            if matches and matches[0].id == person.id and len(person.name) < 30:
                found.append((person.name, surname))
        return found
    finally:
        db.dispose()


def test_sigkill_at_random_points_loses_no_confirmed_edit(
    demo_db_path: Path, tmp_path: Path
) -> None:
    from spp_tui.db.database import open_database
    from spp_tui.db.services import actions, meetings

    db = open_database(str(demo_db_path))
    meeting_id = next(m.id for m in meetings.list_meetings(db) if m.status == "scheduled")
    db.dispose()
    base_seed = int(os.environ.get("SPP_TUI_CRASH_SEED") or random.randrange(10**6))
    print(f"crash test seed {base_seed} (repeat with SPP_TUI_CRASH_SEED={base_seed})")
    drivers = []
    for n in range(DRIVERS):
        path = tmp_path / f"crash-{n}.sqlite3"
        shutil.copyfile(demo_db_path, path)
        seed = base_seed + n
        drivers.append(Driver(path, meeting_id, findable_people(path), seed))
    assert all(len(d.people) >= 10 for d in drivers)

    failures: list[str] = []
    budget = [KILLS]
    lock = threading.Lock()

    def run(driver: Driver) -> None:
        try:
            while True:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                try:
                    driver.run_once()
                except pexpect.TIMEOUT:
                    tail = plain(driver.child.before or "")
                    driver.kill("after a timeout")
                    raise AssertionError(
                        f"seed {driver.seed}: the screen never showed {driver.waiting_for!r}; "
                        f"last output: {tail[-400:]!r}"
                    ) from None
                driver.check_file()
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread below
            with lock:
                budget[0] = 0
            failures.append(f"{type(exc).__name__}: {exc}")
            if driver.child is not None and driver.child.isalive():
                driver.kill("after a failure")

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(d,)) for d in drivers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not failures, f"SPP_TUI_CRASH_SEED={base_seed}: {failures}"

    kills = sum(d.kills for d in drivers)
    edits = sum(d.done.edits for d in drivers)
    points: dict[str, int] = {}
    for d in drivers:
        for point, count in d.kill_points.items():
            points[point] = points.get(point, 0) + count
    spent = {k: round(sum(d.timing.get(k, 0) for d in drivers)) for k in drivers[0].timing}
    print(f"seconds spent (all drivers): {spent}")
    print(
        f"\n{kills} kills in {elapsed:.0f}s, {edits} confirmed edits, none lost; "
        f"kill points: {points}"
    )
    assert kills >= KILLS
    # The kills landed among real work, not only at start-up. Counted by where they landed:
    # the confirmed edits (0-2 a run, by the seed) fell below half the kills for one seed in
    # ten or so (26381, 379578) with nothing wrong; a work kill lands in 4 runs of 5.
    at_start = points.get("during start-up", 0) + points.get("while starting the meeting", 0)
    assert kills - at_start >= KILLS // 2 and edits > 0, points

    # Reopened the way the app does: migrations check, services, the meeting resumable.
    for driver in drivers:
        db = open_database(str(driver.path))
        try:
            meeting = meetings.get_meeting(db, meeting_id)
            assert meeting.status == "in progress" and meeting.current_item_id is not None
            resumed = meetings.start_meeting(db, meeting_id)  # "resume" keeps the item
            assert resumed.current_item_id == meeting.current_item_id
            for reference, text in driver.done.actions.items():
                row = actions.list_actions(db, actions.ActionFilter(text=reference))[0]
                assert row.text == text and row.owner_name == "Sarah Whitfield"
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        finally:
            db.dispose()
