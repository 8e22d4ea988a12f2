"""The case panel (new referrals, case reviews, youth), driven by keys, checked in the database."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from app_pilot import settle
from textual.app import App, ComposeResult
from textual.widgets import Footer, Select, SelectionList, TextArea

from spp_tui.app import SppApp
from spp_tui.db.database import Database, open_database
from spp_tui.db.models import AgendaItem
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.panels import case as case_panel_module
from spp_tui.panels.base import panel_for
from spp_tui.panels.case import CaseList, CasePanel, join_interventions, split_interventions

MEETING_DAY = dt.datetime(2023, 4, 4, 10, 30, tzinfo=dt.UTC)


class PanelHost(App[None]):
    """Just enough app for one panel: ``db``, the width classes, a footer, toasts recorded."""

    HORIZONTAL_BREAKPOINTS = SppApp.HORIZONTAL_BREAKPOINTS

    def __init__(self, db: Database, meeting_id: int, item: AgendaItem) -> None:
        super().__init__()
        self.db = db
        self.meeting_id = meeting_id
        self.item = item
        self.toasts: list[str] = []

    def compose(self) -> ComposeResult:
        yield CasePanel(self.meeting_id, self.item)
        yield Footer()

    def notify(self, message: str, **kwargs) -> None:  # type: ignore[override]
        self.toasts.append(message)
        super().notify(message, **kwargs)

    @property
    def panel(self) -> CasePanel:
        return self.query_one(CasePanel)


def april(db: Database):
    return next(m for m in meetings.list_meetings(db) if m.date == dt.date(2023, 4, 4))


def item_of(db: Database, meeting_id: int, kind: str) -> AgendaItem:
    return next(i for i in meetings.agenda(db, meeting_id) if i.kind == kind)


def cases_on(db: Database, meeting_id: int, item_id: int):
    return [
        e for e in cases.meeting_cases(db, meeting_id) if e.discussion.agenda_item_id == item_id
    ]


def discussion_of(db: Database, meeting_id: int, case_id: int):
    return next(e.discussion for e in cases.meeting_cases(db, meeting_id) if e.case.id == case_id)


@pytest.fixture
def frozen():
    with time_machine.travel(MEETING_DAY, tick=False):
        yield


@pytest.fixture
def reviews(demo_db: Database):
    meeting = april(demo_db)
    return meeting, item_of(demo_db, meeting.id, "case reviews")


def host(db: Database, reviews) -> PanelHost:
    meeting, item = reviews
    return PanelHost(db, meeting.id, item)


def screen_text(app: App) -> str:
    """The screen as plain text, as the user sees it (after any markup was applied)."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, file=io.StringIO(), record=True, color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)


async def focus(pilot, selector: str) -> None:
    pilot.app.query_one(selector).focus()
    await pilot.pause()


# --- the contract with the meeting screen ---------------------------------------------------


def test_the_meeting_screen_gets_this_panel_for_case_items() -> None:
    for kind in ("new referrals", "case reviews", "youth"):
        assert panel_for(kind) is CasePanel


def test_every_binding_has_an_id() -> None:
    from spp_tui.panels.case import CaseActionList, PartyList

    for widget in (CasePanel, CaseList, PartyList, CaseActionList):
        for binding in widget.BINDINGS:
            assert binding.id and binding.id.startswith("case."), binding  # type: ignore[union-attr]
            assert binding.description, binding  # type: ignore[union-attr]


def test_interventions_round_trip_one_per_line() -> None:
    stored = join_interventions(["Patrols", "Warning letter"], "Street pastors; ; Letter drop")
    assert stored == "Warning letter\nPatrols\nStreet pastors\nLetter drop"
    assert split_interventions(stored) == (
        ["Warning letter", "Patrols"],
        ["Street pastors", "Letter drop"],
    )


# --- showing the cases ----------------------------------------------------------------------


async def test_lists_this_items_cases_in_agenda_order(demo_db: Database, reviews, frozen):
    meeting, item = reviews
    expected = [e.case.reference for e in cases_on(demo_db, meeting.id, item.id)]
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)):
        panel = app.panel
        assert [e.case.reference for e in panel.entries] == expected
        assert len(expected) == 7
        assert panel.case is not None and panel.case.reference == expected[0]
        # Screen = store: no risk chosen at this meeting yet reads "not set", not the case's.
        assert panel.discussion.risk is None
        assert app.query_one("#case-risk", Select).value is Select.NULL


