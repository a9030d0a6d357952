"""Table steps that guide: pick-lists in the plan's language, codes picked from the plan, every cell checked
as typed by the adopt step's rules, Ctrl+U, and a kit's missing prerequisites said when its session starts.

The Pilot tests run the indicators kit's sheet table on a new **Spanish** plan with the screens in Spanish
and read the session file back with `tomllib`; the rules themselves (`facilitator.engine.table`) are
tested apart, on every built-in kit's tables.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot import pilot_test, plain, settle, type_text, until
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.signal import Signal
from textual.widgets import DataTable, Input, Label, OptionList, Static

from facilitator import app as app_module
from facilitator import i18n
from facilitator.app import ClusterApp
from facilitator.engine import consolidate, sessions
from facilitator.engine import table as rules
from facilitator.kits import load_kits, missing
from facilitator.model import Kit, Objective, new_id
from facilitator.screens.runner import RunnerScreen
from facilitator.screens.state import PlanState
from facilitator.screens.step_base import RunnerContext
from facilitator.screens.step_table import PickList, TableView
from facilitator.store import PlanStore, TomlFile

OBJECTIVES = [("O1", "Más visitantes que vuelven durante todo el año a la región"), ("O2", "Empleo formal")]


@pytest.fixture(autouse=True)
def spanish_screens(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The screens in Spanish for these tests, English again afterwards (other tests read English)."""
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)
    i18n.set_language("es")
    try:
        yield
    finally:
        i18n.set_language("en")


def spanish_plan(folder: Path, objectives: bool = True) -> PlanStore:
    store = PlanStore.create(folder, "Conglomerado de Turismo de Colonia", language="es")
    if objectives:
        store.plan.objectives = [Objective(id=new_id("obj"), code=c, title=t) for c, t in OBJECTIVES]
        store.save_plan()
    return store


def indicators_kit() -> Kit:
    kit = load_kits().get("indicators")
    assert kit is not None
    return kit


@pytest.fixture
def sheets(tmp_path: Path) -> Iterator[tuple[PlanStore, TomlFile[Any]]]:
    store = spanish_plan(tmp_path / "plan")
    handle = sessions.start(store, indicators_kit(), dt.date(2026, 7, 9), facilitator="Ana")
    yield store, handle
    store.close()


class SheetsApp(App[None]):
    """The indicator-sheet table step on its own, as the runner mounts it."""

    def __init__(self, store: PlanStore, handle: TomlFile[Any]) -> None:
        super().__init__()
        self.store, self.handle = store, handle

    def compose(self) -> ComposeResult:
        kit = indicators_kit()
        step = kit.step("sheets")
        assert step is not None
        yield TableView(RunnerContext(PlanState(self.store, Signal(self, "plan-changed")), self.handle, kit), step)

    @property
    def view(self) -> TableView:
        return self.query_one(TableView)

    def field(self, column: str) -> Input:
        return self.query_one(f"#f-{column}", Input)

    def problem(self, column: str) -> str:
        box = self.query_one(f"#e-{column}", Static)
        return plain(box) if box.has_class("-shown") else ""


def rows_on_disk(handle: TomlFile[Any]) -> list[dict[str, Any]]:
    data = tomllib.loads(Path(handle.path).read_text(encoding="utf-8"))
    return [c["fields"] for c in data.get("contributions", []) if c["step"] == "sheets"]


async def goto(pilot: Any, app: SheetsApp, column: str) -> None:
    app.field(column).focus()
    await pilot.pause()


