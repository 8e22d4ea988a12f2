"""Search from the command palette (Ctrl+P): case references and titles, locations, action
references and text, people and meetings; choosing a match jumps to it.

A case opens its screen, an action its history, a meeting the meeting screen, a person the
action log filtered to what they own. The palette also offers the action log and case list.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from spp_tui.db.services.search import SearchHit

#: What the palette shows before each kind of match.
KIND_LABELS = {"case": "Case", "action": "Action", "person": "Person", "meeting": "Meeting"}
#: A match found in the database but not in the text shown still ranks, below shown matches.
FOUND_ELSEWHERE_SCORE = 0.2
MIN_QUERY = 2


class SearchProvider(Provider):
    """Everything in the database a chair may need to jump to mid-meeting."""

    SCREENS = (
        ("Action log", "Every action: filter, search, history", "action_log"),
        ("Case list", "Every case: filter by status, risk, category, operation, ward", "cases"),
    )

    def _screens(self) -> list[tuple[str, str, str]]:
        """The screens to offer, less those the current screen's own commands offer already
        (home lists "Action log" and "Case list" itself)."""
        own = getattr(self.screen, "palette_commands", None)
        titles = {command.title for command in own()} if own is not None else set()
        return [entry for entry in self.SCREENS if entry[0] not in titles]

    async def discover(self) -> Hits:
        for title, help_text, target in self._screens():
            yield DiscoveryHit(title, partial(self._open_screen, target), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, target in self._screens():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._open_screen, target),
                    help=help_text,
                )
        db = getattr(self.app, "db", None)
        if db is None or len(query.strip()) < MIN_QUERY:
            return
        from spp_tui.db.services import search

        try:
            found = await asyncio.to_thread(search.search, db, query)
        except Exception as exc:  # noqa: BLE001 - a failed search must not break the palette
            self.app.log.error(f"search failed: {exc!r}")
            return
        for hit in found:
            text = f"{KIND_LABELS[hit.kind]}: {hit.label}"
            score = matcher.match(text)
            yield Hit(
                max(score, FOUND_ELSEWHERE_SCORE),
                matcher.highlight(text) if score else text,
                partial(self.open_hit, hit),
                text=text,
                help=hit.detail,
            )

    # --- jumping to a match --------------------------------------------------------------

    def _open_screen(self, target: str) -> None:
        if target == "action_log":
            from spp_tui.screens.action_log import ActionLogScreen

            self.app.push_screen(ActionLogScreen())
        else:
            from spp_tui.screens.case_list import CaseListScreen

            self.app.push_screen(CaseListScreen())

    def open_hit(self, hit: SearchHit) -> None:
        open_search_hit(self.app, hit)


def open_search_hit(app, hit: SearchHit) -> None:  # noqa: ANN001 - the running App
    """Show what a search match points at."""
    if hit.kind == "case":
        from spp_tui.screens.case_screen import CaseScreen

        app.push_screen(CaseScreen(hit.id))
    elif hit.kind == "action":
        from spp_tui.dialogs.action_history import ActionHistoryScreen

        app.push_screen(ActionHistoryScreen(hit.id))
    elif hit.kind == "person":
        from spp_tui.screens.action_log import ActionLogScreen

        app.push_screen(ActionLogScreen(owner_id=hit.id))
    elif hit.kind == "meeting":
        from spp_tui.screens.meeting import MeetingScreen

        app.push_screen(MeetingScreen(hit.id))
