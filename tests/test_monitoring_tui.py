"""The monitoring view and the live problems list, driven by real key presses (Textual Pilot).

Workflows: `l` shows every objective with its light, indicators and actions and a summary of the lights;
Enter on an indicator records a measurement that lands in plan.toml (comments kept) and changes the
light; a wrong value is refused at the field, stays as typed and writes nothing; + on an action updates
its status and percent done. The problems list redraws when the checks re-run after a save, shows the
advice, and Enter opens the record concerned.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pilot import open_row, pilot_test, plain, settle, until
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.checks import check_folder
from facilitator.monitoring import LIGHT_WORDS, Light, indicator_status, plan_status
from facilitator.screens import monitoring as monitoring_screen
from facilitator.screens.confirm import ConfirmScreen
from facilitator.screens.help import HelpScreen
from facilitator.screens.monitoring import ActionDialog, MeasurementDialog, MonitoringScreen
from facilitator.screens.objectives import ObjectivesScreen
from facilitator.screens.problems import ProblemsScreen, target_of
from facilitator.screens.record_form import RecordForm
from facilitator.screens.state import PlanState
from facilitator.screens.widgets import RecordTable
from facilitator.store import PlanStore

SIZE = (100, 30)
TODAY = dt.date(2027, 3, 31)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """No disk watcher (tests reload themselves) and a fixed 'today' after the example's last measurements."""
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)
    monkeypatch.setattr(monitoring_screen, "today", lambda: TODAY)


def toml(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


def indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["code"] == code)


def cell(table: RecordTable, key: str, column: int) -> str:
    row = next(r for r in table.records if r.key == key)
    value = row.cells[column]
    return value.plain if isinstance(value, Text) else str(value)


async def open_monitoring(pilot: Pilot[Any]) -> RecordTable:
    await settle(pilot)
    await pilot.press("l")
    await until(pilot, lambda: isinstance(pilot.app.screen, MonitoringScreen))
    return pilot.app.screen.query_one(RecordTable)


async def select(pilot: Pilot[Any], table: RecordTable, key: str) -> None:
    assert table.select_key(key)
    table.focus()
    await pilot.pause()


@pilot_test
async def test_l_shows_lights_of_objectives_indicators_and_actions(example_plan: Path) -> None:
    plan = PlanStore.open(example_plan, read_only=True).plan
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_monitoring(pilot)
        keys = [r.key for r in table.records]
        for status in plan_status(plan):
            assert status.objective.code in keys
            light = cell(table, status.objective.code, 6)
            assert light.startswith(("●", "○")) and light.split(" ", 1)[1] in ("on track", "behind", "off track", "no data")
            assert light.endswith(LIGHT_WORDS[status.light])
            for s in status.indicators:
                assert cell(table, s.indicator.code, 6).endswith(LIGHT_WORDS[s.light])
        # the actions of an objective are listed under it with their percent done
        o5 = next(o for o in plan.objectives if o.code == "O5")
        a1 = plan.actions_of(o5.id)[0]
        assert cell(table, f"O5:{a1.code}", 5) == f"{a1.progress}%"
        # the summary counts the lights, and names them in words
        summary = plain(app.screen.query_one("#summary", Static))
        lights = [s.light for s in plan_status(plan)]
        assert f"{lights.count(Light.green)} on track" in summary and f"{lights.count(Light.red)} off track" in summary
        # the detail of an indicator says how to record a measurement
        await select(pilot, table, "I2.1")
        assert "records a measurement" in plain(app.screen.query_one("#detail", Static))  # whole, or its last line
        # the key is in the help
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "monitoring" in app.screen.text()


@pilot_test
async def test_a_measurement_lands_in_plan_toml_and_changes_the_light(example_plan: Path) -> None:
    before = PlanStore.open(example_plan, read_only=True).plan
    ind = next(i for i in before.indicators if i.code == "I2.1")
    assert indicator_status(ind).light == Light.green
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_monitoring(pilot)
        assert cell(table, "I2.1", 6) == "● on track"
        await select(pilot, table, "I2.1")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeasurementDialog))
        dialog = app.screen
        assert dialog.query_one("#date", Input).value == TODAY.isoformat()
        assert dialog.query_one("#value", Input).has_focus
        await pilot.press("3", "5", "tab")
        await pilot.press(*"winter")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MonitoringScreen))
        await settle(pilot)
        data = indicator(toml(example_plan), "I2.1")
        assert data["measurements"][-1] == {"date": TODAY, "value": 35, "note": "winter"}
        assert len(data["measurements"]) == len(ind.measurements) + 1
        text = (example_plan / "plan.toml").read_text(encoding="utf-8")
        assert 'objective = "obj-75vfcx"  # O2' in text  # comments kept
        table = app.screen.query_one(RecordTable)
        assert cell(table, "I2.1", 6) == "● off track"  # below the baseline: moving the wrong way
        assert cell(table, "I2.1", 3) == "35"
        assert table.current().key == "I2.1"  # the cursor stays on the indicator


