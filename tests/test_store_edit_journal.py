"""The journal of edits typed while the server is unreachable: data, never code (only known
writes and fields), kept in order on disk, and replayed so that the chair's own queued edits
never stand in each other's way while a change made elsewhere is always caught."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spp_tui.db.database import Database
from spp_tui.db.edit_journal import EditJournal, QueuedEdit, Replayer
from spp_tui.db.services import cases, meetings
from spp_tui.errors import StaleEditError


def _agenda_case(db: Database):  # noqa: ANN202
    meeting = meetings.resolve_meeting(db, "2023-04-04")
    return meeting, cases.meeting_cases(db, meeting.id)[0]


def test_lines_that_are_not_known_edits_are_never_replayed(tmp_path: Path) -> None:
    journal = EditJournal(tmp_path / "j.jsonl")
    good = QueuedEdit("discussion", 3, {"summary": "Lights fixed"}, 4, "PSG-2023-001")
    journal.append(good)
    with journal.path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"kind": "person", "record_id": 1, "changes": {"name": "x"}}) + "\n")
        fh.write(
            json.dumps({"kind": "case", "record_id": 1, "changes": {"status": "closed"}}) + "\n"
        )
        fh.write(json.dumps({"kind": "aob", "record_id": "x", "changes": {"aob_notes": ""}}))
        fh.write("\n{'kind': torn by a crash")
    assert journal.edits() == [good]
    if os.name == "posix":
        assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600
    journal.rewrite([])
    assert not journal.path.exists()


def test_one_store_one_journal_whatever_the_password() -> None:
    a = EditJournal.for_store("postgresql+psycopg://chair:one@db/psg", Path("/j"))
    b = EditJournal.for_store("postgresql+psycopg://chair:two@db/psg", Path("/j"))
    c = EditJournal.for_store("postgresql+psycopg://chair:one@db/youth", Path("/j"))
    assert a.path == b.path != c.path
    assert "one" not in a.path.name


def test_queued_edits_of_one_record_are_written_in_order(demo_db: Database) -> None:
    _, entry = _agenda_case(demo_db)
    d, case = entry.discussion, entry.case
    queue = [  # all typed on a screen that still showed version d.version
        QueuedEdit("discussion", d.id, {"summary": "one"}, d.version),
        QueuedEdit("discussion", d.id, {"summary": "one two", "risk": "high"}, d.version),
        QueuedEdit("case", case.id, {"interventions": "CCTV"}, case.version),  # case moved on
        QueuedEdit("discussion", d.id, {"decisions": "patrols"}, d.version),
    ]
    replayer = Replayer(demo_db)
    for edit in queue:
        replayer.write(edit)
    stored = cases.meeting_cases(demo_db, entry.discussion.meeting_id)[0]
    assert (stored.discussion.summary, stored.discussion.decisions) == ("one two", "patrols")
    assert stored.case.risk == "high" and stored.case.interventions == "CCTV"


def test_a_change_made_elsewhere_meanwhile_is_stale(demo_db: Database) -> None:
    meeting, entry = _agenda_case(demo_db)
    d = entry.discussion
    cases.update_discussion(demo_db, d.id, summary="theirs")  # another laptop
    replayer = Replayer(demo_db)
    with pytest.raises(StaleEditError):
        replayer.write(QueuedEdit("discussion", d.id, {"summary": "mine"}, d.version))
    replayer.write(QueuedEdit("discussion", d.id, {"summary": "mine"}, d.version), force=True)
    # AOB notes carry the text the chair started from.
    before = meetings.get_meeting(demo_db, meeting.id).aob_notes
    replayer.write(QueuedEdit("aob", meeting.id, {"aob_notes": "a"}, before))
    replayer.write(QueuedEdit("aob", meeting.id, {"aob_notes": "ab"}, before))
    meetings.update_meeting(demo_db, meeting.id, aob_notes="theirs")
    with pytest.raises(StaleEditError):
        replayer.write(QueuedEdit("aob", meeting.id, {"aob_notes": "abc"}, before))
    assert cases.get_case(demo_db, entry.case.id) is not None
    assert meetings.get_meeting(demo_db, meeting.id).aob_notes == "theirs"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec=None), max_size=300))
def test_any_typed_text_comes_back_from_the_journal_as_typed(tmp_path: Path, text: str) -> None:
    """Free text (new lines, quotes, emoji, control and lone surrogate characters) is data in
    the journal: one line per edit, read back unchanged."""
    journal = EditJournal(tmp_path / "free.jsonl")
    journal.rewrite([])
    edit = QueuedEdit("discussion", 7, {"summary": text, "decisions": text[::-1]}, 3, text)
    journal.append(edit)
    journal.append(QueuedEdit("aob", 2, {"aob_notes": text}, text))
    assert len(journal.path.read_text(encoding="utf-8").splitlines()) == 2
    assert journal.edits()[0] == edit
    assert journal.edits()[1].changes["aob_notes"] == text


# --- one-off writes (a new action, an attendance mark...): spp_tui.db.one_offs -----------


def _new_action(meeting_id: int, owner_id: int, text: str = "Gate the alley") -> QueuedEdit:
    import datetime as dt

    args = {"text": text, "owner_id": owner_id, "due_on": dt.date(2023, 5, 2)}
    args |= {"case_id": None, "meeting_id": meeting_id, "owner_agency_id": None}
    return QueuedEdit.one_off("new_action", 0, args, "New action")


def _owner(db: Database) -> int:
    from spp_tui.db.services import directory

    return directory.search_people(db, "dalton")[0].id


def test_a_one_off_replayed_twice_is_written_once(demo_db: Database) -> None:
    """A crash after the write (before the journal was rewritten), or two instances opening
    one journal: the new action is made once, its reference allocated when it is written."""
    from spp_tui.db.services import actions
    from spp_tui.db.services.actions import ActionFilter

    meeting, _ = _agenda_case(demo_db)
    edit = _new_action(meeting.id, _owner(demo_db))
    again = QueuedEdit.from_json(json.dumps(edit.__dict__))  # the same line, read back
    assert again == edit
    first = Replayer(demo_db).write(edit)
    assert first.reference.startswith("A-2023-")
    assert Replayer(demo_db).write(again) is None  # its mark is in the store: not again
    made = actions.list_actions(demo_db, ActionFilter(text="Gate the alley"))
    assert [a.reference for a in made] == [first.reference]
    # A different one-off with the same words is a second action (only the id counts).
    Replayer(demo_db).write(_new_action(meeting.id, _owner(demo_db)))
    assert len(actions.list_actions(demo_db, ActionFilter(text="Gate the alley"))) == 2


def test_one_off_lines_carry_only_their_own_arguments(tmp_path: Path) -> None:
    edit = _new_action(4, 7)
    line = dict(edit.__dict__)
    journal = EditJournal(tmp_path / "j.jsonl")
    bad = [
        {**line, "once": ""},  # no id: could be written twice
        {**line, "changes": {**edit.changes, "allow_incomplete": True}},  # not an argument
        {**line, "changes": {**edit.changes, "owner_id": "7; DROP"}},  # wrong type
        {**line, "changes": {**edit.changes, "due_on": "next week"}},  # not a date
        {**line, "kind": "purge"},  # not a one-off
    ]
    with journal.path.open("w", encoding="utf-8") as fh:
        for entry in [line, *bad]:
            fh.write(json.dumps(entry) + "\n")
    assert journal.edits() == [edit]
    with pytest.raises(ValueError, match="not a new_action"):
        QueuedEdit.one_off("new_action", 0, {"text": "x"}, "x")
