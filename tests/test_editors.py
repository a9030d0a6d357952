"""The record editors, driven by real key presses on a copy of the example plan.

Each kind of operation once: add (a stakeholder), edit (an indicator's baseline), refuse an invalid
number at the field, delete and undo, reorder, link by picking, read-only; plus the next-code rule and
the jump-to-a-record API the problems view uses. Every assertion reads plan.toml back with tomllib.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from pilot import pilot_test, plain, settle, until
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static, TextArea

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.editing import KINDS, FieldError, next_code, parse_rows, parse_scalar, suggest_code
from facilitator.screens.actions import ActionsScreen
from facilitator.screens.objectives import ObjectivesScreen
from facilitator.screens.record_form import RecordForm
from facilitator.screens.stakeholders import StakeholdersScreen
from facilitator.screens.widgets import RecordTable
from facilitator.store import PlanStore

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


def plan_of(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


async def open_view(pilot: Pilot[Any], key: str, select: str | None = None) -> RecordTable:
    await settle(pilot)
    await pilot.press(key)
    await pilot.pause()
    table = pilot.app.screen.query_one(RecordTable)
    if select is not None:
        assert table.select_key(select)
        await pilot.pause()
    return table


async def in_form(pilot: Pilot[Any]) -> RecordForm:
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RecordForm)
    return screen


async def set_field(pilot: Pilot[Any], name: str, text: str) -> Input:
    field = pilot.app.screen.query_one(f"#field-{name}", Input)
    field.focus()
    field.value = text
    await pilot.pause()
    return field


@pilot_test
async def test_add_a_stakeholder(example_plan: Path) -> None:
    before = len(plan_of(example_plan)["stakeholders"])
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_view(pilot, "k")
        assert isinstance(app.screen, StakeholdersScreen)
        await pilot.press("plus")
        await in_form(pilot)
        await set_field(pilot, "name", "Nadia Olivera")
        await set_field(pilot, "organization", "Bodega Los Cerros")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, StakeholdersScreen))
        people = plan_of(example_plan)["stakeholders"]
        assert len(people) == before + 1
        added = people[1]  # after the selected (first) stakeholder
        assert (added["name"], added["organization"]) == ("Nadia Olivera", "Bodega Los Cerros")
        assert added["id"].startswith("stk-")
        table = app.screen.query_one(RecordTable)
        assert table.current() is not None and table.current().key == added["id"]


@pilot_test
async def test_edit_an_indicator_baseline_keeps_comments(example_plan: Path) -> None:
    text = (example_plan / "plan.toml").read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#") or "  # " in line]
    ind = plan_of(example_plan)["indicators"][1]
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "i", ind["code"])
        await pilot.press("enter")
        form = await in_form(pilot)
        assert ind["code"] in plain(form.query_one("#form-title", Static))
        await set_field(pilot, "baseline", "1234,5")  # a decimal comma is read as people write it
        note = form.query_one("#err-baseline", Static)  # and the form says what it read (facilitator.numbers)
        assert note.has_class("-note") and "read as 1234.5" in plain(note)
        assert not form.query_one("#field-baseline").has_class("-invalid")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ObjectivesScreen))
    after = (example_plan / "plan.toml").read_text(encoding="utf-8")
    data = tomllib.loads(after)
    assert data["indicators"][1]["baseline"] == 1234.5
    assert {k: v for k, v in data["indicators"][1].items() if k != "baseline"} == {
        k: v for k, v in ind.items() if k != "baseline"}
    assert all(c in after for c in comments)


@pilot_test
async def test_an_invalid_number_is_kept_at_the_field_and_nothing_is_written(example_plan: Path) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "i")
        await pilot.press("enter")
        form = await in_form(pilot)
        field = await set_field(pilot, "baseline", "12 percent")
        message = plain(form.query_one("#err-baseline", Static))
        assert "number" in message and form.query_one("#err-baseline").has_class("-shown")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and field.value == "12 percent" and app.focused is field
        assert (example_plan / "plan.toml").read_bytes() == before
        await set_field(pilot, "baseline", "15")
        assert not form.query_one("#err-baseline").has_class("-shown")
        await pilot.press("escape")  # changes typed: it asks first
        await pilot.pause()
        assert app.screen is not form
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and field.value == "15"
    assert (example_plan / "plan.toml").read_bytes() == before


@pilot_test
async def test_delete_then_ctrl_z_restores_the_record(example_plan: Path) -> None:
    original = plan_of(example_plan)
    code = original["actions"][2]["code"]
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "a", code)
        await pilot.press("delete")
        await pilot.pause()
        assert code not in [a["code"] for a in plan_of(example_plan)["actions"]]
        assert code not in [r.key for r in app.screen.query_one(RecordTable).records]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert plan_of(example_plan) == original
        assert app.screen.query_one(RecordTable).current().key == code
        await pilot.press("ctrl+z")  # nothing more to undo: nothing changes
        await pilot.pause()
        assert plan_of(example_plan) == original


@pilot_test
async def test_reorder_moves_a_record_within_its_list(example_plan: Path) -> None:
    codes = [a["code"] for a in plan_of(example_plan)["actions"]]
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "a", codes[1])
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert [a["code"] for a in plan_of(example_plan)["actions"]][:2] == [codes[1], codes[0]]
        assert app.screen.query_one(RecordTable).current().key == codes[1]
        await pilot.press("alt+down", "alt+down")
        await pilot.pause()
        assert [a["code"] for a in plan_of(example_plan)["actions"]][:3] == [codes[0], codes[2], codes[1]]


@pilot_test
async def test_link_an_action_to_an_objective_by_picking(example_plan: Path) -> None:
    data = plan_of(example_plan)
    action = data["actions"][0]
    objectives = [o["id"] for o in data["objectives"]]
    unlinked = next(i for i, o in enumerate(objectives) if o not in action["objectives"])
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "a", action["code"])
        await pilot.press("enter")
        form = await in_form(pilot)
        picker = form.query_one("#field-objectives", SelectionList)
        picker.focus()
        await pilot.pause()
        picker.highlighted = unlinked
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ActionsScreen))
    linked = plan_of(example_plan)["actions"][0]["objectives"]
    assert linked == [*action["objectives"], objectives[unlinked]]


@pilot_test
async def test_read_only_plan_refuses_edits(example_plan: Path) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    holder = PlanStore.open(example_plan)
    try:
        app = ClusterApp(example_plan)
        async with app.run_test(size=SIZE) as pilot:
            await open_view(pilot, "a")
            await pilot.press("delete", "plus", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ActionsScreen)
    finally:
        holder.close()
    assert (example_plan / "plan.toml").read_bytes() == before


@pilot_test
async def test_open_record_positions_the_view_and_opens_the_form(example_plan: Path) -> None:
    ind = plan_of(example_plan)["indicators"][4]
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action(f"app.open_record('{ind['code']}', True)")
        form = await in_form(pilot)
        assert ind["code"] in plain(form.query_one("#form-title", Static))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ObjectivesScreen))
        assert app.screen.query_one(RecordTable).current().key == ind["code"]


def test_new_records_get_the_next_free_code(example_plan: Path) -> None:
    with PlanStore.open(example_plan, read_only=True) as store:
        plan = store.plan
        assert suggest_code(plan, KINDS["objective"]) == "O7"
        assert suggest_code(plan, KINDS["action"]) == "A15"
        assert suggest_code(plan, KINDS["finding"]) == "D18"  # the prefix the list already uses
        assert suggest_code(plan, KINDS["indicator"], plan.objectives[2]) == "I3.4"
    assert next_code(["O1", "O2", "O4"], "O") == "O5" and next_code([], "L") == "L1"


def test_form_numbers_use_the_plan_language() -> None:
    """Record fields and their lines (targets ``2029; 48``) read numbers with the shared parser."""
    notes: list[str] = []
    assert parse_scalar("number", "1.500", "es", notes) == 1500 and "read as 1500" in notes[0]
    assert parse_scalar("number", "1.500", "en") == 1.5 and parse_scalar("int", "1,500", "en") == 1500
    with pytest.raises(FieldError, match="whole number"):
        parse_scalar("int", "2,5", "pt")
    targets = next(f for f in KINDS["indicator"].fields if f.name == "targets")
    notes = []
    rows = parse_rows(targets, "2029; 48\n2030; 1.500", [], "es", notes)
    assert [(r.year, r.value) for r in rows] == [(2029, 48), (2030, 1500)]  # type: ignore[attr-defined]
    assert notes == ["Line 2: “1.500” read as 1500 (decimals with a comma, thousands with a point)"]
    with pytest.raises(FieldError, match="Line 1"):
        parse_rows(targets, "2029; lots", [], "en")


@pilot_test
async def test_an_indicator_can_be_fed_by_a_network_measure_from_its_form(example_plan: Path) -> None:
    from textual.widgets import Select

    ind = plan_of(example_plan)["indicators"][0]
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot, "i", ind["code"])
        await pilot.press("enter")
        form = await in_form(pilot)
        measure = form.query_one("#field-network_measure", Select)
        assert ("Density", "density") in [(str(label), value) for label, value in measure._options]
        measure.value = "density"
        form.query_one("#field-network_kind", Select).value = "knowledge"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ObjectivesScreen))
    saved = plan_of(example_plan)["indicators"][0]
    assert (saved["network_measure"], saved["network_kind"]) == ("density", "knowledge")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pilot_test
async def test_the_executive_summary_is_written_with_the_vision(example_plan: Path, size: tuple[int, int]) -> None:
    """s opens the strategy, v the statements' form: its last field is the summary's narrative (issue 12);
    Ctrl+S writes it to [strategy] summary, and the page shows it."""
    from textual.widgets import TextArea

    from facilitator.screens.strategy import StrategyScreen

    app = ClusterApp(example_plan)
    async with app.run_test(size=size) as pilot:
        await open_view(pilot, "s")
        assert isinstance(app.screen, StrategyScreen)
        await pilot.press("v")
        form = await in_form(pilot)
        area = form.query_one("#field-summary", TextArea)
        assert area.text.startswith("Colonia draws more than 800,000")
        area.focus()
        area.text = "Turn visits into stays.\n\nSecond paragraph 😀."
        await pilot.pause()
        form.scroll_to_widget(area)
        await pilot.pause()
        assert area.region.height > 0 and area.region.bottom <= size[1], "the field is on screen"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, StrategyScreen))
        assert plan_of(example_plan)["strategy"]["summary"] == "Turn visits into stays.\n\nSecond paragraph 😀."
        assert "Second paragraph" in plain(app.screen.query_one("#strategy-text", Static))


@pilot_test
async def test_closed_forms_and_views_are_freed(example_plan: Path) -> None:
    """Forms closed without a save, and section views left, are freed: they used to stay subscribed to the
    plan's changes until the next save (15,000 objects a form, scanned by every garbage collection of a
    three-hour workshop)."""
    import gc

    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        for _ in range(3):
            await pilot.press("i")
            await until(pilot, lambda: isinstance(app.screen, ObjectivesScreen) and bool(app.screen.query(RecordTable)))
            app.screen.query_one(RecordTable).focus()
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, RecordForm))
            per_form = len(app.screen.query(TextArea))
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, ObjectivesScreen))
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is dashboard)
        await pilot.pause()
        gc.collect()
        alive = [type(o).__name__ for o in gc.get_objects() if isinstance(o, (RecordForm, ObjectivesScreen, TextArea))]
        # three rounds leave at most the last form and view (Textual may still refer to the screen it left),
        # and no more text areas than one form has (they watch the app's theme: `drop_closed_watchers`)
        assert alive.count("RecordForm") <= 1 and alive.count("ObjectivesScreen") <= 1, alive
        assert 0 < per_form and alive.count("TextArea") <= per_form, alive
