"""How the screens talk to the app, driven by real key presses (Textual Pilot).

Messages up: a screen that saved or needs a reload posts `PlanSaved` / `ReloadPlan` and the app acts on
them (every view redraws, the checks run again), even when the screen closes right after posting.
Unsaved changes: Ctrl+Q asks before dropping anything typed in any screen of the stack (record form,
profile, monitoring dialog, ...); "stay" keeps the text, "quit" exits, and with nothing typed it quits
at once.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from pilot import open_row, pilot_test, settle, until
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.screens.changes import RevisionDialog
from facilitator.screens.confirm import ConfirmScreen
from facilitator.screens.messages import PlanSaved
from facilitator.screens.monitoring import MeasurementDialog
from facilitator.screens.profile import ProfileScreen
from facilitator.screens.record_form import RecordForm
from facilitator.screens.stakeholders import StakeholdersScreen
from facilitator.screens.unsaved import unsaved
from facilitator.screens.widgets import RecordTable

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 2-second disk watcher would make tests timing-dependent."""
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


def plan_of(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


async def stakeholder_form(pilot: Pilot[Any]) -> RecordForm:
    """The form of the first stakeholder, opened from the stakeholders view."""
    await settle(pilot)
    await pilot.press("k")
    await until(pilot, lambda: isinstance(pilot.app.screen, StakeholdersScreen))
    table = pilot.app.screen.query_one(RecordTable)
    table.focus()
    await pilot.pause()
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm))
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    return form


@pilot_test
async def test_a_form_that_saved_and_closed_still_tells_the_app(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    posted: list[str] = []
    async with app.run_test(size=SIZE, message_hook=lambda m: posted.append(type(m).__name__)) as pilot:
        form = await stakeholder_form(pilot)
        view = app.screen_stack[-2]
        reasons: list[str] = []
        assert app.state is not None
        app.state.changed.subscribe(view, reasons.append)
        form.query_one("#field-name", Input).value = "Nadia Olivera"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is view)
        await until(pilot, lambda: "saved" in reasons)  # published by the app's PlanSaved handler only
        await settle(pilot)
        assert app.state.problems is not None  # ... which also ran the checks again
    assert PlanSaved.__name__ in posted
    assert plan_of(example_plan)["stakeholders"][0]["name"] == "Nadia Olivera"


@pilot_test
async def test_a_recorded_revision_redraws_the_views(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        reasons: list[str] = []
        assert app.state is not None
        app.state.changed.subscribe(dashboard, reasons.append)
        before = app.state.plan.revision
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, RevisionDialog))
        app.screen.query_one("#summary", Input).value = "After the workshop"
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is dashboard and "saved" in reasons)
        assert app.state.plan.revision == before + 1


# --- unsaved changes: Ctrl+Q asks ---------------------------------------------------------------------------


async def quit_asks_then_stay_keeps_then_quit_exits(pilot: Pilot[Any], field: Input, typed: str) -> None:
    """Ctrl+Q with ``typed`` in ``field``: a question, the app still running; No keeps the text; Yes quits."""
    app = pilot.app
    editor = app.screen
    await pilot.press("ctrl+q")
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    assert app.is_running and app.return_code is None
    await pilot.press("n")  # stay
    await until(pilot, lambda: app.screen is editor)
    assert field.value == typed and app.return_code is None
    await pilot.press("ctrl+q")
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    await pilot.press("y")  # quit anyway
    await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


@pilot_test
async def test_ctrl_q_in_a_record_form_with_typed_text_asks_first(example_plan: Path) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        form = await stakeholder_form(pilot)
        field = form.query_one("#field-name", Input)
        field.focus()
        await pilot.press("end", "space", "Z", "e", "d")
        typed = field.value
        assert typed.endswith(" Zed") and form.has_unsaved_changes()
        await quit_asks_then_stay_keeps_then_quit_exits(pilot, field, typed)
    assert (example_plan / "plan.toml").read_bytes() == before


@pilot_test
async def test_ctrl_q_in_the_profile_with_typed_text_asks_first(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await pilot.pause()
        field = app.screen.query_one("#cluster-territory", Input)
        field.focus()
        await pilot.press("end", "!")
        await quit_asks_then_stay_keeps_then_quit_exits(pilot, field, field.value)


@pilot_test
async def test_ctrl_q_in_a_measurement_dialog_with_a_typed_value_asks_first(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_row(pilot, "l", "I2.1", MeasurementDialog)
        assert not app.screen.has_unsaved_changes()  # the date is filled in, but nothing was typed yet
        await pilot.press("4", "4")
        await quit_asks_then_stay_keeps_then_quit_exits(pilot, app.screen.query_one("#value", Input), "44")


@pilot_test
async def test_ctrl_q_asks_for_a_form_under_another_screen_and_not_without_changes(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        form = await stakeholder_form(pilot)
        assert not unsaved(app.screen_stack)
        form.query_one("#field-name", Input).value = "Someone else"
        await pilot.press("f1")  # the help screen over the form
        await until(pilot, lambda: app.screen is not form)
        assert unsaved(app.screen_stack) == [form]
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await pilot.pause()
        assert app.return_code is None
        # Back in the form with the text as it opened: nothing to lose, so Ctrl+Q quits at once.
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is form)
        form.query_one("#field-name", Input).value = form.values["name"]
        await pilot.press("ctrl+q")
        await until(pilot, lambda: app.return_code is not None)
        assert app.return_code == 0
