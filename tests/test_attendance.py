"""Attendance at the door and during a session (issue 10): the roll written when a session starts (absent
invitees as `present = false`), the search that finds a person by a few letters, the venue and
facilitator offered from the last session; then, driven by real keys, the new-session screen's fast path
(the same keys as bench/keys_attendance.py), search that never marks, a newcomer removed, cancel and
Escape that write nothing, and the runner's attendance dialog. Files are read back with `tomllib`.
"""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot import pilot_test, settle, type_text, until
from textual.widgets import Input

from facilitator import app as app_module
from facilitator import i18n
from facilitator.app import ClusterApp
from facilitator.engine import attendance, sessions
from facilitator.kits import load_kits
from facilitator.model import Session, Stakeholder
from facilitator.problems import Level, PlanError, Problem
from facilitator.screens.attendance_list import ABSENT_MARK, PRESENT_MARK, AttendanceList
from facilitator.screens.confirm import ConfirmScreen
from facilitator.screens.dashboard import DashboardScreen
from facilitator.screens.new_session import AttendanceDialog, NewSessionScreen
from facilitator.screens.runner import RunnerScreen
from facilitator.store import PlanStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import keys_attendance as door  # the key-count scenario: its keys are the ones tested here
from keycount import Keys

DAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def spanish_ui(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """plan.toml and every session file, byte for byte."""
    return {p.name: p.read_bytes() for p in [folder / "plan.toml", *sorted((folder / "sessions").glob("*.toml"))]}


def start(folder: Path, present: int, day: dt.date = DAY, venue: str = "", facilitator: str = "") -> Path:
    kit = load_kits(folder).get("joint-diagnosis")
    assert kit is not None
    with PlanStore.open(folder) as store:
        people = [s.id for s in store.plan.stakeholders]
        return sessions.start(store, kit, day, venue=venue, facilitator=facilitator, present=people[:present],
                              absent=people[present:]).path


def names(people: AttendanceList) -> list[str]:
    return [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]


async def new_session(pilot: Any) -> tuple[NewSessionScreen, AttendanceList]:
    await settle(pilot)
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, NewSessionScreen))
    await pilot.pause()
    screen = pilot.app.screen
    return screen, screen.query_one("#ns-people", AttendanceList)


# --- the core ---------------------------------------------------------------------------------------------------

def test_the_roll_keeps_invitees_who_did_not_come() -> None:
    rows = attendance.roll(["stk-a", "stk-b", "stk-c"], ["stk-c", "stk-a"])
    assert [(r.stakeholder, r.present) for r in rows] == [("stk-a", True), ("stk-b", False), ("stk-c", True)]


def test_search_folds_case_and_accents_and_prefers_a_word_of_the_name() -> None:
    people = [Stakeholder(id="stk-1", name="Inés Pérez", organization="Silvicultura SA"),
              Stakeholder(id="stk-2", name="Fernando Silva", organization="UTEC"),
              Stakeholder(id="stk-3", name="Carla Núñez")]
    assert attendance.matches(people[2], "NUNEZ") and attendance.matches(people[0], "ines")
    assert attendance.best_match(people, "sil") == 1  # a word of a name before an organisation containing it
    assert attendance.best_match(people, "cultura") == 0
    assert attendance.best_match(people, "xyz") is None


def test_venue_and_facilitator_come_from_the_latest_session_that_gave_them() -> None:
    def session(day: int, venue: str = "", facilitator: str = "") -> Session:
        return Session(id=f"ses-{day}", workshop="vision", title="t", date=dt.date(2026, 5, day), venue=venue,
                       facilitator=facilitator)

    earlier = [session(20, "Sala 3"), session(2, "Casa del Vino", "Ana"), session(9, "", "Beatriz")]
    assert attendance.last_details(earlier) == ("Sala 3", "Beatriz")
    assert attendance.last_details([]) == ("", "")


# --- the new-session screen ---------------------------------------------------------------------------------------

@pilot_test
async def test_the_door_scenario_keys_write_present_absent_and_newcomers(tmp_path: Path) -> None:
    folder = door.make_plan(tmp_path / "plan")
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = Keys(pilot)
        await door.take_attendance(keys, app)
        assert keys.keys <= door.TARGET
    created = list((folder / "sessions").glob("*.toml"))
    assert len(created) == 1
    session = read(created[0])
    plan = read(folder / "plan.toml")
    ids = {s["name"]: s["id"] for s in plan["stakeholders"]}
    marks = {row["stakeholder"]: row.get("present", True) for row in session["attendance"]}
    assert session["workshop"] == "joint-diagnosis" and len(session["attendance"]) == 14
    assert {name for name, _org in door.INVITED if not marks[ids[name]]} == set(door.ABSENT)
    for name, org in door.NEWCOMERS:  # in the plan now, with their organisation, present
        person = next(s for s in plan["stakeholders"] if s["name"] == name)
        assert person["organization"] == org and person["kind"] == "firm" and marks[person["id"]] is True
    assert sum(marks.values()) == 12


