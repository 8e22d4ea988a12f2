"""Due dates as a chair types them in the room: ``30/4``, ``+2w``, ``next``...

Core module (no Textual): the action dialog shows ``describe_due_date`` of what
``parse_due_date`` understood while the chair is still typing.

Forms accepted (case and surrounding spaces ignored):

- ``2023-04-30`` (ISO) and ``30/04/2023``, ``30/4/23``, ``30.4.2023`` (day first, UK style);
- ``30/4``: day and month without a year. It means the next such day from the base date:
  this year, or next year when this year's has already gone. A due date in the past is
  therefore only possible when typed with its year, deliberately;
- ``+10d``, ``+2w``, ``+3m`` (days, weeks, calendar months from the base date; ``+1m`` from
  31 January is the last day of February);
- ``next``: the date of the next meeting of the series, or the series' usual interval (four
  weeks) after the base date when none is scheduled yet (``describe_next`` says which);
- ``today``, ``tomorrow``;
- a weekday, ``fri`` or ``friday``: the next one after today (typed on a Friday it means a
  week today).

The base date (``today`` below) is the meeting's date wherever a meeting is in hand, so an
April 2023 meeting edited years later still reads ``30/4`` as 30 April 2023: the callers get it
from ``spp_tui.db.services.due_base``.

Anything else raises ``ValueError`` whose text is one line fit to show the user.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from spp_tui.text import plural

#: Dates typed with a year must fall in this range (catches 0023 or 3023 typos).
MIN_YEAR = 2000
MAX_YEAR = 2099
#: Relative dates further ahead than this are surely typos (+2000w).
MAX_DAYS_AHEAD = 3660

#: A PSG meets monthly: ``next`` with no meeting scheduled yet means four weeks on.
USUAL_INTERVAL = dt.timedelta(weeks=4)

FORMS_HINT = "try 30/4, 30/04/2023, 2023-04-30, +2w, +10d or next"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?", re.ASCII)
_RELATIVE = re.compile(r"\+\s*(\d+)\s*([dwm])", re.ASCII)
#: English on purpose: ``calendar.day_name`` follows the machine's locale.
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_due_date(text: str, today: dt.date, next_meeting: dt.date | None = None) -> dt.date:
    """Understand a due date typed by the user; ``ValueError`` (one line) if it is not one."""
    typed = " ".join(text.split()).lower()
    if not typed:
        raise ValueError(f"type a date: {FORMS_HINT}.")
    if typed == "next":
        return next_meeting if next_meeting is not None else today + USUAL_INTERVAL
    if typed == "today":
        return today
    if typed in ("tomorrow", "tmw", "tom"):
        return today + dt.timedelta(days=1)
    weekday = _weekday(typed)
    if weekday is not None:
        return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if match := _RELATIVE.fullmatch(typed):
        amount = match.group(1)
        if len(amount) > 5:
            raise ValueError(f"'{_short(text)}' is too far ahead: at most ten years on.")
        return _relative(today, int(amount), match.group(2), text.strip())
    if match := _ISO.fullmatch(typed):
        year, month, day = (int(part) for part in match.groups())
        return _checked(year, month, day, text.strip())
    if match := _DAY_FIRST.fullmatch(typed):
        day, month = int(match.group(1)), int(match.group(2))
        year_text = match.group(3)
        if year_text is None:
            return _next_occurrence(today, month, day, text.strip())
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return _checked(year, month, day, text.strip())
    raise ValueError(f"'{_short(text)}' is not a date: {FORMS_HINT}.")


#: The whole dates the command line and the log's filters take.
DAY_FORMS = "2023-04-30 or 30/04/2023"


def parse_day(text: str) -> dt.date:
    """A whole date as typed on the command line or in a filter box: ISO (2023-04-30) or day
    first with its year (30/04/2023, 30.4.23), as the due dates are typed; ``ValueError`` (one
    line) if it is not one. UK users write the day first; the CLI took ISO alone."""
    typed = text.strip()
    try:
        if match := _ISO.fullmatch(typed):
            year, month, day = (int(part) for part in match.groups())
            return _checked(year, month, day, typed)
        if (match := _DAY_FIRST.fullmatch(typed)) and match.group(3):
            year_text = match.group(3)
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            return _checked(year, int(match.group(2)), int(match.group(1)), typed)
    except ValueError as exc:  # "'31/02/2023': February 2023 has no day 31."
        detail = str(exc).split("': ", 1)[-1]
        raise ValueError(f"'{_short(typed)}' is not a date: {detail}") from None
    try:
        return dt.date.fromisoformat(typed)  # the other ISO forms (20230430) as before
    except ValueError:
        raise ValueError(f"'{_short(typed)}' is not a date: use {DAY_FORMS}.") from None


def whole_day(text: str) -> dt.date | None:
    """The date in a box typed as the user goes (a filter applied as they type): a day only
    once typed whole with its four-digit year, so "30/04/20" is not taken for 2020 on the way
    to 2023; None while half typed or not a date."""
    typed = text.strip()
    whole = _ISO.fullmatch(typed) or (
        (match := _DAY_FIRST.fullmatch(typed)) and len(match.group(3) or "") == 4
    )
    if not whole:
        return None
    try:
        return parse_day(typed)
    except ValueError:
        return None


def _weekday(typed: str) -> int | None:
    """``fri``, ``thurs``, ``wednesday``: three letters or more of a weekday's name."""
    if len(typed) < 3:
        return None
    for index, name in enumerate(_WEEKDAYS):
        if name.startswith(typed):
            return index
    return None