async def test_ctrl_down_and_the_list_choose_the_case_in_hand(demo_db: Database, reviews, frozen):
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        refs = [e.case.reference for e in app.panel.entries]
        await focus(pilot, "#case-summary")
        await pilot.press("ctrl+down", "ctrl+down")
        assert app.panel.case.reference == refs[2]
        await pilot.press("ctrl+up")
        assert app.panel.case.reference == refs[1]
        await focus(pilot, "#case-list")
        await pilot.press("down", "down", "enter")
        assert app.panel.case.reference == refs[3]
        assert app.focused is app.query_one("#case-summary")


async def test_an_item_without_cases_says_how_to_add_one(demo_db: Database, frozen):
    meeting = meetings.create_meeting(demo_db, "Extraordinary PSG", dt.date(2023, 4, 20))
    item = item_of(demo_db, meeting.id, "new referrals")
    app = PanelHost(demo_db, meeting.id, item)
    async with app.run_test(size=(120, 40)):
        assert app.query_one("#case-empty").display
        assert not app.query_one("#case-form").display


# --- every edit saved as it is made ---------------------------------------------------------


async def test_summary_saved_on_leaving_the_field(demo_db: Database, reviews, frozen):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        await focus(pilot, "#case-summary")
        await pilot.press(*"Quieter since the patrols")
        assert discussion_of(demo_db, meeting.id, case.id).summary == ""  # not per key
        await pilot.press("tab")
        await pilot.pause()
        assert discussion_of(demo_db, meeting.id, case.id).summary == "Quieter since the patrols"
        assert any("Saved summary" in t and case.reference in t for t in app.toasts)


async def test_typing_is_saved_after_a_pause(demo_db: Database, reviews, frozen, monkeypatch):
    assert case_panel_module.SAVE_DELAY == 0.5
    # Textual timers run on the monotonic clock, which time-machine leaves alone: shrink the
    # delay so the timer fires within a few turns of the event loop instead of sleeping.
    monkeypatch.setattr(case_panel_module, "SAVE_DELAY", 1e-4)
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        await focus(pilot, "#case-decisions")
        await pilot.press(*"Keep open")
        await settle(pilot, lambda: bool(discussion_of(demo_db, meeting.id, case.id).decisions))
        assert discussion_of(demo_db, meeting.id, case.id).decisions == "Keep open"
        assert app.focused is app.query_one("#case-decisions")  # saved without leaving


async def test_nothing_lost_on_quit(demo_db: Database, reviews, frozen):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        await focus(pilot, "#case-decisions")
        await pilot.press(*"Letter to the landlord")
        app.exit()  # straight away: no pause, no blur
    assert discussion_of(demo_db, meeting.id, case.id).decisions == "Letter to the landlord"


async def test_risk_chosen_by_keys_is_saved_and_moves_the_case(demo_db: Database, reviews, frozen):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        assert case.risk == "high"
        await focus(pilot, "#case-risk")
        await pilot.press("enter", "down", "down", "down", "enter")  # not set, high, med., low
        await pilot.pause()
        assert app.query_one("#case-risk").has_class("-risk-low")
    assert discussion_of(demo_db, meeting.id, case.id).risk == "low"
    assert cases.get_case(demo_db, case.id).risk == "low"
    assert any("Saved risk" in t for t in app.toasts)


async def test_closing_needs_a_reason_then_closes_the_case(demo_db: Database, reviews, frozen):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        await focus(pilot, "#case-outcome")
        await pilot.press("enter", "down", "down", "down", "enter")  # blank, keep open, mon., close
        await pilot.pause()
        assert discussion_of(demo_db, meeting.id, case.id).outcome is None  # nothing saved
        assert "reason for closing" in str(app.query_one("#case-error").render())
        assert app.focused is app.query_one("#case-outcome-reason")
        await pilot.press(*"Problem solved", "tab")
        await pilot.pause()
        assert not app.query_one("#case-error").display
    saved = discussion_of(demo_db, meeting.id, case.id)
    assert (saved.outcome, saved.outcome_reason) == ("close", "Problem solved")
    closed = cases.get_case(demo_db, case.id)
    assert (closed.status, closed.closed_on) == ("closed", dt.date(2023, 4, 4))
    assert closed.closure_reason == "Problem solved"