@pilot_test
async def test_pick_lists_store_the_plan_value_and_show_the_spanish_label(sheets: Any) -> None:
    store, handle = sheets
    app = SheetsApp(store, handle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        # the objective is picked from the plan: F4 lists code and title, Enter takes the code
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, PickList))
        options = app.screen.query_one(OptionList)
        listed = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert listed[0].startswith("O1") and "Más visitantes" in listed[0] and listed[1].startswith("O2")
        await pilot.press("down", "enter")
        await until(pilot, lambda: not isinstance(app.screen, PickList))
        assert app.field("objective").value == "O2" and app.focused is app.field("objective")
        await pilot.press("enter")
        await type_text(pilot, "Empleos formales")
        await goto(pilot, app, "level")
        # the allowed values are beside the field, in the plan's language; ↓ steps through them
        assert plain(app.query_one("#h-level", Static)) == "impacto · resultado · producto"
        await pilot.press("down")
        assert app.field("level").value == "impacto"
        await pilot.press("down", "down", "down")
        assert app.field("level").value == "impacto"  # round again
        await goto(pilot, app, "direction")
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, PickList))
        await pilot.press("down", "enter")
        await until(pilot, lambda: not isinstance(app.screen, PickList))
        assert app.field("direction").value == "más bajo es mejor"
        # typed short: read as the one value it starts, said beside the field, written out on leaving
        await goto(pilot, app, "frequency")
        await type_text(pilot, "anu")
        assert app.problem("frequency") == "leído como: anual"
        await goto(pilot, app, "responsible")
        assert app.field("frequency").value == "anual"
        await type_text(pilot, "Ana")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.view.has_class("-editing")
        assert rows_on_disk(handle) == [{"objective": "O2", "name": "Empleos formales", "level": "impact",
                                         "direction": "decrease", "frequency": "annual", "responsible": "Ana"}]
        table = app.query_one(DataTable)
        assert str(table.get_cell_at(Coordinate(0, app.view.columns.index("level")))) == "impacto"
        # the adopt step takes the row as it is stored: nothing skipped
        change = consolidate.preview(handle.model, indicators_kit(), store.plan)
        assert not change.skipped
        assert [(i.level, i.direction, i.frequency) for i in change.indicators] == [("impact", "decrease", "annual")]
        assert change.indicators[0].objective == store.plan.objectives[1].id