def describe_due_date(due: dt.date, today: dt.date) -> str:
    """What the dialog shows beside the field: ``Tue 2 May 2023 (in 4 weeks)``."""
    return f"{format_date(due)} ({_distance(due, today)})"


def describe_next(next_meeting: dt.date | None) -> str:
    """What ``next`` stands for, said beside the date understood."""
    if next_meeting is None:
        return "no next meeting scheduled yet: the usual four weeks"
    return "the next meeting"


def format_date(day: dt.date) -> str:
    """A date as people read it in minutes: ``Tue 2 May 2023``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def format_column_date(day: dt.date) -> str:
    """A date on screen where dates line up (tables, headings): ``Tue 02 May 2023``."""
    return day.strftime("%a %d %b %Y")


def format_long_date(day: dt.date) -> str:
    """A date spelt out, to confirm one just typed: ``Tuesday 02 May 2023``."""
    return day.strftime("%A %d %B %Y")


def _distance(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday, in the past"
    if days < 0:
        return f"{plural(-days, 'day')} ago, in the past"
    if days % 7 == 0:
        return f"in {plural(days // 7, 'week')}"
    return f"in {plural(days, 'day')}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 24 else text[:23] + "…"


def _checked(year: int, month: int, day: int, typed: str) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"'{_short(typed)}': the year must be between {MIN_YEAR} and {MAX_YEAR}.")
    if not 1 <= month <= 12:
        raise ValueError(f"'{_short(typed)}': there is no month {month}.")
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise ValueError(
            f"'{_short(typed)}': {calendar.month_name[month]} {year} has no day {day}."
        )
    return dt.date(year, month, day)


def _next_occurrence(today: dt.date, month: int, day: int, typed: str) -> dt.date:
    """``30/4`` with no year: this year's if still to come, else next year's."""
    if not 1 <= month <= 12:
        raise ValueError(f"'{_short(typed)}': there is no month {month}.")
    if day < 1:
        raise ValueError(f"'{_short(typed)}': there is no day {day}.")
    for year in (today.year, today.year + 1):
        if day <= calendar.monthrange(year, month)[1]:
            candidate = dt.date(year, month, day)
            if candidate >= today:
                return candidate
    if month == 2 and day == 29:
        # 29/2 with no leap year this year or next: say so rather than guess years ahead.
        raise ValueError(f"'{_short(typed)}': no 29 February this year or next; add the year.")
    raise ValueError(f"'{_short(typed)}': {calendar.month_name[month]} has no day {day}.")


def _relative(today: dt.date, amount: int, unit: str, typed: str) -> dt.date:
    if unit == "m":
        month_index = today.month - 1 + amount
        year, month = today.year + month_index // 12, month_index % 12 + 1
        if year > MAX_YEAR:
            raise ValueError(f"'{_short(typed)}' is too far ahead: at most ten years on.")
        due = dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    else:
        days = amount * (7 if unit == "w" else 1)
        if days > MAX_DAYS_AHEAD:
            raise ValueError(f"'{_short(typed)}' is too far ahead: at most ten years on.")
        due = today + dt.timedelta(days=days)
    if (due - today).days > MAX_DAYS_AHEAD:
        raise ValueError(f"'{_short(typed)}' is too far ahead: at most ten years on.")
    return due
