"""A server's password never reaches ``spp-tui.log``: Python logging (ours and the libraries')
goes through a filter that masks it in the message, its arguments and the traceback, and the
contained-failure log masks it too."""

from __future__ import annotations

import logging

import pytest

from spp_tui.db.database import open_database
from spp_tui.errors import DatabaseUnavailableError
from spp_tui.failures import install_log, log_failure, log_path

PASSWORD = "Tr0ub4dor-secret"
#: Nothing listens on port 1: the connection is refused at once, no server needed.
URL = f"postgresql+psycopg://chair:{PASSWORD}@127.0.0.1:1/psg"


@pytest.fixture
def log() -> logging.Logger:
    install_log()
    logger = logging.getLogger("spp_tui.test")
    yield logger
    for handler in logging.getLogger().handlers:
        handler.flush()


def _log_text() -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return log_path().read_text(encoding="utf-8")


def test_a_connection_failure_logged_with_its_url_never_writes_the_password(log) -> None:
    with pytest.raises(DatabaseUnavailableError) as caught:
        open_database(URL)
    assert PASSWORD not in str(caught.value)
    try:
        raise RuntimeError(f"could not connect to {URL}") from caught.value
    except RuntimeError:
        log.error("opening %s failed", URL, exc_info=True)
    log.warning("the driver said: host=127.0.0.1 password=%s", PASSWORD)
    text = _log_text()
    assert "opening postgresql+psycopg://chair:***@127.0.0.1:1/psg failed" in text
    assert "could not connect to postgresql+psycopg://chair:***@" in text  # the traceback
    assert "password=***" in text
    assert PASSWORD not in text


def test_a_password_outside_any_url_is_masked_once_its_store_was_opened(log) -> None:
    """A password holding ``@`` defeats the URL pattern; the store's own password is known."""
    odd = "p@ss:w0rd!"
    with pytest.raises(DatabaseUnavailableError):
        open_database(f"postgresql+psycopg://chair:{odd.replace('@', '%40')}@127.0.0.1:1/psg")
    log.warning("server said no to %s", odd)
    assert odd not in _log_text()


def test_a_contained_failure_naming_the_url_is_logged_masked(log) -> None:
    path = log_failure(RuntimeError(f"lost {URL}"))
    assert path == log_path()
    text = _log_text()
    assert "lost postgresql+psycopg://chair:***@127.0.0.1:1/psg" in text
    assert PASSWORD not in text


def test_the_log_is_readable_by_the_user_alone(log) -> None:
    import os
    import stat

    log.warning("one line")
    _log_text()
    if os.name == "posix":
        assert stat.S_IMODE(log_path().stat().st_mode) == 0o600
