"""The session runner driven by real key presses: a new session from a kit, fast capture into the file,
the agenda clock, the decision log from any step, room mode, and the close into the plan.

Assertions read the files with the independent `tomllib`. Deterministic snapshots (the clock is frozen)
show the runner; room mode's wall has its own in tests/test_wall.py.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot import keys_together, pilot_test, plain, settle, type_text, until
from textual import events
from textual.pilot import Pilot
from textual.widgets import Digits, Input, Select, Static

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.engine import agenda, capture, clock, sessions
from facilitator.kits import load_kits
from facilitator.screens.attendance_list import AttendanceList
from facilitator.screens.confirm import ConfirmScreen
from facilitator.screens.dashboard import DashboardScreen
from facilitator.screens.new_session import NewSessionScreen
from facilitator.screens.room import RoomPanel, WallView
from facilitator.screens.runner import RunnerScreen, clock_text
from facilitator.screens.step_brainstorm import BrainstormView
from facilitator.screens.step_decide import DecisionDialog, DecisionLog, DecisionLogScreen
from facilitator.screens.widgets import MarkedRadioButton
from facilitator.store import PlanStore

SIZE = (80, 24)
START = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3)))


class FrozenClock:
    """The room's clock, moved by hand."""

    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, minutes: float) -> None:
        self.at += dt.timedelta(minutes=minutes)


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[FrozenClock]:
    fake = FrozenClock()
    for module in (clock, agenda, capture, sessions):
        monkeypatch.setattr(module, "now", fake)
    yield fake


def session_files(folder: Path) -> set[Path]:
    return set((folder / "sessions").glob("*.toml"))


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def start_session(folder: Path, kit_id: str = "joint-diagnosis", present: int = 5) -> Path:
    """A session started through the engine (for tests that begin in the runner)."""
    kit = load_kits(folder).get(kit_id)
    assert kit is not None
    with PlanStore.open(folder) as store:
        people = [s.id for s in store.plan.stakeholders[:present]]
        handle = sessions.start(store, kit, START.date(), venue="Sala 2", facilitator="Ana", present=people)
        return handle.path


async def open_runner(pilot: Pilot[Any], path: Path) -> RunnerScreen:
    await settle(pilot)
    session_id = read(path)["id"]
    await pilot.app.run_action(("app", "run_session", (session_id,)))
    await until(pilot, lambda: isinstance(pilot.app.screen, RunnerScreen))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RunnerScreen)
    return screen


async def goto_step(pilot: Pilot[Any], screen: RunnerScreen, step_id: str) -> None:
    for _ in range(12):
        if screen.ctx.session.current_step == step_id:
            break
        await pilot.press("pagedown")
        await pilot.pause()
    assert screen.ctx.session.current_step == step_id


# --- new session ---------------------------------------------------------------------------------------------

@pilot_test
async def test_new_session_from_a_kit_records_attendance(example_plan: Path, frozen: FrozenClock) -> None:
    before = session_files(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen))
        screen = app.screen
        screen.query_one("#ns-kit", Select).value = "joint-diagnosis"
        screen.query_one("#ns-venue", Input).value = "Casa del Vino"
        screen.query_one("#ns-facilitator", Input).value = "Ana Pérez"
        assert screen.query_one("#ns-people", AttendanceList).has_focus  # attendance is the work at the door
        await pilot.press("space", "down", "space", "down", "down", "space")
        # A newcomer at the door: ctrl+n, name, Enter, (no organisation) Enter: listed, present, not saved yet.
        await pilot.press("ctrl+n")
        await type_text(pilot, "Nueva Persona")
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.ctx.session.current_step == "figures"
        assert "Opening and key figures" in plain(runner.query_one("#step-title", Static))
    created = session_files(example_plan) - before
    assert len(created) == 1
    data = read(created.pop())
    assert data["workshop"] == "joint-diagnosis" and data["venue"] == "Casa del Vino"
    assert data["facilitator"] == "Ana Pérez" and data["date"] == START.date()
    assert data["status"] == "open" and data["current_step"] == "figures"
    assert len([a for a in data["attendance"] if a.get("present", True)]) == 4
    plan = read(example_plan / "plan.toml")
    assert len(data["attendance"]) == len(plan["stakeholders"])  # the invitees who did not come: present = false
    newcomer = next(s for s in plan["stakeholders"] if s["name"] == "Nueva Persona")
    assert newcomer["kind"] == "firm"
    assert newcomer["id"] in {a["stakeholder"] for a in data["attendance"]}


