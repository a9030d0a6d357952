"""Monitoring: how far each indicator, objective and action has come, and a traffic light for each.

Pure functions of the plan and a date, shared by the TUI's monitoring view, the checks and the PDF.

Indicators. Progress is the share of the way from the baseline to the final target, in the indicator's
direction: for `increase` (latest − baseline) / (target − baseline), for `decrease` the mirror image; for
`maintain` the latest value must stay on the right side of the target (the baseline, when no target is
set), so progress is 1 or 0. The light compares progress with where a straight line from the baseline
year to the target year says the indicator should be on the date of the latest measurement:

- green: at or ahead of that line, or within a tenth of the way behind it (or the final target reached);
- amber: behind, but at least half of the expected progress;
- red: less than half of the expected progress, or moving the wrong way;
- none: nothing to compare (no measurement, no baseline or no target).

Objectives take the worst light of their indicators that have one. Actions are red when their end date
has passed and they are not done, or marked delayed; amber when their percent done is more than a quarter
behind the straight line from start to end; green otherwise; cancelled actions have no light.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from facilitator.i18n import N_
from facilitator.model import Action, ActionStatus, Direction, Indicator, Measurement, Objective, Plan, Target


class Light(StrEnum):
    green = "green"
    amber = "amber"
    red = "red"
    none = "none"


LIGHT_WORDS = {Light.green: N_("on track"), Light.amber: N_("behind"), Light.red: N_("off track"),
               Light.none: N_("no data")}
"""What each light means, in words (the TUI and the PDF print the word beside the coloured dot)."""

_ORDER = {Light.none: 0, Light.green: 1, Light.amber: 2, Light.red: 3}

ON_TRACK_SLACK = 0.1     # a tenth of the way behind the line is still on track
AMBER_SHARE = 0.5        # at least half of the expected progress is amber, less is red
ACTION_SLACK = 25        # percentage points behind the line before an action turns amber


def worst(lights: list[Light]) -> Light:
    return max(lights, key=lambda x: _ORDER[x], default=Light.none)


@dataclass(frozen=True)
class IndicatorStatus:
    indicator: Indicator
    latest: Measurement | None
    target: Target | None           # the final target (the latest year)
    progress: float | None          # 0 = baseline, 1 = final target reached; may be < 0 or > 1
    expected: float | None          # where the straight line says it should be on the latest date
    light: Light


@dataclass(frozen=True)
class ObjectiveStatus:
    objective: Objective
    indicators: list[IndicatorStatus]
    light: Light
    actions_done: int
    actions_total: int              # cancelled actions are not counted
    percent_done: float | None      # mean percent done of its actions


@dataclass(frozen=True)
class ActionStatusLight:
    action: Action
    expected: float | None          # percent done the straight line from start to end expects today
    late: bool
    light: Light


def latest(ind: Indicator) -> Measurement | None:
    """The measurement of the latest date; of two on one date, the one entered last."""
    if not ind.measurements:
        return None
    return max(enumerate(ind.measurements), key=lambda im: (im[1].date, im[0]))[1]


def final_target(ind: Indicator) -> Target | None:
    return max(ind.targets, key=lambda t: t.year) if ind.targets else None


def progress(ind: Indicator, value: float | None = None) -> float | None:
    """Share of the way from baseline to the final target that `value` (default: the latest) stands for."""
    if value is None:
        last = latest(ind)
        value = last.value if last else None
    target = final_target(ind)
    if value is None or ind.baseline is None:
        return None
    if ind.direction == Direction.maintain:
        floor = target.value if target else ind.baseline
        return 1.0 if value >= floor else 0.0
    if target is None:
        return None
    span = target.value - ind.baseline
    if ind.direction == Direction.decrease:
        span = -span
        moved = ind.baseline - value
    else:
        moved = value - ind.baseline
    if span <= 0:  # the target does not lie in the indicator's direction: reached when not worse
        return 1.0 if moved >= 0 else 0.0
    return moved / span


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


def expected(ind: Indicator, on: dt.date) -> float | None:
    """Where the straight line from the baseline year (its start) to the target year (its end) stands on `on`."""
    target = final_target(ind)
    if target is None or ind.baseline_year is None:
        return None
    begin, end = float(ind.baseline_year), float(target.year) + 1
    if end <= begin:
        return 1.0
    return min(1.0, max(0.0, (_year_fraction(on) - begin) / (end - begin)))


def light_for(done: float | None, due: float | None) -> Light:
    if done is None:
        return Light.none
    if done >= 1.0:
        return Light.green
    if done < 0:
        return Light.red
    due = 0.0 if due is None else due
    if done >= due - ON_TRACK_SLACK:
        return Light.green
    if done >= due * AMBER_SHARE:
        return Light.amber
    return Light.red


def indicator_status(ind: Indicator) -> IndicatorStatus:
    last = latest(ind)
    done = progress(ind)
    due = expected(ind, last.date) if last else None
    return IndicatorStatus(ind, last, final_target(ind), done, due, light_for(done, due))


def action_status(action: Action, today: dt.date) -> ActionStatusLight:
    if action.status == ActionStatus.cancelled:
        return ActionStatusLight(action, None, False, Light.none)
    if action.status == ActionStatus.done or action.progress >= 100:
        return ActionStatusLight(action, 100.0, False, Light.green)
    due: float | None = None
    if action.start and action.end and action.end > action.start:
        span = (action.end - action.start).days
        due = min(100.0, max(0.0, (today - action.start).days / span * 100))
    late = bool(action.end and action.end < today)
    if late or action.status == ActionStatus.delayed:
        return ActionStatusLight(action, due, late, Light.red)
    if due is not None and action.progress < due - ACTION_SLACK:
        return ActionStatusLight(action, due, late, Light.amber)
    return ActionStatusLight(action, due, late, Light.green)


def objective_status(plan: Plan, objective: Objective) -> ObjectiveStatus:
    indicators = [indicator_status(i) for i in plan.indicators_of(objective.id)]
    actions = [a for a in plan.actions_of(objective.id) if a.status != ActionStatus.cancelled]
    done = sum(1 for a in actions if a.status == ActionStatus.done or a.progress >= 100)
    mean = sum(100 if a.status == ActionStatus.done else a.progress for a in actions) / len(actions) if actions else None
    return ObjectiveStatus(objective, indicators, worst([s.light for s in indicators]), done, len(actions), mean)


def plan_status(plan: Plan) -> list[ObjectiveStatus]:
    return [objective_status(plan, o) for o in plan.objectives]