@pilot_test
async def test_an_invalid_value_keeps_the_text_and_writes_nothing(example_plan: Path) -> None:
    original = (example_plan / "plan.toml").read_bytes()
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_monitoring(pilot)
        await select(pilot, table, "I1.1")
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, MeasurementDialog))
        dialog = app.screen
        await pilot.press(*"1x7")
        await pilot.pause()
        error = dialog.query_one("#err-value", Static)
        assert error.has_class("-shown") and "number" in plain(error)
        await pilot.press("enter")  # refused: the dialog stays, the text too
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one("#value", Input).value == "1x7"
        date = dialog.query_one("#date", Input)
        date.value = "2027-02-30"
        await pilot.pause()
        assert dialog.query_one("#err-date", Static).has_class("-shown")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and date.value == "2027-02-30"
        assert "that day does not exist" in plain(dialog.query_one("#err-date", Static))
        assert (example_plan / "plan.toml").read_bytes() == original
        await pilot.press("escape")  # a value is typed: asked first, and "no" keeps it
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is dialog)
        assert dialog.query_one("#value", Input).value == "1x7"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, MonitoringScreen))
        assert (example_plan / "plan.toml").read_bytes() == original


@pilot_test
async def test_the_dialog_reads_numbers_by_the_plan_language_and_says_so(example_plan: Path) -> None:
    """The shared parser (facilitator.numbers): "1,500" in the English example is 1500, shown before saving."""
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_monitoring(pilot)
        await select(pilot, table, "I2.1")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeasurementDialog))
        dialog = app.screen
        await pilot.press(*"1,500")
        await pilot.pause()
        shown = dialog.query_one("#err-value", Static)
        assert shown.has_class("-shown") and shown.has_class("-note") and "read as 1500" in plain(shown)
        assert not dialog.query_one("#value", Input).has_class("-invalid")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MonitoringScreen))
        assert indicator(toml(example_plan), "I2.1")["measurements"][-1]["value"] == 1500


@pilot_test
async def test_an_action_update_saves_status_and_percent(example_plan: Path) -> None:
    plan = PlanStore.open(example_plan, read_only=True).plan
    o5 = next(o for o in plan.objectives if o.code == "O5")
    action = plan.actions_of(o5.id)[0]
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_monitoring(pilot)
        key = f"O5:{action.code}"
        await select(pilot, table, key)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, ActionDialog))
        dialog = app.screen
        progress = dialog.query_one("#progress", Input)
        assert progress.value == str(action.progress)
        progress.value = "150"
        await pilot.pause()
        assert dialog.query_one("#err-progress", Static).has_class("-shown")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert next(a for a in toml(example_plan)["actions"] if a["code"] == action.code)["progress"] == action.progress
        progress.value = "60"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MonitoringScreen))
        await settle(pilot)
        saved = next(a for a in toml(example_plan)["actions"] if a["code"] == action.code)
        assert saved["progress"] == 60 and saved["status"] == action.status
        assert cell(app.screen.query_one(RecordTable), key, 5) == "60%"
        # done: the percent follows
        await select(pilot, app.screen.query_one(RecordTable), key)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ActionDialog))
        app.screen.query_one("#status", Select).value = "done"
        await pilot.pause()
        assert app.screen.query_one("#progress", Input).value == "100"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MonitoringScreen))
        saved = next(a for a in toml(example_plan)["actions"] if a["code"] == action.code)
        assert saved["status"] == "done" and saved["progress"] == 100


@pilot_test
async def test_problems_redraw_after_a_save_show_advice_and_open_the_record(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        screen = app.screen
        table = screen.query_one(RecordTable)
        assert not [r for r in table.records if r.data is not None and r.data.level != "info"]
        state = app.state
        assert state is not None
        ind = next(i for i in state.plan.indicators if i.code == "I2.1")
        state.update({"baseline": None}, target=ind)  # a save made elsewhere (another view)
        app.plan_saved()
        await settle(pilot)
        await until(pilot, lambda: any(r.data is not None and r.data.record == "I2.1" for r in table.records))
        assert app.screen is screen
        row = next(r for r in table.records if r.data is not None and r.data.record == "I2.1")
        assert row.data.check == "indicator-incomplete"
        table.select_key(row.key)
        table.focus()
        await pilot.pause()
        detail = plain(screen.query_one("#detail", Static))
        assert "What to do: add baseline" in detail
        await pilot.press("enter")  # straight to the indicator's form, over its row in the objectives view
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        assert "I2.1" in app.screen.form_title
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ObjectivesScreen))
        assert app.screen.query_one(RecordTable).current().key == "I2.1"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        assert app.screen is screen