async def test_interventions_ticked_and_typed_are_stored_one_per_line(
    demo_db: Database, reviews, frozen
):
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        before = split_interventions(case.interventions)
        await focus(pilot, "#case-interventions")
        selection = app.query_one("#case-interventions", SelectionList)
        selection.highlighted = 0  # Warning letter
        await pilot.press("space")
        await pilot.pause()
        await focus(pilot, "#case-interventions-other")
        await pilot.press("ctrl+u", *"Street pastors; Letter drop", "tab")
        await pilot.pause()
    stored = cases.get_case(demo_db, case.id).interventions
    known, free = split_interventions(stored)
    expected_known = set(before[0]) ^ {"Warning letter"}
    assert set(known) == expected_known
    assert free == ["Street pastors", "Letter drop"]
    assert "\n" in stored


async def test_parties_added_by_name_and_removed_after_confirming(
    demo_db: Database, reviews, frozen
):
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        count = len(cases.parties(demo_db, [case.id]))
        await focus(pilot, "#case-party-name")
        await pilot.press(*"Mr A Resident", "enter")
        await pilot.pause()
        names = [p.name for p in cases.parties(demo_db, [case.id])]
        assert "Mr A Resident" in names and len(names) == count + 1
        party_list = app.query_one("#case-parties")
        party_list.focus()
        party_list.highlighted = names.index("Mr A Resident")
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("n")  # changed my mind: nothing removed
        await pilot.pause()
        assert len(cases.parties(demo_db, [case.id])) == count + 1
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert "Mr A Resident" not in [p.name for p in cases.parties(demo_db, [case.id])]


# --- actions -------------------------------------------------------------------------------


async def test_f2_captures_an_action_for_the_case_in_hand(demo_db: Database, reviews, frozen):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, "#case-summary")
        await pilot.press("ctrl+down")
        case = app.panel.case
        before = len(actions.list_actions(demo_db, actions.ActionFilter(case_id=case.id)))
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"Fence the alley", "tab", *"dalton", "tab", *"+2w", "enter")
        await pilot.pause()
        rows = actions.list_actions(demo_db, actions.ActionFilter(case_id=case.id))
        assert len(rows) == before + 1
        new = next(r for r in rows if r.text == "Fence the alley")
        assert new.meeting_id == meeting.id and new.due_on == dt.date(2023, 4, 18)
        assert new.owner_name == "Insp. Mark Dalton"
        assert new.id in [r.id for r in app.panel.case_actions]  # the list shows it


async def test_enter_on_an_action_edits_it(demo_db: Database, reviews, frozen):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    owner = directory.search_people(demo_db, "dalton")[0]
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        made = actions.create_action(
            demo_db,
            "Draft text",
            owner.id,
            dt.date(2023, 5, 1),
            case_id=case.id,
            meeting_id=meeting.id,
        )
        app.panel.load()
        action_list = app.query_one("#case-actions")
        action_list.focus()
        action_list.highlighted = [r.id for r in app.panel.case_actions].index(made.id)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+u", *"Final text", "enter")
        await pilot.pause()
    assert actions.get_action(demo_db, made.id).text == "Final text"


# --- cases on the item: add urgent, move, drop ----------------------------------------------


async def test_urgent_case_added_on_the_day(demo_db: Database, frozen):
    meeting = april(demo_db)
    item = item_of(demo_db, meeting.id, "new referrals")
    app = PanelHost(demo_db, meeting.id, item)
    async with app.run_test(size=(120, 40)) as pilot:
        before = len(app.panel.entries)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press(*"Fly-tipping behind the shops", "tab", *"Mayor's Walk", "tab")
        await pilot.press(*"West", "enter")
        await pilot.pause()
        # Category and risk read "not set" and are asked for: nothing chosen for the chair.
        assert "Choose the case's category" in str(app.screen.query_one("#urgent-error").render())
        await pilot.press("enter", *"env", "enter", "tab", "enter", "h", "enter")
        await pilot.press("tab", "tab", *"operation glaz", "enter")
        await pilot.pause()
        panel = app.panel
        assert len(panel.entries) == before + 1
        assert panel.case.title == "Fly-tipping behind the shops"
        assert app.focused is app.query_one("#case-summary")
    new = cases.get_case(demo_db, panel.case.id)
    assert (new.location, new.ward, new.category, new.risk, new.status, new.operation) == (
        "Mayor's Walk",
        "West",
        "environmental",
        "high",
        "referred",
        "Glazier",  # "operation glaz" + Enter: the known operation, spelt as stored
    )
    assert new.referred_on == meeting.date
    # The risk given in the dialog is this meeting's too: the panel and minutes show it.
    assert discussion_of(demo_db, meeting.id, new.id).risk == "high"
    assert panel.case.id in [e.case.id for e in cases_on(demo_db, meeting.id, item.id)]


