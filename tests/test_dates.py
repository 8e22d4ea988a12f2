"""Due dates as typed in the action dialog (spp_tui.dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spp_tui.dates import (
    MAX_DAYS_AHEAD,
    USUAL_INTERVAL,
    describe_due_date,
    describe_next,
    format_date,
    parse_day,
    parse_due_date,
    whole_day,
)

TODAY = dt.date(2023, 4, 4)  # a Tuesday: the April PSG in the demo
NEXT_MEETING = dt.date(2023, 5, 2)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2023-04-30", dt.date(2023, 4, 30)),
        ("30/04/2023", dt.date(2023, 4, 30)),
        ("30/4/2023", dt.date(2023, 4, 30)),
        ("30/4/23", dt.date(2023, 4, 30)),
        ("30.04.2023", dt.date(2023, 4, 30)),
        ("30/4", dt.date(2023, 4, 30)),
        ("4/4", dt.date(2023, 4, 4)),  # today is still to come
        ("3/4", dt.date(2024, 4, 3)),  # yesterday's day: next year's
        ("1/1", dt.date(2024, 1, 1)),
        ("+10d", dt.date(2023, 4, 14)),
        ("+2w", dt.date(2023, 4, 18)),
        ("+ 2 w", dt.date(2023, 4, 18)),
        ("+0d", TODAY),
        ("+1m", dt.date(2023, 5, 4)),
        ("+12m", dt.date(2024, 4, 4)),
        ("next", NEXT_MEETING),
        ("  NEXT ", NEXT_MEETING),
        ("today", TODAY),
        ("tomorrow", dt.date(2023, 4, 5)),
        ("fri", dt.date(2023, 4, 7)),
        ("Friday", dt.date(2023, 4, 7)),
        ("thurs", dt.date(2023, 4, 6)),
        ("tue", dt.date(2023, 4, 11)),  # typed on a Tuesday: a week today
        ("mon", dt.date(2023, 4, 10)),
        ("2022-12-01", dt.date(2022, 12, 1)),  # the past, deliberately, with its year
    ],
)
def test_each_form_is_understood(typed: str, expected: dt.date) -> None:
    assert parse_due_date(typed, TODAY, NEXT_MEETING) == expected


def test_a_month_ahead_from_the_31st_is_the_end_of_the_shorter_month() -> None:
    assert parse_due_date("+1m", dt.date(2023, 1, 31)) == dt.date(2023, 2, 28)
    assert parse_due_date("+1m", dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)


def test_29_february_without_a_year_waits_for_a_leap_year_it_can_reach() -> None:
    assert parse_due_date("29/2", dt.date(2023, 4, 4)) == dt.date(2024, 2, 29)
    with pytest.raises(ValueError, match="29 February"):
        parse_due_date("29/2", dt.date(2024, 3, 1))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type a date"),
        ("   ", "type a date"),
        ("soon", "is not a date"),
        ("31/4", "April has no day 31"),
        ("0/4", "no day 0"),
        ("30/13", "no month 13"),
        ("2023-02-29", "February 2023 has no day 29"),
        ("2023-13-01", "no month 13"),
        ("0023-04-30", "year must be between"),
        ("30/4/3023", "year must be between"),
        ("+99999w", "too far ahead"),
        ("+1" + "0" * 5000 + "d", "too far ahead"),
        ("+600w", "too far ahead"),
        ("-2w", "is not a date"),
        ("30/4/2023/1", "is not a date"),
        ("٣٠/٤", "is not a date"),  # Arabic-Indic digits are not taken for ASCII ones
    ],
)
def test_junk_is_refused_with_one_line(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_due_date(typed, TODAY, None)
    assert "\n" not in str(caught.value)
    assert len(str(caught.value)) < 100


def test_next_without_a_scheduled_meeting_is_the_usual_four_weeks() -> None:
    assert parse_due_date("next", TODAY, None) == TODAY + USUAL_INTERVAL == dt.date(2023, 5, 2)
    assert "usual four weeks" in describe_next(None)
    assert describe_next(NEXT_MEETING) == "the next meeting"


def test_describe_says_how_far_off_the_date_is() -> None:
    assert describe_due_date(dt.date(2023, 5, 2), TODAY) == "Tue 2 May 2023 (in 4 weeks)"
    assert describe_due_date(dt.date(2023, 4, 14), TODAY) == "Fri 14 Apr 2023 (in 10 days)"
    assert describe_due_date(TODAY, TODAY) == "Tue 4 Apr 2023 (today)"
    assert describe_due_date(dt.date(2023, 4, 5), TODAY) == "Wed 5 Apr 2023 (tomorrow)"
    assert "in the past" in describe_due_date(dt.date(2023, 3, 1), TODAY)


# --- properties -------------------------------------------------------------------------

todays = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
due_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@given(due=due_dates, today=todays)
def test_iso_and_uk_forms_round_trip(due: dt.date, today: dt.date) -> None:
    assert parse_due_date(due.isoformat(), today) == due
    assert parse_due_date(f"{due:%d/%m/%Y}", today) == due
    assert parse_due_date(f"{due.day}/{due.month}/{due.year}", today) == due


@given(days=st.integers(min_value=0, max_value=MAX_DAYS_AHEAD), today=todays)
def test_plus_days_is_date_arithmetic(days: int, today: dt.date) -> None:
    assert parse_due_date(f"+{days}d", today) == today + dt.timedelta(days=days)


@given(weeks=st.integers(min_value=0, max_value=MAX_DAYS_AHEAD // 7), today=todays)
def test_plus_weeks_is_seven_days_each(weeks: int, today: dt.date) -> None:
    assert parse_due_date(f"+{weeks}w", today) == today + dt.timedelta(weeks=weeks)


@given(due=due_dates, today=todays)
def test_day_and_month_alone_is_the_next_such_day_never_the_past(
    due: dt.date, today: dt.date
) -> None:
    typed = f"{due.day}/{due.month}"
    try:
        parsed = parse_due_date(typed, today)
    except ValueError:
        assert (due.month, due.day) == (2, 29)  # only a leap day can be out of reach
        return
    assert (parsed.month, parsed.day) == (due.month, due.day)
    assert today <= parsed < today + dt.timedelta(days=366 * 4 + 1)


@given(today=todays)
def test_weekday_names_land_within_the_next_seven_days_on_that_day(today: dt.date) -> None:
    for index, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun")):
        parsed = parse_due_date(name, today)
        assert parsed.weekday() == index
        assert 1 <= (parsed - today).days <= 7


@given(text=st.text(max_size=40), today=todays, nxt=st.none() | due_dates)
def test_random_text_never_raises_anything_but_a_value_error(
    text: str, today: dt.date, nxt: dt.date | None
) -> None:
    try:
        parsed = parse_due_date(text, today, nxt)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(parsed, dt.date)


@given(text=st.from_regex(r"[0-9+/.\-dwm ]{1,12}", fullmatch=True), today=todays)
def test_date_like_junk_never_raises_anything_but_a_value_error(text: str, today: dt.date) -> None:
    try:
        parse_due_date(text, today)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)


def test_format_date_reads_like_the_minutes() -> None:
    assert format_date(dt.date(2023, 4, 30)) == "Sun 30 Apr 2023"


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2023-04-30", dt.date(2023, 4, 30)),
        ("30/04/2023", dt.date(2023, 4, 30)),
        (" 30/4/2023 ", dt.date(2023, 4, 30)),
        ("30.4.23", dt.date(2023, 4, 30)),
        ("20230430", dt.date(2023, 4, 30)),  # Python's other ISO form, taken before
    ],
)
def test_a_whole_date_day_first_or_iso(typed: str, day: dt.date) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2023", "'31/02/2023' is not a date: February 2023 has no day 31."),
        ("2023-13-01", "'2023-13-01' is not a date: there is no month 13."),
        ("30/4", "'30/4' is not a date: use 2023-04-30 or 30/04/2023."),  # no year: whose?
        ("soon", "'soon' is not a date: use 2023-04-30 or 30/04/2023."),
    ],
)
def test_a_bad_whole_date_is_one_line(typed: str, said: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_day(typed)
    assert str(caught.value) == said


def test_a_meeting_is_named_by_its_date_either_way(demo_db) -> None:  # noqa: ANN001
    from spp_tui.db.services import meetings
    from spp_tui.errors import ValidationError

    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    assert meetings.resolve_meeting(demo_db, "07/03/2023").id == march.id
    assert meetings.resolve_meeting(demo_db, "7.3.23").id == march.id
    with pytest.raises(ValidationError, match="give an id, a date"):
        meetings.resolve_meeting(demo_db, "March")


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("01/03/2023", dt.date(2023, 3, 1)),
        ("2023-03-01", dt.date(2023, 3, 1)),
        ("01/03", None),
        ("01/03/20", None),  # on the way to 2023, not 2020
        ("01/03/202", None),
        ("31/02/2023", None),
        ("soon", None),
    ],
)
def test_a_box_takes_a_day_only_once_typed_whole(typed: str, day: dt.date | None) -> None:
    assert whole_day(typed) == day
