"""Text as typed, made storable: one rule for every string that reaches the database.

Why here (the bottom layer) and not in each service: text arrives through every service
argument, pasted from emails and police systems, and from terminals in other encodings.
``stored_text`` is applied to every text column on every flush (``db.field_checks``), so
no service can forget it.

The rule (README, *Data safety*):
- Unicode NFC: "é" typed as e + combining accent is stored as the one character é, as
  Word, search and sorting expect. Nothing visible changes; ZWJ emoji, right-to-left text
  and its direction marks are kept exactly.
- What cannot be stored is replaced by U+FFFD (the visible "�"), never a crash: a lone
  surrogate (half of an emoji, from a broken paste or a terminal byte that was not UTF-8)
  and NUL (PostgreSQL text cannot hold it).
- Everything else, control characters included, is stored as typed; the screen shows them
  as visible symbols and Word drops the few XML cannot hold.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"


def stored_text(value: str) -> str:
    """``value`` as spp-tui stores it: NFC, with lone surrogates and NUL made U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # A surrogate *pair* split into two code points (JSON, Windows clipboards) becomes
        # its character again; a lone half becomes U+FFFD.
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if "\x00" in value:
        value = value.replace("\x00", REPLACEMENT)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return value


#: Every line break ``str.splitlines`` knows (CR LF, lone CR, VT, FF, FS/GS/RS, NEL, LS, PS).
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def one_newline(value: str) -> str:
    """``value`` with every kind of line break as ``\\n``: text pasted from Windows or old Mac
    mail (CR LF, lone CR) splits into lines one way in Textual's editor and is measured another,
    and Ctrl+Z then reaches past the last line (the Decisions crash of issue 13)."""
    return _LINE_BREAKS.sub("\n", value) if _LINE_BREAKS.search(value) else value


def decoded_input(data: bytes) -> str:
    """Bytes from a terminal or file as text: UTF-8, anything undecodable as U+FFFD."""
    return data.decode("utf-8", "replace")


def plural(count: float, noun: str, many: str | None = None) -> str:
    """``1 apology``, ``2 apologies``, ``0 actions``, ``1.5 days``: the count with the form
    that agrees with it. Every count a person reads (documents, screens, the CLI, the audit
    trail) goes through here, so none says "1 cases" (tests/test_plurals.py looks for any
    that does not)."""
    shown = f"{count:g}" if isinstance(count, float) else str(count)
    return f"{shown} {noun if count == 1 else (many or noun + 's')}"
