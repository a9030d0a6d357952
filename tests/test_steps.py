"""The step views of the session runner driven by key presses, asserting on the session file on disk.

Each view is mounted alone in a small app with a `RunnerContext` on a fresh copy of the example plan and a
session started from a test kit: group (groups, moves, merged duplicates), vote (typed and +/- counts, the
budget warning, the cap per item), matrix (impact, feasibility, quadrant, weighted criteria), statement
(drafts, votes, a block refused, adoption with consensus and dissent) and table (typed fields, an invalid
year kept on screen with its error and nothing written, delete and undo).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot import pilot_test, plain, type_text, until
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.signal import Signal
from textual.widgets import DataTable, Input, Static, TextArea

from facilitator.engine import capture, sessions
from facilitator.engine import table as table_rules
from facilitator.model import Kit
from facilitator.screens import step_group, step_matrix, step_statement, step_table, step_vote  # noqa: F401
from facilitator.screens.state import PlanState
from facilitator.screens.step_base import RunnerContext, StepView
from facilitator.screens.steps import STEP_VIEWS
from facilitator.store import PlanStore

SIZE = (80, 24)


def local(text: str) -> dict[str, str]:
    return {"en": text, "es": text, "pt": text}


KIT = Kit.model_validate({
    "id": "test-kit", "title": local("Test"), "purpose": local("Testing"),
    "steps": [
        {"id": "swot", "kind": "brainstorm", "minutes": 30,
         "categories": ["strength", "weakness", "opportunity", "threat"]},
        {"id": "cluster", "kind": "group", "minutes": 15, "source": "swot"},
        {"id": "vote", "kind": "vote", "minutes": 15, "source": "swot", "dots_per_person": 2, "max_per_item": 2},
        {"id": "matrix", "kind": "matrix", "minutes": 20, "source": "swot"},
        {"id": "select", "kind": "matrix", "minutes": 20, "source": "swot",
         "criteria": ["benefit", "cofinancing"], "weights": {"benefit": 3, "cofinancing": 1}},
        {"id": "drafts", "kind": "statement", "minutes": 20, "quorum": 3},
        {"id": "pick", "kind": "vote", "minutes": 10, "source": "drafts", "dots_per_person": 1, "max_per_item": 1},
        {"id": "gaps", "kind": "table", "minutes": 20,
         "columns": ["metric", "unit", "value", "reference", "reference_value", "year", "source"]},
    ]})

NOTES = ["Skilled welders", "Ferry prices", "Port expansion", "ferry prices are high", "Cheap energy"]


class StepApp(App[None]):
    """One step view on its own, as the runner would mount it."""

    def __init__(self, store: PlanStore, handle: Any, step_id: str) -> None:
        super().__init__()
        self.store, self.handle, self.step_id = store, handle, step_id
        self.saves = 0

    def compose(self) -> ComposeResult:
        state = PlanState(self.store, Signal(self, "plan-changed"))
        self.ctx = RunnerContext(state, self.handle, KIT)
        self.ctx.on_change.append(self._saved)
        step = KIT.step(self.step_id)
        assert step is not None
        yield STEP_VIEWS[step.kind](self.ctx, step)

    def _saved(self) -> None:
        self.saves += 1

    @property
    def view(self) -> StepView:
        return self.query_one(StepView)


@pytest.fixture
def running(example_plan: Path) -> Iterator[tuple[PlanStore, Any]]:
    """A session of the test kit on the example plan, four people present, five notes on the SWOT wall."""
    store = PlanStore.open(example_plan)
    present = [s.id for s in store.plan.stakeholders[:4]]
    handle = sessions.start(store, KIT, dt.date(2026, 11, 22), facilitator="Me", present=present)
    for i, text in enumerate(NOTES):
        capture.add(handle.model, "swot", text, ["strength", "threat", "opportunity", "threat", "strength"][i])
    store.save_session(handle)
    yield store, handle
    store.close()


def on_disk(handle: Any) -> dict[str, Any]:
    return tomllib.loads(Path(handle.path).read_text(encoding="utf-8"))


def note_id(handle: Any, text: str) -> str:
    return next(c.id for c in handle.model.contributions if c.text == text)


def cell_text(value: object) -> str:
    return value.plain if isinstance(value, Text) else str(value)


def table_rows(table: DataTable[Any]) -> list[str]:
    return [" | ".join(cell_text(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def goto_row(pilot: Pilot[Any], table: DataTable[Any], key: str) -> None:
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


# --- group ------------------------------------------------------------------------------------------------

@pilot_test
async def test_group_create_move_merge_and_take_out(running: tuple[PlanStore, Any]) -> None:
    store, handle = running
    app = StepApp(store, handle, "cluster")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        ferry, ferry2 = note_id(handle, "Ferry prices"), note_id(handle, "ferry prices are high")
        welders, energy = note_id(handle, "Skilled welders"), note_id(handle, "Cheap energy")

        # n creates a group and moves no note; the group's digit puts the highlighted note in it
        await goto_row(pilot, table, f"note:{ferry}")
        await pilot.press("n")
        await type_text(pilot, "Transport costs")
        await pilot.press("enter")
        await pilot.pause()
        data = on_disk(handle)
        assert [g["label"] for g in data["groups"]] == ["Transport costs"]
        group = data["groups"][0]["id"]
        assert "group" not in next(c for c in data["contributions"] if c["id"] == ferry)
        await pilot.press("1")
        await pilot.pause()
        assert next(c for c in on_disk(handle)["contributions"] if c["id"] == ferry)["group"] == group

        # an empty name is refused and the prompt stays open
        await goto_row(pilot, table, f"note:{welders}")
        await pilot.press("n", "enter")
        await pilot.pause()
        assert len(on_disk(handle)["groups"]) == 1
        assert isinstance(app.focused, Input)
        await type_text(pilot, "Skills")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        data = on_disk(handle)
        skills = data["groups"][1]["id"]
        assert next(c for c in data["contributions"] if c["id"] == welders)["group"] == skills

        # move by number, then take out
        await goto_row(pilot, table, f"note:{energy}")
        await pilot.press("2")
        await pilot.pause()
        assert next(c for c in on_disk(handle)["contributions"] if c["id"] == energy)["group"] == skills
        # the cursor moved on to the next ungrouped note (after the last one: round to the first),
        # so sweeping needs only numbers
        port = note_id(handle, "Port expansion")
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == f"note:{port}"
        await goto_row(pilot, table, f"note:{energy}")
        await pilot.press("0")
        await pilot.pause()
        assert "group" not in next(c for c in on_disk(handle)["contributions"] if c["id"] == energy)
        await pilot.press("9")  # no group 9: a warning, nothing changes
        await pilot.pause()

        # merge the duplicate into "Ferry prices" with the picker: both stay in the file
        await goto_row(pilot, table, f"note:{ferry2}")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # the first option: the most similar wording
        await pilot.pause()
        data = on_disk(handle)
        dup = next(c for c in data["contributions"] if c["id"] == ferry2)
        assert dup["merged_into"] in {c["id"] for c in data["contributions"]}
        kept = dup["merged_into"]
        assert any(c["id"] == ferry2 for c in data["contributions"])  # the duplicate stays as a source
        assert f"dup:{ferry2}" in [str(k.value) for k in table.rows]

        # rename from a note inside the group
        await goto_row(pilot, table, f"note:{ferry}")
        await pilot.press("e")
        await pilot.press(*["backspace"] * 20)
        await type_text(pilot, "Logistics")
        await pilot.press("enter")
        await pilot.pause()
        assert on_disk(handle)["groups"][0]["label"] == "Logistics"
        assert app.view.room_lines()[0] == "Logistics (1)"
        assert kept == ferry

        # the quick picker moves a note; deleting a group leaves its notes ungrouped
        await goto_row(pilot, table, f"note:{energy}")
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert next(c for c in on_disk(handle)["contributions"] if c["id"] == energy)["group"] == skills
        await goto_row(pilot, table, f"group:{skills}")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")  # asked first: no
        await pilot.pause()
        assert len(on_disk(handle)["groups"]) == 2
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        data = on_disk(handle)
        assert [g["label"] for g in data["groups"]] == ["Logistics"]
        assert all("group" not in c for c in data["contributions"] if c["id"] in (energy, welders))
        assert app.view.room_lines() == ["Logistics (1)", "Ungrouped (3)"]


# --- vote -------------------------------------------------------------------------------------------------

def votes_on_disk(handle: Any) -> dict[str, int]:
    return {c["text"]: c.get("votes", 0) for c in on_disk(handle)["contributions"]}


@pilot_test
async def test_vote_typed_counts_plus_minus_budget_and_cap(running: tuple[PlanStore, Any]) -> None:
    store, handle = running
    app = StepApp(store, handle, "vote")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        budget = app.query_one("#vote-budget", Static)
        assert "2 dots × 4 present = 8" in plain(budget)

        await pilot.press("3", "enter")  # first option, then the cursor moves down
        await pilot.pause()
        assert votes_on_disk(handle)["Skilled welders"] == 3
        await pilot.press("plus", "plus", "minus", "plus")
        await pilot.pause()
        assert votes_on_disk(handle)["Ferry prices"] == 2
        assert "used 5 · left 3" in plain(budget) and not budget.has_class("-over")

        await pilot.press("down", "4", "enter")  # 9 dots used of 8: a warning, the count is kept
        await pilot.pause()
        assert votes_on_disk(handle)["Port expansion"] == 4
        assert budget.has_class("-over") and "OVER BUDGET by 1" in plain(budget)

        # the cap: 2 per person on one option x 4 present = 8; a 9 is refused and stays typed
        await pilot.press("9", "enter")
        await pilot.pause()
        assert votes_on_disk(handle)["ferry prices are high"] == 0
        assert "typed: 9" in plain(budget)
        await pilot.press("backspace", "1", "enter")
        await pilot.pause()
        assert votes_on_disk(handle)["ferry prices are high"] == 1

        # the rank column and the sorted view
        ranks = {cell_text(r[2]): cell_text(r[0]) for r in (table.get_row_at(i) for i in range(table.row_count))}
        assert ranks["Port expansion"] == "1" and ranks["Skilled welders"] == "2" and ranks["Cheap energy"] == "–"
        await pilot.press("s")
        await pilot.pause()
        assert cell_text(table.get_row_at(0)[2]) == "Port expansion"
        assert app.view.room_lines()[:2] == ["4 ● Port expansion", "3 ● Skilled welders"]


@pilot_test
async def test_typed_counts_go_through_the_shared_number_parser(running: tuple[PlanStore, Any],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Vote counts typed digit by digit are read by facilitator.numbers like every other typed number."""
    calls: list[tuple[str, str, bool]] = []
    real = step_vote.parse_number

    def spy(text: str, conv: Any, *, whole: bool = False) -> Any:
        calls.append((text, conv, whole))
        return real(text, conv, whole=whole)

    monkeypatch.setattr(step_vote, "parse_number", spy)
    store, handle = running
    app = StepApp(store, handle, "vote")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        assert votes_on_disk(handle)["Skilled welders"] == 2
    assert calls == [("2", store.plan.language, True)]


