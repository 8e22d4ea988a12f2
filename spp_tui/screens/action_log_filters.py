"""The action log's filter lists (``spp_tui.screens.action_log``): their choices, read in a
worker after the screen is drawn; the stand-in each shows until the chair goes to it
(``widgets.filter_select``), and the real list put in its place then; the filters in words
for the screen's title."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widget import Widget

from spp_tui.screens.action_log_rows import (
    PROMPTS,
    SELECT_FIELDS,
    STATUS_CHOICES,
    FilterOptions,
    load_filter_options,
)
from spp_tui.widgets.filter_select import SelectStandIn, choice_label, fill_filter
from spp_tui.widgets.lists import Select

if TYPE_CHECKING:
    from textual.screen import Screen

    from spp_tui.db.services.actions import ActionFilter
    from spp_tui.dialogs.door import ServiceDoor

    class _Base(ServiceDoor, Screen[None]):  # type: ignore[misc]  # app typed as SppApp
        pass
else:

    class _Base:
        """(At run time the screen's own bases give all of that.)"""


class FilterLists(_Base):
    """Mixin for ``ActionLogScreen``: its five filter lists."""

    filt: ActionFilter | None
    options: FilterOptions | None
    initial: dict[str, Any]
    _swapping: asyncio.Lock | None = None

    def _update_title(self) -> None:
        """(The screen's.)"""
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="action-log-options")
    def _load_options(self) -> None:
        options = load_filter_options(self.db)
        self.app.call_from_thread(self._show_options, options)

    def _show_options(self, options: FilterOptions) -> None:
        """Fill the filter lists and show the filters the screen was opened with."""
        self.options = options
        for select_id in SELECT_FIELDS:
            shown = self.query_one(f"#{select_id}")
            if isinstance(shown, Select):
                self._fill_select(shown)
            else:
                assert isinstance(shown, SelectStandIn)
                shown.show(self._filter_label(select_id))
        self._update_title()

    def _choices(self, select_id: str) -> list[tuple[str, Any]] | None:
        """A filter list's choices (None: not read yet)."""
        if select_id == "filter-status":
            return STATUS_CHOICES
        if self.options is None:
            return None
        return self.options.choices(select_id)

    def _filter_value(self, select_id: str) -> Any:
        field = SELECT_FIELDS[select_id]
        return getattr(self.filt, field) if self.filt is not None else self.initial[field]

    def _filter_label(self, select_id: str) -> str | None:
        return choice_label(self._choices(select_id) or [], self._filter_value(select_id))

    def _fill_select(self, select: Select[Any]) -> None:
        choices = self._choices(select.id or "")
        if choices is not None:
            fill_filter(select, choices, self._filter_value(select.id or ""))

    async def filter_select(self, select_id: str) -> Select[Any]:
        """The filter list ``select_id``, put in its stand-in's place if it is not there yet
        (with its choices and the filter in force)."""
        if self._swapping is None:
            self._swapping = asyncio.Lock()
        # One at a time: a key and a click (or Tab) on the same list arrive together, and a
        # second swap would find the stand-in half removed.
        async with self._swapping:
            shown = self.query_one(f"#{select_id}")
            if isinstance(shown, Select):
                return shown
            return await self._swap(shown, select_id)

    async def _swap(self, shown: Widget, select_id: str) -> Select[Any]:
        parent = shown.parent
        assert isinstance(parent, Widget)
        place = parent.children.index(shown)
        select: Select[Any] = Select([], prompt=PROMPTS[select_id], id=select_id, compact=True)
        await shown.remove()
        await parent.mount(select, before=place if place < len(parent.children) else None)
        self._fill_select(select)
        return select

    def _describe_filters(self, filt: ActionFilter) -> list[str]:
        """The filters in words, so a projected screen says what it shows."""
        names: dict[str, dict[Any, str]] = {}
        if self.options is not None:
            names = {
                "owner_id": {v: label for label, v in self.options.owners},
                "agency_id": {v: label for label, v in self.options.agencies},
                "case_id": {v: label.split(" ")[0] for label, v in self.options.cases},
                "meeting_id": {v: f"raised at {label}" for label, v in self.options.meetings},
            }
        parts = []
        if filt.status:
            parts.append("live" if filt.status == "live" else filt.status)
        for field in ("owner_id", "agency_id", "case_id", "meeting_id"):
            value = getattr(filt, field)
            if value:
                parts.append(names.get(field, {}).get(value, "…"))
        if filt.operation:
            parts.append(f"Operation {filt.operation}")
        if filt.overdue_on:
            parts.append("overdue")
        if filt.due_before:
            parts.append(f"due before {filt.due_before}")
        if filt.raised_since:
            parts.append(f"raised since {filt.raised_since}")
        if filt.text.strip():
            parts.append(f"“{filt.text.strip()}”")
        return parts