@pilot_test
async def test_a_bad_cell_shows_its_problem_as_typed_and_nothing_is_written(sheets: Any) -> None:
    store, handle = sheets
    app = SheetsApp(store, handle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = Path(handle.path).read_bytes()
        await pilot.press("a")
        await type_text(pilot, "O9")
        assert "O9" in app.problem("objective") and "O1" in app.problem("objective")  # as typed, not at Ctrl+S
        await pilot.press("enter")
        await type_text(pilot, "Visitantes")
        await goto(pilot, app, "level")
        await type_text(pilot, "alto")
        assert "impacto · resultado · producto" in app.problem("level")
        await goto(pilot, app, "baseline_year")
        await type_text(pilot, "1200")
        assert "1900" in app.problem("baseline_year")  # the plan model's own range for a year
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.view.has_class("-editing") and app.focused is app.field("objective")
        assert [app.field(c).value for c in ("objective", "level", "baseline_year")] == ["O9", "alto", "1200"]
        assert Path(handle.path).read_bytes() == before
        # fixed in place: the problems go as the text becomes right, then the row is kept
        await pilot.press("ctrl+u")
        await type_text(pilot, "o1")
        assert app.problem("objective") == ""
        await goto(pilot, app, "level")
        await pilot.press("ctrl+u", "down", "down")
        await goto(pilot, app, "baseline_year")
        await pilot.press("ctrl+u")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows_on_disk(handle) == [{"objective": "O1", "name": "Visitantes", "level": "outcome"}]


@pilot_test
async def test_ctrl_u_clears_the_whole_cell_and_is_in_the_footer_keys(sheets: Any) -> None:
    store, handle = sheets
    app = SheetsApp(store, handle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a", "enter")
        await type_text(pilot, "Visitantes por año")
        await pilot.press("home", "right")
        await pilot.press("ctrl+u")
        assert app.field("name").value == ""
        active = app.active_bindings
        assert active["ctrl+u"].binding.show and active["ctrl+u"].binding.action == "clear_cell"
        assert "f4" not in active or not active["f4"].enabled  # a free-text cell has no list
        await goto(pilot, app, "level")
        assert app.active_bindings["f4"].enabled and app.active_bindings["f4"].binding.show


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pilot_test
async def test_the_row_form_fits_both_sizes_without_silent_cuts(sheets: Any, size: tuple[int, int]) -> None:
    store, handle = sheets
    app = SheetsApp(store, handle)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        for column in app.view.columns:
            label = app.query_one(f"#f-{column}").parent.query_one(Label)  # type: ignore[union-attr]
            text = plain(label)
            assert label.size.width * label.size.height >= len(text), (column, text, label.size)
            hint = app.query_one(f"#h-{column}", Static)
            if hint.has_class("-shown"):
                assert hint.size.width * hint.size.height >= len(plain(hint)), (column, plain(hint), hint.size)
        # the last field can be reached and is shown
        await goto(pilot, app, "responsible")
        assert app.field("responsible").region.height == 1
        assert app.screen.find_widget(app.field("responsible")).region.bottom <= size[1]


@pilot_test
async def test_a_kit_without_its_prerequisites_says_so_when_the_session_starts(tmp_path: Path) -> None:
    with spanish_plan(tmp_path / "plan", objectives=False) as store:
        kit = indicators_kit()
        assert missing(kit, store.plan) == ["objectives"]
        handle = sessions.start(store, kit, dt.date(2026, 7, 9), facilitator="Ana")
        session_id = handle.model.id
    app = ClusterApp(tmp_path / "plan")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.app.run_action(("app", "run_session", (session_id,)))
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
        await pilot.pause()
        said = [n.message for n in app._notifications if "objetivos" in n.message]
        assert len(said) == 1, said
        assert "Objetivos" in said[0] and ("key o" in said[0] or "tecla o" in said[0]), said
        assert app.screen.ctx.session.current_step == "briefing"  # a warning: the session goes on
        # the table step says it too, and keeps a row meanwhile (adopted once the objectives exist)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await until(pilot, lambda: bool(app.screen.query(TableView)))
        view = app.screen.query_one(TableView)
        assert "objetivos" in plain(view.query_one("#table-status", Static))
        await pilot.press("a")
        await type_text(pilot, "O1")
        await pilot.press("enter")
        await type_text(pilot, "Visitantes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        data = tomllib.loads(Path(app.screen.ctx.handle.path).read_text(encoding="utf-8"))
        assert [c["fields"] for c in data["contributions"] if c["step"] == "sheets"] == [
            {"objective": "O1", "name": "Visitantes"}]
    # a plan with objectives: nothing to say
    with spanish_plan(tmp_path / "other") as store:
        assert missing(kit, store.plan) == []


# --- the rules, on every built-in kit's tables -----------------------------------------------------------------

def built_in(kit_id: str, step_id: str, store: PlanStore) -> dict[str, rules.Column]:
    kit = load_kits().get(kit_id)
    assert kit is not None
    step = kit.step(step_id)
    assert step is not None
    return {c.name: c for c in rules.columns(kit, step, store.plan)}


def test_cell_rules_follow_the_adopt_step(tmp_path: Path) -> None:
    with spanish_plan(tmp_path / "plan") as store:
        cards = built_in("action-plan", "cards", store)
        assert [c.value for c in cards["priority"].choices] == ["high", "medium", "low"]
        assert rules.check_cell(cards["priority"], "Alta", "es").value == "high"
        assert rules.check_cell(cards["priority"], "high", "es").value == "high"  # the stored value too
        assert rules.check_cell(cards["objective"], "o1, O2", "es").value == "O1, O2"  # several codes
        assert "O7" in (rules.check_cell(cards["objective"], "O1 O7", "es").problem or "")
        assert rules.check_cell(cards["start"], "31/03/2027", "es").problem
        status = built_in("review", "action-status", store)
        assert rules.check_cell(status["progress"], "150", "es").problem  # the model's 0-100
        assert rules.check_cell(status["status"], "en curso", "es").value == "ongoing"
        assert status["action"].required and status["action"].strict
        # the plan has no actions: a row naming one is kept with a note, not refused
        cell = rules.check_cell(status["action"], "A1", "es")
        assert cell.problem is None and cell.value == "A1" and cell.note
        smart = built_in("objectives", "smart", store)
        assert not smart["line"].strict  # the same kit adopts its lines before the objectives
        assert rules.check_cell(smart["code"], "O 1", "es").problem  # the plan's code pattern
        bodies = built_in("governance", "bodies", store)
        assert rules.check_cell(bodies["field"], "consejo", "es").value == "council"
        assert rules.check_cell(bodies["field"], "alcalde", "es").problem
        gaps = built_in("benchmarking", "gap-table", store)
        assert rules.check_cell(gaps["reference_value"], "", "es").note  # needed to adopt: said, not refused
        assert rules.check_cell(gaps["value"], "1.250,5", "es").value == 1250.5
        # a table no step adopts keeps the checks its column names imply, nothing more
        loose = Kit.model_validate({"id": "t", "title": {"en": "T"}, "purpose": {"en": "T"}, "steps": [
            {"id": "t", "kind": "table", "minutes": 5, "columns": ["name", "level", "year"]}]})
        kinds = {c.name: c.kind for c in rules.columns(loose, loose.steps[0], store.plan)}
        assert kinds == {"name": "text", "level": "text", "year": "year"}


def test_kits_declare_what_they_build_on() -> None:
    found = load_kits()
    assert [str(r) for r in found.kits["indicators"].requires] == ["objectives"]
    assert [str(r) for r in found.kits["review"].requires] == ["indicators", "actions"]
    assert found.kits["vision"].requires == []  # a kit without the key still loads


@pilot_test
async def test_the_new_session_screen_says_what_the_chosen_kit_lacks_before_the_start(tmp_path: Path) -> None:
    from textual.widgets import Select

    from facilitator.screens.new_session import NewSessionScreen

    with spanish_plan(tmp_path / "plan", objectives=False):
        pass
    app = ClusterApp(tmp_path / "plan")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen))
        needs = app.screen.query_one("#ns-needs", Static)
        app.screen.query_one("#ns-kit", Select).value = "indicators"
        await pilot.pause()
        assert needs.display and "objetivos" in plain(needs)  # said before anyone presses start
        app.screen.query_one("#ns-kit", Select).value = "joint-diagnosis"
        await pilot.pause()
        assert not needs.display  # a diagnosis builds on nothing


class PickApp(App[None]):
    """Only a pick list, on a blank screen."""

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices
        self.picked: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(PickList("Objective", self.choices, None), self.picked.append)


@pilot_test
async def test_a_pick_list_narrows_as_you_type() -> None:
    """Typing filters the list (case and accents ignored), Backspace widens it, the arrows and Enter pick
    among what is left."""
    choices = [(f"O{i} {title}", f"O{i}") for i, title in enumerate(
        ["Más visitantes", "Gestión del destino", "Empleo formal", "Calidad de servicio", "Gestión ambiental"], 1)]
    app = PickApp(choices)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PickList))
        options = app.screen.query_one(OptionList)
        assert options.option_count == 5 and "Escriba para filtrar" in plain(app.screen.query_one("#filter", Static))  # Spanish screens
        await type_text(pilot, "gestion q")
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == [] and "0 de 5" in plain(app.screen.query_one("#filter", Static))
        await pilot.press("backspace", "backspace")
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["O2 Gestión del destino", "O5 Gestión ambiental"]
        assert "gestion — 2 de 5" in plain(app.screen.query_one("#filter", Static))
        await pilot.press("down", "enter")
        await until(pilot, lambda: not isinstance(app.screen, PickList))
    assert app.picked == ["O5"]
