"""The monitoring and evaluation plan: its period, its calendar (when each indicator is measured, when the
plan is reviewed and evaluated) and the dates the checks find out of place.

Pure functions of the plan, shared by the TUI's calendar view, the checks and the PDF.

The plan's period runs from its start — the date of its first recorded revision, else the first of January
after the earliest baseline year — to its horizon: the end of the last target year of its indicators, else
of the vision's horizon. The calendar covers that period, stretched to hold the final evaluation and the
review dates set by hand. Each indicator is measured every period of its frequency, counted from its latest
measurement (else from the end of its baseline year) backwards and forwards; an indicator measured `once` is
measured at the end of its last target year unless it has been already. The calendar is cut into quarters,
half-years or years: the shortest that keeps it within `max_periods` columns (a page, a terminal).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from facilitator.i18n import _
from facilitator.model import Indicator, Plan

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12, "biennial": 24}
"""How many months lie between two measurements (or reviews) of each frequency (`once` has none)."""

OUTSIDE_SLACK_MONTHS = 12
"""A final evaluation (or a review) may come up to a year after the horizon: later is reported."""


def _month_end(year: int, month: int) -> int:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (back when negative); the last day of a month stays the last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = _month_end(year, month)
    at_end = day.day == _month_end(day.year, day.month)
    return dt.date(year, month, last if at_end else min(day.day, last))


def plan_period(plan: Plan) -> tuple[dt.date, dt.date] | None:
    """(start, horizon) of the plan, or None when the plan does not say yet (see the module's doc)."""
    if plan.revisions:
        start = min(r.date for r in plan.revisions)
    else:
        years = [i.baseline_year for i in plan.indicators if i.baseline_year is not None]
        if not years:
            return None
        start = dt.date(min(years) + 1, 1, 1)
    targets = [t.year for i in plan.indicators for t in i.targets]
    last = max(targets) if targets else plan.strategy.vision_horizon
    if last is None:
        return None
    end = dt.date(last, 12, 31)
    return (start, end) if end >= start else None


@dataclass(frozen=True)
class Period:
    """A column of the calendar: a quarter, a half-year or a year."""

    year: int
    index: int
    """1-based within the year (Q3 → 3, H2 → 2; 1 for a whole year)."""
    months: int
    """3, 6 or 12."""

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def last(self) -> dt.date:
        return add_months(self.first, self.months) - dt.timedelta(days=1)

    @property
    def short(self) -> str:
        """``Q3``, ``H2`` (in the current language: ``T3``, ``S2`` in Spanish) or empty for a whole year (the
        year heads the column)."""
        if self.months == 3:
            return _("Q{n}").format(n=self.index)
        if self.months == 6:
            return _("H{n}").format(n=self.index)
        return ""


@dataclass(frozen=True)
class CalendarRow:
    """One line of the calendar: an indicator, the reviews, or an evaluation."""

    indicator: Indicator | None
    dates: tuple[dt.date, ...]
    marks: frozenset[int]
    """The positions (in `Calendar.periods`) of the periods that hold one of its dates."""


@dataclass(frozen=True)
class Calendar:
    start: dt.date
    end: dt.date
    periods: list[Period]
    indicators: list[CalendarRow]
    reviews: CalendarRow
    midterm: CalendarRow
    final: CalendarRow
    horizon: dt.date
    """The plan's horizon (the calendar may run on past it, to its final evaluation)."""
    unscheduled: list[Indicator] = field(default_factory=list)
    """Indicators with no frequency: nothing to put in the calendar."""

    def position(self, day: dt.date) -> int | None:
        """The position of the period that holds ``day``, None outside the calendar."""
        for n, p in enumerate(self.periods):
            if p.first <= day <= p.last:
                return n
        return None

    @property
    def years(self) -> list[tuple[int, int]]:
        """(year, how many columns it has), for the heading row."""
        out: list[tuple[int, int]] = []
        for p in self.periods:
            if out and out[-1][0] == p.year:
                out[-1] = (p.year, out[-1][1] + 1)
            else:
                out.append((p.year, 1))
        return out


def _steps(anchor: dt.date, months: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates ``months`` apart through ``anchor`` that fall between ``start`` and ``end``."""
    out = []
    k = 0
    while (day := add_months(anchor, -months * k)) >= start:
        if day <= end:
            out.append(day)
        k += 1
    k = 1
    while (day := add_months(anchor, months * k)) <= end:
        if day >= start:
            out.append(day)
        k += 1
    return sorted(out)


def measurement_dates(ind: Indicator, start: dt.date, end: dt.date) -> list[dt.date]:
    """When the indicator is measured between ``start`` and ``end`` (see the module's doc)."""
    if ind.frequency is None:
        return []
    done = sorted(m.date for m in ind.measurements)
    if ind.frequency == "once":
        if done:
            return [d for d in done if start <= d <= end]
        years = [t.year for t in ind.targets]
        day = dt.date(max(years), 12, 31) if years else end
        return [day] if start <= day <= end else []
    months = PERIOD_MONTHS[str(ind.frequency)]
    if done:
        anchor = done[-1]
    elif ind.baseline_year is not None:
        anchor = dt.date(ind.baseline_year, 12, 31)
    else:
        anchor = add_months(start, months) - dt.timedelta(days=1)
    return _steps(anchor, months, start, end)


def review_dates(plan: Plan, start: dt.date, end: dt.date) -> list[dt.date]:
    """The review meetings: the dates set in `[monitoring]`, else one every period of its frequency."""
    me = plan.monitoring
    if me.reviews:
        return sorted(me.reviews)
    if me.review_frequency is None:
        return []
    if me.review_frequency == "once":
        return [end]
    months = PERIOD_MONTHS[str(me.review_frequency)]
    return [d for d in _steps(start, months, start, end) if d > start]


def calendar(plan: Plan, max_periods: int = 16) -> Calendar | None:
    """The calendar of the plan's monitoring and evaluation, or None when the plan has no period yet."""
    period = plan_period(plan)
    if period is None:
        return None
    start, horizon = period
    me = plan.monitoring
    end = max([horizon, *(d for d in (me.final, me.midterm) if d is not None), *me.reviews])
    years = end.year - start.year + 1
    months = next((m for m in (3, 6) if years * 12 // m <= max_periods), 12)
    first = (start.month - 1) // months + 1
    periods = []
    year, index = start.year, first
    while dt.date(year, (index - 1) * months + 1, 1) <= end:
        periods.append(Period(year, index, months))
        index += 1
        if index > 12 // months:
            year, index = year + 1, 1
    cal = Calendar(start, end, periods, [], CalendarRow(None, (), frozenset()), CalendarRow(None, (), frozenset()),
                   CalendarRow(None, (), frozenset()), horizon)

    def row(ind: Indicator | None, dates: list[dt.date]) -> CalendarRow:
        marks = frozenset(n for d in dates if (n := cal.position(d)) is not None)
        return CalendarRow(ind, tuple(dates), marks)

    rows = [row(ind, measurement_dates(ind, start, end)) for ind in plan.indicators if ind.frequency is not None]
    return Calendar(start, end, periods, rows, row(None, review_dates(plan, start, end)),
                    row(None, [me.midterm] if me.midterm else []), row(None, [me.final] if me.final else []),
                    horizon, [i for i in plan.indicators if i.frequency is None])


def budget_lines_total(plan: Plan) -> dict[str, float]:
    """The total of the actions' budget lines of the M&E category, by currency (empty when none is set)."""
    category = plan.monitoring.budget_category
    out: dict[str, float] = {}
    if category is None:
        return out
    for a in plan.actions:
        for line in a.budget_lines:
            if line.category == category:
                out[a.currency] = out.get(a.currency, 0.0) + line.amount
    return out


@dataclass(frozen=True)
class DateProblem:
    """A date of the M&E plan out of place: the key it is under, and what is wrong (`kind`)."""

    key: tuple[str | int, ...]
    day: dt.date
    kind: str
    """``order`` (the mid-term evaluation after the final one) or ``outside`` (out of the plan's period)."""


def date_problems(plan: Plan) -> list[DateProblem]:
    """The M&E plan's dates that contradict each other or fall outside the plan's period."""
    me = plan.monitoring
    out = []
    if me.midterm and me.final and me.midterm >= me.final:
        out.append(DateProblem(("monitoring", "midterm"), me.midterm, "order"))
    period = plan_period(plan)
    if period is None:
        return out
    start, horizon = period
    late = add_months(horizon, OUTSIDE_SLACK_MONTHS)
    if me.midterm and not start <= me.midterm <= horizon:
        out.append(DateProblem(("monitoring", "midterm"), me.midterm, "outside"))
    if me.final and not start <= me.final <= late:
        out.append(DateProblem(("monitoring", "final"), me.final, "outside"))
    for i, day in enumerate(me.reviews):
        if not start <= day <= late:
            out.append(DateProblem(("monitoring", "reviews", i), day, "outside"))
    return out
