"""The network step of the kits: a participant picked by a few letters ticks, kind by kind, whom it worked
with; the ticks are in the session file at once and become ties of the session's wave when it closes."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot import keys_together, pilot_test
from rich.console import Console
from textual.app import App, ComposeResult
from textual.signal import Signal

from facilitator.engine import nominations, sessions
from facilitator.engine.capture import EngineError
from facilitator.engine.consolidate import preview
from facilitator.kits import load_kits
from facilitator.model import Kit
from facilitator.screens.state import PlanState
from facilitator.screens.step_base import RunnerContext
from facilitator.screens.step_network import NetworkView, RosterList
from facilitator.screens.steps import STEP_VIEWS
from facilitator.store import PlanStore


def local(text: str) -> dict[str, str]:
    return {"en": text, "es": text, "pt": text}


KIT = Kit.model_validate({
    "id": "test-network", "title": local("Test"), "purpose": local("Testing"),
    "steps": [{"id": "who", "kind": "network", "minutes": 20, "prompt": local("Whom did you work with?"),
               "categories": ["knowledge", "business"]}]})


class StepApp(App[None]):
    def __init__(self, store: PlanStore, handle: Any) -> None:
        super().__init__()
        self.store, self.handle = store, handle

    def compose(self) -> ComposeResult:
        ctx = RunnerContext(PlanState(self.store, Signal(self, "plan-changed")), self.handle, KIT)
        yield STEP_VIEWS[KIT.steps[0].kind](ctx, KIT.steps[0])


@pytest.fixture
def running(example_plan: Path) -> Iterator[tuple[PlanStore, Any]]:
    store = PlanStore.open(example_plan)
    present = [s.id for s in store.plan.stakeholders[:4]]
    handle = sessions.start(store, KIT, dt.date(2026, 12, 3), facilitator="Me", present=present)
    yield store, handle
    store.close()


def screen_text(app: App[None]) -> str:
    """What the terminal shows, as plain text."""
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def ids(store: PlanStore) -> dict[str, str]:
    return {s.name: s.id for s in store.plan.stakeholders}


@pilot_test
async def test_ticks_are_saved_at_once_and_become_ties_of_the_wave_on_close(running: tuple[PlanStore, Any]) -> None:
    store, handle = running
    who = ids(store)
    app = StepApp(store, handle)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NetworkView)
        view.initial_focus().focus()  # type: ignore[union-attr]
        await pilot.pause()
        await keys_together(pilot, *"sebas")
        await pilot.press("enter")  # Sebastián Núñez answers
        roster = app.query_one("#network-roster", RosterList)
        assert app.focused is roster and who["Sebastián Núñez"] not in {p.id for p in roster.people}

        async def tick(letters: str) -> None:  # letters search; space is a binding, pressed on its own
            await keys_together(pilot, *letters)
            await pilot.press("space")

        await tick("julian")  # knowledge: Julián Etcheverry
        for _ in range(3):
            await tick("lucia")  # ticked, unticked, ticked again
        await pilot.press("right")  # business and supply
        await tick("joaq")
        screen = screen_text(app)
        assert "business and supply" in screen
        await pilot.press("escape")  # back to who answers
        assert app.focused is app.query_one("#network-who")
        await keys_together(pilot, *"ines")
        await pilot.press("enter")
        await tick("sebas")  # Inés's first kind again: knowledge
    on_disk = tomllib.loads(Path(handle.path).read_text(encoding="utf-8"))
    ticks = {(n["respondent"], n["partner"], n["kind"]) for n in on_disk["nominations"]}
    assert ticks == {(who["Sebastián Núñez"], who["Julián Etcheverry"], "knowledge"),
                     (who["Sebastián Núñez"], who["Lucía Piñeyro"], "knowledge"),
                     (who["Sebastián Núñez"], who["Joaquín Ortiz"], "business"),
                     (who["Inés Larrañaga"], who["Sebastián Núñez"], "knowledge")}
    assert all(n["step"] == "who" and n["id"].startswith("nom-") for n in on_disk["nominations"])

    before = len(store.plan.network.ties)
    sessions.close(store, handle, KIT)
    plan = tomllib.loads((Path(store.folder) / "plan.toml").read_text(encoding="utf-8"))
    new = [t for t in plan["network"]["ties"] if t["wave"] == "2026-12"]
    assert len(plan["network"]["ties"]) == before + 4
    assert {(t["actor"], t["partner"], t["kind"]) for t in new} == ticks
    assert all(t["named_by"] == t["actor"] for t in new)
    # Closed again by a retry (the session file rewritten open), nothing is added twice.
    assert preview(handle.model, KIT, store.plan).ties == []


def test_a_tick_names_a_known_actor_of_a_kind_the_step_asks(running: tuple[PlanStore, Any]) -> None:
    store, handle = running
    step = KIT.steps[0]
    a, b = store.plan.stakeholders[0].id, store.plan.stakeholders[1].id
    with pytest.raises(EngineError):
        nominations.toggle(handle.model, store.plan, step, a, a, "knowledge")
    with pytest.raises(EngineError):
        nominations.toggle(handle.model, store.plan, step, a, "stk-nobody", "knowledge")
    with pytest.raises(EngineError):
        nominations.toggle(handle.model, store.plan, step, a, b, "projects")
    assert handle.model.nominations == []
    assert nominations.toggle(handle.model, store.plan, step, a, b, "business") is True
    assert nominations.wave_of(handle.model) == "2026-12"


@pilot_test
async def test_the_step_fits_80x24_and_160x45(running: tuple[PlanStore, Any]) -> None:
    store, handle = running
    for size in ((80, 24), (160, 45)):
        app = StepApp(store, handle)
        async with app.run_test(size=size) as pilot:
            app.query_one(NetworkView).initial_focus().focus()  # type: ignore[union-attr]
            await pilot.press("enter")
            await pilot.pause()
            screen = screen_text(app)
            assert "Who answers" in screen and "knowledge and technical advice" in screen
            assert "letters search" in screen


def test_the_mapping_and_review_kits_have_a_network_step() -> None:
    kits = load_kits().kits
    with_network = {k for k, kit in kits.items() if any(s.kind == "network" for s in kit.steps)}
    assert {"joint-diagnosis", "review"} <= with_network
    for kit in (kits["joint-diagnosis"], kits["review"]):
        step = next(s for s in kit.steps if s.kind == "network")
        assert step.title is not None and step.title.es and step.title.pt
        assert step.prompt is not None and step.prompt.es and step.prompt.pt
