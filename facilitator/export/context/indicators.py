"""The indicators section: one row and one sheet (with its chart) per indicator, grouped by objective."""

from __future__ import annotations

import datetime as dt
from typing import Any

from facilitator import monitoring as mon
from facilitator.export import charts
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import (
    DIRECTIONS,
    FREQUENCIES,
    LEVELS,
    label,
)
from facilitator.model import Indicator, Plan

LIGHTS = {str(k): v for k, v in mon.LIGHT_WORDS.items()}
"""The words printed beside each traffic light, so that it reads in grey and for screen readers."""


def _indicator_chart(ind: Indicator, f: Fmt, ident: str) -> str:
    baseline = (charts.Point(ind.baseline_year + 0.5, ind.baseline)
                if ind.baseline is not None and ind.baseline_year is not None else None)
    targets = [charts.Point(t.year + 0.5, t.value) for t in ind.targets]
    measured = [charts.Point(charts.year_fraction(m.date), m.value) for m in ind.measurements]
    values = [p.value for p in ([baseline] if baseline else []) + targets + measured]
    ticks = charts._ticks(min(values), max(values)) if values else []
    return charts.indicator(baseline, targets, measured,
                            charts.IndicatorLabels(_("Baseline"), _("Target"), _("Measured")),
                            {t: f.num(t) for t in ticks}, ident=ident,
                            title=_("Baseline, targets and measurements of {code} over the years").format(
                                code=ind.code), unit=text(ind.unit).strip())


def _indicator(ind: Indicator, f: Fmt, number: int, today: dt.date) -> dict[str, Any]:
    status = mon.indicator_status(ind)
    latest = status.latest
    final = status.target
    done = status.progress
    return {
        "code": ind.code, "name": text(ind.name), "definition": text(ind.definition),
        "level": label(LEVELS, ind.level), "unit": text(ind.unit), "direction": label(DIRECTIONS, ind.direction),
        "baseline": f.num(ind.baseline), "baseline_year": str(ind.baseline_year or ""),
        "baseline_shown": f.quantity(ind.baseline, ind.unit),
        "targets": [{"year": str(t.year), "value": f.num(t.value), "shown": f.quantity(t.value, ind.unit)}
                    for t in sorted(ind.targets, key=lambda t: t.year)],
        "final": f.quantity(final.value, ind.unit) if final else "",
        "final_year": str(final.year) if final else "",
        "latest": f.num(latest.value) if latest else "",
        "latest_shown": f.quantity(latest.value, ind.unit) if latest else "",
        "latest_date": f.date(latest.date, "medium") if latest else "",
        # dated after the document's "status as of" date: printed with a flag (and `check` warns)
        "latest_future": bool(latest and latest.date > today),
        "latest_note": text(latest.note) if latest else "",
        "measurements": [{"date": f.date(m.date, "medium"), "value": f.quantity(m.value, ind.unit),
                          "progress": share(mon.progress(ind, m.value), f), "note": text(m.note),
                          "future": m.date > today}
                         for m in sorted(ind.measurements, key=lambda m: m.date)],
        "progress": share(done, f),
        "expected": share(status.expected, f),
        "light": str(status.light),
        "light_word": label(LIGHTS, str(status.light)),
        "source": text(ind.source), "frequency": label(FREQUENCIES, ind.frequency),
        "responsible": text(ind.responsible),
        "chart": _indicator_chart(ind, f, f"ic{number}"),
        "number": number,
    }


def share(value: float | None, f: Fmt) -> str:
    """A progress share as a percentage (negative when the indicator moved the wrong way)."""
    if value is None:
        return ""
    return ("\u2212" if value < 0 else "") + f.percent(abs(value))


def indicators_by_objective(plan: Plan, f: Fmt, today: dt.date) -> list[dict[str, Any]]:
    groups = []
    number = 0
    for o in plan.objectives:
        rows = []
        for i in plan.indicators_of(o.id):
            number += 1
            rows.append(_indicator(i, f, number, today))
        groups.append({"code": o.code, "title": text(o.title), "indicators": rows})
    return groups
