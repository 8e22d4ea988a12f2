"""Two instances on one file (chair and secretariat on a shared drive), as two real processes.

No lost update, no "database is locked", and a stale edit is refused rather than written over.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from spp_tui.db.database import Database, open_database
from spp_tui.db.services import actions, directory, meetings
from spp_tui.errors import StaleEditError

UPDATES_EACH = 200

# One instance: waits for "go" on stdin, then appends its lines to the meeting's AOB notes
# (read, then save with the version it read, like a screen does) and raises one action per
# line. A stale save is reloaded and retried, as the UI asks the user to.
WORKER = textwrap.dedent(
    """
    import datetime as dt, json, random, sys, time
    from spp_tui.db.database import open_database
    from spp_tui.db.services import actions, meetings
    from spp_tui.errors import StaleEditError

    path, tag, count, meeting_id, owner_id = sys.argv[1:6]
    db = open_database(path)
    print("ready", flush=True)
    sys.stdin.readline()
    stale = 0
    for i in range(int(count)):
        while True:
            shown = meetings.get_meeting(db, int(meeting_id))
            try:
                meetings.update_meeting(
                    db, int(meeting_id), expected_version=shown.version,
                    aob_notes=shown.aob_notes + f"{tag}{i}\\n",
                )
                break
            except StaleEditError:
                stale += 1
        actions.create_action(
            db, f"{tag} action {i}", int(owner_id), dt.date(2023, 5, 2),
            meeting_id=int(meeting_id),
        )
        time.sleep(random.random() / 200)  # a moment of typing between saves
    db.dispose()
    print(json.dumps({"stale": stale}), flush=True)
    """
)


def start_instance(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


@pytest.mark.slow
def test_two_processes_interleaving_writes_lose_nothing(demo_db_path: Path) -> None:
    db = open_database(str(demo_db_path))
    meeting = next(m for m in meetings.list_meetings(db) if m.status == "scheduled")
    owner = directory.list_people(db)[0]
    actions_before = actions.count_actions(db)
    version_before = meeting.version
    db.dispose()

    args = (str(demo_db_path), str(UPDATES_EACH), str(meeting.id), str(owner.id))
    chair = start_instance(args[0], "A", *args[1:])
    secretariat = start_instance(args[0], "B", *args[1:])
    for proc in (chair, secretariat):
        assert proc.stdout.readline().strip() == "ready"
    for proc in (chair, secretariat):  # start both at once
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = []
    for proc in (chair, secretariat):
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
        results.append(json.loads(out.strip().splitlines()[-1]))

    db = open_database(str(demo_db_path))
    try:
        lines = meetings.get_meeting(db, meeting.id).aob_notes.splitlines()
        expected = {f"{tag}{i}" for tag in "AB" for i in range(UPDATES_EACH)}
        assert sorted(lines) == sorted(expected)  # every save kept, none twice
        assert meetings.get_meeting(db, meeting.id).version == version_before + 2 * UPDATES_EACH
        # Each instance's own lines stay in its order; the two really ran side by side.
        assert [x for x in lines if x[0] == "A"] == [f"A{i}" for i in range(UPDATES_EACH)]
        switches = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a[0] != b[0])
        raised = actions.list_actions(db, actions.ActionFilter(meeting_id=meeting.id))
        texts = {r.text for r in raised}
        assert {f"{tag} action {i}" for tag in "AB" for i in range(UPDATES_EACH)} <= texts
        assert actions.count_actions(db) == actions_before + 2 * UPDATES_EACH
        assert len({r.reference for r in raised}) == len(raised)  # references stay unique
    finally:
        db.dispose()
    print(f"stale saves retried: {[r['stale'] for r in results]}, switches: {switches}")


EDIT_IN_OTHER_INSTANCE = textwrap.dedent(
    """
    import sys
    from spp_tui.db.database import open_database
    from spp_tui.db.services import actions
    db = open_database(sys.argv[1])
    actions.update_action(db, int(sys.argv[2]), text=sys.argv[3])
    db.dispose()
    """
)


def test_a_stale_edit_from_another_process_is_refused_not_written_over(demo_db: Database) -> None:
    meeting = next(m for m in meetings.list_meetings(demo_db) if m.status == "scheduled")
    owner = directory.list_people(demo_db)[0]
    shown = actions.create_action(
        demo_db, "Check the CCTV at Burghley Road", owner.id, meeting.date, meeting_id=meeting.id
    )
    # The secretariat, in another process, saves a correction to the same action.
    done = subprocess.run(
        [sys.executable, "-c", EDIT_IN_OTHER_INSTANCE, str(demo_db.path), str(shown.id), "theirs"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    # The chair still has the old version on screen and saves: asked, not overwritten.
    with pytest.raises(StaleEditError, match="changed elsewhere since you opened it"):
        actions.update_action(demo_db, shown.id, expected_version=shown.version, text="mine")
    fresh = actions.get_action(demo_db, shown.id)
    assert fresh.text == "theirs"
    # After a refresh (the new version) the chair's save goes through.
    actions.update_action(demo_db, shown.id, expected_version=fresh.version, text="mine")
    assert actions.get_action(demo_db, shown.id).text == "mine"


def test_a_writer_holding_the_lock_makes_the_other_wait_not_fail(demo_db: Database) -> None:
    """Another process in the middle of a write transaction: our save queues, then succeeds."""
    meeting = next(m for m in meetings.list_meetings(demo_db) if m.status == "scheduled")
    hold = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sqlite3, sys
                con = sqlite3.connect(sys.argv[1], isolation_level=None)
                con.execute("BEGIN IMMEDIATE")
                con.execute("UPDATE person SET role = 'held by other' WHERE id = 1")
                print("locked", flush=True)
                sys.stdin.readline()
                con.execute("COMMIT")
                """
            ),
            str(demo_db.path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert hold.stdout.readline().strip() == "locked"
        # Release the other writer shortly after our save starts waiting on the lock.
        import threading

        releaser = threading.Timer(0.5, lambda: (hold.stdin.write("\n"), hold.stdin.flush()))
        releaser.start()
        meetings.update_meeting(demo_db, meeting.id, venue="queued behind the other")
        releaser.join()
    finally:
        hold.communicate(timeout=30)
    assert hold.returncode == 0
    assert directory.get_person(demo_db, 1).role == "held by other"
    assert meetings.get_meeting(demo_db, meeting.id).venue == "queued behind the other"


HOLD_WRITE_LOCK = textwrap.dedent(
    """
    import sqlite3, sys
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE person SET role = 'held by other' WHERE id = 1")
    print("locked", flush=True)
    sys.stdin.readline()
    con.execute("COMMIT")
    """
)


def test_a_save_waits_past_one_busy_timeout_then_gives_one_clear_line(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the busy timeout the save tries again; if the other instance never lets go, the
    user gets one sentence (not "database is locked") and nothing is half-saved."""
    import threading

    from spp_tui.db import database
    from spp_tui.errors import DatabaseBusyError

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    db = open_database(str(demo_db_path))
    meeting = next(m for m in meetings.list_meetings(db) if m.status == "scheduled")
    hold = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(demo_db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert hold.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseBusyError, match="nothing was saved, try again"):
            meetings.update_meeting(db, meeting.id, venue="never saved")
        # Held a little longer than one busy timeout: the retry gets through.
        releaser = threading.Timer(0.3, lambda: (hold.stdin.write("\n"), hold.stdin.flush()))
        releaser.start()
        meetings.update_meeting(db, meeting.id, venue="saved on a retry")
        releaser.join()
    finally:
        hold.communicate(input="\n", timeout=30)
    assert meetings.get_meeting(db, meeting.id).venue == "saved on a retry"
    assert directory.get_person(db, 1).role == "held by other"
    db.dispose()