async def test_urgent_case_needs_a_title(demo_db: Database, reviews, frozen):
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        before = len(cases.list_cases(demo_db))
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "title" in str(app.screen.query_one("#urgent-error").render())
        await pilot.press("escape")
        await pilot.pause()
    assert len(cases.list_cases(demo_db)) == before


async def test_cases_move_and_drop_from_the_list(demo_db: Database, reviews, frozen):
    meeting, item = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        refs = [e.case.reference for e in app.panel.entries]
        await focus(pilot, "#case-list")
        await pilot.press("shift+down")
        await pilot.pause()
        assert [e.case.reference for e in cases_on(demo_db, meeting.id, item.id)][:2] == [
            refs[1],
            refs[0],
        ]
        assert app.panel.case.reference == refs[0]  # still the case in hand
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        remaining = [e.case.reference for e in cases_on(demo_db, meeting.id, item.id)]
        assert refs[0] not in remaining and len(remaining) == len(refs) - 1
        assert app.panel.case.reference == refs[2]  # the case that took its place
    assert cases.list_cases(demo_db, cases.CaseFilter(text=refs[0]))  # the case itself is kept


# --- another window saved first -------------------------------------------------------------


async def test_stale_edit_asks_and_keep_mine_saves_over(demo_db: Database, reviews, frozen):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        discussion = app.panel.discussion
        cases.update_discussion(demo_db, discussion.id, summary="Written in the other window")
        await focus(pilot, "#case-summary")
        await pilot.press(*"Mine", "tab")
        await pilot.pause()
        assert "another window" in str(app.screen.query_one("#choice-question").render())
        saved = discussion_of(demo_db, meeting.id, discussion.case_id)
        assert saved.summary == "Written in the other window"  # not overwritten silently
        await pilot.press("k")
        await pilot.pause()
    assert discussion_of(demo_db, meeting.id, discussion.case_id).summary == "Mine"


async def test_stale_edit_reload_shows_theirs(demo_db: Database, reviews, frozen):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        discussion = app.panel.discussion
        cases.update_discussion(demo_db, discussion.id, summary="Theirs")
        await focus(pilot, "#case-summary")
        await pilot.press(*"Mine", "tab")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert app.query_one("#case-summary", TextArea).text == "Theirs"
    assert discussion_of(demo_db, meeting.id, discussion.case_id).summary == "Theirs"


# --- palette -------------------------------------------------------------------------------


async def test_palette_commands_cover_the_panel(demo_db: Database, reviews, frozen):
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [c.title for c in app.panel.palette_commands()]
        for wanted in ("Case: next", "Case: move up", "Case: drop from agenda"):
            assert wanted in titles
        third = app.panel.entries[2]
        goto = next(c for c in app.panel.palette_commands() if third.case.reference in c.title)
        goto.callback()
        await pilot.pause()
        assert app.panel.case.id == third.case.id


def test_case_panel_snapshot(snap_compare, demo_db_path):
    """The case in hand at the size the meeting screen gives it on an 80x24 terminal."""
    with time_machine.travel(MEETING_DAY, tick=False):
        db = open_database(str(demo_db_path))
        try:
            meeting = april(db)
            app = PanelHost(db, meeting.id, item_of(db, meeting.id, "case reviews"))
            assert snap_compare(app, terminal_size=(80, 24))
        finally:
            db.dispose()


# --- inside the real app ---------------------------------------------------------------------


