"""AutosaveForm on its own: one debounce, saves on blur and unmount, one stale-edit strategy.

Time is moved, not slept: the form's timer factory is replaced by one that records each timer,
and "the pause after the last key" is firing the live timer by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from spp_tui.widgets.autosave import SAVE_DELAY, AutosaveForm, StaleAnswer


class FakeTimer:
    def __init__(self, delay: float, callback: Callable[[], None]) -> None:
        self.delay, self.callback, self.live = delay, callback, True

    def stop(self) -> None:
        self.live = False

    def fire(self) -> None:
        assert self.live, "a stopped timer fired"
        self.live = False
        self.callback()


class NoteForm(AutosaveForm, Vertical):
    """A one-field form that records what it writes and what it asks."""

    RECORDS = ("first", "second")

    def __init__(self) -> None:
        super().__init__()
        self.saved_note = "as saved"
        self.writes: list[tuple[str, dict[str, Any], bool]] = []
        self.timers: list[FakeTimer] = []
        self.stale_once = False
        self.questions: list[Callable[[StaleAnswer], None]] = []
        self.reloads = 0

    def compose(self) -> ComposeResult:
        yield Input(self.saved_note, id="note")
        yield Input(id="other")

    def set_timer(self, delay: float, callback: Any = None, **_: Any) -> FakeTimer:  # type: ignore[override]
        timer = FakeTimer(delay, callback)
        self.timers.append(timer)
        return timer

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "note":
            self.remember("first", "note", event.value, self.saved_note)

    def write(self, record: str, changes: dict[str, Any], *, force: bool) -> None:
        if self.stale_once and not force:
            self.stale_once = False
            self.stale(record, changes, "The note was changed in another window.")
            return
        self.writes.append((record, changes, force))
        self.saved_note = changes.get("note", self.saved_note)
        self.saved(record, changes)

    def ask_stale(
        self, question: str, decide: Callable[[StaleAnswer], None], *, can_keep: bool = True
    ) -> None:
        self.questions.append(decide)

    def reload(self) -> None:
        self.reloads += 1


class FormHost(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteForm()

    @property
    def form(self) -> NoteForm:
        return self.query_one(NoteForm)


def live(form: NoteForm) -> list[FakeTimer]:
    return [t for t in form.timers if t.live]


async def test_typing_waits_for_one_pause_after_the_last_key() -> None:
    app = FormHost()
    async with app.run_test() as pilot:
        form = app.form
        form.query_one("#note", Input).focus()
        await pilot.press("end", "!", "?")
        await pilot.pause()
        assert form.writes == []  # not per key
        assert len(live(form)) == 1  # each key restarted the one timer
        assert live(form)[0].delay == SAVE_DELAY == 0.5
        live(form)[0].fire()  # the pause after the last key
        assert form.writes == [("first", {"note": "as saved!?"}, False)]
        assert form.query_one("#note", Input).has_focus  # saved without leaving
        assert not form.has_pending()


async def test_leaving_the_field_saves_at_once() -> None:
    app = FormHost()
    async with app.run_test() as pilot:
        form = app.form
        form.query_one("#note", Input).focus()
        await pilot.press("end", "x", "tab")
        await pilot.pause()
        assert form.writes == [("first", {"note": "as savedx"}, False)]
        assert live(form) == []  # the waiting timer was stopped, not left to save twice


async def test_a_choice_is_saved_now_and_records_are_saved_in_order() -> None:
    app = FormHost()
    async with app.run_test():
        form = app.form
        form.remember("second", "risk", "low", "high", now=True)
        assert form.writes == [("second", {"risk": "low"}, False)]
        form.pending["second"]["risk"] = "medium"
        form.remember("first", "note", "mine", "as saved", now=True)
        assert [w[0] for w in form.writes[1:]] == ["first", "second"]


async def test_what_is_already_saved_is_not_an_edit() -> None:
    app = FormHost()
    async with app.run_test():
        form = app.form
        form.remember("first", "note", "as saved", "as saved")
        form.flush()
        assert form.writes == [] and form.timers == []


async def test_typing_more_while_saving_keeps_the_newer_text_pending() -> None:
    app = FormHost()
    async with app.run_test():
        form = app.form
        form.pending["first"]["note"] = "newer"
        form.saved("first", {"note": "older"})
        assert form.pending["first"] == {"note": "newer"}
        form.saved("first", {"note": "newer"})
        assert form.pending["first"] == {}


async def test_leaving_the_screen_saves_what_is_still_waiting() -> None:
    app = FormHost()
    async with app.run_test() as pilot:
        form = app.form
        form.query_one("#note", Input).focus()
        await pilot.press("end", "z")
        await pilot.pause()
        app.exit()  # no pause, no blur: the unmount saves
    assert form.closing
    assert form.writes == [("first", {"note": "as savedz"}, False)]


async def test_stale_keep_mine_writes_over_theirs() -> None:
    app = FormHost()
    async with app.run_test():
        form = app.form
        form.stale_once = True
        form.remember("first", "note", "mine", "as saved", now=True)
        assert form.writes == [] and len(form.questions) == 1 and form.asking
        form.remember("first", "note", "mine, more", "as saved", now=True)
        assert form.writes == []  # nothing saved while the question is open
        form.questions[0](StaleAnswer.KEEP)
        assert form.writes == [("first", {"note": "mine"}, True)]
        assert not form.asking
        form.flush()  # what was typed while asking is saved next, normally
        assert form.writes[-1] == ("first", {"note": "mine, more"}, False)


async def test_stale_reload_theirs_drops_mine_and_reloads() -> None:
    app = FormHost()
    async with app.run_test():
        form = app.form
        form.stale_once = True
        form.remember("first", "note", "mine", "as saved", now=True)
        form.questions[0](StaleAnswer.RELOAD)
        assert form.reloads == 1 and not form.has_pending() and form.writes == []


async def test_stale_escape_decides_later_and_keeps_mine_pending() -> None:
    app = FormHost()
    async with app.run_test():
        form = app.form
        form.stale_once = True
        form.remember("first", "note", "mine", "as saved", now=True)
        form.questions[0](StaleAnswer.LATER)
        assert form.reloads == 0 and form.writes == []
        assert form.pending["first"] == {"note": "mine"}
        form.flush()
        assert form.writes == [("first", {"note": "mine"}, False)]


def test_the_dialog_keys_read_as_one_answer() -> None:
    assert StaleAnswer.from_key("r") is StaleAnswer.RELOAD
    assert StaleAnswer.from_key("k") is StaleAnswer.KEEP
    assert StaleAnswer.from_key(None) is StaleAnswer.LATER
    assert StaleAnswer.from_key("") is StaleAnswer.LATER
