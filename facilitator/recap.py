"""What a step puts back in front of the room from the plan: the key figures, the core problem, the most
voted findings, the SWOT, the largest benchmarking gaps, the vision, the objectives.

A kit step names what it recalls (`shows = ["core_problem", "top_findings"]` in its TOML); the runner
prints it beside the step, and a briefing prints it large under its prompt. A prompt that says "put the
SWOT on the screen" finds it there instead of asking the facilitator to switch windows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitator.i18n import N_, _, format_number
from facilitator.labels import FINDING_KINDS
from facilitator.model import Benchmark, Finding, Plan

RECALLS: dict[str, str] = {
    "figures": N_("Key figures of the cluster"),
    "core_problem": N_("Core problem"),
    "top_findings": N_("Most voted findings"),
    "swot": N_("SWOT of the diagnosis"),
    "gaps": N_("Largest gaps with the references"),
    "vision": N_("Vision"),
    "objectives": N_("Objectives"),
}
"""What a step may recall (the keys a kit's `shows` may name), with the heading each is shown under."""

TOP = 5
"""How many findings or gaps a recall lists: the ones the room needs, not the whole diagnosis."""

SWOT = ("strength", "weakness", "opportunity", "threat")


@dataclass
class Recall:
    """One block: a heading and its lines (in the plan's language, numbers formatted for it)."""

    key: str
    heading: str
    lines: list[str] = field(default_factory=list)


def ranked_findings(plan: Plan) -> list[Finding]:
    """The findings by the room's priority: rank first, then votes, then code."""
    return sorted(plan.findings, key=lambda x: (x.rank if x.rank is not None else 10**9, -x.votes, x.code))


def gap(benchmark: Benchmark) -> float:
    """How far the cluster is from its reference, as a share of the reference (0 when the reference is 0)."""
    if not benchmark.reference_value:
        return 0.0
    return abs(benchmark.reference_value - benchmark.value) / abs(benchmark.reference_value)


def largest_gaps(plan: Plan, top: int = TOP) -> list[Benchmark]:
    return sorted(plan.benchmarks, key=lambda b: -gap(b))[:top]


def _finding(x: Finding, lang: str) -> str:
    votes = f" ({_('{n} votes').format(n=format_number(x.votes, lang))})" if x.votes else ""
    return f"{x.code} {x.text}{votes}"


def _lines(plan: Plan, key: str) -> list[str]:
    lang = plan.language
    if key == "figures":
        out = []
        for f in plan.cluster.figures:
            year = f" ({f.year})" if f.year else ""
            source = f" — {f.source}" if f.source else ""
            out.append(f"{format_number(f.value, lang)} {f.unit}{year}: {f.name}{source}".replace("  ", " "))
        return out
    if key == "core_problem":
        return [_finding(x, lang) for x in ranked_findings(plan) if x.kind == "problem"]
    if key == "top_findings":
        return [_finding(x, lang) for x in ranked_findings(plan) if x.kind in SWOT][:TOP]
    if key == "swot":
        ranked = ranked_findings(plan)
        out = []
        for kind in SWOT:
            items = [x for x in ranked if x.kind == kind]
            if items:
                out.append(f"{_(FINDING_KINDS[kind])}:")
                out.extend(f"  {_finding(x, lang)}" for x in items)
        return out
    if key == "gaps":
        return [f"{b.metric}: {format_number(b.value, lang)} / {format_number(b.reference_value, lang)}"
                f"{' ' + b.unit if b.unit else ''} ({b.reference}{', ' + str(b.year) if b.year else ''})"
                for b in largest_gaps(plan) if gap(b)]
    if key == "vision":
        s = plan.strategy
        out = [s.vision] if s.vision else []
        if s.vision and s.vision_horizon:
            out[0] = f"{s.vision_horizon}: {s.vision}"
        if s.vision_dissent:
            out.append(_("Reservations: {text}").format(text=s.vision_dissent))
        if s.mission:
            out.append(_("Mission: {text}").format(text=s.mission))
        return out
    if key == "objectives":
        return [f"{o.code} {o.title}" for o in plan.objectives]
    raise KeyError(key)


def recall(plan: Plan, shows: list[str]) -> list[Recall]:
    """The blocks ``shows`` names, in that order; a block with nothing in the plan yet says so."""
    out = []
    for key in shows:
        lines = _lines(plan, key)
        out.append(Recall(key, _(RECALLS[key]), lines or [_("(nothing in the plan yet)")]))
    return out
