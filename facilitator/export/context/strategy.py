"""The strategy sections: strategic lines with their objectives (the logframe is in `results`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from facilitator.export.context.annex import Trace
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import (
    FINDING_KIND,
    label,
)
from facilitator.model import Objective, Plan


def objective_row(o: Objective, plan: Plan, f: Fmt, findings: Mapping[str, Any], trace: Trace) -> dict[str, Any]:
    answered = [findings[i] for i in o.findings if i in findings]
    return {
        "code": o.code, "title": text(o.title), "description": text(o.description), "owner": text(o.owner),
        "assumptions": text(o.assumptions),
        "findings": [{"code": x.code, "kind": label(FINDING_KIND, x.kind), "text": text(x.text)} for x in answered],
        "indicators": ", ".join(i.code for i in plan.indicators_of(o.id)),
        "actions": ", ".join(a.code for a in plan.actions_of(o.id)),
        "sessions": trace.of(o.sources)["sessions"],
        "line": o.line,
    }


def strategic_lines(plan: Plan, objective_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for line in plan.strategy.lines:
        out.append({"code": line.code, "title": text(line.title), "description": text(line.description),
                    "objectives": [o for o in objective_rows if o["line"] == line.id]})
    known = {line.id for line in plan.strategy.lines}
    loose = [o for o in objective_rows if o["line"] not in known]
    if loose:
        out.append({"code": "", "title": _("Objectives not assigned to a strategic line"), "description": "",
                    "objectives": loose})
    return out
