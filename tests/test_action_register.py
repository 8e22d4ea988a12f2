"""A long action log is written as a register (one paragraph an action, a heading a case):
read back, it holds what the table of the same log holds, grouped the same way, and each
case heading is kept with its first action (issue 17 items 2 and 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from docx.oxml.ns import qn
from export_reading import open_docx, table_rows

from spp_tui.exports import actions as actions_export
from spp_tui.exports.actions import export_actions

APRIL_FIRST = dt.datetime(2023, 4, 1, 9, tzinfo=dt.UTC)


def _paragraph_text(p) -> str:  # noqa: ANN001 - a <w:p>
    """Its text as read, a tab as a tab and a line break as a new line."""
    marks = {qn("w:tab"): "\t", qn("w:br"): "\n"}
    return "".join(
        marks.get(e.tag, e.text or "") for e in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"))
    )


def _style(p) -> str:  # noqa: ANN001
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


def _register(path: Path) -> dict[str, list[str]]:
    """Each case heading of the register and the entries (paragraph text) under it."""
    body = open_docx(path).element.body
    groups: dict[str, list[str]] = {}
    current = None
    for p in body.iterchildren(qn("w:p")):
        text = _paragraph_text(p)
        if _style(p) == "Heading2":
            current = text
            groups[current] = []
        elif text == "Agency names used above":  # the key's label: the register ended
            break
        elif current is not None and text:
            groups[current].append(text)
    return groups


def _table(path: Path) -> dict[str, list[list[str]]]:
    rows = [row for t in open_docx(path).tables[:-1] for row in table_rows(t)]
    groups: dict[str, list[list[str]]] = {}
    for row in rows:
        if len(row) == 1:
            groups[row[0]] = []
        elif row[0] != "Ref":
            groups[list(groups)[-1]].append(row)
    return groups


@time_machine.travel(APRIL_FIRST, tick=False)
def test_the_register_holds_what_the_table_holds(
    demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = _table(export_actions(demo_db, tmp_path / "table.docx", status="all"))
    monkeypatch.setattr(actions_export, "REGISTER_FROM", 1)
    path = export_actions(demo_db, tmp_path / "register.docx", status="all")
    register = _register(path)
    assert not open_docx(path).tables[:-1], "only the agency key is a table"
    assert list(register) == list(table)  # the same cases, in the same order
    overdue = 0
    for heading, rows in table.items():
        entries = register[heading]
        assert [e.split("\t")[0] for e in entries] == [row[0] for row in rows], heading
        for entry, (ref, text, owner, agency, raised, due, status, late, latest) in zip(
            entries, rows, strict=True
        ):
            assert entry.startswith(f"{ref}\t{text} | {owner}, {agency} | "), entry
            assert f"raised {raised}, due {due} | {status}" in entry, entry
            if late:
                overdue += 1
                assert f"{status}, {late} overdue | " in entry, entry
            else:
                assert "overdue" not in entry, entry
            day, _, said = latest.partition(": ")
            update = entry.split(" | latest update: ")[1]
            assert update.startswith(day), entry
            note = said.removeprefix(status).removeprefix(". ")  # the status said once
            assert update.endswith(note), entry
    assert overdue, "the demo has overdue actions on 1 April 2023"


def test_each_case_heading_is_kept_with_its_first_action(
    demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions_export, "REGISTER_FROM", 1)
    body = open_docx(export_actions(demo_db, tmp_path / "log.docx", status="all")).element.body
    children = list(body.iterchildren())
    headings = [i for i, p in enumerate(children) if p.tag == qn("w:p") and _style(p) == "Heading2"]
    assert len(headings) > 3
    for at in headings:
        keep = children[at].find(qn("w:pPr")).find(qn("w:keepNext"))
        assert keep is not None, _paragraph_text(children[at])
        follower = children[at + 1]
        assert follower.tag == qn("w:p") and _style(follower) != "Heading2"
        assert _paragraph_text(follower).startswith("A-"), _paragraph_text(children[at])
    summary = _paragraph_text(children[2])
    assert "one paragraph an action" in summary
