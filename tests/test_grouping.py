"""Grouping in the session runner, driven by real keys and read back from the files with `tomllib`.

The wall is the one of the key-count scenario (bench/keys_grouping.py): a Spanish joint-diagnosis session
whose SWOT brainstorm holds 16 notes. The scenario's own keys must give the right groups on disk; then
`n` that moves no note, the jump to a note by number and by words, the cursor moving on to the next
ungrouped note, the merge dialog naming the note merged, the view at 80×24 and 160×45 (every note with its
number and category, nothing cut without "…"), and a finding made from a group in the consolidate step.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pilot import pilot_test, plain, settle, type_text, until
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.engine import agenda, grouping
from facilitator.kits import load_kits
from facilitator.screens.dashboard import DashboardScreen
from facilitator.screens.runner import RunnerScreen
from facilitator.screens.step_consolidate import ConsolidateView
from facilitator.screens.step_group import GroupView, abbreviation
from facilitator.screens.step_parts import PickScreen, PromptBar, row_key
from facilitator.store import PlanStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import keys_grouping as scenario

SIZES = [(80, 24), (160, 45)]


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def note_ids(path: Path) -> list[str]:
    """The note ids of the wall in capture order: note n on screen is ``note_ids(path)[n - 1]``."""
    return [c["id"] for c in read(path)["contributions"]]


def group_of(path: Path) -> dict[str, str | None]:
    """Each note's group, by the group's label (None: ungrouped)."""
    data = read(path)
    labels = {g["id"]: g["label"] for g in data.get("groups", [])}
    return {c["id"]: labels.get(c.get("group", "")) for c in data["contributions"]}


async def open_group_step(pilot: Pilot[Any], path: Path) -> tuple[GroupView, DataTable[Any]]:
    app = pilot.app
    await settle(pilot)
    await app.run_action(("app", "run_session", (read(path)["id"],)))
    await until(pilot, lambda: isinstance(app.screen, RunnerScreen) and bool(app.screen.query(GroupView)))
    await pilot.pause()
    view = app.screen.query_one(GroupView)
    return view, view.query_one(DataTable)


def cursor(table: DataTable[Any]) -> str | None:
    return row_key(table)


async def new_group(pilot: Pilot[Any], name: str) -> None:
    await pilot.press("n")
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()


async def find(pilot: Pilot[Any], typed: str) -> None:
    await pilot.press("f")
    await type_text(pilot, typed)
    await pilot.press("enter")
    await pilot.pause()


# --- the key-count scenario ---------------------------------------------------------------------------------

@pilot_test
async def test_the_scenario_keys_group_the_wall_on_disk(tmp_path: Path) -> None:
    result = await scenario.drive(tmp_path / "plan", (80, 24))
    path = next((tmp_path / "plan" / "sessions").glob("*.toml"))
    data = read(path)
    assert [g["label"] for g in data["groups"]] == scenario.GROUPS
    assert [g["step"] for g in data["groups"]] == ["group"] * 4
    wanted = [scenario.GROUPS[group - 1] for _category, _text, group in scenario.NOTES]
    assert [group_of(path)[c["id"]] for c in data["contributions"]] == wanted
    assert result.typed == sum(len(name) for name in scenario.GROUPS)
    assert result.keys <= scenario.TARGET and result.keys < scenario.BEFORE


# --- the group view -------------------------------------------------------------------------------------------

@pilot_test
async def test_n_creates_a_group_and_moves_no_note(tmp_path: Path) -> None:
    path = scenario.prepare(tmp_path / "plan")
    ids = note_ids(path)
    app = ClusterApp(tmp_path / "plan")
    async with app.run_test(size=(80, 24)) as pilot:
        view, table = await open_group_step(pilot, path)
        assert cursor(table) == f"note:{ids[0]}"  # the view opens on the first note to place
        await new_group(pilot, "Logística")
        assert [g["label"] for g in read(path)["groups"]] == ["Logística"]
        assert set(group_of(path).values()) == {None}  # the highlighted note stayed where it was
        assert cursor(table) == f"note:{ids[0]}"
        assert any("press 1" in n.message and "Logística" in n.message for n in app._notifications)

        # the same name again is refused: the prompt stays open with the text, nothing is written
        await pilot.press("n")
        await type_text(pilot, "logística")
        await pilot.press("enter")
        await pilot.pause()
        assert len(read(path)["groups"]) == 1
        bar = view.query_one(PromptBar)
        assert bar.is_open and bar.query_one(Input).value == "logística"
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.is_open and len(read(path)["groups"]) == 1


@pilot_test
async def test_digits_move_on_to_the_next_ungrouped_note(tmp_path: Path) -> None:
    path = scenario.prepare(tmp_path / "plan")
    ids = note_ids(path)
    app = ClusterApp(tmp_path / "plan")
    async with app.run_test(size=(80, 24)) as pilot:
        _view, table = await open_group_step(pilot, path)
        await new_group(pilot, "Logística")
        await new_group(pilot, "Calidad")
        await pilot.press("2", "1")
        await pilot.pause()
        assert group_of(path)[ids[0]] == "Calidad" and group_of(path)[ids[1]] == "Logística"
        assert cursor(table) == f"note:{ids[2]}"
        await find(pilot, "16")  # the last note: after it, back round to the first ungrouped one
        await pilot.press("1")
        await pilot.pause()
        assert group_of(path)[ids[15]] == "Logística" and cursor(table) == f"note:{ids[2]}"
        await find(pilot, "1")  # a note already in a group, moved again: on to the next ungrouped note
        await pilot.press("1")
        await pilot.pause()
        assert group_of(path)[ids[0]] == "Logística" and cursor(table) == f"note:{ids[2]}"
        await pilot.press("3")  # no group 3: a warning, nothing changes
        await pilot.pause()
        assert group_of(path)[ids[2]] is None and cursor(table) == f"note:{ids[2]}"


@pilot_test
async def test_f_jumps_to_a_note_by_number_and_by_words(tmp_path: Path) -> None:
    path = scenario.prepare(tmp_path / "plan")
    ids = note_ids(path)
    app = ClusterApp(tmp_path / "plan")
    async with app.run_test(size=(80, 24)) as pilot:
        view, table = await open_group_step(pilot, path)
        bar = view.query_one(PromptBar)
        await find(pilot, "12")
        assert cursor(table) == f"note:{ids[11]}" and not bar.is_open and app.focused is table
        assert plain(view.query_one("#group-detail", Static)).startswith("12 · Opportunity · Programa nacional")
        await find(pilot, "HELADAS granizo")  # words in any order and case
        assert cursor(table) == f"note:{ids[13]}"
        await pilot.press("f")
        await type_text(pilot, "analisis")  # without the accent; the cursor moves as the text is typed
        await pilot.pause()
        assert bar.is_open and cursor(table) == f"note:{ids[5]}"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f")
        await type_text(pilot, "wq")  # no note has a w
        await pilot.press("enter")
        await pilot.pause()
        assert bar.is_open and cursor(table) == f"note:{ids[5]}"  # nothing matches: said, nothing moves
        assert any("wq" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.is_open and app.focused is table
        assert set(group_of(path).values()) == {None}  # a search writes nothing


@pilot_test
async def test_the_merge_dialog_names_the_note_being_merged(tmp_path: Path) -> None:
    path = scenario.prepare(tmp_path / "plan")
    ids = note_ids(path)
    app = ClusterApp(tmp_path / "plan")
    async with app.run_test(size=(80, 24)) as pilot:
        _view, table = await open_group_step(pilot, path)
        await find(pilot, "9")  # "Consolidar cargas entre bodegas…", a twin of note 5 (freight)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, PickScreen))
        title = plain(app.screen.query_one(Label))  # type: ignore[arg-type]
        assert "Consolidar cargas entre bodegas" in title and "9" in title
        await pilot.press("escape")  # cancelled: nothing written
        await until(pilot, lambda: not isinstance(app.screen, PickScreen))
        assert all("merged_into" not in c for c in read(path)["contributions"])
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, PickScreen))
        await pilot.pause()
        merged = next(c for c in read(path)["contributions"] if c["id"] == ids[8])
        assert merged["merged_into"] in ids and merged["merged_into"] != ids[8]
        assert f"dup:{ids[8]}" in [str(k.value) for k in table.rows]


def cell(value: object) -> str:
    return value.plain if isinstance(value, Text) else str(value)


@pytest.mark.parametrize("size", SIZES)
@pilot_test
async def test_every_note_shows_its_number_and_category_and_nothing_is_cut_silently(
        tmp_path: Path, size: tuple[int, int]) -> None:
    path = scenario.prepare(tmp_path / "plan")
    ids = note_ids(path)
    texts = {c["id"]: (c["text"], c["category"]) for c in read(path)["contributions"]}
    labels = {"strength": "Strength", "weakness": "Weakness", "opportunity": "Opportunity", "threat": "Threat"}
    app = ClusterApp(tmp_path / "plan")
    async with app.run_test(size=size) as pilot:
        view, table = await open_group_step(pilot, path)
        await new_group(pilot, "Logistics costs that hold the exports of the whole cluster back")
        await pilot.press("1")
        await pilot.pause()
        assert table.virtual_size.width <= table.size.width  # no sideways scrolling
        screen_text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        rows = {str(k.value): [cell(c) for c in table.get_row_at(i)] for i, k in enumerate(table.rows)}
        for number, note in enumerate(ids, start=1):
            shown_number, category, text = rows[f"note:{note}"]
            full_text, full_category = texts[note]
            assert shown_number == str(number)
            wide = size[0] >= 160
            assert category == (labels[full_category] if wide else abbreviation(labels[full_category]))
            assert text.strip() == full_text or (text.endswith("…") and full_text.startswith(text.strip()[:-1]))
        group_row = rows[next(k for k in rows if k.startswith("group:"))]
        assert group_row[0].strip() == "1" and (
            group_row[2].startswith("Logistics costs that hold the exports of the whole cluster back")
            or "…" in group_row[2])
        # what is on screen: the first notes, with number and category, and the full text of the one selected
        assert "Weak." in screen_text or "Weakness" in screen_text
        detail = plain(view.query_one("#group-detail", Static))
        assert detail.startswith("2 · Strength · Uvas tannat")
        assert detail.endswith(("…", "reconocida"))


# --- a finding from a group ------------------------------------------------------------------------------------

@pilot_test
async def test_a_group_becomes_one_finding_with_its_notes_as_sources(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    path = scenario.prepare(folder)
    ids = note_ids(path)
    kit = load_kits(folder).get("joint-diagnosis")
    assert kit is not None
    with PlanStore.open(folder) as store:  # the group step done through the engine, then on to consolidate
        handle = store.open_session(path)
        logistics = grouping.add_group(handle.model, "group", "Los fletes y el puerto encarecen la exportación")
        for note in (ids[0], ids[4], ids[12]):
            grouping.move(handle.model, note, logistics.id)
        grouping.merge(handle.model, ids[4], ids[8])  # a duplicate inside the group travels with its twin
        agenda.start_step(handle.model, kit, "consolidate")
        store.save_session(handle)
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.run_action(("app", "run_session", (read(path)["id"],)))
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen) and bool(app.screen.query(ConsolidateView)))
        await pilot.pause()
        view = app.screen.query_one(ConsolidateView)
        preview = view.query_one("#consolidate-preview", Static)
        assert plain(preview).count("[") == 15  # one finding per note (the duplicate under its twin)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("escape")  # cancelled: nothing written
        await until(pilot, lambda: not isinstance(app.screen, PickScreen))
        assert "finding" not in read(path)["groups"][0]
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, PickScreen))
        await pilot.pause()
        assert read(path)["groups"][0]["finding"] is True
        text = plain(preview)
        assert "Los fletes y el puerto encarecen la exportación · a group of 4 notes" in text
        assert text.count("[") == 13 and "Fletes caros" not in text
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
    findings = read(folder / "plan.toml")["findings"]
    from_group = next(f for f in findings if f["text"] == "Los fletes y el puerto encarecen la exportación")
    assert from_group["sources"] == [ids[0], ids[4], ids[8], ids[12]]
    assert from_group["kind"] == "strength"  # the most common kind (a tie: the first note's)
    assert len(findings) == 13


@pilot_test
async def test_after_a_vote_on_groups_the_consolidate_step_offers_no_group_as_finding(tmp_path: Path) -> None:
    from facilitator.engine import voting

    folder = tmp_path / "plan"
    path = scenario.prepare(folder)
    ids = note_ids(path)
    kit = load_kits(folder).get("joint-diagnosis")
    assert kit is not None
    with PlanStore.open(folder) as store:
        handle = store.open_session(path)
        ports = grouping.add_group(handle.model, "group", "Puertos")
        grouping.move(handle.model, ids[0], ports.id)
        voting.set_group_votes(handle.model, ports.id, 6)  # the vote taken on groups: already one finding
        agenda.start_step(handle.model, kit, "consolidate")
        store.save_session(handle)
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.run_action(("app", "run_session", (read(path)["id"],)))
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen) and bool(app.screen.query(ConsolidateView)))
        await pilot.pause()
        view = app.screen.query_one(ConsolidateView)
        assert not view.query_one("#consolidate-groups", Static).display
        assert "D1 [strength] Puertos · a group of 1 note (6 votes)" in plain(
            view.query_one("#consolidate-preview", Static))  # the voted group, the only voted option
        await pilot.press("g")
        await pilot.pause()
        assert not isinstance(app.screen, PickScreen)  # said why instead, nothing to choose
        assert "finding" not in read(path)["groups"][0]