@pilot_test
async def test_vote_on_statement_drafts(running: tuple[PlanStore, Any]) -> None:
    """A vote step whose source is a statement step (the vision and mission kits) votes on the drafts."""
    from facilitator.engine import statements

    store, handle = running
    for text in ("Draft A", "Draft B"):
        statements.add_draft(handle.model, "drafts", text)
    store.save_session(handle)
    app = StepApp(store, handle, "pick")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "enter", "plus")  # Draft A: 3, then Draft B: +1
        await pilot.pause()
        assert [d.get("votes", 0) for d in on_disk(handle)["drafts"]] == [3, 1]
        await pilot.press("5", "enter")  # the cap: 1 per person x 4 present
        await pilot.pause()
        assert [d.get("votes", 0) for d in on_disk(handle)["drafts"]] == [3, 1]
        assert "used 4 · left 0" in plain(app.query_one("#vote-budget", Static))
        assert app.view.room_lines() == ["3 ● Draft A", "1 ● Draft B"]


# --- matrix -----------------------------------------------------------------------------------------------

def scores_on_disk(handle: Any) -> dict[str, dict[str, Any]]:
    return {c["text"]: c for c in on_disk(handle)["contributions"]}


@pilot_test
async def test_matrix_impact_feasibility_and_quadrants(running: tuple[PlanStore, Any]) -> None:
    store, handle = running
    app = StepApp(store, handle, "matrix")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        await pilot.press("4", "2")  # impact 4, feasibility 2 on the first item
        await pilot.pause()
        row = scores_on_disk(handle)["Skilled welders"]
        assert (row["impact"], row["feasibility"]) == (4, 2)
        assert cell_text(table.get_row_at(0)[3]) == "Major projects"
        assert table.cursor_coordinate == (1, 1)  # on to the next item's impact
        await pilot.press("5", "4", "1", "2")
        await pilot.pause()
        data = scores_on_disk(handle)
        assert (data["Ferry prices"]["impact"], data["Ferry prices"]["feasibility"]) == (5, 4)
        assert (data["Port expansion"]["impact"], data["Port expansion"]["feasibility"]) == (1, 2)
        assert cell_text(table.get_row_at(1)[3]) == "Quick wins"
        assert cell_text(table.get_row_at(2)[3]) == "Time sinks"
        # a correction: back to the first item's feasibility
        table.move_cursor(row=0, column=2)
        await pilot.press("3")
        await pilot.pause()
        assert scores_on_disk(handle)["Skilled welders"]["feasibility"] == 3
        assert cell_text(table.get_row_at(0)[3]) == "Quick wins"

        await pilot.press("v")
        await pilot.pause()
        assert "Quick wins (2)" in plain(app.query_one("#q-quick_win", Static))
        assert "Time sinks (1)" in plain(app.query_one("#q-time_sink", Static))
        await pilot.press("v")
        assert app.view.room_lines()[0].startswith("Quick wins: Skilled welders; Ferry prices")


