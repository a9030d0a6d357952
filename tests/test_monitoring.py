"""Progress toward targets respects the indicator's direction; lights follow the straight line to the target."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator import monitoring as m
from facilitator.model import Action, Indicator, Plan


def _ind(direction: str = "increase", baseline: float | None = 10, target: float | None = 20,
         value: float | None = None, on: str = "2026-12-31") -> Indicator:
    data: dict = {"id": "ind-1", "code": "I1", "objective": "obj-1", "name": "x", "direction": direction,
                  "baseline": baseline, "baseline_year": 2024}
    if target is not None:
        data["targets"] = [{"year": 2025, "value": (baseline or 0)}, {"year": 2027, "value": target}]
    if value is not None:
        data["measurements"] = [{"date": "2025-01-01", "value": baseline or 0}, {"date": on, "value": value}]
    return Indicator.model_validate(data)


@pytest.mark.parametrize(("direction", "baseline", "target", "value", "share"), [
    ("increase", 10, 20, 15, 0.5),
    ("increase", 10, 20, 25, 1.5),
    ("increase", 10, 20, 5, -0.5),
    ("decrease", 60, 40, 50, 0.5),
    ("decrease", 60, 40, 70, -0.5),
    ("maintain", 90, 90, 91, 1.0),
    ("maintain", 90, 90, 80, 0.0),
])
def test_progress_respects_the_direction(direction: str, baseline: float, target: float, value: float,
                                         share: float) -> None:
    assert m.progress(_ind(direction, baseline, target, value)) == pytest.approx(share)


def test_no_light_without_a_measurement_a_baseline_or_a_target() -> None:
    assert m.indicator_status(_ind(value=None)).light == m.Light.none
    assert m.indicator_status(_ind(baseline=None, value=12)).light == m.Light.none
    assert m.indicator_status(_ind(target=None, value=12)).light == m.Light.none


def test_light_compares_progress_with_the_straight_line() -> None:
    # baseline year 2024 to the end of 2027: on 2026-01-01 half of the way is due
    on = "2026-01-01"
    assert m.indicator_status(_ind(value=15, on=on)).light == m.Light.green
    assert m.indicator_status(_ind(value=13, on=on)).light == m.Light.amber
    assert m.indicator_status(_ind(value=11, on=on)).light == m.Light.red
    assert m.indicator_status(_ind(value=9, on=on)).light == m.Light.red      # the wrong way
    assert m.indicator_status(_ind(value=21, on=on)).light == m.Light.green   # target reached early


def test_objective_takes_the_worst_light_and_counts_its_actions() -> None:
    plan = Plan.model_validate({
        "cluster": {"name": "C"},
        "objectives": [{"id": "obj-1", "code": "O1", "title": "t"}],
        "indicators": [_ind(value=15, on="2026-01-01").model_dump(),
                       {**_ind(value=11, on="2026-01-01").model_dump(), "id": "ind-2", "code": "I2"}],
        "actions": [{"id": "act-1", "code": "A1", "title": "a", "objectives": ["obj-1"], "status": "done"},
                    {"id": "act-2", "code": "A2", "title": "b", "objectives": ["obj-1"], "progress": 50},
                    {"id": "act-3", "code": "A3", "title": "c", "objectives": ["obj-1"], "status": "cancelled"}],
    })
    status = m.objective_status(plan, plan.objectives[0])
    assert status.light == m.Light.red
    assert (status.actions_done, status.actions_total, status.percent_done) == (1, 2, 75)


def test_action_lights() -> None:
    today = dt.date(2026, 7, 1)
    base = {"id": "act-1", "code": "A", "title": "t", "start": "2026-01-01", "end": "2026-12-31"}
    assert m.action_status(Action.model_validate({**base, "progress": 50}), today).light == m.Light.green
    assert m.action_status(Action.model_validate({**base, "progress": 10}), today).light == m.Light.amber
    assert m.action_status(Action.model_validate({**base, "status": "delayed", "progress": 60}), today).light == m.Light.red
    late = m.action_status(Action.model_validate({**base, "progress": 90}), dt.date(2027, 2, 1))
    assert late.late and late.light == m.Light.red
    assert m.action_status(Action.model_validate({**base, "status": "cancelled"}), today).light == m.Light.none


def test_the_latest_measurement_is_by_date_then_by_entry() -> None:
    from facilitator.model import Indicator, Measurement
    from facilitator.monitoring import latest

    ind = Indicator(id="ind-x", code="I9.9", objective="obj-x", name="x", measurements=[
        Measurement(date=dt.date(2026, 6, 30), value=1), Measurement(date=dt.date(2026, 3, 31), value=2),
        Measurement(date=dt.date(2026, 6, 30), value=3)])  # a second one on the same date, entered last
    found = latest(ind)
    assert found is not None and found.value == 3
