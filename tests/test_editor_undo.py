"""No crash from editing keys in the multi-line fields (issue 13 item 2): text pasted from
Windows or old Mac mail (CR LF, a lone CR, Unicode line separators) once made Ctrl+Z in a
case's Decisions reach past the last line ("line index out of bounds") and stop the app."""

from __future__ import annotations

import asyncio

from app_pilot import settle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_case_panel import PanelHost, april, item_of
from textual import events
from textual.app import App, ComposeResult

from spp_tui.db.database import Database
from spp_tui.db.services import cases
from spp_tui.panels.case_form import CaseForm
from spp_tui.text import one_newline
from spp_tui.widgets.fields import TextArea as EditorArea

#: The shortest key sequence that stopped the app (found by shrinking a random one).
CRASHING_KEYS = ("down", "ctrl+k", "left", "enter", "backspace", "delete", "ctrl+z", "right")
BREAKS = ("\r\n", "\r", "\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029")
KEYS = (
    "a", "b", "enter", "backspace", "delete", "left", "right", "up", "down", "home", "end",
    "shift+left", "shift+right", "shift+up", "shift+down", "ctrl+z", "ctrl+y", "ctrl+x",
    "ctrl+v", "ctrl+a", "ctrl+e", "ctrl+k", "ctrl+u", "ctrl+w", "ctrl+home", "ctrl+end", "f7",
    "paste",
)  # fmt: skip


def test_every_line_break_becomes_one_newline() -> None:
    assert one_newline("a\r\nb\rc\u2028d\x85e\nf") == "a\nb\nc\nd\ne\nf"
    assert one_newline("plain") == "plain"


async def test_undo_in_decisions_stored_with_a_lone_cr(demo_db: Database) -> None:
    meeting = april(demo_db)
    app = PanelHost(demo_db, meeting.id, item_of(demo_db, meeting.id, "case reviews"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.panel.case is not None)
        form = app.query_one(CaseForm)
        assert form.discussion is not None
        saved = cases.update_discussion(demo_db, form.discussion.id, decisions="one\rtwo")
        form.show(saved, form.case)
        decisions = app.query_one("#case-decisions", EditorArea)
        decisions.focus()
        await pilot.pause()
        for key in CRASHING_KEYS:
            await pilot.press(key)
        await pilot.pause()
        shown = decisions.text
        form.flush()
        assert app.is_running
    stored = next(
        e.discussion
        for e in cases.meeting_cases(demo_db, meeting.id)
        if e.discussion.id == saved.id
    )
    assert stored.decisions == shown  # screen = store after the undo


class EditorHost(App[None]):
    def compose(self) -> ComposeResult:
        yield EditorArea(id="editor", soft_wrap=True, tab_behavior="focus")


async def _edit(text: str, keys: list[str], pastes: list[str]) -> str:
    app = EditorHost()
    async with app.run_test(size=(30, 10)) as pilot:
        editor = app.query_one(EditorArea)
        editor.load_text(text)
        editor.focus()
        for key in keys:
            if key == "paste":
                editor.post_message(events.Paste(pastes.pop() if pastes else "\r"))
                await pilot.pause()
            else:
                await pilot.press(key)
        await pilot.pause()
        return editor.text


words = st.text(alphabet="ab é€", max_size=12)
texts = st.lists(st.tuples(words, st.sampled_from(BREAKS)), max_size=4).map(
    lambda parts: "".join(w + b for w, b in parts)
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=texts,
    keys=st.lists(st.sampled_from(KEYS), min_size=5, max_size=40),
    pastes=st.lists(texts, max_size=3),
)
def test_no_edit_sequence_stops_the_editor(text: str, keys: list[str], pastes: list[str]) -> None:
    result = asyncio.run(_edit(text, keys, pastes))  # an exception in the app fails here
    assert "\r" not in result
