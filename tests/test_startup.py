"""Start-up: the dashboard is drawn before the plan is read, and fills in when the worker has opened it.

The worker is held back (an Event) so that each test can act while the plan is still being opened: keys
pressed then, quitting then, and the way a plan that cannot be opened, or one held by another window,
reaches the screen.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot import pilot_test, plain, settle, until
from textual.widgets import Static

from facilitator.app import ClusterApp
from facilitator.screens.dashboard import DashboardScreen
from facilitator.screens.plan_error import PlanErrorScreen
from facilitator.screens.widgets import ReadOnlyBanner, RecordTable
from facilitator.store import PlanStore

SIZE = (100, 32)


class Gate:
    """Holds the start-up worker before it opens the plan, until `release()`."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.entered = threading.Event()
        self.opened = threading.Event()
        """Set once the worker holds the open plan (and its lock)."""
        self.stores: list[Any] = []
        """The stores opened, kept alive: a lock must be released by close(), not by the garbage collector."""

    def release(self) -> None:
        self.event.set()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate = Gate()
    real = ClusterApp._open_store

    def held(folder: Path) -> tuple[Any, Any]:
        gate.entered.set()
        assert gate.event.wait(20), "the test never released the start-up worker"
        opened = real(folder)
        gate.stores.append(opened[0])
        gate.opened.set()
        return opened

    monkeypatch.setattr(ClusterApp, "_open_store", staticmethod(held))
    yield gate
    gate.release()  # a failing test must not leave the worker thread waiting


@pilot_test
async def test_the_dashboard_frame_comes_first_and_keys_pressed_meanwhile_do_no_harm(
        example_plan: Path, gate: Gate) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, gate.entered.is_set)
        first = app.screen
        assert isinstance(first, DashboardScreen) and not first.plan_is_open()
        assert first.query_one("#sections").border_title == "Plan sections"
        assert "Opening the plan" in plain(first.query_one("#profile", Static))
        assert first.query_one("#sections", RecordTable).row_count == 9  # the sections to come
        assert app.state is None and app.check_action("section", ("findings",)) is False
        # Section keys, Enter on a section, edit, export, checks, reload: nothing happens, nothing breaks.
        await pilot.press("f", "enter", "down", "enter", "e", "x", "c", "r", "tab", "enter")
        await pilot.pause()
        assert app.screen is first and app.return_code is None
        gate.release()
        await settle(pilot)
        assert app.screen is first and first.plan_is_open() and len(app.screen_stack) == 1
        assert app.state is not None and first.state is app.state
        assert "Colonia" in plain(first.query_one("#profile", Static))
        assert first.sub_title == app.state.plan.cluster.name
        # Now the same keys work: f opens the findings.
        await pilot.press("escape", "f")
        await pilot.pause()
        assert type(app.screen).__name__ == "FindingsScreen"


@pilot_test
async def test_a_dashboard_redraws_once_per_change(example_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[DashboardScreen] = []
    real = DashboardScreen.refresh_view

    def counted(self: DashboardScreen) -> None:
        drawn.append(self)
        real(self)

    monkeypatch.setattr(DashboardScreen, "refresh_view", counted)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state is not None
        started = app.screen
        assert started in drawn
        # A dashboard made for an open plan (as after the picker) draws once on mount.
        later = DashboardScreen(app.state)
        await app.push_screen(later)
        await pilot.pause()
        assert drawn.count(later) == 1
        drawn.clear()
        app.state.publish("saved")
        await pilot.pause()
        assert drawn.count(started) == 1 and drawn.count(later) == 1


@pilot_test
async def test_an_unreadable_plan_still_shows_the_error_screen_and_writes_nothing(
        example_plan: Path, gate: Gate) -> None:
    plan_file = example_plan / "plan.toml"
    plan_file.write_bytes(b'format = "cluster-facilitator/plan/1"\n[cluster]\nname = "\xff\xfe broken"\n')
    before = sorted(p.name for p in example_plan.iterdir())
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, gate.entered.is_set)
        assert isinstance(app.screen, DashboardScreen)
        gate.release()
        await settle(pilot)
        assert isinstance(app.screen, PlanErrorScreen) and app.state is None
        text = plain(app.screen.query_one("#problem-text", Static))
        assert "plan.toml" in text and "error" in text
        assert app.screen.query_one("#problems").styles.border_top[0] == "round"  # its own stylesheet loaded
        # Escape shows the frame beneath, which says the plan could not be opened; plan keys stay off.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen) and not app.screen.plan_is_open()
        assert "could not be opened" in plain(app.screen.query_one("#profile", Static))
        await pilot.press("f", "enter", "e")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen) and app.return_code is None
    assert plan_file.read_bytes().endswith(b"\xff\xfe broken\"\n")
    assert sorted(p.name for p in example_plan.iterdir()) == before


@pilot_test
async def test_a_plan_held_elsewhere_opens_read_only_on_the_start_up_dashboard(
        example_plan: Path, gate: Gate) -> None:
    holder = PlanStore.open(example_plan)
    try:
        app = ClusterApp(example_plan)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, gate.entered.is_set)
            first = app.screen
            assert not first.query_one(ReadOnlyBanner).display
            gate.release()
            await settle(pilot)
            assert app.screen is first and app.state is not None and app.state.read_only
            banner = first.query_one(ReadOnlyBanner)
            assert banner.display and "READ-ONLY" in plain(banner)
            await pilot.press("e")
            await pilot.pause()
            assert app.screen is first  # the editor is refused: read-only
    finally:
        holder.close()


@pilot_test
async def test_quitting_while_the_plan_opens_leaves_it_unlocked(example_plan: Path, gate: Gate) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, gate.entered.is_set)
        await pilot.press("q")
        await pilot.pause()
    gate.release()
    # The worker opens the plan (and takes its lock) after the app has gone: it must release it at once.
    assert gate.opened.wait(20)
    free = False
    for _ in range(100):
        probe = PlanStore.open(example_plan)
        free = not probe.read_only
        probe.close()
        if free:
            break
        threading.Event().wait(0.02)
    assert free, "the plan stayed locked after quitting during start-up"
