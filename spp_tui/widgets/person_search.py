"""Type part of a name or agency, pick from the directory: the autocomplete the attendance
panel and the deputy picker share. Up/Down move through the matches, Enter takes one.

While the server is unreachable the matches come from the app's copy of the directory (read
when a search was last mounted), so a chair marking someone present offline picks them, and
never adds them again as someone new; no read is tried on each key (a dropped network could
take seconds to say no)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets.option_list import Option

from spp_tui.widgets.fields import Input
from spp_tui.widgets.lists import OptionList
from spp_tui.widgets.server_banner import store_offline

if TYPE_CHECKING:
    from textual.app import App

    from spp_tui.db.services.directory import PersonRow

MAX_MATCHES = 6


class SearchInput(Input):
    """The text field; Up/Down go to the matches without leaving it."""

    BINDINGS = [
        Binding("down", "move(1)", "Next match", show=False, id="person_search.next"),
        Binding("up", "move(-1)", "Previous match", show=False, id="person_search.previous"),
    ]

    def action_move(self, step: int) -> None:
        parent = self.parent
        if isinstance(parent, PersonSearch):
            parent.move(step)


class PersonSearch(Vertical):
    """An input and the directory matches below it."""

    DEFAULT_CSS = """
    PersonSearch { height: auto; margin: 1 0; }
    PersonSearch OptionList { height: auto; max-height: 8; display: none; }
    PersonSearch OptionList.-visible { display: block; }
    """

    class Chosen(Message):
        """Enter pressed: ``person`` is the highlighted match, or None with the text typed."""

        def __init__(self, search: PersonSearch, person: PersonRow | None, text: str) -> None:
            super().__init__()
            self.search = search
            self.person = person
            self.text = text

        @property
        def control(self) -> PersonSearch:
            return self.search

    def __init__(self, placeholder: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.placeholder = placeholder
        self.matches: list[PersonRow] = []

    def compose(self) -> ComposeResult:
        yield SearchInput(placeholder=self.placeholder, id="person-search-input", compact=True)
        matches = OptionList(id="person-matches")
        matches.can_focus = False  # Up/Down in the input drive it; Tab goes on past it
        yield matches

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    def focus_input(self) -> None:
        self.input.focus()

    def clear(self) -> None:
        self.input.value = ""
        self._show([])

    def on_mount(self) -> None:
        """Keep the app's copy of the directory fresh while the store can be read: read in
        a worker, as the whole directory is read (a round trip to a server, never a wait on
        the UI thread each time a search box opens)."""
        if getattr(self.app, "db", None) is not None and not store_offline(self.app):
            self._copy_directory()

    @work(thread=True, exclusive=True, group="directory-copy")
    def _copy_directory(self) -> None:
        from spp_tui.db.services.directory import list_people
        from spp_tui.errors import UserError

        try:
            people = list_people(self.app.db)  # type: ignore[attr-defined]
        except UserError:  # the server went: the copy from before stays
            return
        self.app.call_from_thread(setattr, self.app, "directory_copy", people)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._show([])
            return
        from spp_tui.db.services.directory import search_people
        from spp_tui.errors import DatabaseUnavailableError

        db = getattr(self.app, "db", None)  # any host app with a database
        if db is None:
            self._show([])
        elif store_offline(self.app):
            self._show(copy_matches(self.app, text))
        else:
            try:
                self._show(search_people(db, text, limit=MAX_MATCHES))
            except DatabaseUnavailableError as exc:
                reporter = getattr(self.app, "server_unreachable", None)
                if reporter is not None:
                    reporter(exc)
                self._show(copy_matches(self.app, text))

    def _show(self, matches: list[PersonRow]) -> None:
        self.matches = matches
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(Text(p.label), id=str(p.id)) for p in matches)
        options.set_class(bool(matches), "-visible")
        if matches:
            options.highlighted = 0

    def move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.matches:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self.matches) - 1, current + step))

    def highlighted_person(self) -> PersonRow | None:
        options = self.query_one(OptionList)
        if not self.matches or options.highlighted is None:
            return None
        return self.matches[options.highlighted]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self.highlighted_person(), event.value.strip()))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        person = self.matches[event.option_index]
        self.post_message(self.Chosen(self, person, self.input.value.strip()))


def copy_matches(app: App[Any], text: str) -> list[PersonRow]:
    """Matches from the app's copy of the directory (name or agency holding ``text``)."""
    needle = text.lower()
    people: list[PersonRow] = getattr(app, "directory_copy", [])
    found = [p for p in people if needle in p.name.lower() or needle in p.agency_name.lower()]
    return found[:MAX_MATCHES]
