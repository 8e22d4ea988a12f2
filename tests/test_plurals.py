"""No count a person reads says "1 cases" (the redaction review printed "1 replacements",
the action history "1 days overdue"): every count goes through ``spp_tui.text.plural``.

The whole kind, not the instances: the source is read for any f-string that puts a value
straight before a plural noun of the domain, so a new message that writes its own plural is
caught before anyone reads it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import spp_tui
from spp_tui.dates import describe_due_date
from spp_tui.text import plural

#: Nouns a count comes before in this app's messages, documents and screens.
COUNT_NOUNS = {
    "actions", "agencies", "apologies", "cases", "days", "discussions", "edits", "entries",
    "gaps", "meetings", "months", "names", "pages", "parties", "people", "replacements",
    "rows", "updates", "weeks", "attendees", "referrals", "outcomes", "interventions",
}  # fmt: skip
#: "{len(text):,} characters": only said of a text over a limit of thousands; and the
#: upper-case constants (limits, never 1).
NOUN_AFTER = re.compile(r"^\s*([a-z]+)\b")


def _counts_written_by_hand(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for value, after in zip(node.values, node.values[1:], strict=False):
            if not (isinstance(value, ast.FormattedValue) and isinstance(after, ast.Constant)):
                continue
            noun = NOUN_AFTER.match(str(after.value))
            expression = ast.unparse(value.value)
            if noun and noun.group(1) in COUNT_NOUNS and not expression.isupper():
                found.append(f"{path.name}:{node.lineno}: {{{expression}}} {noun.group(1)}")
    return found


def test_no_message_writes_a_plural_after_a_count_itself() -> None:
    package = Path(spp_tui.__file__).parent
    found = [hit for path in sorted(package.rglob("*.py")) for hit in _counts_written_by_hand(path)]
    assert found == [], "use spp_tui.text.plural: " + "; ".join(found)


def test_the_scan_finds_a_count_written_by_hand(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'n = 1\nA = f"{n} cases"\nB = f"{len([1])} replacements, seen"\nC = f"{LIMIT} rows"\n'
    )
    assert _counts_written_by_hand(sample) == [
        "sample.py:2: {n} cases",
        "sample.py:3: {len([1])} replacements",
    ]


@pytest.mark.parametrize(
    ("count", "noun", "many", "said"),
    [
        (0, "action", None, "0 actions"),
        (1, "action", None, "1 action"),
        (2, "party", "parties", "2 parties"),
        (1, "party", "parties", "1 party"),
        (1.0, "day", None, "1 day"),
        (1.5, "day", None, "1.5 days"),
    ],
)
def test_plural_agrees_with_the_count(count: float, noun: str, many: str | None, said: str):
    assert plural(count, noun, many) == said


def test_due_dates_read_in_the_singular_for_one() -> None:
    import datetime as dt

    today = dt.date(2023, 3, 7)
    assert "in 1 week" in describe_due_date(today + dt.timedelta(days=7), today)
    assert "2 days ago" in describe_due_date(today - dt.timedelta(days=2), today)
