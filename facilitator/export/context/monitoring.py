"""The monitoring and evaluation section: review cadence, measurement schedule, progress and lights."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from facilitator import monitoring as mon
from facilitator.evaluation import PERIOD_MONTHS, add_months
from facilitator.export import charts
from facilitator.export.context.indicators import LIGHTS, share
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import (
    FREQUENCIES,
    STATUSES,
    label,
)
from facilitator.model import Plan


def monitoring_section(plan: Plan, f: Fmt, today: dt.date, indicator_groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Review cadence, measurement schedule, progress of every indicator, lights of objectives and actions."""
    schedule = []
    bars = []
    for ind in plan.indicators:
        status = mon.indicator_status(ind)
        last = status.latest
        months = PERIOD_MONTHS.get(str(ind.frequency)) if ind.frequency else None
        due: dt.date | None = None
        if months and last is not None:
            due = add_months(last.date, months)
        elif months and ind.baseline_year is not None:
            due = add_months(dt.date(ind.baseline_year, 12, 31), months)
        schedule.append({"code": ind.code, "name": text(ind.name), "frequency": label(FREQUENCIES, ind.frequency),
                         "responsible": text(ind.responsible), "source": text(ind.source),
                         "last": f.date(last.date, "medium") if last else "",
                         "due": f.date(due, "medium") if due else "", "overdue": bool(due and due < today)})
        word = label(LIGHTS, str(status.light))
        shown = f"{share(status.progress, f)} \u00b7 {word}" if status.progress is not None else word
        bars.append(charts.Progress(ind.code, status.progress, status.expected, shown))
    objectives = []
    for st in mon.plan_status(plan):
        objectives.append({
            "code": st.objective.code, "title": text(st.objective.title), "light": str(st.light),
            "light_word": label(LIGHTS, str(st.light)),
            "indicators": ", ".join(f"{s.indicator.code}" for s in st.indicators),
            "actions": _("{done} of {total}").format(done=st.actions_done, total=st.actions_total)
            if st.actions_total else "\u2013",
            "percent": f.percent(st.percent_done / 100) if st.percent_done is not None else "\u2013"})
    attention = []
    counts: Counter[str] = Counter()
    for a in plan.actions:
        state = mon.action_status(a, today)
        counts[str(state.light)] += 1
        if state.light in (mon.Light.red, mon.Light.amber):
            attention.append({"code": a.code, "title": text(a.title), "light": str(state.light),
                              "light_word": label(LIGHTS, str(state.light)), "status": label(STATUSES, a.status),
                              "end": f.month(a.end), "late": state.late,
                              "progress": f.percent(a.progress / 100),
                              "expected": f.percent(round(state.expected) / 100) if state.expected is not None else ""})
    cadence = text(plan.governance.meeting_cadence)
    frequencies: dict[str, list[str]] = defaultdict(list)
    for ind in plan.indicators:
        frequencies[str(ind.frequency or "")].append(ind.code)
    return {
        "cadence": cadence,
        "frequencies": [{"frequency": label(FREQUENCIES, k), "codes": ", ".join(frequencies[k])}
                        for k in FREQUENCIES if frequencies.get(k)]
        + ([{"frequency": _("not set"), "codes": ", ".join(frequencies[""])}] if frequencies.get("") else []),
        "schedule": schedule,
        "progress_chart": charts.progress(bars, expected_label=_("expected by the date of the latest measurement"),
                                          title=_("Progress of the indicators toward their final targets"),
                                          percent_space=f.percent_space()),
        "objectives": objectives,
        "attention": attention,
        "action_lights": [{"light": k, "light_word": label(LIGHTS, k), "count": str(counts[k])}
                          for k in ("green", "amber", "red") if counts[k]],
        "measured": str(sum(1 for i in plan.indicators if i.measurements)),
        "indicators": str(len(plan.indicators)),
        "today": f.date(today),
    }
