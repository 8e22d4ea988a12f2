"""The exit status tells a contained failure from a crash (issue 12 item 3), on the real
program in a terminal: a failure contained while the meeting runs (told in one line, logged)
still ends with status 0 when the chair quits; a run that ends by an uncaught error (here
the app failing to make its first screen) ends with one line, the log, and status 1, never a
traceback on the terminal. (A screen that fails to build once the app runs is contained.)"""

from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

#: Starts the real program (spp_tui.launch.main) after breaking one method, as a bug would.
LAUNCH = textwrap.dedent(
    """
    import sys
    from spp_tui.app import SppApp
    from spp_tui.screens.home import HomeScreen

    def broken(self, *args, **kwargs):
        raise RuntimeError("broken on purpose\\nsecond line with a name: Mrs Pryce")

    owner, name = sys.argv[1].split(".")
    setattr({"HomeScreen": HomeScreen, "SppApp": SppApp}[owner], name, broken)
    from spp_tui.launch import main
    main(["--db", sys.argv[2]])
    """
)


def run(db_path: Path, method: str, keys: list[str]) -> tuple[int, bytes]:
    child = pexpect.spawn(
        sys.executable,
        ["-c", LAUNCH, method, str(db_path)],
        # COLUMNS/LINES as the pty's, not the 80x24 in-process tests leave in the environment.
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
        dimensions=(40, 120),
        timeout=90,
    )
    out = b""
    try:
        for key in keys:
            out += _wait_for_quiet(child)
            child.send(key)
        child.expect(pexpect.EOF, timeout=90)
        out += child.before or b""
    finally:
        child.close()
    return child.exitstatus if child.exitstatus is not None else -1, out


def _wait_for_quiet(child) -> bytes:  # noqa: ANN001
    """What the app writes until it goes quiet for a second (it has drawn and settled)."""
    out = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            out += child.read_nonblocking(100_000, timeout=1.0)
        except pexpect.TIMEOUT:
            if out:
                return out
        except pexpect.EOF:
            return out
    return out


def test_a_contained_failure_still_exits_with_status_0(demo_db_path: Path) -> None:
    from spp_tui.failures import log_path

    status, out = run(demo_db_path, "HomeScreen.action_refresh", ["r", "\x11"])  # r fails; Ctrl+Q
    assert status == 0, out[-2000:]
    assert b"Traceback" not in out
    assert "broken on purpose" in log_path().read_text(encoding="utf-8")


def test_a_run_that_crashed_exits_non_zero_with_one_line(demo_db_path: Path) -> None:
    from spp_tui.failures import log_path

    status, out = run(demo_db_path, "SppApp.get_default_screen", [])
    assert status == 1, out[-2000:]
    assert b"Traceback" not in out and b"Mrs Pryce" not in out
    assert out.count(b"spp-tui: error: Something failed (") == 1
    assert b"Something failed (RuntimeError: broken on purpose)" in out  # the cause, not its effect
    assert "broken on purpose" in log_path().read_text(encoding="utf-8")