async def test_in_the_meeting_a_review_closes_a_case_with_an_action(demo_db_path, frozen):
    """Meeting screen -> item 6 by key -> case in hand: summary, action by F2, close with a
    reason; the palette offers the panel's commands; leaving the item keeps everything."""
    from app_pilot import open_first_meeting, settle, type_text

    from spp_tui.app import create_app

    app = create_app(str(demo_db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_meeting(pilot)
        screen = app.screen
        await pilot.press("escape", "6")  # agenda, then item 6: case reviews
        await settle(pilot, lambda: isinstance(screen.panel, CasePanel))
        panel = screen.panel
        await settle(pilot, lambda: panel.case is not None)
        case, discussion = panel.case, panel.discussion
        titles = [c.title for c in screen.palette_commands()]
        assert "Case: next" in titles and "Add action" in titles
        panel.query_one("#case-list").focus()
        await pilot.press("enter")  # into the summary
        await type_text(pilot, "Begging down since the PSPO")
        await pilot.press("f2")
        await pilot.pause()
        await type_text(pilot, "Review the PSPO signage")
        await pilot.press("tab", *"dalton", "tab", *"next")  # no next meeting yet: 4 weeks
        await pilot.pause()
        assert "usual four weeks" in str(app.screen.query_one("#due-feedback").render())
        await pilot.press("enter")
        await pilot.pause()
        panel.query_one("#case-outcome").value = "close"
        await pilot.pause()
        assert panel.query_one("#case-outcome-reason").has_focus
        await type_text(pilot, "No reports for three months")
        await pilot.press("escape", "7")  # leave the item: everything pending is saved
        await settle(pilot, lambda: screen.panel is not panel)
    db = open_database(str(demo_db_path))
    try:
        saved = next(
            e
            for e in cases.meeting_cases(db, discussion.meeting_id)
            if e.discussion.id == discussion.id
        )
        assert saved.discussion.summary == "Begging down since the PSPO"
        assert saved.discussion.outcome == "close"
        assert saved.case.status == "closed"
        assert saved.case.closure_reason == "No reports for three months"
        raised = actions.list_actions(db, actions.ActionFilter(case_id=case.id))
        new = next(r for r in raised if r.text == "Review the PSPO signage")
        assert new.due_on == dt.date(2023, 5, 2) and new.owner_name == "Insp. Mark Dalton"
    finally:
        db.dispose()


async def test_brackets_in_names_and_titles_are_shown_as_typed(demo_db: Database, frozen):
    meeting = april(demo_db)
    item = item_of(demo_db, meeting.id, "new referrals")
    case = cases.create_case(demo_db, "Flat [3b] visitors", location="[Block] C")
    cases.add_case_to_meeting(demo_db, meeting.id, case.id, item.id)
    cases.add_party(demo_db, case.id, "Jo [Jr]", "suspect")
    app = PanelHost(demo_db, meeting.id, item)
    async with app.run_test(size=(120, 40)) as pilot:
        entry = next(e for e in app.panel.entries if e.case.id == case.id)
        app.panel._show_case(entry)
        await pilot.pause()
        assert "Flat [3b] visitors" in str(app.query_one("#case-header").render())
        assert "Jo [Jr] (suspect)" in screen_text(app)
        await focus(pilot, "#case-party-name")
        await pilot.press(*"[b]Al[/b]", "enter")
        await pilot.pause()
    assert "[b]Al[/b]" in [p.name for p in cases.parties(demo_db, [case.id])]
    assert any("[b]Al[/b]" in t for t in app.toasts)


async def test_approved_minutes_refuse_edits_in_one_line_without_crashing(
    demo_db: Database, frozen
):
    approved = next(m for m in meetings.list_meetings(demo_db) if m.status == "minutes approved")
    item = next(
        i
        for i in meetings.agenda(demo_db, approved.id)
        if i.kind in ("case reviews", "new referrals") and cases_on(demo_db, approved.id, i.id)
    )
    app = PanelHost(demo_db, approved.id, item)
    async with app.run_test(size=(120, 40)) as pilot:
        discussion = app.panel.discussion
        before = discussion.summary
        await focus(pilot, "#case-summary")
        await pilot.press(*"late note", "tab")
        await pilot.pause()
        assert "approved" in str(app.query_one("#case-error").render())
        await focus(pilot, "#case-list")
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert any("approved" in t for t in app.toasts)
        assert app.panel.pending.discussion == {}  # no retry storm
    assert discussion_of(demo_db, approved.id, discussion.case_id).summary == before
    assert discussion.id in [e.discussion.id for e in cases_on(demo_db, approved.id, item.id)]


async def test_a_stale_change_event_saves_nothing(demo_db: Database, reviews, frozen):
    """Select.Changed can arrive after the form was filled (the initial "medium", or the last
    case's risk): it must never be taken for the chair's choice."""
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        risk = app.query_one("#case-risk", Select)
        outcome = app.query_one("#case-outcome", Select)
        assert risk.value is Select.NULL  # not set at this meeting
        risk.post_message(Select.Changed(risk, "medium"))
        outcome.post_message(Select.Changed(outcome, "escalate"))
        await pilot.pause()
        assert not [t for t in app.toasts if t.startswith("Saved")]
    saved = discussion_of(demo_db, meeting.id, case.id)
    assert (saved.risk, saved.outcome) == (None, None)
    assert cases.get_case(demo_db, case.id).risk == "high"


async def test_text_whose_change_message_is_still_queued_is_not_lost(
    demo_db: Database, reviews, frozen
):
    """A fast typist's last keys may not have reached the panel as Changed messages when
    Ctrl+Down (or leaving the item) runs: the fields themselves are read before switching."""
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.panel.case
        app.query_one("#case-summary", TextArea).load_text("typed just before Ctrl+Down")
        app.panel.action_next_case()  # synchronously: no message handled in between
        await pilot.pause()
        assert app.panel.case.id != first.id
    saved = discussion_of(demo_db, meeting.id, first.id)
    assert saved.summary == "typed just before Ctrl+Down"


# --- minute-taker conveniences: word count, larger editor, undo -------------------------------


def test_word_count_reads_as_words() -> None:
    from spp_tui.panels.case import word_count

    assert [word_count(t) for t in ("", "  ", "one", "two  words\nhere")] == [
        "0 words",
        "0 words",
        "1 word",
        "3 words",
    ]


async def test_summary_word_count_follows_typing(demo_db: Database, reviews, frozen):
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, "#case-summary")
        app.query_one("#case-summary", TextArea).clear()
        await pilot.press(*"Quieter since the patrols")
        await pilot.pause()
        assert str(app.query_one("#case-summary-words").render()) == "4 words"
        await pilot.press("space", *"began")
        await pilot.pause()
        assert str(app.query_one("#case-summary-words").render()) == "5 words"


async def test_f8_gives_the_summary_the_whole_panel_and_back(demo_db: Database, reviews, frozen):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(80, 24)) as pilot:
        case = app.panel.case
        summary = app.query_one("#case-summary", TextArea)
        small = summary.size.height
        await focus(pilot, "#case-list")
        await pilot.press("f8")
        await pilot.pause()
        assert app.focused is summary
        assert not app.query_one("#case-nav").display
        assert not app.query_one("#case-decisions").display
        assert summary.size.height > small
        assert summary.size.width > 60  # the case list gave up its columns
        await pilot.press(*"Long notes")
        await pilot.press("f8")
        await pilot.pause()
        assert summary.size.height == small
        assert app.query_one("#case-nav").display and app.query_one("#case-decisions").display
    assert discussion_of(demo_db, meeting.id, case.id).summary.endswith("Long notes")


