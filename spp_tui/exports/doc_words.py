"""The words the documents are written in: English dates, plurals and status, whatever the
machine's locale (Word and the dashboard say the same). No python-docx here."""

from __future__ import annotations

import datetime as dt
import re

from spp_tui.text import plural as plural  # the documents' plural is everyone's

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def status_text(status: str | None) -> str:
    """One style for every status in every document: ``In progress``, ``Not done``."""
    return (status[:1].upper() + status[1:]) if status else ""


def long_date(day: dt.date | None) -> str:
    """``Tuesday 7 March 2023`` (titles and prose)."""
    if day is None:
        return "not set"
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date | None) -> str:
    """``7 Mar 2023`` (table cells)."""
    if day is None:
        return "none"
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def clock(value: dt.time | dt.datetime | None) -> str:
    """``10:02``; stored datetimes are UTC (naive from SQLite) and shown in local time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        value = aware.astimezone().time()
    return f"{value.hour:02d}:{value.minute:02d}"


def slug(text: str) -> str:
    """A file-name-safe word: ``Youth PSG`` -> ``Youth-PSG``."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "export"
