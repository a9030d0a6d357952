"""Plain figures the dashboard and section views show: counts and status per plan section, budgets, gaps.

Pure functions of the model (no Textual, no files), so a unit test can call them; they could move
into the core when the CLI or the PDF needs the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from facilitator.i18n import N_, _, format_number, format_quantity, ngettext, percent_space

if TYPE_CHECKING:
    from facilitator.model import Action, Benchmark, Indicator, Measurement, Plan
    from facilitator.store import SessionSummary


class Status(StrEnum):
    empty = "empty"
    partial = "partial"
    complete = "complete"


STATUS_MARK = {Status.empty: "○", Status.partial: "◐", Status.complete: "●"}
STATUS_LABEL = {Status.empty: N_("empty"), Status.partial: N_("to complete"), Status.complete: N_("complete")}

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("stakeholders", "k", N_("Stakeholders")),
    ("findings", "f", N_("Findings")),
    ("benchmarks", "b", N_("Benchmarks")),
    ("strategy", "s", N_("Strategy")),
    ("objectives", "o", N_("Objectives")),
    ("indicators", "i", N_("Indicators")),
    ("actions", "a", N_("Actions")),
    ("governance", "g", N_("Governance")),
    ("sessions", "w", N_("Sessions")),
)
"""(section id, key, label) in the order of the plan; the key opens the section's view."""


@dataclass(frozen=True)
class SectionSummary:
    section: str
    key: str
    label: str
    count: str
    """What the section holds, in a few words (``12``, ``3/4 parts``)."""
    status: Status
    note: str = ""
    """What is missing, when something is."""


def number(value: float | None, lang: str) -> str:
    """A number of the plan as the PDF prints it, in the plan's language ``lang``: no trailing ``.0``, at
    most two decimals, the locale's marks (``3,450`` and ``1.6`` in English, ``3.450`` and ``1,6`` in
    Spanish and Portuguese). The number typed in a field is read in the same convention
    (`facilitator.numbers`), so what the screen shows can be typed back."""
    return format_number(value, lang)


def quantity(value: float | None, unit: str, lang: str) -> str:
    """A number with its unit as the PDF prints it (`Fmt.quantity`, `format_quantity`): ``1,6 noches``, ``58 %`` in Spanish,
    ``58%`` in English; empty for no value."""
    return format_quantity(value, unit, lang)


def percent(share: float | None, lang: str) -> str:
    """A share (0.268) as a whole percentage in the plan's locale (``27%``, ``27 %``); empty for None."""
    return "" if share is None else f"{round(share * 100)}{percent_space(lang)}%"


def _status(done: int, total: int) -> Status:
    if total == 0 or done == 0:
        return Status.empty
    return Status.complete if done >= total else Status.partial


def summarize(plan: Plan, sessions: list[SessionSummary]) -> list[SectionSummary]:
    """One line per plan section: what it holds and whether it looks complete."""
    out = []
    for section, key, label in SECTIONS:
        count, status, note = _SUMMARY[section](plan, sessions)
        out.append(SectionSummary(section, key, _(label), count, status, note))
    return out


def _stakeholders(plan: Plan, _s: list[SessionSummary]) -> tuple[str, Status, str]:
    n = len(plan.stakeholders)
    if not n:
        return "0", Status.empty, _("nobody recorded yet")
    kinds = {str(s.kind) for s in plan.stakeholders}
    if len(kinds) < 2:  # a cluster is firms *and* institutions
        return str(n), Status.partial, _("only one kind of actor")
    return str(n), Status.complete, ""


def _findings(plan: Plan, _s: list[SessionSummary]) -> tuple[str, Status, str]:
    n = len(plan.findings)
    if not n:
        return "0", Status.empty, _("no findings yet: run a joint diagnosis")
    ranked = sum(1 for f in plan.findings if f.rank is not None)
    if not ranked:  # not every finding needs a rank, but a diagnosis should say which come first
        return str(n), Status.partial, _("none prioritised yet: rank the critical ones")
    return str(n), Status.complete, _("{n} prioritised").format(n=ranked)


def _benchmarks(plan: Plan, _s: list[SessionSummary]) -> tuple[str, Status, str]:
    n = len(plan.benchmarks)
    if not n:
        return "0", Status.empty, _("no comparison yet")
    unsourced = sum(1 for b in plan.benchmarks if not b.source)
    if unsourced:
        return str(n), Status.partial, _("{n} without source").format(n=unsourced)
    return str(n), Status.complete, ""


def _strategy(plan: Plan, _s: list[SessionSummary]) -> tuple[str, Status, str]:
    s = plan.strategy
    parts = {_("vision"): bool(s.vision), _("mission"): bool(s.mission), _("values"): bool(s.values),
             _("lines"): bool(s.lines)}
    done = sum(parts.values())
    missing = [k for k, v in parts.items() if not v]
    return (f"{done}/{len(parts)}", _status(done, len(parts)),
            _("missing: {parts}").format(parts=", ".join(missing)) if missing else "")


def _objectives(plan: Plan, _s: list[SessionSummary]) -> tuple[str, Status, str]:
    n = len(plan.objectives)
    if not n:
        return "0", Status.empty, _("no objectives yet")
    measured = {i.objective for i in plan.indicators}
    lacking = sum(1 for o in plan.objectives if o.id not in measured)
    if lacking:
        return str(n), Status.partial, _("{n} without indicator").format(n=lacking)
    return str(n), Status.complete, ""