@pilot_test
async def test_matrix_weighted_criteria_sorted(running: tuple[PlanStore, Any]) -> None:
    store, handle = running
    app = StepApp(store, handle, "select")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        await pilot.press("4", "4", "2", "5")  # impact, feasibility, benefit (x3), cofinancing (x1)
        await pilot.press("3", "3", "5", "1")
        await pilot.pause()
        data = scores_on_disk(handle)
        assert data["Skilled welders"]["scores"] == {"benefit": 2, "cofinancing": 5}
        assert data["Ferry prices"]["scores"] == {"benefit": 5, "cofinancing": 1}
        assert cell_text(table.get_row_at(0)[-1]) == "2.8" and cell_text(table.get_row_at(1)[-1]) == "4.0"
        await pilot.press("s")
        await pilot.pause()
        assert cell_text(table.get_row_at(0)[0]) == "Ferry prices"
        assert app.view.room_lines() == ["4.0 ● Ferry prices", "2.8 ● Skilled welders"]


# --- statement --------------------------------------------------------------------------------------------

def drafts_on_disk(handle: Any) -> list[dict[str, Any]]:
    return on_disk(handle).get("drafts", [])


@pilot_test
async def test_statement_drafts_votes_block_quorum_and_adoption(running: tuple[PlanStore, Any]) -> None:
    from facilitator.engine import attendance

    store, handle = running
    app = StepApp(store, handle, "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await type_text(pilot, "A cluster that exports")
        await pilot.press("enter")
        await type_text(pilot, "skills and ships")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [d["text"] for d in drafts_on_disk(handle)] == ["A cluster that exports\nskills and ships"]

        # a second draft, closed half-written with Esc: the text is kept for the next time
        await pilot.press("a")
        await type_text(pilot, "The port of")
        await pilot.press("escape")
        await pilot.pause()
        assert len(drafts_on_disk(handle)) == 1
        await pilot.press("a")
        assert app.query_one(TextArea).text == "The port of"
        await type_text(pilot, " choice")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert drafts_on_disk(handle)[1]["text"] == "The port of choice"

        await pilot.press("plus", "plus")  # the new draft is selected
        await pilot.press("left", "7", "enter")
        await pilot.pause()
        assert [d.get("votes", 0) for d in drafts_on_disk(handle)] == [7, 2]

        # a block is refused; the dissent note stays typed
        await pilot.press("o", "1")
        await type_text(pilot, "Ana: exports only")
        await pilot.press("enter")
        await pilot.pause()
        assert not any(d.get("adopted") for d in drafts_on_disk(handle))
        assert app.query_one("#dissent", Input).value == "Ana: exports only"

        # without the quorum (3 present needed) it is refused too
        present = [a.stakeholder for a in handle.model.attendance if a.present]
        for who in present[:2]:
            attendance.mark(handle.model, who, False)
        await pilot.press("shift+tab", "4")
        await pilot.press("enter")
        await pilot.pause()
        assert not any(d.get("adopted") for d in drafts_on_disk(handle))
        for who in present[:2]:
            attendance.mark(handle.model, who, True)

        await pilot.press("enter")
        await pilot.pause()
        first, second = drafts_on_disk(handle)
        assert first["adopted"] is True and first["consensus"] == 4 and first["dissent"] == "Ana: exports only"
        assert not second.get("adopted")
        assert "ADOPTED · 4 agree" in plain(app.query_one("#draft-0", Static))
        assert app.view.room_lines()[0] == "✔ 7 ● A cluster that exports\nskills and ships"

        # an adopted draft cannot be edited in place
        await pilot.press("e")
        await pilot.pause()
        assert not app.view.has_class("-editing")


@pilot_test
async def test_adoption_has_an_edit_key_and_comes_back_to_the_consensus(running: tuple[PlanStore, Any]) -> None:
    store, handle = running
    app = StepApp(store, handle, "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await type_text(pilot, "A cluster that exports")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")  # adoption: the room wants one word changed first
        await pilot.pause()
        assert "e edit the draft first" in plain(app.view.query_one("#adopt-panel .hint", Static))
        await pilot.press("e")
        await pilot.pause()
        assert app.view.has_class("-editing") and not app.view.has_class("-adopting")
        await type_text(pilot, " skills")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert drafts_on_disk(handle)[0]["text"] == "A cluster that exports skills"
        assert app.view.has_class("-adopting")  # the consensus question again, on the draft as it now reads
        await pilot.press("5")
        await pilot.press("enter")
        await pilot.pause()
        assert drafts_on_disk(handle)[0]["adopted"] is True


# --- table ------------------------------------------------------------------------------------------------

def rows_on_disk(handle: Any) -> list[dict[str, Any]]:
    return [c for c in on_disk(handle)["contributions"] if c["step"] == "gaps"]


async def fill(pilot: Pilot[Any], values: list[str]) -> None:
    """Type one value per field, Enter between them (Enter in the last field keeps the row)."""
    for value in values:
        await pilot.press("ctrl+u")
        await type_text(pilot, value)
        await pilot.press("enter")
    await pilot.pause()


@pilot_test
async def test_table_rows_typed_validated_in_place_deleted_and_undone(running: tuple[PlanStore, Any]) -> None:
    store, handle = running
    app = StepApp(store, handle, "gaps")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        await pilot.press("a")
        await fill(pilot, ["Exports", "kUSD", "1250.5", "Basque", "4000", "2024", "OECD"])
        rows = rows_on_disk(handle)
        assert len(rows) == 1
        assert rows[0]["text"] == "Exports"
        assert rows[0]["fields"] == {"metric": "Exports", "unit": "kUSD", "value": 1250.5,
                                     "reference": "Basque", "reference_value": 4000, "year": 2024,
                                     "source": "OECD"}
        assert table.row_count == 1 and cell_text(table.get_row_at(0)[4]) == "4000"

        # an invalid year and a text in a number column: shown at the field, kept, nothing written
        before = Path(handle.path).read_bytes()
        await pilot.press("a")
        await fill(pilot, ["Firms", "n", "many", "Basque", "300", "24", ""])
        assert app.view.has_class("-editing")
        assert app.query_one("#f-year", Input).value == "24"
        assert app.query_one("#f-value", Input).value == "many"
        assert "4 digits" in plain(app.query_one("#e-year", Static))
        assert "number" in plain(app.query_one("#e-value", Static))
        assert app.focused is app.query_one("#f-value", Input)
        assert Path(handle.path).read_bytes() == before
        # fixed in place: the errors go as the text becomes valid, then the row is kept
        await pilot.press("ctrl+u")
        await type_text(pilot, "120")
        assert not app.query_one("#e-value", Static).has_class("-shown")
        app.query_one("#f-year", Input).focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "2023")
        await pilot.press("ctrl+s")
        await pilot.pause()
        rows = rows_on_disk(handle)
        assert len(rows) == 2 and rows[1]["fields"]["year"] == 2023 and rows[1]["fields"]["value"] == 120
        assert "source" not in rows[1]["fields"]

        # edit the first row with Enter; Esc keeps the half-typed text for the next time
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#f-metric", Input).value == "Exports"
        await type_text(pilot, " (avg)")
        await pilot.press("escape")
        await pilot.pause()
        assert rows_on_disk(handle)[0]["text"] == "Exports"
        await pilot.press("e")
        assert app.query_one("#f-metric", Input).value == "Exports (avg)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows_on_disk(handle)[0]["fields"]["metric"] == "Exports (avg)"
        assert rows_on_disk(handle)[0]["text"] == "Exports (avg)"

        # delete and undo
        await pilot.press("x")
        await pilot.pause()
        assert [r["text"] for r in rows_on_disk(handle)] == ["Firms"]
        await pilot.press("u")
        await pilot.pause()
        assert [r["text"] for r in rows_on_disk(handle)] == ["Exports (avg)", "Firms"]
        assert app.view.room_lines()[0] == "Exports (avg) · kUSD · 1250.5"