def test_each_problem_leads_to_the_view_of_its_record(example_plan: Path) -> None:
    path = example_plan / "plan.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('name = "Colonia Tourism Cluster"', 'name = "Colonia Tourism Cluster"\nmotto = "x"', 1)
    text = text.replace('metric = "Annual average hotel occupancy"',
                        'metric = "Annual average hotel occupancy"\ncolour = "red"', 1)
    path.write_text(text.replace('objectives = ["obj-iqvjk5"]  # O5', "objectives = []", 1), encoding="utf-8")
    session = example_plan / "sessions" / "2026-07-09-indicators.toml"
    session.write_text(session.read_text(encoding="utf-8").replace('status = "closed"', 'status = "open"', 1),
                       encoding="utf-8")
    with PlanStore.open(example_plan, read_only=True) as store:
        state = PlanState(store, None)  # type: ignore[arg-type]
        state.load_sessions()
        by_check = {(p.check, p.key.split("[")[0] if p.key else ""): p for p in check_folder(example_plan)}
        plan = store.plan
        assert target_of(state, by_check["action-no-objective", "actions"]) == ("actions", plan.actions[0].code)
        benchmark = next(b for b in plan.benchmarks if b.metric == "Annual average hotel occupancy")
        assert target_of(state, by_check["unknown-key", "benchmarks"]) == ("benchmarks", benchmark.id)
        assert target_of(state, by_check["unknown-key", "cluster.motto"]) == ("profile", None)
        assert target_of(state, by_check["session-open", "status"]) == ("sessions", "ses-f5npe2")


@pilot_test
async def test_a_plan_changed_on_disk_is_not_overwritten_and_the_typed_value_stays(example_plan: Path) -> None:
    plan_file = example_plan / "plan.toml"
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_monitoring(pilot)
        await select(pilot, table, "I2.1")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeasurementDialog))
        dialog = app.screen
        await pilot.press("4", "4")
        # Someone edits the plan in a text editor meanwhile.
        edited = plan_file.read_text(encoding="utf-8").replace('sector = "', 'sector = "Edited outside: ', 1)
        plan_file.write_text(edited, encoding="utf-8")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert plan_file.read_text(encoding="utf-8") == edited  # nothing written over the outside change
        ind = next(i for i in app.state.plan.indicators if i.code == "I2.1")
        assert all(m.value != 44 for m in ind.measurements)  # the view shows nothing that is not on disk
        await pilot.press("y")  # reload
        await settle(pilot)
        assert app.screen is dialog and dialog.query_one("#value", Input).value == "44"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MonitoringScreen))
    data = toml(example_plan)
    assert data["cluster"]["sector"].startswith("Edited outside: ")
    values = [m["value"] for m in indicator(data, "I2.1")["measurements"]]
    assert values.count(44) == 1 and values[-1] == 44


@pilot_test
async def test_read_only_plan_opens_no_entry_dialog(example_plan: Path) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    holder = PlanStore.open(example_plan)
    try:
        app = ClusterApp(example_plan)
        async with app.run_test(size=SIZE) as pilot:
            table = await open_monitoring(pilot)
            await select(pilot, table, "I2.1")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MonitoringScreen)
            assert any("read-only" in n.message for n in app._notifications)
    finally:
        holder.close()
    assert (example_plan / "plan.toml").read_bytes() == before


@pilot_test
async def test_a_second_measurement_on_a_date_asks_replace_or_keep_both(example_plan: Path) -> None:
    def on_june_30() -> list[float]:
        ind = next(i for i in tomllib.loads((example_plan / "plan.toml").read_text(encoding="utf-8"))["indicators"]
                   if i["code"] == "I1.2")
        return [m["value"] for m in ind["measurements"] if m["date"] == dt.date(2026, 6, 30)]

    original = on_june_30()
    assert len(original) == 1
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for answer, value, expected in (("escape", "99", original), ("y", "99", [99]), ("n", "98", [99, 98])):
            dialog = await open_row(pilot, "l", "I1.2", MeasurementDialog)
            dialog.query_one("#date", Input).value = "2026-06-30"
            dialog.query_one("#value", Input).value = value
            await pilot.pause()
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            assert "already has a measurement on 2026-06-30" in plain(app.screen.query_one(".question", Static))
            await pilot.press(answer)
            if answer == "escape":  # back to the dialog, what was typed kept, nothing written
                await until(pilot, lambda d=dialog: app.screen is d)
                assert dialog.query_one("#value", Input).value == "99"
                assert on_june_30() == expected
                await pilot.press("escape")
                await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
                await pilot.press("y")  # drop the typed value
            await until(pilot, lambda: isinstance(app.screen, MonitoringScreen))
            assert on_june_30() == expected
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, MonitoringScreen))
