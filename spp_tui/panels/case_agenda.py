"""The case list of a case item, edited: an urgent case added on the day, a case moved
up or down the agenda (kept while the store is away), a case dropped from the meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spp_tui.panels.case_nav import CaseList
from spp_tui.widgets.fields import TextArea
from spp_tui.widgets.save_lane import QUEUED

if TYPE_CHECKING:
    from spp_tui.panels.case import CasePanel


def add_case(panel: CasePanel) -> None:
    """F4: an urgent case added on the day, then its summary to type. Kept while the file
    is held or the server is away: the item lists it once written."""
    from spp_tui.dialogs.urgent_case import UrgentCaseDialog

    panel.flush()
    meeting = getattr(panel.screen, "meeting", None)  # read with the screen: no read now
    if meeting is None:
        from spp_tui.db.services.meetings import get_meeting

        meeting = get_meeting(panel.db, panel.meeting_id)

    def added(case_id: int | None) -> None:
        if case_id is None or not panel.is_attached:
            return
        panel.load()
        entry = next((e for e in panel.entries if e.case.id == case_id), None)
        if entry is not None:
            panel._show_case(entry)
            panel.query_one("#case-summary", TextArea).focus()

    def written_later(_case_id: int) -> None:  # the chair has moved on: listed, not taken
        if panel.is_attached:
            panel.store_replayed()

    dialog = UrgentCaseDialog(panel.meeting_id, panel.item_id, meeting.date, written_later)
    panel.app.push_screen(dialog, added)


def move_case(panel: CasePanel, step: int) -> None:
    """Saved now, or kept (the file held, the server away) and written in order later;
    the list shows the new order either way."""
    from spp_tui.db.edit_journal import QueuedEdit

    if panel.discussion is None or panel.discussion.id is None or panel.case is None:
        return
    held = panel.discussion.id
    index = next((n for n, e in enumerate(panel.entries) if e.discussion.id == held), None)
    if index is None or not 0 <= index + step < len(panel.entries):
        return
    where = "earlier" if step < 0 else "later"
    label = f"{panel.case.reference} moved {where}"
    edit = QueuedEdit.one_off("case_move", panel.discussion.id, {"offset": step}, label)

    def done(_moved: object) -> None:
        if panel.is_attached:
            panel.load()

    if panel.one_off(edit, done=done, saved="Agenda order saved.") == QUEUED:
        panel.entries.insert(index + step, panel.entries.pop(index))
        panel._show_list()
        panel.query_one(CaseList).highlighted = index + step


def drop_case(panel: CasePanel) -> None:
    """Drop the case in hand from this meeting's agenda, once confirmed: saved now, or kept
    (the file held, the server away) and written in order later; the list shows it gone and
    the case that took its place in hand either way."""
    from spp_tui.db.edit_journal import QueuedEdit
    from spp_tui.dialogs.common import ConfirmDialog

    if panel.discussion is None or panel.discussion.id is None or panel.case is None:
        return
    panel.flush()
    discussion_id, reference = panel.discussion.id, panel.case.reference
    said = f"{reference} dropped from this meeting's agenda"

    def written(_dropped: object) -> None:
        if not panel.is_attached:
            return
        if panel.discussion is not None and panel.discussion.id == discussion_id:
            panel.form.discard_pending()
            panel._show_case(None)
        panel.load()

    def answered(confirmed: bool | None) -> None:
        if not confirmed:
            return
        edit = QueuedEdit.one_off("case_dropped", discussion_id, {}, said)
        index = next(
            (n for n, e in enumerate(panel.entries) if e.discussion.id == discussion_id), None
        )
        if panel.one_off(edit, done=written, saved=f"{said}.") == QUEUED and index is not None:
            panel.form.discard_pending()  # gone from the list meanwhile; the next case in hand
            panel.entries.pop(index)
            panel._show_list()
            following = panel.entries[min(index, len(panel.entries) - 1)] if panel.entries else None
            panel._show_case(following)

    panel.app.push_screen(
        ConfirmDialog(
            f"Drop {reference} from this meeting's agenda? What was noted about it here "
            "is deleted; the case itself is kept.",
            confirm_label="Drop",
        ),
        answered,
    )
