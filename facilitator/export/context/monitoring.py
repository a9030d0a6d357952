"""The monitoring and evaluation section: review cadence, measurement schedule, progress and lights."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from facilitator import evaluation
from facilitator import monitoring as mon
from facilitator.evaluation import PERIOD_MONTHS, CalendarRow, add_months
from facilitator.export import charts
from facilitator.export.context.indicators import LIGHTS, share
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import (
    EXPENSE_CATEGORIES,
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
        "me_plan": me_plan(plan, f),
        "calendar": calendar_table(plan, f),
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


CALENDAR_COLUMNS = 20
"""At most this many periods across the page: quarters for up to five years, else half-years or years."""


def me_plan(plan: Plan, f: Fmt) -> list[dict[str, str]]:
    """The settings of `[monitoring]` as (label, value) rows; empty when none is set."""
    me = plan.monitoring
    rows = [(_("Responsible for monitoring and evaluation"), text(me.responsible)),
            (_("Plan reviews"), ", ".join(f.date(d, "medium") for d in sorted(me.reviews))
             or label(FREQUENCIES, me.review_frequency) if me.review_frequency or me.reviews else ""),
            (_("Mid-term evaluation"), f.date(me.midterm) if me.midterm else ""),
            (_("Final evaluation"), f.date(me.final) if me.final else "")]
    budget = f.money(me.budget, plan.currency) if me.budget is not None else ""
    spent = evaluation.budget_lines_total(plan)
    if me.budget_category is not None:
        lines = ", ".join(f.money(v, cur) for cur, v in spent.items()) or f.money(0, plan.currency)
        budget += ("; " if budget else "") + _("budget lines of “{category}”: {amount}").format(
            category=label(EXPENSE_CATEGORIES, me.budget_category), amount=lines)
    rows.append((_("Monitoring and evaluation budget"), budget))
    return [{"label": k, "value": v} for k, v in rows if v]


def calendar_table(plan: Plan, f: Fmt) -> dict[str, Any] | None:
    """The calendar as a table: a row per indicator with a frequency, then the reviews and the evaluations;
    a column per period of the plan. None when the plan has no period yet (no revision nor baseline, or no
    target year nor vision horizon)."""
    cal = evaluation.calendar(plan, CALENDAR_COLUMNS)
    if cal is None:
        return None
    count = len(cal.periods)

    def marks(row: CalendarRow) -> list[bool]:
        return [n in row.marks for n in range(count)]

    events = [(_("Reviews"), cal.reviews), (_("Mid-term"), cal.midterm), (_("Final"), cal.final)]
    return {
        "years": [str(p.year) if n == 0 or cal.periods[n - 1].year != p.year else ""
                  for n, p in enumerate(cal.periods)],
        "periods": [p.short for p in cal.periods],
        "rows": [{"code": r.indicator.code, "name": text(r.indicator.name),
                  "frequency": label(FREQUENCIES, r.indicator.frequency), "marks": marks(r)}
                 for r in cal.indicators if r.indicator is not None],
        "events": [{"what": what, "marks": marks(row)} for what, row in events if row.marks],
        "from": f.date(cal.start, "medium"),
        "to": f.date(cal.horizon, "medium"),
        "unscheduled": ", ".join(i.code for i in cal.unscheduled),
    }
