"""Welcome, introductions and apologies: who is present, who sent apologies, who deputises.

Type part of a name or agency and press Enter to add the highlighted person as present; in
the table, keys mark the highlighted person. Someone not in the directory is added on the
spot (with their agency, if that is new too).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from spp_tui.db.services.attendance import AttendanceRow
from spp_tui.panels.attendance_lines import (
    agency_cells,
    attendee_detail,
    missing_line,
    role_text,
    status_text,
    summary_line,
)
from spp_tui.panels.base import ItemPanel
from spp_tui.vocabulary import AttendanceRole, AttendanceStatus
from spp_tui.widgets.lists import DataTable
from spp_tui.widgets.person_search import PersonSearch
from spp_tui.widgets.server_banner import store_offline

if TYPE_CHECKING:
    from spp_tui.db.services.directory import PersonRow


class AttendancePanel(ItemPanel):
    """Attendance for the meeting: add, mark, count, and show who is missing."""

    HELP_TITLE = "Attendance"
    BINDINGS = [
        Binding("p", "mark('present')", "Present", id="attendance.present"),
        Binding("a", "mark('apologies')", "Apologies", id="attendance.apologies"),
        Binding("x", "mark('absent')", "Absent", id="attendance.absent"),
        Binding("d", "deputy", "Deputy for…", id="attendance.deputy"),
        Binding("i", "invite", "Guest for one case", id="attendance.invited"),
        Binding("l", "left", "Left the meeting", id="attendance.left"),
        Binding("delete", "remove", "Remove", id="attendance.remove"),
        Binding("ctrl+o", "new_person", "New person", id="attendance.new_person"),
        Binding("slash", "focus_search", "Find person", id="attendance.search", show=False),
    ]

    def __init__(self, meeting_id: int, item: Any, **kwargs: object) -> None:
        super().__init__(meeting_id, item, **kwargs)
        self.rows: list[AttendanceRow] = []
        self.references: dict[int, str] = {}
        #: The cells the agency column had when the table was last filled.
        self._agency_room = 0
        self.case_lines: list[tuple[int, str]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="attendance-summary", classes="panel-summary")
        yield Static("", id="attendance-missing", classes="panel-summary one-line", markup=False)
        yield PersonSearch(
            "Add: type part of a name or agency; Enter = present",
            id="attendance-search",
        )
        table: DataTable[str] = DataTable(id="attendance-table", cursor_type="row")
        table.add_column("Status", key="status", width=9)
        table.add_column("Name", key="name")
        # Role before agency: at 80 columns a cut must fall on the agency (also in the line
        # of who is missing), never on "deputy for ..." (issue 13 item 9).
        table.add_column("Role", key="role")
        table.add_column("Agency", key="agency")
        yield table
        yield Static("", id="attendance-detail", markup=False)
        yield Static(
            "In the list: p present · a apologies · x absent · d deputy for · "
            "i guest for one case · l left · Del remove",
            classes="panel-hint",
        )

    def load(self, select_person_id: int | None = None) -> None:
        from spp_tui.db.services import meetings

        self.rows = meetings.attendance(self.db, self.meeting_id)
        self.references = self._case_references()
        summary = meetings.attendance_summary(self.db, self.meeting_id)
        self.query_one("#attendance-summary", Static).update(summary_line(summary))
        self.query_one("#attendance-missing", Static).update(missing_line(summary))
        self._show_rows(select_person_id)

    def _show_rows(self, select_person_id: int | None = None) -> None:
        """The table from ``rows`` (as read, or as changed by steps kept for later)."""
        table = self.query_one(DataTable)
        keep = self._selected_row()
        wanted = select_person_id if select_person_id is not None else keep and keep.person_id
        table.clear()
        others = [
            [status_text(row), row.name, role_text(row, self.references)] for row in self.rows
        ]
        room = (table.size.width or self.app.size.width) - 2  # (the scroll bar)
        agencies = agency_cells(self.rows, room, others)
        self._agency_room = room
        for row, (status, name, role), agency in zip(self.rows, others, agencies, strict=True):
            table.add_row(  # Text, not str: a name is never markup
                status, Text(name), Text(role), Text(agency), key=str(row.person_id)
            )
        if wanted:
            index = next((n for n, r in enumerate(self.rows) if r.person_id == wanted), None)
            if index is not None:
                table.move_cursor(row=index)
        self._show_detail()

    def _show_detail(self) -> None:
        row = self._selected_row()
        detail = attendee_detail(row, self.references) if row is not None else ""
        self.query_one("#attendance-detail", Static).update(Text(detail))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_resize(self) -> None:
        """A new width may fit the agencies' full names (or no longer)."""
        table = self.query_one(DataTable)
        if self.rows and table.size.width and table.size.width - 2 != self._agency_room:
            self._show_rows()

    def store_replayed(self) -> None:
        """Marks kept while the store was away are written: the table as stored."""
        self.load()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(PersonSearch).focus_input()

    def _selected_row(self) -> AttendanceRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    # --- adding people ----------------------------------------------------------------

    def on_person_search_chosen(self, event: PersonSearch.Chosen) -> None:
        event.stop()
        if event.person is not None:
            self._record(
                event.person.id,
                AttendanceStatus.PRESENT,
                saved=f"{event.person.name} present.",
                person=event.person,
            )
            event.search.clear()
        elif event.text:
            self.action_new_person(event.text)

    def action_focus_search(self) -> None:
        self.query_one(PersonSearch).focus_input()

    def action_new_person(self, name: str = "") -> None:
        from spp_tui.dialogs.person import NewPersonDialog

        self.app.push_screen(NewPersonDialog(name), self._add_new_person)

    def _add_new_person(self, form: dict[str, Any] | None) -> None:
        """Added to the directory and marked present in one step: saved now, or kept while
        the file is held or the server away (the agency is then found, or added, when it is
        written; the person shows in the table meanwhile)."""
        if not form:
            return
        name, agency, role = form["name"].strip(), form["agency"].strip(), form["role"]
        if agency and not self._agency_clear(agency):
            return
        person_id = -len(self.rows) - 1  # not in the store yet (``_kept_row``)
        after = AttendanceRow(
            0, person_id, name, None, agency, AttendanceStatus.PRESENT, AttendanceRole.MEMBER,
            None, "",
        )  # fmt: skip
        self._step(
            "new_attendee",
            {"name": name, "agency": agency, "role": role},
            f"{name} added and present.",
            after,
        )
        self.query_one(PersonSearch).clear()

    def _agency_clear(self, text: str) -> bool:
        """False (and said) when the agency typed matches several; True when it names one, is
        new, or the store cannot be read now (decided when the step is written)."""
        from spp_tui.db.services import directory
        from spp_tui.errors import DatabaseUnavailableError

        if store_offline(self.app):
            return True
        try:
            if directory.find_agency(self.db, text) is not None:
                return True
            agencies = directory.list_agencies(self.db)
        except DatabaseUnavailableError as exc:
            self.app.server_unreachable(exc)
            return True
        similar = [a.name for a in agencies if text.lower() in a.name.lower()]
        if similar:
            self.notify(
                f"'{text}' matches several agencies ({', '.join(similar)}): type more of the name.",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return False
        return True

    # --- marking ------------------------------------------------------------------------

    def _record(
        self,
        person_id: int,
        status: str,
        role: str | None = None,
        deputy_for_id: int | None = None,
        saved: str | None = None,
        person: PersonRow | None = None,
    ) -> None:
        """Mark one person: saved now, or kept by the app until the file is free or the
        server is back (a toast says so; ``ServiceDoor.one_off``), shown in the table."""
        existing = next((r for r in self.rows if r.person_id == person_id), None)
        if role is None:
            role = existing.role if existing else AttendanceRole.MEMBER
            deputy_for_id = existing.deputy_for_id if existing else None
        args = {"person_id": person_id, "status": status, "role": role}
        args["deputy_for_id"] = deputy_for_id
        label = (saved or "").rstrip(".") or f"{existing.name if existing else 'someone'}: {status}"
        if existing is not None:
            after: AttendanceRow | None = replace(
                existing, status=status, role=role, deputy_for_id=deputy_for_id
            )
        elif person is not None:
            after = AttendanceRow(
                0, person_id, person.name, person.agency_id, person.agency_name, status, role,
                deputy_for_id, "",
            )  # fmt: skip
        else:
            after = None
        self._step("attendance", args, saved or f"{label}.", after, said=saved)

    def action_mark(self, status: str) -> None:
        row = self._selected_row()
        if row is None:
            self.notify("Add someone first: type part of their name above.")
            return
        self._record(row.person_id, status, saved=f"{row.name}: {status}.")

    def action_deputy(self) -> None:
        row = self._selected_row()
        if row is None:
            self.notify("Add the deputy first, then press d on their line.")
            return
        from spp_tui.dialogs.person import PickPersonDialog

        def picked(person_id: int | None) -> None:
            if person_id is None:
                return
            if person_id == row.person_id:
                self.notify("Someone cannot deputise for themselves.", severity="warning")
                return
            self._record(
                row.person_id,
                AttendanceStatus.PRESENT,
                role=AttendanceRole.DEPUTY,
                deputy_for_id=person_id,
                saved=f"{row.name} is deputising.",
            )

        self.app.push_screen(PickPersonDialog(f"{row.name} deputises for…"), picked)

    # --- one-item guests (issue 18) ------------------------------------------------------

    def _case_references(self) -> dict[int, str]:
        """Each case's reference; its line for the guest dialog is kept too (the dialog opens
        while the store is away)."""
        from spp_tui.db.services.cases import meeting_cases

        entries = meeting_cases(self.db, self.meeting_id)
        self.case_lines = [
            (c.discussion.case_id, f"{c.case.reference} · {c.case.location or 'no location'}")
            for c in entries
        ]
        return {c.discussion.case_id: c.case.reference for c in entries}

    def action_invite(self) -> None:
        """Make the highlighted attendee a guest for one case (or a member again)."""
        row = self._kept_row("Add the guest first, then press i on their line.")
        if row is None:
            return
        from spp_tui.dialogs.guest import NOT_A_GUEST, PickGuestCaseDialog

        def picked(choice: int | str | None) -> None:
            if choice is None:
                return
            case_id = None if choice == NOT_A_GUEST else int(choice)
            saved = (
                f"{row.name} is a member again."
                if case_id is None
                else f"{row.name} is a guest for {self.references.get(case_id, 'one case')}."
            )
            role = AttendanceRole.MEMBER if case_id is None else AttendanceRole.INVITED
            self._step(
                "guest",
                {"person_id": row.person_id, "case_id": case_id},
                saved,
                replace(row, role=role, invited_for_case_id=case_id),
            )

        dialog = PickGuestCaseDialog(f"{row.name} is a guest for…", self.case_lines)
        self.app.push_screen(dialog, picked)

    def action_left(self) -> None:
        """Record that the highlighted attendee left now (minuted with the time)."""
        from spp_tui.db.models import utcnow

        row = self._kept_row("Highlight who left, then press l.")
        if row is None:
            return
        if row.status != AttendanceStatus.PRESENT or row.left_at is not None:
            gone = "has already left" if row.left_at else "is not marked present"
            self.notify(f"{row.name} {gone}.", severity="warning", markup=False)
            return
        at = utcnow()
        self._step(
            "left",
            {"person_id": row.person_id, "at": at},
            f"{row.name} left the meeting (minuted).",
            replace(row, left_at=at),
        )

    def action_remove(self) -> None:
        row = self._kept_row(None)
        if row is None:
            return
        from spp_tui.dialogs.common import ConfirmDialog

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._step(
                    "attendance_removed", {"person_id": row.person_id}, f"{row.name} removed."
                )

        self.app.push_screen(
            ConfirmDialog(f"Remove {row.name} from this meeting's attendance?", "Remove"),
            answered,
        )

    def _kept_row(self, hint: str | None) -> AttendanceRow | None:
        """The highlighted attendee, if the store has them (someone added while it was away
        has no record yet: said in one line, their entry is kept and written first)."""
        row = self._selected_row()
        if row is None:
            if hint:
                self.notify(hint)
            return None
        if row.person_id <= 0:
            self.notify(
                f"{row.name} is kept, not yet saved: mark them once the store has them.",
                severity="warning",
                markup=False,
            )
            return None
        return row

    def _step(
        self,
        kind: str,
        args: dict[str, Any],
        label: str,
        after: AttendanceRow | None = None,
        said: str | None = "",
    ) -> None:
        """One attendance step: saved now, or kept for later (``ServiceDoor.one_off``) and
        shown in the table meanwhile (``after``: the row as it will be; None: gone)."""
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.widgets.save_lane import QUEUED

        person_id = args.get("person_id")
        edit = QueuedEdit.one_off(kind, self.meeting_id, args, label.rstrip("."))
        saved = label if said == "" else said

        def done(_row: object) -> None:
            if self.is_attached:
                picked = getattr(_row, "person_id", person_id) if after is not None else None
                self.load(select_person_id=picked)

        if self.one_off(edit, done=done, saved=saved) == QUEUED:
            index = next((n for n, r in enumerate(self.rows) if r.person_id == person_id), None)
            if after is None and index is not None:
                del self.rows[index]
            elif after is not None and index is not None:
                self.rows[index] = after
            elif after is not None:
                self.rows.append(after)
            self._show_rows(after.person_id if after is not None else None)
