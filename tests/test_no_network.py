"""Nothing in spp-tui reaches the network at run time (issue 8): no update check, no telemetry,
no fonts or assets fetched. Meeting rooms often have no network and the data is sensitive.

The proof is behavioural: sockets are blocked (``connect`` / ``getaddrinfo`` raise and record
the attempt) while the commands and the app run, and the record must stay empty. A static
import check backs it up but is not relied on alone.
"""

from __future__ import annotations

import ast
import os
import socket
import subprocess
import sys
from pathlib import Path

import click
import pytest
from app_pilot import settle
from click.testing import CliRunner

from spp_tui.cli import cli

PROJECT = Path(__file__).resolve().parent.parent
GUARD_DIR = Path(__file__).resolve().parent / "network_guard"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class NetworkAttempt(OSError):
    """Raised instead of reaching the network while the guard is on."""


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Block name lookups and non-loopback connects for the test; return what was tried.

    Loopback stays allowed: asyncio's self-pipe on Windows is a loopback socket pair, which
    is not the network.
    """
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def blocked(what: str) -> NetworkAttempt:
        attempts.append(what)
        return NetworkAttempt(f"network blocked by test: {what}")

    def is_remote(sock: socket.socket, address: object) -> bool:
        host = address[0] if isinstance(address, tuple) else address
        return sock.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK

    def connect(self: socket.socket, address: object) -> None:
        if is_remote(self, address):
            raise blocked(f"connect {address!r}")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if is_remote(self, address):
            raise blocked(f"connect_ex {address!r}")
        return real_connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host is not None and host not in LOOPBACK:
            raise blocked(f"getaddrinfo {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def gethostbyname(host: str) -> str:
        raise blocked(f"gethostbyname {host!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "gethostbyname", gethostbyname)
    return attempts


def test_the_guard_catches_real_network_use(network_attempts: list[str]) -> None:
    """Without this, a guard that blocked nothing would pass every test below."""
    import urllib.request

    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.com/", timeout=5)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(OSError):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed
    assert any("example.com" in attempt for attempt in network_attempts)
    assert any("192.0.2.1" in attempt for attempt in network_attempts)


def test_cli_commands_never_touch_the_network(network_attempts: list[str], tmp_path: Path) -> None:
    runner = CliRunner()
    results = [runner.invoke(cli, ["--help"]), runner.invoke(cli, ["--version"])]
    for name in cli.list_commands(click.Context(cli)):
        results.append(runner.invoke(cli, [name, "--help"]))
    results.append(runner.invoke(cli, ["demo", "--db", str(tmp_path / "demo.sqlite3")]))

    for result in results:
        assert result.exit_code == 0, result.output
    assert "demo" in results[0].output
    assert (tmp_path / "demo.sqlite3").stat().st_size > 0
    assert network_attempts == []


def test_a_fresh_process_never_touches_the_network(tmp_path: Path) -> None:
    """A new interpreter imports everything from scratch, so import-time calls count too."""
    log = tmp_path / "network.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(GUARD_DIR), str(PROJECT)]),
        "SPP_TUI_NETWORK_LOG": str(log),
    }
    db = tmp_path / "psg.sqlite3"
    for args in (["--version"], ["demo", "--db", str(db)]):
        result = subprocess.run(
            [sys.executable, "-m", "spp_tui", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    assert db.stat().st_size > 0
    assert not log.exists() or log.read_text() == ""

    # ...and the guard is live in such a process (else the check above proves nothing).
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.getaddrinfo('example.com', 80)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode != 0
    assert "example.com" in log.read_text()


async def test_the_app_starts_headless_without_the_network(
    network_attempts: list[str], demo_db_path: Path
) -> None:
    app_module = pytest.importorskip("spp_tui.app")
    app = app_module.create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        # The database opens after the first frame: wait for it, not for one round of workers
        # (on a loaded machine that round can end before the opening has even started).
        await settle(pilot, lambda: app.db is not None or app.open_error is not None)
        assert app.db is not None, app.open_error
        await pilot.press("f1")
        await pilot.pause()
    assert network_attempts == []


NETWORK_MODULES = {
    "socket",
    "ssl",
    "http.client",
    "http.server",
    "urllib.request",
    "ftplib",
    "smtplib",
    "xmlrpc.client",
    "requests",
    "httpx",
    "aiohttp",
    "urllib3",
    "websockets",
}


def test_no_module_imports_a_network_library() -> None:
    offenders = []
    for path in sorted((PROJECT / "spp_tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            offenders += [
                f"{path.relative_to(PROJECT)}:{node.lineno} {name}"
                for name in names
                if name in NETWORK_MODULES
            ]
    assert offenders == []