@pytest.mark.parametrize(("column", "typed", "lang", "value", "problem"), [
    ("year", "2030", "en", 2030, None),
    ("value", "1,500", "en", 1500, None),  # the shared parser: the plan's language decides
    ("value", "1,500", "es", 1.5, None),
    ("unit", "1,500", "en", "1,500", None),  # ambiguous in a text column: kept as typed
    ("baseline_year", "30", "en", None, "4 digits"),
    ("start", "2027-03-31", "en", "2027-03-31", None),
    ("end", "2027-02-30", "en", None, "that day does not exist (2027-02 has 28 days)"),
    ("end", "31/03/2027", "en", None, "YYYY-MM-DD"),
    ("value", "1250.5", "en", 1250.5, None),
    ("program", "1.250,5", "es", 1250.5, None),
    ("target", "lots", "en", None, "number"),
    ("unit", "12", "en", 12, None),  # any column keeps a number as a number
    ("objective", "3", "en", "3", None),  # a code is kept as typed
    ("source", "  OECD  ", "en", "OECD", None),
    ("reference_value", "", "en", None, None),
])
def test_table_field_parsing(column: str, typed: str, lang: str, value: object, problem: str | None) -> None:
    cell = table_rules.check_cell(table_rules.Column(column, table_rules.name_kind(column)), typed, lang)
    assert cell.value == value and type(cell.value) is type(value)
    assert (cell.problem is None) if problem is None else (problem in (cell.problem or ""))
    assert bool(cell.note) == (typed == "1,500" and column == "value")  # and says what it read


