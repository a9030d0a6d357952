"""A save that meets an edit of plan.toml made outside the tool meanwhile (Textual Pilot).

The very field being typed was also changed outside: the save writes nothing and offers both values
(keep mine / take theirs / back), whether or not the app's disk watcher has already reloaded the plan.
Fields changed on one side only are merged without a question.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from pilot import open_row, pilot_test, plain, settle, until
from textual.pilot import Pilot
from textual.widgets import Input, Static

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.screens.conflicts import ConflictScreen
from facilitator.screens.dashboard import DashboardScreen
from facilitator.screens.profile import ProfileScreen
from facilitator.screens.record_form import RecordForm
from facilitator.screens.stakeholders import StakeholdersScreen

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests reload themselves where the 2-second disk watcher would."""
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


def plan_of(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


def edit_outside(folder: Path, *replacements: tuple[str, str]) -> bytes:
    """Edit plan.toml as a text editor would; returns the bytes written."""
    path = folder / "plan.toml"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def dialog_text(pilot: Pilot[Any]) -> str:
    return "\n".join(plain(s) for s in pilot.app.screen.query(Static))


TERRITORY = 'territory = "Department of Colonia, Uruguay"'
SECTOR = 'sector = "Tourism: heritage, wine, river and rural tourism"'


async def profile_with_typed_territory(pilot: Pilot[Any]) -> ProfileScreen:
    await settle(pilot)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, ProfileScreen))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProfileScreen)
    field = screen.query_one("#cluster-territory", Input)
    field.focus()
    field.value = "Typed here"
    await pilot.pause()
    return screen


@pilot_test
async def test_profile_field_changed_outside_too_offers_both_and_keep_mine_writes_mine(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        profile = await profile_with_typed_territory(pilot)
        edited = edit_outside(example_plan, (TERRITORY, 'territory = "Changed outside"'),
                              (SECTOR, 'sector = "Sector changed outside"'))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        text = dialog_text(pilot)
        assert "Typed here" in text and "Changed outside" in text
        assert "Sector changed outside" not in text  # changed on one side only: no question
        assert (example_plan / "plan.toml").read_bytes() == edited  # nothing written yet
        await pilot.press("escape")  # back to the form: everything typed is still there
        await until(pilot, lambda: app.screen is profile)
        assert profile.query_one("#cluster-territory", Input).value == "Typed here"
        assert profile.query_one("#cluster-sector", Input).value == "Sector changed outside"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
    cluster = plan_of(example_plan)["cluster"]
    assert cluster["territory"] == "Typed here"
    assert cluster["sector"] == "Sector changed outside"


@pilot_test
async def test_profile_take_theirs_puts_their_value_in_the_form_and_writes_nothing(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        profile = await profile_with_typed_territory(pilot)
        edited = edit_outside(example_plan, (TERRITORY, 'territory = "Changed outside"'))
        assert app.reload_plan(auto=True)  # the disk watcher noticed first: the save must still ask
        await pilot.pause()
        assert profile.query_one("#cluster-territory", Input).value == "Typed here"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        await pilot.press("t")
        await until(pilot, lambda: app.screen is profile)
        assert profile.query_one("#cluster-territory", Input).value == "Changed outside"
        assert not profile.has_unsaved_changes()
        assert (example_plan / "plan.toml").read_bytes() == edited


@pilot_test
async def test_record_form_field_changed_outside_after_a_reload_is_not_overwritten_silently(
        example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_row(pilot, "k", "stk-k53cre", RecordForm)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-name", Input).value = "Inés Larrañaga Typed"
        await pilot.pause()
        edit_outside(example_plan, ('name = "Inés Larrañaga"', 'name = "Inés L. (outside)"'),
                     ('organization = "Posada del Río"', 'organization = "Posada del Río (outside)"'))
        assert app.reload_plan(auto=True)  # what the 2-second watcher does
        await pilot.pause()
        # The untouched field follows the plan; the typed one keeps what was typed.
        assert form.query_one("#field-organization", Input).value == "Posada del Río (outside)"
        assert form.query_one("#field-name", Input).value == "Inés Larrañaga Typed"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert "Inés L. (outside)" in dialog_text(pilot)
        assert plan_of(example_plan)["stakeholders"][0]["name"] == "Inés L. (outside)"
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, StakeholdersScreen))
    person = plan_of(example_plan)["stakeholders"][0]
    assert person["name"] == "Inés Larrañaga Typed"
    assert person["organization"] == "Posada del Río (outside)"
    assert "elected at the diagnosis workshop" in (example_plan / "plan.toml").read_text(encoding="utf-8")


@pilot_test
async def test_record_form_saved_right_after_an_outside_edit_of_another_record_is_written(
        example_plan: Path) -> None:
    """Within the watcher's 2 seconds: the save used to be refused; now it merges and writes."""
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_row(pilot, "k", "stk-k53cre", RecordForm)
        app.screen.query_one("#field-segment", Input).value = "Lodging"
        await pilot.pause()
        edit_outside(example_plan, (SECTOR, 'sector = "Sector changed outside"'))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, StakeholdersScreen))
    data = plan_of(example_plan)
    assert data["stakeholders"][0]["segment"] == "Lodging"
    assert data["cluster"]["sector"] == "Sector changed outside"
