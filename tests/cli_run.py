"""The spp-tui command line run as a user runs it, for every test that runs it: a child
process with its own arguments, environment, folder and standard streams, whose exit status
and output come back as ``subprocess.run`` returns them (one helper, where eight test modules
had their own copy).

Warm start (where the platform can fork): each test process keeps one parent process that has
imported the third-party libraries every command loads (SQLAlchemy, SQLModel, pydantic,
click, python-docx, psycopg: about 0.6 s of a command's 1.2 s of CPU, and the suite runs
hundreds). Each run forks it; the child takes its arguments, environment, folder and streams,
then runs ``spp_tui.launch:main`` (the ``spp-tui`` script and ``python -m spp_tui`` both call
it) and exits as the interpreter does, running its exit handlers. spp_tui itself is imported
afresh in every child, so what a command does at import time is what a user's process does.
A run cold-starts instead (``subprocess.run`` of the ``spp-tui`` script) where fork is
missing (Windows), when the environment changes how Python itself starts (``PYTHON*``, the
locale), or with ``SPP_TUI_TEST_COLD_CLI=1``.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

#: Environment variables Python reads as it starts (a warm child started long before).
_STARTUP_VARIABLES = ("PYTHON", "LC_", "LANG")


def spp_tui_program() -> list[str]:
    """The installed console script beside this Python, else ``python -m spp_tui``."""
    script = Path(sys.executable).with_name("spp-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "spp_tui"]


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    stdin: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``spp-tui ARGS`` with the test's environment plus ``env``, in ``cwd``, reading
    ``stdin`` (else nothing: not a terminal), as ``subprocess.run(..., text=True)``."""
    environment = {**os.environ, **(env or {})}
    if _cold(env):
        return subprocess.run(
            [*spp_tui_program(), *args],
            capture_output=True,
            text=True,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            env=environment,
            cwd=cwd,
            timeout=timeout,
        )
    return _Warm.get().run(list(args), environment, cwd, stdin, timeout)


def _cold(env: dict[str, str] | None) -> bool:
    if not hasattr(os, "fork") or os.environ.get("SPP_TUI_TEST_COLD_CLI"):
        return True
    return any(name.startswith(_STARTUP_VARIABLES) for name in env or {})


class _Warm:
    """The parent this test process forks its command runs from (started on first use)."""

    _one: _Warm | None = None
    _lock = threading.Lock()

    @classmethod
    def get(cls) -> _Warm:
        with cls._lock:
            if cls._one is None or cls._one.process.poll() is not None:
                cls._one = cls()
            return cls._one

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="spp-cli-"))
        atexit.register(shutil.rmtree, self.folder, True)
        self.process = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.pending = b""
        self.running = threading.Lock()
        assert self._line(60) == {"ready": True}

    def _line(self, timeout: float) -> dict[str, Any]:
        """The parent's next answer (a JSON line), waiting at most ``timeout`` seconds."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("the warm command-line parent ended")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return json.loads(line)

    def run(
        self,
        args: list[str],
        env: dict[str, str],
        cwd: Path | None,
        stdin: str | None,
        timeout: float,
    ) -> subprocess.CompletedProcess[str]:
        with self.running:  # one run at a time: they share the files and the answers
            files = {name: self.folder / name for name in ("in", "out", "err")}
            files["in"].write_text(stdin or "", encoding="utf-8")
            umask = os.umask(0o077)
            os.umask(umask)
            request = {
                "args": args,
                "env": env,
                "cwd": str(cwd) if cwd else None,
                "stdin": str(files["in"]) if stdin is not None else os.devnull,
                "out": str(files["out"]),
                "err": str(files["err"]),
                "umask": umask,
            }
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
            child = self._line(60)["pid"]
            try:
                status = self._line(timeout)["status"]
            except TimeoutError:
                os.kill(child, signal.SIGKILL)
                self._line(60)
                raise subprocess.TimeoutExpired(["spp-tui", *args], timeout) from None
            out, err = (files[n].read_text("utf-8", errors="replace") for n in ("out", "err"))
            return subprocess.CompletedProcess(["spp-tui", *args], status, out, err)


def _serve() -> None:  # pragma: no cover - runs in the warm parent
    """Import what every command loads, then fork a child per request (one at a time)."""
    import click  # noqa: F401
    import docx  # noqa: F401
    import pydantic  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401
    import sqlalchemy.orm  # noqa: F401
    import sqlmodel  # noqa: F401

    try:
        import psycopg  # noqa: F401
        import sqlalchemy.dialects.postgresql  # noqa: F401
    except ImportError:
        pass
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"status": os.waitstatus_to_exitcode(status)}), flush=True)


def _child(request: dict[str, Any]) -> None:  # pragma: no cover - runs in the forked child
    """Become the command: streams, environment, folder, umask, arguments; run it; exit."""
    for fd, path, flags in (
        (0, request["stdin"], os.O_RDONLY),
        (1, request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        (2, request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
    ):
        opened = os.open(path, flags, 0o600)
        os.dup2(opened, fd)
        os.close(opened)
    # The streams as Python sets them up for pipes (this parent's own are pipes too).
    streams = {"stdin": sys.stdin, "stdout": sys.stdout, "stderr": sys.stderr}
    for fd, (name, was) in enumerate(streams.items()):
        setattr(
            sys,
            name,
            open(  # noqa: SIM115 - the process's own stream, open until it exits
                fd,
                "r" if fd == 0 else "w",
                encoding=was.encoding,
                errors=was.errors,
                closefd=False,
                buffering=1 if fd == 2 else -1,
            ),
        )
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    if request["cwd"]:
        os.chdir(request["cwd"])
    script = Path(sys.executable).with_name("spp-tui")
    sys.argv = [str(script), *request["args"]]
    sys.path[0] = str(script.parent)  # as the console script's interpreter has it
    from spp_tui.launch import main

    main()
    raise SystemExit(0)


if __name__ == "__main__":
    _serve()