@pilot_test
async def test_letters_search_and_never_mark(tmp_path: Path) -> None:
    folder = door.make_plan(tmp_path / "plan")
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, people = await new_session(pilot)
        theme = app.theme
        await type_text(pilot, "nunez")  # no accent typed: Carla Núñez is found
        assert people.present == set() and [p.name for p in people.shown] == ["Carla Núñez"]
        await type_text(pilot, "q")  # an app key (quit) typed in a search is a letter, nothing else
        assert app.screen is screen and people.search == "nunezq" and people.shown == []
        await pilot.press("backspace")
        assert [p.name for p in people.shown] == ["Carla Núñez"]
        await pilot.press("escape")  # clears the search; does not ask to leave
        assert app.screen is screen and people.search == "" and len(people.shown) == 12
        await type_text(pilot, "t")
        assert app.theme == theme and people.present == set()
        await pilot.press("space")  # marks the one found, and the search is done
        assert people.highlighted is not None and people.shown[people.highlighted].name == "Bruno Castro"
        assert len(people.shown) == 12
        assert people.present == {"stk-02"}
        assert names(people)[1].startswith(f"{PRESENT_MARK} Bruno Castro")
        assert names(people)[0].startswith(f"{ABSENT_MARK} Ana Pereira")
        await pilot.press("ctrl+a")
        assert all(n.startswith(PRESENT_MARK) for n in names(people))
        await pilot.press("ctrl+a")  # again: no one
        assert all(n.startswith(ABSENT_MARK) for n in names(people))


@pilot_test
async def test_a_mistaken_newcomer_is_removed_and_the_plan_waits_for_the_start(tmp_path: Path) -> None:
    folder = door.make_plan(tmp_path / "plan")
    plan_before = (folder / "plan.toml").read_bytes()
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, people = await new_session(pilot)
        await pilot.press("ctrl+n")
        for name in ("Persona Equivocada", "Rosa Luna"):
            await type_text(pilot, name)
            await pilot.press("enter")
            await type_text(pilot, "Bodega Nueva")
            await pilot.press("enter")
        assert screen.query_one("#qa-name", Input).has_focus  # ready for the next one
        assert names(people)[-1].endswith("(nuevo/a)")  # marked new, in the plan's language
        await pilot.press("escape")  # back to the list
        await type_text(pilot, "ana")  # Ana Pereira, an invitee: not removable
        await pilot.press("delete")
        assert len(people.people) == 14
        await pilot.press("escape")
        await type_text(pilot, "equivo")
        await pilot.press("delete")
        assert [p.name for p in people.newcomers] == ["Rosa Luna"] and len(people.people) == 13
        assert (folder / "plan.toml").read_bytes() == plan_before  # nobody joins the plan before the start
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
    plan = read(folder / "plan.toml")
    assert [s["name"] for s in plan["stakeholders"][12:]] == ["Rosa Luna"]
    session = read(next((folder / "sessions").glob("*.toml")))
    present = [row["stakeholder"] for row in session["attendance"] if row.get("present", True)]
    assert present == [plan["stakeholders"][12]["id"]]  # only the newcomer marked; the twelve absent
    assert len(session["attendance"]) == 13


@pilot_test
async def test_escape_asks_and_a_cancel_writes_nothing(tmp_path: Path) -> None:
    folder = door.make_plan(tmp_path / "plan")
    before = snapshot(folder)
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, people = await new_session(pilot)
        await pilot.press("ctrl+a", "ctrl+n")
        await type_text(pilot, "Recién Llegada")
        await pilot.press("escape", "escape")  # out of the form (the name kept), then leave?
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")  # keep editing: everything still there
        await until(pilot, lambda: app.screen is screen)
        assert len(people.present) == 12 and screen.query_one("#qa-name", Input).value == "Recién Llegada"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
    assert snapshot(folder) == before