def indicator_gaps(ind: Indicator) -> list[str]:
    """What an indicator sheet still lacks (baseline, year, targets, source, responsible)."""
    missing = []
    if ind.baseline is None:
        missing.append(_("baseline"))
    if ind.baseline_year is None:
        missing.append(_("baseline year"))
    if not ind.targets:
        missing.append(_("targets"))
    if not ind.source:
        missing.append(_("source"))
    if not ind.responsible:
        missing.append(_("responsible"))
    return missing


def _indicators(plan: Plan, _s: list[SessionSummary]) -> tuple[str, Status, str]:
    n = len(plan.indicators)
    if not n:
        return "0", Status.empty, _("no indicators yet")
    incomplete = sum(1 for i in plan.indicators if indicator_gaps(i))
    if incomplete:
        return str(n), Status.partial, _("{n} sheets incomplete").format(n=incomplete)
    return str(n), Status.complete, ""


def _actions(plan: Plan, _s: list[SessionSummary]) -> tuple[str, Status, str]:
    n = len(plan.actions)
    if not n:
        return "0", Status.empty, _("no actions yet")
    unlinked = sum(1 for a in plan.actions if not a.objectives)
    unfunded = sum(1 for a in plan.actions if not a.funding)
    notes = []
    if unlinked:
        notes.append(_("{n} not linked").format(n=unlinked))
    if unfunded:
        notes.append(_("{n} without budget").format(n=unfunded))
    return str(n), Status.partial if notes else Status.complete, ", ".join(notes)


def _governance(plan: Plan, _s: list[SessionSummary]) -> tuple[str, Status, str]:
    g = plan.governance
    parts = {_("agency"): bool(g.executing_agency), _("council"): bool(g.council),
             _("cluster body"): bool(g.cluster_body), _("cadence"): bool(g.meeting_cadence)}
    done = sum(parts.values())
    missing = [k for k, v in parts.items() if not v]
    return (f"{done}/{len(parts)}", _status(done, len(parts)),
            _("missing: {parts}").format(parts=", ".join(missing)) if missing else "")


def _sessions(_p: Plan, sessions: list[SessionSummary]) -> tuple[str, Status, str]:
    n = len(sessions)
    if not n:
        return "0", Status.empty, _("no workshop held yet")
    broken = sum(1 for s in sessions if s.session is None)
    still_open = sum(1 for s in sessions if s.session is not None and s.session.status == "open")
    notes = []
    if broken:
        notes.append(ngettext("{n} unreadable", "{n} unreadable", broken).format(n=broken))
    if still_open:
        notes.append(ngettext("{n} still open", "{n} still open", still_open).format(n=still_open))
    return str(n), Status.partial if notes else Status.complete, ", ".join(notes)


_SUMMARY = {"stakeholders": _stakeholders, "findings": _findings, "benchmarks": _benchmarks, "strategy": _strategy, "objectives": _objectives,
            "indicators": _indicators, "actions": _actions, "governance": _governance, "sessions": _sessions}


# --- record figures --------------------------------------------------------------------------------------

def budget(action: Action) -> float:
    return sum(f.amount for f in action.funding)


def budget_totals(actions: list[Action]) -> dict[str, float]:
    """Total budget per currency (actions may use different currencies)."""
    totals: dict[str, float] = {}
    for a in actions:
        totals[a.currency] = totals.get(a.currency, 0.0) + budget(a)
    return totals


def money(totals: dict[str, float], lang: str) -> str:
    return " + ".join(f"{number(v, lang)} {cur}" for cur, v in sorted(totals.items())) or "0"


def status_counts(actions: list[Action]) -> Counter[str]:
    return Counter(str(a.status) for a in actions)


def latest(ind: Indicator) -> Measurement | None:
    return max(ind.measurements, key=lambda m: m.date) if ind.measurements else None


def gap(b: Benchmark) -> tuple[float, float | None]:
    """(cluster value − reference value, that difference as a share of the reference, or None if ref is 0)."""
    diff = b.value - b.reference_value
    return diff, (diff / b.reference_value if b.reference_value else None)


def _sign(value: float) -> str:
    return "+" if value > 0 else "−" if value < 0 else ""


def signed(value: float, lang: str) -> str:
    """A difference with its sign (``+1,2``, ``−300``), in the plan's language ``lang``."""
    return _sign(value) + number(abs(value), lang)


def signed_quantity(value: float, unit: str, lang: str) -> str:
    """A difference with its sign and unit (``+0,4 noches``, ``−12 %``), as `quantity` writes it."""
    return _sign(value) + quantity(abs(value), unit, lang)


def period(start: dt.date | None, end: dt.date | None, months: bool = False) -> str:
    """``2026-08-01 → 2027-07-31`` (or ``2026-08 → 2027-07`` with ``months``, for narrow tables)."""
    if start is None and end is None:
        return ""

    def show(d: dt.date | None) -> str:
        return "…" if d is None else d.strftime("%Y-%m") if months else d.isoformat()

    return f"{show(start)} → {show(end)}"
