"""The diagnosis and benchmarking sections: findings by SWOT, problem tree, diamond factor and rank;
benchmarks with their gaps and chart.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from facilitator.export import charts
from facilitator.export.context.annex import Trace
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import (
    DIAMOND,
    FINDING_KIND,
    FINDING_KINDS,
    label,
)
from facilitator.model import Plan
from facilitator.recap import ranked_findings

SWOT = ("strength", "weakness", "opportunity", "threat")
TREE = ("problem", "cause", "effect")


def _finding(x: Any, trace: Trace) -> dict[str, Any]:
    origin = trace.of(x.sources)
    return {"code": x.code, "text": text(x.text), "votes": str(x.votes),
            "rank": str(x.rank) if x.rank is not None else "",
            "factor": label(DIAMOND, x.factor), "sessions": origin["sessions"]}


def diagnosis_section(plan: Plan, f: Fmt, trace: Trace) -> dict[str, Any]:
    ranked = ranked_findings(plan)

    def block(kind: str) -> dict[str, Any]:
        items = [x for x in ranked if x.kind == kind]
        return {"kind": kind, "title": label(FINDING_KINDS, kind), "findings": [_finding(x, trace) for x in items]}

    factors: dict[str, list[Any]] = defaultdict(list)
    for x in ranked:
        if x.factor:
            factors[str(x.factor)].append(x)
    return {
        "swot": [block(k) for k in SWOT],
        "tree": [block(k) for k in TREE],
        "has_tree": any(x.kind in TREE for x in ranked),
        "count": len(plan.findings),
        "diamond": [{"title": label(DIAMOND, k),
                     "findings": [dict(_finding(x, trace), kind=label(FINDING_KIND, x.kind)) for x in factors[k]]}
                    for k in DIAMOND if factors[k]],
        "ranked": [dict(_finding(x, trace), kind=label(FINDING_KIND, x.kind)) for x in ranked],
    }


def benchmark_row(b: Any, f: Fmt, trace: Trace) -> dict[str, Any]:
    gap = b.value - b.reference_value
    relative = ""
    if b.reference_value:
        share = gap / abs(b.reference_value)
        relative = ("+" if share > 0 else "\u2212" if share < 0 else "") + f.percent(abs(share))
    return {
        "metric": text(b.metric), "unit": text(b.unit), "value": f.num(b.value),
        "reference": text(b.reference), "reference_value": f.num(b.reference_value),
        "gap": f.signed(gap), "gap_relative": relative, "year": str(b.year or ""), "source": text(b.source),
        "sessions": trace.of(b.sources)["sessions"],
    }


def benchmark_chart(plan: Plan, f: Fmt) -> str:
    return charts.gaps(
        [charts.Gap(text(b.metric) + (f" ({text(b.unit)})" if b.unit.strip() else ""), b.value, b.reference_value,
                    f.num(b.value), f.num(b.reference_value), text(b.reference)) for b in plan.benchmarks],
        cluster_label=_("Cluster"), reference_label=_("Reference"),
        title=_("The cluster against its references"))
