"""How the screens talk to the app, driven by real key presses (Textual Pilot).

Messages up: a screen that saved or needs a reload posts `PlanSaved` / `ReloadPlan` and the app acts on
them (every view redraws, the checks run again), even when the screen closes right after posting.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from pilot import pilot_test, settle, until
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.screens.changes import RevisionDialog
from facilitator.screens.messages import PlanSaved
from facilitator.screens.record_form import RecordForm
from facilitator.screens.stakeholders import StakeholdersScreen
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
