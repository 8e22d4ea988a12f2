"""The room's view: ``spp-tui --projector`` shows the live meeting on the projector.

A second, read-only window of the same meeting (another terminal, or a second tab of
Windows Terminal moved to the projector): it follows the chair's current item, always in
privacy mode (every line through the redacted minutes' engine) and under the guest rules
(with a one-item guest present, other cases show their reference and location only), and
shows the two clocks in large digits. It reads the database only: the connection refuses
writes (SQLite ``query_only``). Its opening and closing are each recorded by one audit entry,
written through the audit service on a separate, short-lived connection.

A worker polls one cheap signature query every half second (off the UI thread) and reloads
only when it changes, so a change of item reaches the room within a second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.filter import LineFilter
from textual.widgets import Digits, Static

from spp_tui.vocabulary import AgendaItemKind
from spp_tui.widgets.clocks import as_utc, hhmm_span, item_level, mmss, utc_now
from spp_tui.widgets.privacy_banner import ROOM_TEXT, PrivacyBanner
from spp_tui.widgets.screen_mask import ScreenMask, repaint, with_mask

if TYPE_CHECKING:
    from spp_tui.db.database import Database
    from spp_tui.db.models import AgendaItem, Meeting
    from spp_tui.db.services.privacy import RoomRules

#: Seconds between two polls of the signature query (a change shows within a second).
POLL_SECONDS = 0.5
CASE_KINDS = (AgendaItemKind.NEW_REFERRALS, AgendaItemKind.CASE_REVIEWS, AgendaItemKind.YOUTH)


@dataclass
class RoomCase:
    reference: str
    location: str
    title: str = ""
    risk: str = ""
    summary: str = ""
    decisions: str = ""
    in_full: bool = True


@dataclass
class RoomState:
    """What the room sees, loaded in one go off the UI thread."""

    meeting: Meeting | None = None
    items: Sequence[AgendaItem] = ()
    cases: list[RoomCase] = field(default_factory=list)
    guests: tuple[str, ...] = ()


def load_room(db: Database, meeting_id: int | None, rules: RoomRules) -> RoomState:
    """The live meeting, its agenda and the cases of the current item (rules applied)."""
    from sqlmodel import col, select

    from spp_tui.db.models import AgendaItem, Case, CaseDiscussion, Meeting

    if meeting_id is None:
        return RoomState()
    with db.read() as s:
        meeting = s.get(Meeting, meeting_id)
        items = list(
            s.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(col(AgendaItem.position))
            )
        )
        rows = s.exec(
            select(CaseDiscussion, Case)
            .join(Case, col(Case.id) == CaseDiscussion.case_id)
            .where(CaseDiscussion.agenda_item_id == (meeting.current_item_id if meeting else -1))
            .order_by(col(CaseDiscussion.position), col(CaseDiscussion.id))
        ).all()
    cases = []
    for discussion, case in rows:
        location = ", ".join(part for part in (case.location, case.ward) if part)
        if rules.shows_in_full(case.id):
            cases.append(
                RoomCase(
                    case.reference,
                    location,
                    case.title,
                    discussion.risk or case.risk,
                    discussion.summary,
                    discussion.decisions,
                )
            )
        else:
            cases.append(RoomCase(case.reference, location, in_full=False))
    return RoomState(meeting, items, cases, rules.guests)


def room_lines(state: RoomState) -> tuple[str, str, list[str]]:
    """(heading, current item, body lines): plain text, redacted later by the screen mask."""
    meeting = state.meeting
    if meeting is None:
        return "No meeting yet", "", ["Waiting for the chair to open a meeting…"]
    venue = f" · {meeting.venue}" if meeting.venue else ""
    heading = f"{meeting.kind} · {meeting.date.strftime('%a %d %b %Y')}{venue} · room view"
    current = next((i for i in state.items if i.id == meeting.current_item_id), None)
    now = f"Now: {current.position}. {current.title}" if current else "Not started"
    body: list[str] = []
    if state.guests:
        body.append(
            f"Guest present ({', '.join(state.guests)}): other cases show reference "
            "and location only."
        )
        body.append("")
    if current is not None and current.kind in CASE_KINDS:
        if not state.cases:
            body.append("No cases under this item.")
        for number, case in enumerate(state.cases, start=1):
            where = f" · {case.location}" if case.location else ""
            if not case.in_full:
                body.append(f"{current.position}.{number}  {case.reference}{where}")
                body.append("      details not shown while a guest is present")
                continue
            body.append(
                f"{current.position}.{number}  {case.reference} · {case.title}{where} · "
                f"risk {case.risk}"
            )
            for label, text in (("Summary", case.summary), ("Decisions", case.decisions)):
                if text.strip():
                    body.append(f"      {label}: {' '.join(text.split())}")
    elif current is not None:
        body.append("Agenda:")
        for item in state.items:
            marker = "▶" if item.id == current.id else " "
            body.append(f" {marker} {item.position}. {item.title} ({item.planned_minutes} min)")
    return heading, now, body


class ProjectorApp(App[None]):
    """The room's view: read-only, always redacted, following the chair."""

    TITLE = "spp-tui room view"
    CSS = """
    #room-heading { height: 1; padding: 0 1; text-style: bold; }
    #room-now { height: auto; padding: 0 1; text-style: bold; background: $boost; }
    #room-clocks { height: 5; }
    #room-clocks Vertical { width: 1fr; height: 5; }
    #room-clocks Static { height: 1; padding: 0 1; }
    #room-clocks Digits { padding: 0 1; }
    #room-item-clock.-amber { color: $warning; }
    #room-item-clock.-red { color: $error; }
    #room-body { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="projector.quit", priority=True)]

    def __init__(self, db_target: str) -> None:
        super().__init__()
        self.db_target = db_target
        self.db: Database | None = None
        self.screen_mask: ScreenMask | None = None
        self.state = RoomState()
        self._signature: tuple[object, ...] | None = None
        self._redactor_for: tuple[object, ...] | None = None
        self.polls = 0
        self._opened_at: dt.datetime | None = None
        from spp_tui.widgets.safe_text import install_terminal_guard

        install_terminal_guard()  # no character of data reaches the room's screen as a sequence

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Every line through the names filter (once the meeting's names are read)."""
        return with_mask(self.screen_mask, super().get_line_filters())

    def compose(self) -> ComposeResult:
        yield PrivacyBanner(ROOM_TEXT)
        yield Static("Opening the meeting…", id="room-heading", markup=False)
        yield Static("", id="room-now", markup=False)
        with Horizontal(id="room-clocks"):
            with Vertical():
                yield Static("Item", id="room-item-label", markup=False)
                yield Digits("", id="room-item-clock")
            with Vertical():
                yield Static("Meeting", id="room-meeting-label", markup=False)
                yield Digits("", id="room-meeting-clock")
        with VerticalScroll(id="room-body"):
            yield Static("", id="room-lines", markup=False)

    def on_mount(self) -> None:
        self._open()
        self.set_interval(1.0, self.tick)

    @work(thread=True, exclusive=True, group="projector-open")
    def _open(self) -> None:
        from spp_tui.db.database import open_database
        from spp_tui.errors import UserError

        try:
            self._audit("projector view opened (read-only, privacy mode)")
            self._opened_at = utc_now()
            db = open_database(self.db_target, read_only=True)
        except UserError as exc:
            self.call_from_thread(self._fail, str(exc))
            return
        self.db = db
        self.call_from_thread(self.set_interval, POLL_SECONDS, self.poll)
        self.poll()

    def _audit(self, what: str) -> None:
        """One audit entry on its own short connection; the view's own one is read-only."""
        from spp_tui.db.database import open_database
        from spp_tui.db.services import privacy

        writer = open_database(self.db_target)
        try:
            privacy.record_view(writer, privacy.live_meeting_id(writer), what)
        finally:
            writer.dispose()

    def _open_for(self) -> str:
        """How long the room saw the meeting, for the closing audit line."""
        if self._opened_at is None:
            return "0 min"
        minutes = int((utc_now() - self._opened_at).total_seconds() // 60)
        return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"

    def _fail(self, message: str) -> None:
        self.query_one("#room-heading", Static).update(f"Cannot open the database: {message}")

    @work(thread=True, exclusive=True, group="projector-poll")
    def poll(self) -> None:
        """Compare the signature; reload and redraw only when it changed."""
        from spp_tui.db.services import privacy

        if self.db is None:
            return
        try:
            signature = privacy.room_signature(self.db, None)
        except Exception as exc:  # noqa: BLE001 - a busy or vanished file: say so, keep polling
            self.call_from_thread(self._fail, str(exc).splitlines()[0])
            return
        self.polls += 1
        if signature == self._signature:
            return
        meeting_id = signature[0]
        assert meeting_id is None or isinstance(meeting_id, int)
        rules = privacy.room_rules(self.db, meeting_id) if meeting_id else privacy.RoomRules()
        mask = self.screen_mask
        names_key = (meeting_id, signature[-1])
        if mask is None or names_key != self._redactor_for:
            from spp_tui.exports.redaction import Redactor

            mask = ScreenMask(Redactor.for_meeting(self.db, meeting_id).redact)
            self._redactor_for = names_key
        state = load_room(self.db, meeting_id, rules)
        self.call_from_thread(self._show, state, mask, signature)

    def _show(self, state: RoomState, mask: ScreenMask, signature: tuple[object, ...]) -> None:
        changed_mask = mask is not self.screen_mask
        self.screen_mask = mask  # before any text: nothing is drawn unmasked
        self.state = state
        heading, now, body = room_lines(state)
        self.query_one("#room-heading", Static).update(heading)
        self.query_one("#room-now", Static).update(now)
        self.query_one("#room-lines", Static).update("\n".join(body))
        self._signature = signature
        self.tick()
        if changed_mask:
            repaint(self)

    def tick(self) -> None:
        meeting = self.state.meeting
        item_clock = self.query_one("#room-item-clock", Digits)
        meeting_clock = self.query_one("#room-meeting-clock", Digits)
        if meeting is None:
            item_clock.update("")
            meeting_clock.update("")
            return
        now = utc_now()
        current = next((i for i in self.state.items if i.id == meeting.current_item_id), None)
        if current is not None:
            elapsed = current.elapsed(now)
            item_clock.update(mmss(elapsed))
            level = item_level(elapsed, current.planned_minutes)
            for name in ("ok", "amber", "red"):
                item_clock.set_class(level == name, f"-{name}")
            word = {"ok": "on time", "amber": "nearly up", "red": "over time"}[level]
            self.query_one("#room-item-label", Static).update(
                f"Item {current.position}: {mmss(elapsed)} of {current.planned_minutes:02d}:00 "
                f"planned · {word}"
            )
        if meeting.actual_start is not None:
            end = as_utc(meeting.actual_end) if meeting.actual_end else now
            span = int((end - as_utc(meeting.actual_start)).total_seconds())
            meeting_clock.update(hhmm_span(span))
            self.query_one("#room-meeting-label", Static).update(
                f"Meeting · planned end {meeting.planned_end.strftime('%H:%M')}"
            )

    def on_unmount(self) -> None:
        if self.db is not None:
            self.db.dispose()
            # Closing must never fail on the audit line.
            with contextlib.suppress(Exception):
                self._audit(f"projector view closed after {self._open_for()}")


def open_projector(target: str) -> None:
    """Check the file with the standard library first (a bad --db is one line), then run."""
    from spp_tui.paths import parse_db_target

    parsed = parse_db_target(target)
    if parsed.path is not None:
        from spp_tui.db.preflight import check_sqlite_file
        from spp_tui.errors import DatabaseOpenError

        state = check_sqlite_file(parsed.path)
        if not state.exists:
            raise DatabaseOpenError(
                f"{parsed.path} holds no meetings yet: open it in spp-tui first."
            )
    ProjectorApp(target).run()
