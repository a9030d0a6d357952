"""Prompts show what they refer to: a kit step's `shows` puts the plan's core problem, top findings, SWOT,
gaps, vision or objectives in front of the room, and the vision's briefing records the horizon year."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from pilot import pilot_test, plain, type_text, until
from test_runner import frozen, goto_step, no_disk_watch, open_runner, read, start_session  # noqa: F401  (fixtures)
from textual.widgets import Input

from facilitator.app import ClusterApp
from facilitator.engine import consolidate, sessions
from facilitator.kits import load_kits
from facilitator.model import RecallKey
from facilitator.recap import RECALLS, gap, largest_gaps, recall
from facilitator.screens.recall import RecallPanel
from facilitator.screens.step_briefing import BriefingView
from facilitator.store import PlanStore

pytestmark = pytest.mark.usefixtures("frozen")  # the room's clock, moved by hand (test_runner)


def test_every_recall_a_kit_may_name_has_a_heading_and_the_kits_name_only_those(example_plan: Path) -> None:
    assert set(RECALLS) == set(typing.get_args(RecallKey))
    kits = load_kits(example_plan).kits.values()
    named = {key for kit in kits for step in kit.steps for key in step.shows}
    assert named == set(RECALLS)  # every recall is used by some kit step, and only known ones are


def test_the_recall_blocks_come_from_the_plan(example_plan: Path) -> None:
    with PlanStore.open(example_plan) as store:
        plan = store.plan
    blocks = {b.key: b for b in recall(plan, ["core_problem", "top_findings", "swot", "gaps"])}
    problems = [f for f in plan.findings if f.kind == "problem"]
    assert problems and blocks["core_problem"].lines[0].startswith(problems[0].code)
    assert 0 < len(blocks["top_findings"].lines) <= 5
    swot = blocks["swot"].lines
    assert swot[0].endswith(":") and any(line.startswith("  ") for line in swot)  # headings, then findings
    gaps = largest_gaps(plan)
    assert [gap(b) for b in gaps] == sorted((gap(b) for b in gaps), reverse=True)
    assert blocks["gaps"].lines[0].startswith(gaps[0].metric)
    empty = recall(plan.model_copy(update={"findings": []}), ["swot"])[0]
    assert empty.lines == ["(nothing in the plan yet)"]  # says so, instead of an empty heading


@pilot_test
async def test_the_vision_briefing_shows_the_diagnosis_and_records_the_horizon_year(
        example_plan: Path) -> None:
    path = start_session(example_plan, "vision")
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runner(pilot, path)
        view = screen.query_one(BriefingView)
        shown = plain(view.query_one("#briefing-figures"))
        assert "Core problem" in shown and "Most voted findings" in shown and "Largest gaps" in shown
        field = view.query_one("#briefing-horizon")
        field.value = ""
        field.focus()
        await type_text(pilot, "2020")
        await pilot.press("enter")
        await pilot.pause()
        assert "between 2027 and 2056" in plain(view.query_one("#briefing-ask-note"))  # a located error
        assert "vision_horizon" not in read(path)
        field.value = ""
        await type_text(pilot, "2035")
        await pilot.press("enter")
        await until(pilot, lambda: read(path).get("vision_horizon") == 2035)
    with PlanStore.open(example_plan) as store:
        kit = load_kits(example_plan).get("vision")
        assert kit is not None
        change = sessions.close_preview(store, store.open_session(path), kit)
        assert change.vision_horizon == 2035
        consolidate.apply(store.plan, change)
        assert store.plan.strategy.vision_horizon == 2035


@pilot_test
async def test_the_plans_horizon_shown_in_the_briefing_does_not_hold_the_step(example_plan: Path) -> None:
    path = start_session(example_plan, "vision")
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runner(pilot, path)
        field = screen.query_one(BriefingView).query_one("#briefing-horizon", Input)
        assert field.value == "2032" and field.has_focus  # the plan's horizon, offered
        await pilot.press("pagedown")  # untouched: nothing typed to lose, so the step is left
        await until(pilot, lambda: screen.ctx.session.current_step != "recap")
        assert "vision_horizon" not in read(path)  # the plan keeps its own horizon at the close
        await pilot.press("pageup")
        await until(pilot, lambda: bool(screen.query(BriefingView)))
        field = screen.query_one(BriefingView).query_one("#briefing-horizon", Input)
        field.value = "2034"  # typed and not yet entered: this one holds the step
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.query(BriefingView)


@pilot_test
async def test_the_swot_update_shows_the_diagnosis_swot_and_ctrl_k_hides_it(example_plan: Path) -> None:
    path = start_session(example_plan, "benchmarking")
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot-update")
        panel = screen.query_one(RecallPanel)
        assert "SWOT of the diagnosis" in plain(panel) and "Largest gaps" in plain(panel)
        assert panel.display
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert not panel.display
        await goto_step(pilot, screen, "tows")
        assert not screen.query(RecallPanel)  # the TOWS step recalls nothing