async def test_ctrl_z_in_the_summary_undoes_typing_and_the_undo_is_saved(
    demo_db: Database, reviews, frozen
):
    meeting, _ = reviews
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        before = app.query_one("#case-summary", TextArea).text
        await focus(pilot, "#case-summary")
        await pilot.press(*"Typed by mistake", "tab")
        await pilot.pause()
        assert discussion_of(demo_db, meeting.id, case.id).summary.endswith("by mistake")
        await focus(pilot, "#case-summary")
        await pilot.press("ctrl+z", "tab")
        await pilot.pause()
        assert app.query_one("#case-summary", TextArea).text == before
    assert discussion_of(demo_db, meeting.id, case.id).summary == before


async def test_ctrl_z_in_a_one_line_field_restores_and_saves_at_once(
    demo_db: Database, reviews, frozen
):
    app = host(demo_db, reviews)
    async with app.run_test(size=(120, 40)) as pilot:
        case = app.panel.case
        await focus(pilot, "#case-interventions-other")
        await pilot.press("ctrl+u", *"Street pastors", "tab")
        await pilot.pause()
        assert "Street pastors" in cases.get_case(demo_db, case.id).interventions
        await focus(pilot, "#case-interventions-other")
        await pilot.press("ctrl+u", *"Wrong")
        await pilot.press("ctrl+z")  # back to what the field held when it got the focus
        await pilot.pause()
        assert app.query_one("#case-interventions-other").value == "Street pastors"
        stored = cases.get_case(demo_db, case.id).interventions
        assert "Street pastors" in stored and "Wrong" not in stored  # saved without leaving
        assert app.focused is app.query_one("#case-interventions-other")
