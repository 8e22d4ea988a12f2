"""The one door from the UI to the services (``ServiceDoor.call``) and what it is given back."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical

from spp_tui.db.database import Database
from spp_tui.db.services import cases
from spp_tui.dialogs.choice import StaleEditDialog
from spp_tui.dialogs.door import ServiceDoor
from spp_tui.errors import StaleEditError, UserError, ValidationError


class Pane(ServiceDoor, Vertical):
    pass


class Host(App[None]):
    def __init__(self, db: Database | None) -> None:
        super().__init__()
        self.db = db
        self.toasts: list[str] = []

    def compose(self) -> ComposeResult:
        yield Pane()

    def notify(self, message: str, **kwargs) -> None:  # type: ignore[override]
        self.toasts.append(message)
        super().notify(message, **kwargs)


def stale(db: Database) -> None:
    raise StaleEditError("the case was changed elsewhere since you opened it.")


async def test_a_write_returns_its_result_with_its_toast(demo_db: Database) -> None:
    app = Host(demo_db)
    async with app.run_test():
        pane = app.query_one(Pane)
        assert pane.call(lambda db, n: n * 2, 21, saved="Saved.") == 42
        assert app.toasts == ["Saved."]
        assert pane.done(lambda db: None) is True


async def test_a_refusal_is_one_line_and_none(demo_db: Database) -> None:
    def refuse(db: Database) -> None:
        raise ValidationError("an agency needs a name.")

    app = Host(demo_db)
    async with app.run_test():
        pane = app.query_one(Pane)
        assert pane.call(refuse) is None and pane.done(refuse) is False
        assert app.toasts == ["an agency needs a name."] * 2
        said: list[UserError] = []
        assert pane.call(refuse, on_error=said.append) is None
        assert [str(e) for e in said] == ["an agency needs a name."]
        assert len(app.toasts) == 2  # the caller said it in its own line instead


async def test_nothing_runs_before_the_database_is_open() -> None:
    ran: list[bool] = []
    app = Host(None)
    async with app.run_test():
        pane = app.query_one(Pane)
        assert pane.call(lambda db: ran.append(True)) is None
        assert ran == [] and "still opening" in app.toasts[0]


async def test_a_stale_edit_asks_once_and_keep_mine_runs_the_keep(demo_db: Database) -> None:
    kept: list[bool] = []
    reloaded: list[bool] = []
    app = Host(demo_db)
    async with app.run_test() as pilot:
        pane = app.query_one(Pane)
        pane.call(stale, on_stale=lambda: reloaded.append(True), on_keep=lambda: kept.append(True))
        await pilot.pause()
        assert isinstance(app.screen, StaleEditDialog)
        assert "Keep mine" in str(app.screen.choices)
        await pilot.press("k")
        await pilot.pause()
        assert kept == [True] and reloaded == []
        pane.call(stale, on_stale=lambda: reloaded.append(True))
        await pilot.pause()
        assert "Keep mine" not in str(app.screen.choices)  # nothing to keep: reload only
        await pilot.press("escape")  # later: nothing happens
        await pilot.pause()
        assert reloaded == [] and not isinstance(app.screen, StaleEditDialog)


def test_a_discussion_save_gives_back_the_case_as_it_now_stands(demo_db: Database) -> None:
    entry = next(e for e in cases.meeting_cases(demo_db, _april(demo_db)) if e.case.risk != "low")
    saved = cases.save_discussion(
        demo_db, entry.discussion.id, expected_version=entry.discussion.version, risk="low"
    )
    assert saved.discussion.risk == "low"
    assert saved.case.id == entry.case.id and saved.case.risk == "low"  # moved on, same save
    assert saved.case.version == cases.get_case(demo_db, entry.case.id).version


def _april(db: Database) -> int:
    import datetime as dt

    from spp_tui.db.services import meetings

    return next(m.id for m in meetings.list_meetings(db) if m.date == dt.date(2023, 4, 4))


def test_action_text_over_the_limit_is_one_line_and_nothing_is_saved(demo_db: Database) -> None:
    import datetime as dt

    import pytest

    from spp_tui.db.services import actions, directory

    owner = directory.search_people(demo_db, "dalton")[0]
    before = actions.count_actions(demo_db)
    with pytest.raises(ValidationError) as refused:
        actions.create_action(demo_db, "x" * (actions.MAX_TEXT + 1), owner.id, dt.date(2023, 5, 2))
    assert "keep it under 20,000" in str(refused.value) and "\n" not in str(refused.value)
    assert actions.count_actions(demo_db) == before
    made = actions.create_action(demo_db, "x" * actions.MAX_TEXT, owner.id, dt.date(2023, 5, 2))
    assert len(made.text) == actions.MAX_TEXT
