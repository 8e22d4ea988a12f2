"""Block and record network use in a child Python process (tests put this folder on PYTHONPATH).

Loaded by ``site`` at start-up when ``SPP_TUI_NETWORK_LOG`` names a file: every attempt to
resolve a host name or connect a socket to anything but the loopback address is appended to
that file (one line each) and fails with ``OSError``, so a test can assert the file stays
empty. Loopback stays allowed because asyncio's self-pipe on Windows is a loopback socket pair.
"""

import os
import socket

_LOG = os.environ.get("SPP_TUI_NETWORK_LOG")
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def _record(what):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(what + "\n")
    raise OSError("network use blocked by the spp-tui test guard: " + what)


def _host(address):
    return address[0] if isinstance(address, tuple) and address else address


if _LOG:
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and _host(address) not in _LOOPBACK:
            _record("connect " + repr(address))
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and _host(address) not in _LOOPBACK:
            _record("connect_ex " + repr(address))
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in _LOOPBACK and host is not None:
            _record("getaddrinfo " + repr(host))
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = lambda host: _record("gethostbyname " + repr(host))