@pilot_test
async def test_a_newcomer_added_then_given_up_writes_nothing(example_plan: Path, frozen: FrozenClock) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    sessions_before = session_files(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen))
        screen = app.screen
        await pilot.press("ctrl+n")
        await type_text(pilot, "Persona Equivocada")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert "Persona Equivocada" in str(screen.query_one("#ns-people", AttendanceList).get_option_at_index(-1).prompt)
        await pilot.press("escape")  # out of the newcomer form, back to the list
        assert screen.query_one("#ns-people", AttendanceList).has_focus
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))  # ticks and a newcomer would be lost
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, (NewSessionScreen, ConfirmScreen)))
    assert (example_plan / "plan.toml").read_bytes() == before
    assert session_files(example_plan) == sessions_before


@pilot_test
async def test_the_prompt_is_on_screen_once(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runner(pilot, path)
        heading = screen.query_one("#step-prompt", Static)
        assert screen.current_step().kind == "briefing"  # its view prints the prompt large: not the heading
        assert not heading.display and screen.ctx.text(screen.current_step())[:30] in plain(
            screen.query_one("#briefing-prompt", Static))
        await goto_step(pilot, screen, "swot")
        whole = " ".join(screen.ctx.text(screen.current_step()).split())
        assert heading.display and " ".join(plain(heading).split())[:60] == whole[:60]  # (cut with "…" at 80×24)


# --- capture --------------------------------------------------------------------------------------------------

@pilot_test
async def test_forty_ideas_reach_the_file_with_their_categories(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        view = screen.query_one(BrainstormView)
        field = view.query_one("#capture", Input)
        assert field.has_focus
        expected: list[tuple[str, str]] = []
        categories = ["strength", "weakness", "opportunity", "threat"]
        for quadrant in range(4):
            if quadrant:
                await pilot.press("tab")  # the next quadrant: the category sticks
            burst: list[str] = []
            for i in range(quadrant * 10, quadrant * 10 + 10):
                category = categories[quadrant]
                text = f"{category[0]}{i}"
                if i % 10 == 9:  # a one-off prefix files a note elsewhere
                    text, category = f"w:x{i}", "weakness"
                burst += [*text, "enter"]
                expected.append((text.removeprefix("w:"), category))
            # Ten notes typed without waiting for the screen, as a fast typist does: each Enter takes its
            # note at once, so the keys after it start the next note, never join the last one.
            await keys_together(pilot, *burst)
        await until(pilot, lambda: len([c for c in screen.ctx.session.contributions if c.step == "swot"]) == 40)
        await pilot.pause()
        assert field.has_focus and field.value == ""
        notes = [c for c in read(path)["contributions"] if c["step"] == "swot"]
        assert [(c["text"], c["category"]) for c in notes] == expected
        assert "40 notes" in plain(screen.query_one("#runner-status", Static))

        # Select the newest note (the one just captured), delete it, undo, edit it.
        newest = expected[-1][0]
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert newest not in [c["text"] for c in read(path)["contributions"]]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [c["text"] for c in read(path)["contributions"]].count(newest) == 1
        await pilot.press("ctrl+e")
        assert field.value == newest
        await pilot.press("ctrl+u")
        await type_text(pilot, "edited")
        await pilot.press("enter")
        await pilot.pause()
        texts = [c["text"] for c in read(path)["contributions"]]
        assert "edited" in texts and newest not in texts and len(texts) == 40
        assert field.has_focus and field.value == ""


@pilot_test
async def test_steps_move_and_times_are_recorded(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runner(pilot, path)
        assert read(path)["current_step"] == "figures"
        frozen.advance(17)
        screen.tick()
        assert clock_text(-120) == "+02:00"
        assert screen.query_one("#countdown", Digits).value == "+02:00"  # 15 planned, 17 used
        assert screen.query_one("#countdown", Digits).has_class("-over")
        await pilot.press("pagedown")
        await pilot.pause()
        data = read(path)
        assert data["current_step"] == "swot"
        figures = next(s for s in data["steps"] if s["id"] == "figures")
        assert figures["ended"] - figures["started"] == dt.timedelta(minutes=17)
        assert screen.query_one("#countdown", Digits).value == "45:00"
        assert "15→17′" in plain(screen.query_one("#agenda", Static))  # planned → actual, overrun in red
        await pilot.press("pageup")
        await pilot.pause()
        assert read(path)["current_step"] == "figures"


@pilot_test
async def test_decision_log_from_a_brainstorm_step(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        await type_text(pilot, "half typed")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog))
        dialog = app.screen
        marks = {b.name: b.render().plain for b in dialog.query(MarkedRadioButton)}
        assert "●" in marks["decision"] and "●" not in marks["parking_lot"]  # as the footer says, not by colour
        await type_text(pilot, "Water tariffs: ask the utility")
        await pilot.press("f4")
        await pilot.pause()
        marks = {b.name: b.render().plain for b in dialog.query(MarkedRadioButton)}
        assert "●" in marks["parking_lot"] and "●" not in marks["decision"]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
        item = read(path)["decisions"][-1]
        assert item["kind"] == "parking_lot" and item["text"] == "Water tariffs: ask the utility"
        assert item["step"] == "swot"
        field = screen.query_one(BrainstormView).query_one("#capture", Input)
        assert field.has_focus and field.value == "half typed"  # nothing typed is lost
        await pilot.press("pagedown")  # text not captured yet: the step does not change under it
        await pilot.pause()
        assert screen.ctx.session.current_step == "swot" and field.value == "half typed"


@pilot_test
async def test_logged_items_are_edited_reclassified_and_deleted_from_any_step(example_plan: Path,
                                                                             frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        for text in ("Water tariffs: ask the utility", "Survey exporters"):
            await pilot.press("ctrl+d")
            await until(pilot, lambda: isinstance(app.screen, DecisionDialog))
            await type_text(pilot, text)
            await pilot.press("f4", "enter")
            await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, DecisionLogScreen))
        log = app.screen.query_one(DecisionLog)
        assert log.selected() is not None and log.selected().text == "Survey exporters"  # the last one logged
        await pilot.press("up")
        await pilot.press("e")  # the parked item became a decision: reclassify and reword it
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog))
        dialog = app.screen
        assert dialog.query_one("#decision-text", Input).value == "Water tariffs: ask the utility"
        await pilot.press("f2")
        await keys_together(pilot, *" this month")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DecisionLogScreen))
        items = {d["text"]: d for d in read(path)["decisions"]}
        edited = items["Water tariffs: ask the utility this month"]
        assert edited["kind"] == "decision" and edited["step"] == "swot"
        ours = [d["text"] for d in read(path)["decisions"] if d.get("step") == "swot"]
        assert ours == ["Water tariffs: ask the utility this month", "Survey exporters"]  # in place, not added
        log.options.focus()
        log.select(edited["id"])
        before = [d["text"] for d in read(path)["decisions"]]
        await pilot.press("x")
        await pilot.pause()
        assert [d["text"] for d in read(path)["decisions"]] == [t for t in before if t != edited["text"]]
        await pilot.press("u")
        await pilot.pause()
        assert [d["text"] for d in read(path)["decisions"]] == before  # back where it was
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pilot_test
async def test_a_long_prompt_says_it_is_cut_and_ctrl_g_shows_it_whole(example_plan: Path, frozen: FrozenClock,
                                                                     size: tuple[int, int]) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=size) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        await pilot.pause()
        whole = screen.ctx.text(screen.current_step())
        shown = plain(screen.query_one("#step-prompt", Static))
        if size == (80, 24):
            assert screen.prompt_cut and "…" in shown and "ctrl+g" in shown  # never cut silently
            await pilot.press("ctrl+g")
            await pilot.pause()
            assert " ".join(plain(screen.query_one("#step-prompt", Static)).split()) == " ".join(whole.split())
            assert screen.query_one("#step-prompt").region.height >= len(whole) // 60  # all its lines on screen
            await pilot.press("ctrl+g")
            await pilot.pause()
            assert "…" in plain(screen.query_one("#step-prompt", Static))
        else:  # room for six lines: the prompt whole, no key needed
            assert not screen.prompt_cut and " ".join(shown.split()) == " ".join(whole.split())


