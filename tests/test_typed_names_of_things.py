"""What a user types to name a thing (a meeting by id or date, a search, a date, a number of
years) either finds it or says in one line why not: never an exception from below.

Found by hand: ``export minutes 99999999999999999999`` ended in the driver's OverflowError,
a palette search for "march ²" in int()'s ValueError ("²" is a digit to str.isdigit and to
an unflagged regex \\d), and ``purge --years 99999`` in date.replace's. These tests feed
the whole kind: any text, digits of every script and size.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from spp_tui.cli import cli
from spp_tui.dates import parse_day, parse_due_date
from spp_tui.db.services import meetings, retention
from spp_tui.db.services.search import search
from spp_tui.errors import UserError

#: Digits of other scripts and superscripts beside ASCII ones, spaces, signs and separators:
#: the characters a number or a date is read from.
NUMBERISH = st.text(
    alphabet=st.sampled_from("0123456789²³¹⁰٣٤٢٠०१۲𝟘𝟙 -/.+:eEx,٫")
    | st.characters(categories=("Nd", "No")),
    max_size=24,
)
TYPED = NUMBERISH | st.text(max_size=24) | st.from_regex(r"(january|march|april) \S{1,6}")
FIXTURE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE)
@given(typed=TYPED)
@example(typed="99999999999999999999")
@example(typed="9223372036854775808")
@example(typed="٣")
@example(typed="march ²")
def test_a_meeting_named_by_anything_is_found_or_refused(demo_db, typed):  # noqa: ANN001
    try:
        assert meetings.resolve_meeting(demo_db, typed).id is not None
    except UserError as exc:  # said in one line by the CLI (next test), in a toast by the app
        assert str(exc)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE)
@given(typed=TYPED | st.text(alphabet=st.characters(categories=("Cc",)), max_size=6))
@example(typed="0\n0")
@example(typed="\x1b[2J\x1b]0;pwned\x07")
def test_the_cli_refuses_any_meeting_name_in_one_plain_line(demo_db_path, tmp_path, typed):  # noqa: ANN001
    out = tmp_path / "m.docx"
    result = CliRunner().invoke(
        cli, ["--db", str(demo_db_path), "export", "minutes", "--out", str(out), "--", typed]
    )
    if result.exit_code == 0:
        assert out.is_file()
        return
    assert result.exit_code == 2, result.output
    line = result.output.removeprefix(result.stdout if result.stdout.endswith("\n") else "")
    assert line.startswith("spp-tui: error: ") and line.count("\n") == 1, result.output
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in line[:-1]), line


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE)
@given(typed=TYPED)
@example(typed="march ²")
@example(typed="april ²⁰²³")
@example(typed="99999999999999999999")
def test_a_search_for_anything_answers(demo_db, typed):  # noqa: ANN001
    assert isinstance(search(demo_db, typed), list)


@settings(max_examples=500, deadline=None)
@given(typed=TYPED)
def test_a_date_typed_anyhow_is_a_date_or_one_line(typed: str) -> None:
    for read in (parse_day, lambda t: parse_due_date(t, dt.date(2023, 4, 4))):
        try:
            assert isinstance(read(typed), dt.date)
        except ValueError as exc:
            assert str(exc) and "\n" not in str(exc)


@given(years=st.integers(min_value=-(10**6), max_value=10**6))
def test_any_number_of_retention_years_is_a_day_or_one_line(years: int) -> None:
    try:
        assert retention.cutoff_for_years(years, dt.date(2026, 2, 28)) < dt.date(2026, 2, 28)
    except UserError as exc:
        assert "\n" not in str(exc)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "minutes", "99999999999999999999"], "no meeting matches"),
        (["export", "minutes", "٣"], "is not a meeting"),
        (["purge", "--years", "99999", "--yes"], "at most 100 years"),
    ],
)
def test_the_cli_says_one_line_for_names_past_any_record(demo_db_path, args, said):  # noqa: ANN001
    result = CliRunner().invoke(cli, ["--db", str(demo_db_path), *args])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("spp-tui: error: ") and said in result.output
    assert result.output.count("\n") == 1