@pilot_test
async def test_venue_and_facilitator_are_offered_from_the_last_session(tmp_path: Path) -> None:
    folder = door.make_plan(tmp_path / "plan")
    start(folder, 12, DAY - dt.timedelta(days=30), venue="Casa del Vino", facilitator="Ana Pérez")
    start(folder, 12, DAY - dt.timedelta(days=60), venue="Sala vieja", facilitator="Otro")
    before = snapshot(folder)
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _people = await new_session(pilot)
        assert screen.query_one("#ns-venue", Input).value == "Casa del Vino"
        assert screen.query_one("#ns-facilitator", Input).value == "Ana Pérez"
        await pilot.press("escape")  # nothing entered yet: leaves without a question
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert snapshot(folder) == before
        _screen, _people = await new_session(pilot)
        await pilot.press("ctrl+a", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
        path = Path(app.screen.ctx.handle.path)
    session = read(path)
    assert (session["venue"], session["facilitator"]) == ("Casa del Vino", "Ana Pérez")


@pilot_test
async def test_at_80x24_every_invitee_shows_whole(tmp_path: Path) -> None:
    folder = door.make_plan(tmp_path / "plan")
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, _people = await new_session(pilot)
        await pilot.press("ctrl+n")
        long_name = "Sofía Rodríguez de la Torre y Villanueva"
        await type_text(pilot, long_name)
        await pilot.press("enter")
        await type_text(pilot, "Bodega Las Piedras del Oriente")
        await pilot.press("enter", "escape")

        def shown() -> str:
            return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

        # Escape closes the newcomer's fields; once the list has their lines back, no row needs scrolling
        await until(pilot, lambda: all(f"{name}  {org}" in shown() for name, org in door.INVITED), seconds=10)
        screen_text = shown()
        for name, org in door.INVITED:
            assert f"{name}  {org}" in screen_text, screen_text  # all twelve on screen, none cut
        assert long_name in screen_text  # a long one wraps, it is not cut
        assert "13" in screen_text.splitlines()[-2]  # the count under the list


# --- the runner's attendance dialog -------------------------------------------------------------------------------

async def open_dialog(pilot: Any, path: Path) -> tuple[AttendanceDialog, AttendanceList]:
    await settle(pilot)
    await pilot.app.run_action(("app", "run_session", (read(path)["id"],)))
    await until(pilot, lambda: isinstance(pilot.app.screen, RunnerScreen))
    await pilot.pause()
    await pilot.press("ctrl+t")
    await until(pilot, lambda: isinstance(pilot.app.screen, AttendanceDialog))
    await pilot.pause()
    dialog = pilot.app.screen
    return dialog, dialog.query_one("#att-people", AttendanceList)


@pilot_test
async def test_the_dialog_asks_before_dropping_marks_and_writes_nothing_when_dropped(tmp_path: Path) -> None:
    folder = door.make_plan(tmp_path / "plan")
    path = start(folder, 10)
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog, people = await open_dialog(pilot, path)
        before = snapshot(folder)  # the runner has opened the session and its first step
        assert len(people.present) == 10
        await type_text(pilot, "mart")
        await pilot.press("space", "ctrl+n")
        await type_text(pilot, "Llegó Tarde")
        await pilot.press("enter", "enter", "escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is dialog)
        assert "stk-08" not in people.present and [p.name for p in people.newcomers] == ["Llegó Tarde"]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
        assert "stk-08" in app.screen.ctx.session.present()  # nothing half-applied in memory either
    assert snapshot(folder) == before


@pilot_test
async def test_the_dialog_saves_changed_marks_and_a_newcomer_with_ctrl_s(tmp_path: Path) -> None:
    folder = door.make_plan(tmp_path / "plan")
    path = start(folder, 10)  # stk-11 and stk-12 recorded absent
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        _dialog, _people = await open_dialog(pilot, path)
        await type_text(pilot, "luc")  # Lucía Benítez arrives late
        await pilot.press("space")
        await type_text(pilot, "ana")  # Ana Pereira leaves
        await pilot.press("space", "ctrl+n")
        await type_text(pilot, "Nadia Vega")
        await pilot.press("enter")
        await type_text(pilot, "Bodega Vega")
        await pilot.press("ctrl+s")  # the newcomer still in the form is saved too
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
    session = read(path)
    plan = read(folder / "plan.toml")
    nadia = next(s for s in plan["stakeholders"] if s["name"] == "Nadia Vega")
    marks = {row["stakeholder"]: row.get("present", True) for row in session["attendance"]}
    assert marks["stk-11"] is True and marks["stk-01"] is False and marks["stk-12"] is False
    assert marks[nadia["id"]] is True and nadia["organization"] == "Bodega Vega"
    assert sum(marks.values()) == 11


@pilot_test
async def test_a_refused_save_keeps_the_dialog_and_changes_nothing(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = door.make_plan(tmp_path / "plan")
    path = start(folder, 10)
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog, people = await open_dialog(pilot, path)
        before = snapshot(folder)

        def refuse(*_args: Any, **_kwargs: Any) -> None:
            raise PlanError(Problem("disk-full", Level.error, str(path), "no space left on the device"))

        monkeypatch.setattr(PlanStore, "save_session", refuse)
        await type_text(pilot, "ana")
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "stk-01" not in people.present  # still there to save again
        assert dialog.query_one("#att-error").has_class("-shown")
        assert "stk-01" in dialog.ctx.session.present()  # the model as the file has it
    assert snapshot(folder) == before