@pilot_test
async def test_room_mode_shows_the_captured_items(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        await type_text(pilot, "Skilled winemakers")
        await pilot.press("enter")
        await pilot.press("ctrl+r")
        await pilot.pause()
        room = screen.query_one(RoomPanel)
        assert room.display and screen.has_class("-room")
        assert "Skilled winemakers" in room.query_one(WallView).painted.plain
        assert "SWOT WALL" in plain(room.query_one("#room-title", Static))
        assert app.theme == "facilitator-contrast"
        await type_text(pilot, "Export demand")  # capture keeps working in room mode
        await pilot.press("enter")
        await pilot.pause()
        assert "Export demand" in room.query_one(WallView).painted.plain
        assert "Export demand" in [c["text"] for c in read(path)["contributions"]]
        field = screen.query_one(BrainstormView).query_one("#capture", Input)
        await type_text(pilot, "Boat ")
        field.post_message(events.Paste("tours\n\nRiver beaches\n"))  # a pasted list: a note a line
        await pilot.pause()
        assert {"Boat tours", "River beaches"} <= {c["text"] for c in read(path)["contributions"]}
        assert field.value == ""  # the box is empty: every line is a note, none half-typed
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not room.display and app.theme != "facilitator-contrast"


@pilot_test
async def test_close_session_moves_findings_into_the_plan(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    revision = read(example_plan / "plan.toml")["revision"]
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        for text in ("Skilled winemakers", "Few export skills"):
            await type_text(pilot, text)
            await pilot.press("enter")
            await pilot.press("tab")
        await pilot.pause()
        notes = {c["text"]: c["id"] for c in read(path)["contributions"]}
        await goto_step(pilot, screen, "consolidate")
        assert "Skilled winemakers" in plain(screen.query_one("#consolidate-preview", Static))
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
    plan = read(example_plan / "plan.toml")
    assert plan["revision"] == revision + 1
    assert (example_plan / "history" / f"plan-r{revision + 1}.toml").exists()
    by_text = {f["text"]: f for f in plan["findings"]}
    assert by_text["Skilled winemakers"]["sources"] == [notes["Skilled winemakers"]]
    assert by_text["Skilled winemakers"]["kind"] == "strength"
    assert by_text["Few export skills"]["kind"] == "weakness"
    assert read(path)["status"] == "closed"


# --- snapshots -------------------------------------------------------------------------------------------------

def _snapshot_session(folder: Path) -> None:
    """A running SWOT step with a few notes, at a fixed time."""
    path = start_session(folder)
    kit = load_kits(folder).get("joint-diagnosis")
    assert kit is not None
    with PlanStore.open(folder) as store:
        handle = store.open_session(path)
        session = handle.model
        agenda.start_step(session, kit, "figures", at=START)
        agenda.start_step(session, kit, "swot", at=START + dt.timedelta(minutes=16))
        for text, category in (("Old vines and a known grape", "strength"), ("Few firms export", "weakness"),
                               ("Wine tourism is growing", "opportunity"), ("Imports from Chile", "threat"),
                               ("Strong local cooperative", "strength")):
            capture.add(session, "swot", text, category, at=START + dt.timedelta(minutes=20))
        store.save_session(handle)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_snapshot_runner(snap_compare: Any, example_plan: Path, frozen: FrozenClock, size: tuple[int, int]) -> None:
    _snapshot_session(example_plan)
    frozen.at = START + dt.timedelta(minutes=30)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        newest = max(session_files(example_plan))
        await pilot.app.run_action(("app", "run_session", (read(newest)["id"],)))
        await until(pilot, lambda: isinstance(pilot.app.screen, RunnerScreen))
        await pilot.pause()

    assert snap_compare(ClusterApp(example_plan), terminal_size=size, run_before=run_before)


@pilot_test
async def test_enter_on_an_open_session_continues_it(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")  # the sessions view: the new session is the last row
        await pilot.pause()
        await pilot.press(*["down"] * 6, "enter")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
        screen = app.screen
        assert isinstance(screen, RunnerScreen) and screen.ctx.handle.path == path.resolve()
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, RunnerScreen))


@pilot_test
async def test_a_failed_save_is_shown_and_the_note_kept(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        screen.ctx.state.store.read_only = True  # as if another instance had taken the plan
        await type_text(pilot, "kept on screen")
        await pilot.press("enter")
        await pilot.pause()
        assert "NOT SAVED" in plain(screen.query_one("#runner-status", Static))
        assert "kept on screen" in [c.text for c in screen.ctx.session.contributions]
        assert "kept on screen" not in path.read_text(encoding="utf-8")
        screen.ctx.state.store.read_only = False
        await type_text(pilot, "next")
        await pilot.press("enter")
        await pilot.pause()
        texts = [c["text"] for c in read(path)["contributions"]]
        assert "kept on screen" in texts and "next" in texts  # the next save writes both
        assert "NOT SAVED" not in plain(screen.query_one("#runner-status", Static))


@pilot_test
async def test_ctrl_q_with_an_idea_typed_but_not_captured_asks_first(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        field = screen.query_one(BrainstormView).query_one("#capture", Input)
        assert not screen.has_unsaved_changes()
        await type_text(pilot, "ferry")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
        assert field.value == "ferry" and app.return_code is None
        await pilot.press("enter")  # captured: written at once, nothing left to lose
        await until(pilot, lambda: field.value == "")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: app.return_code is not None)
    assert any(c["text"] == "ferry" for c in read(path)["contributions"])


@pilot_test
async def test_ctrl_q_in_the_decision_dialog_with_text_typed_asks_first(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog))
        dialog = app.screen
        await type_text(pilot, "Hire a cluster manager")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is dialog)
        assert dialog.query_one("#decision-text", Input).value == "Hire a cluster manager"
        assert app.return_code is None
