"""The cluster profile section: facts, key figures and the stakeholder map with its charts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from facilitator.export import charts
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import (
    CLUSTER_KINDS,
    STAKEHOLDER_KINDS,
    label,
)
from facilitator.model import Plan


def profile_section(plan: Plan, f: Fmt) -> dict[str, Any]:
    c = plan.cluster
    kinds: Counter[str] = Counter(str(s.kind) for s in plan.stakeholders)
    segments = _segments(plan)
    return {
        "name": text(c.name),
        "territory": text(c.territory),
        "sector": text(c.sector),
        "kind": label(CLUSTER_KINDS, c.kind),
        "description": text(c.description),
        "figures": [{"name": text(x.name), "value": f.quantity(x.value, x.unit), "year": str(x.year or ""),
                     "source": text(x.source)} for x in c.figures],
        "program": {
            "name": text(plan.program.name), "executing_agency": text(plan.program.executing_agency),
            "funder": text(plan.program.funder)} if plan.program else None,
        "stakeholders": [{"kind": label(STAKEHOLDER_KINDS, k), "count": str(kinds[k])}
                         for k in STAKEHOLDER_KINDS if kinds[k]],
        "stakeholder_total": str(len(plan.stakeholders)),
        "segments": segments,
        "kind_chart": charts.bars([charts.Bar(label(STAKEHOLDER_KINDS, k), kinds[k], str(kinds[k]))
                                   for k in STAKEHOLDER_KINDS if kinds[k]], width=120, label_width=40,
                                   title=_("Stakeholders by kind of actor")),
        "segment_chart": charts.bars([charts.Bar(x["segment"], int(x["count"]), x["count"]) for x in segments],
                                     width=170, label_width=66, title=_("Stakeholders by segment")),
    }


TOP_SEGMENTS = 24


def _segments(plan: Plan) -> list[dict[str, str]]:
    """Stakeholders by segment, largest first; beyond TOP_SEGMENTS the rest are counted together."""
    counts: Counter[str] = Counter(" ".join(text(s.segment).split()) for s in plan.stakeholders)
    ranked = sorted(counts.items(), key=lambda kv: (kv[0] == "", -kv[1], kv[0].casefold()))
    rows = [{"segment": seg or _("Segment not stated"), "count": str(n)} for seg, n in ranked[:TOP_SEGMENTS]]
    rest = ranked[TOP_SEGMENTS:]
    if rest:
        rows.append({"segment": _("Other segments ({n})").format(n=len(rest)),
                     "count": str(sum(n for _seg, n in rest))})
    return rows