@pilot_test
async def test_a_removed_text_area_draws_blank_instead_of_ending_the_app() -> None:
    from textual.geometry import Region

    from facilitator.screens.widgets import SafeTextArea

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield SafeTextArea("kept", id="safe")
            yield TextArea("stock", id="stock")

    app = Host()
    async with app.run_test(size=(40, 12)):
        safe, stock = app.query_one("#safe", TextArea), app.query_one("#stock", TextArea)
        await safe.remove()
        await stock.remove()
        # What Textual's compositor may still do once, from the layout it had before the removal:
        assert [strip.text for strip in safe.render_lines(Region(0, 0, 10, 2))] == [" " * 10] * 2
        with pytest.raises(KeyError, match="text-area--gutter"):  # what SafeTextArea guards against; when
            stock.render_lines(Region(0, 0, 10, 2))               # Textual no longer does it, drop both


@pilot_test
async def test_typing_survives_leaving_the_step(running: tuple[PlanStore, Any]) -> None:
    """The runner replaces the view on PageDown/PageUp: a half-written draft or row comes back with the step."""
    store, handle = running
    app = StepApp(store, handle, "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await type_text(pilot, "Half a")
        await pilot.pause()

        async def swap(step_id: str) -> None:
            await app.view.remove()
            step = KIT.step(step_id)
            assert step is not None
            await app.mount(STEP_VIEWS[step.kind](app.ctx, step))
            await pilot.pause()

        await swap("gaps")
        await pilot.press("a")
        await type_text(pilot, "Jobs")
        await pilot.press("enter")
        await type_text(pilot, "n")
        await pilot.pause()
        await swap("drafts")
        await until(pilot, lambda: app.view.has_class("-editing"))  # the view reopens its editor as it mounts
        assert app.query_one(TextArea).text == "Half a"
        await swap("gaps")
        await until(pilot, lambda: app.view.has_class("-editing"))
        assert [app.query_one(f"#f-{c}", Input).value for c in ("metric", "unit")] == ["Jobs", "n"]
        assert "drafts" not in on_disk(handle) and not rows_on_disk(handle)
