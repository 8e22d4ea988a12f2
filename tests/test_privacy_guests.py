"""One-item guests (issue 18 item 2) and the read-only database the projector view uses."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from export_reading import all_text, open_docx
from sqlmodel import select

from spp_tui.db.database import Database, open_database
from spp_tui.db.models import AgendaItem, AuditEntry, CaseDiscussion, Meeting, Person
from spp_tui.db.services import meetings, privacy
from spp_tui.errors import ReadOnlyError, ValidationError
from spp_tui.exports.minutes import export_minutes


def _first_meeting_with_cases(db: Database) -> tuple[int, list[CaseDiscussion]]:
    """The held demo meeting with the most cases (at least two), and its discussions."""
    with db.read() as s:
        found = s.exec(select(CaseDiscussion).order_by(CaseDiscussion.position)).all()
    by_meeting: dict[int, list[CaseDiscussion]] = {}
    for d in found:
        by_meeting.setdefault(d.meeting_id, []).append(d)
    meeting_id = max(by_meeting, key=lambda m: len(by_meeting[m]))
    assert len(by_meeting[meeting_id]) >= 2
    return meeting_id, by_meeting[meeting_id]


def _guest(db: Database, meeting_id: int, name: str = "Jo Venue") -> int:
    from spp_tui.db.services import directory

    person = directory.add_person(db, name, None, "Venue manager")
    row = meetings.record_attendance(db, meeting_id, person.id, "present")
    return row.id


def test_a_present_one_item_guest_restricts_the_screen_to_their_case(demo_db: Database) -> None:
    meeting_id, discussions = _first_meeting_with_cases(demo_db)
    theirs, other = discussions[0], discussions[1]
    assert not privacy.room_rules(demo_db, meeting_id).restricted

    attendance_id = _guest(demo_db, meeting_id)
    privacy.invite_for_case(demo_db, attendance_id, theirs.case_id)
    rules = privacy.room_rules(demo_db, meeting_id)
    assert rules.guests == ("Jo Venue",)
    assert rules.shows_in_full(theirs.case_id)
    assert not rules.shows_in_full(other.case_id)

    privacy.mark_left(demo_db, attendance_id)
    rules = privacy.room_rules(demo_db, meeting_id)
    assert not rules.restricted
    assert rules.shows_in_full(other.case_id)
    with pytest.raises(ValidationError, match="already left"):
        privacy.mark_left(demo_db, attendance_id)


def test_two_guests_for_two_cases_see_neither_in_full(demo_db: Database) -> None:
    meeting_id, discussions = _first_meeting_with_cases(demo_db)
    first = _guest(demo_db, meeting_id, "Jo Venue")
    second = _guest(demo_db, meeting_id, "Sam School")
    privacy.invite_for_case(demo_db, first, discussions[0].case_id)
    privacy.invite_for_case(demo_db, second, discussions[1].case_id)
    rules = privacy.room_rules(demo_db, meeting_id)
    assert not rules.shows_in_full(discussions[0].case_id)
    assert not rules.shows_in_full(discussions[1].case_id)


def test_a_guest_can_only_be_invited_for_a_case_on_the_agenda(demo_db: Database) -> None:
    meeting_id, discussions = _first_meeting_with_cases(demo_db)
    with demo_db.read() as s:
        elsewhere = s.exec(
            select(CaseDiscussion.case_id).where(CaseDiscussion.meeting_id != meeting_id)
        ).all()
    on_agenda = {d.case_id for d in discussions}
    not_here = next(c for c in elsewhere if c not in on_agenda)
    with pytest.raises(ValidationError, match="not on this meeting's agenda"):
        privacy.invite_for_case(demo_db, _guest(demo_db, meeting_id), not_here)


def test_leaving_is_minuted_after_the_guests_item_with_the_time(
    demo_db: Database, tmp_path: Path
) -> None:
    meeting_id, discussions = _first_meeting_with_cases(demo_db)
    theirs = discussions[1]
    attendance_id = _guest(demo_db, meeting_id)
    privacy.invite_for_case(demo_db, attendance_id, theirs.case_id)
    with demo_db.write() as s:  # the chair is on the guest's agenda item
        meeting = s.get(Meeting, meeting_id)
        meeting.current_item_id = theirs.agenda_item_id
        s.add(meeting)
    left = dt.datetime(2023, 3, 7, 10, 42, tzinfo=dt.UTC)
    privacy.mark_left(demo_db, attendance_id, now=left)

    with demo_db.read() as s:
        items = s.exec(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by("position")
        ).all()
    number = next(n for n, i in enumerate(items, 1) if i.id == theirs.agenda_item_id)
    same_item = [d for d in discussions if d.agenda_item_id == theirs.agenda_item_id]
    sub = [d.id for d in same_item].index(theirs.id) + 1
    local = left.astimezone().strftime("%H:%M")
    text = all_text(open_docx(export_minutes(demo_db, meeting_id, tmp_path / "m.docx")))
    assert f"Jo Venue left the meeting after item {number}.{sub} (at {local})." in text
    assert f"Present (invited for item {number}.{sub})" in text
    redacted = all_text(
        open_docx(export_minutes(demo_db, meeting_id, tmp_path / "r.docx", redact=True))
    )
    assert f"left the meeting after item {number}.{sub}" in redacted
    with demo_db.read() as s:
        summaries = [e.summary for e in s.exec(select(AuditEntry))]
    assert "Jo Venue left the meeting" in summaries


def test_room_signature_changes_with_the_current_item_and_a_guest_leaving(
    demo_db: Database,
) -> None:
    meeting_id, discussions = _first_meeting_with_cases(demo_db)
    before = privacy.room_signature(demo_db, meeting_id)
    assert privacy.room_signature(demo_db, meeting_id) == before
    attendance_id = _guest(demo_db, meeting_id)
    privacy.invite_for_case(demo_db, attendance_id, discussions[0].case_id)
    invited = privacy.room_signature(demo_db, meeting_id)
    assert invited != before
    privacy.mark_left(demo_db, attendance_id)
    assert privacy.room_signature(demo_db, meeting_id) != invited
    meetings.enter_item(demo_db, meeting_id, discussions[1].agenda_item_id)
    assert privacy.room_signature(demo_db, meeting_id)[1] != invited[1]


def test_a_read_only_database_refuses_every_write(demo_db_path: Path) -> None:
    before = demo_db_path.read_bytes()
    db = open_database(str(demo_db_path), read_only=True)
    try:
        with db.read() as s:
            assert s.exec(select(Person)).first() is not None
        with pytest.raises(ReadOnlyError):
            privacy.record_view(db, None, "should not be written")
        with pytest.raises(ReadOnlyError):
            meetings.record_attendance(db, 1, 1, "present")
        with db.engine.connect() as conn, pytest.raises(Exception, match="readonly|read-only"):
            conn.exec_driver_sql("DELETE FROM auditentry")
    finally:
        db.dispose()
    assert demo_db_path.read_bytes() == before


def test_a_database_from_before_guests_upgrades_with_attendance_kept(db_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from spp_tui.db.migrate import alembic_config
    from spp_tui.db.preflight import known_revisions

    assert known_revisions()[-1] == "0003_attendance_guest" or len(known_revisions()) > 3
    engine = create_engine(f"sqlite:///{db_path}")
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0002")
    engine.dispose()
    con = sqlite3.connect(db_path)
    now = "2023-03-07 09:00:00.000000"
    con.execute(
        "INSERT INTO person (id, name, role, email, active, created_at)"
        " VALUES (1, 'Rebecca Moore', '', '', 1, ?)",
        (now,),
    )
    con.execute(
        "INSERT INTO meeting (id, kind, date, planned_start, planned_end, venue, status, marking,"
        " previous_minutes_corrections, aob_notes, version, created_at, updated_at) VALUES "
        "(1, 'PSG', '2023-03-07', '10:00:00', '12:00:00', '', 'held',"
        " 'OFFICIAL-SENSITIVE', '', '', 1, ?, ?)",
        (now, now),
    )
    con.execute(
        "INSERT INTO attendance (meeting_id, person_id, status, role, note)"
        " VALUES (1, 1, 'present', 'invited', '')"
    )
    con.commit()
    con.close()
    db = open_database(str(db_path))
    try:
        rows = meetings.attendance(db, 1)
    finally:
        db.dispose()
    assert [(r.name, r.role, r.invited_for_case_id, r.left_at) for r in rows] == [
        ("Rebecca Moore", "invited", None, None)
    ]
