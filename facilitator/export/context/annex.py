"""The workshop sessions: their references (S1, S2, …) that every record of the plan cites as its
origin, and the annex that describes each session.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import (
    DECISION_KINDS,
    SESSION_STATUSES,
    STAKEHOLDER_KINDS,
    label,
)
from facilitator.model import Kit, Plan, Session


@dataclass
class Trace:
    """Traceability: which session each contribution came from."""

    refs: dict[str, str]
    """Session id → its reference in the annex (S1, S2, …)."""
    by_contribution: dict[str, str]
    """Contribution id → session id."""

    def of(self, sources: Iterable[str]) -> dict[str, Any]:
        """The sessions a record came from (references in annex order) and how many notes."""
        sources = list(sources)
        sessions = {self.by_contribution[c] for c in sources if c in self.by_contribution}
        refs = sorted((self.refs[s] for s in sessions), key=lambda r: int(r[1:]))
        return {"sessions": ", ".join(refs), "notes": len(sources)}


def order_sessions(sessions: Sequence[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: (s.date, s.title, s.id))


def build_trace(sessions: list[Session]) -> Trace:
    refs = {s.id: f"S{i}" for i, s in enumerate(sessions, start=1)}
    by_contribution = {c.id: s.id for s in sessions for c in s.contributions}
    return Trace(refs, by_contribution)


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    try:
        return max(0, round((end - start).total_seconds() / 60))
    except TypeError:  # one naive, one aware: not comparable
        return None


def _outputs(s: Session, plan: Plan) -> list[dict[str, str]]:
    """What of the plan came from this session's notes: codes of findings, objectives, indicators, actions."""
    mine = {c.id for c in s.contributions}
    groups = (
        (_("Findings"), [x.code for x in plan.findings if mine.intersection(x.sources)]),
        (_("Benchmarks"), [b.code or text(b.metric) for b in plan.benchmarks if mine.intersection(b.sources)]),
        (_("Strategic lines"), [x.code for x in plan.strategy.lines if mine.intersection(x.sources)]),
        (_("Objectives"), [x.code for x in plan.objectives if mine.intersection(x.sources)]),
        (_("Indicators"), [x.code for x in plan.indicators if mine.intersection(x.sources)]),
        (_("Actions"), [x.code for x in plan.actions if mine.intersection(x.sources)]),
    )
    out = [{"what": what, "codes": "; ".join(codes) if any(" " in c for c in codes) else ", ".join(codes)}
           for what, codes in groups if codes]
    if mine.intersection(plan.strategy.sources):
        out.append({"what": _("Vision, mission and values"), "codes": "\u2713"})
    return out


def session_annex(s: Session, trace: Trace, plan: Plan, f: Fmt, kit: Kit | None,
             participants: bool = False) -> dict[str, Any]:
    lang = f.lang
    present = s.present()
    kinds: Counter[str] = Counter()
    names = []
    for sid in present:
        who = plan.stakeholder(sid)
        kinds[who.kind if who is not None else "other"] += 1
        if participants:
            names.append({"name": text(who.name) if who is not None else sid,
                          "organization": text(who.organization) if who is not None else "",
                          "kind": label(STAKEHOLDER_KINDS, who.kind) if who is not None else ""})
    mapped: Counter[str] = Counter(str(x.kind) for x in plan.stakeholders)
    steps = []
    planned_total = actual_total = 0
    actual_known = False
    for st in s.steps:
        kit_step = kit.step(st.id) if kit is not None else None
        title = kit_step.title.get(lang) if kit_step is not None and kit_step.title is not None else st.id
        actual = _minutes(st.started, st.ended)
        planned_total += st.planned_minutes
        if actual is not None:
            actual_total += actual
            actual_known = True
        steps.append({"title": text(title), "planned": str(st.planned_minutes) if st.planned_minutes else "",
                      "actual": str(actual) if actual is not None else "",
                      "over": f"+{actual - st.planned_minutes}" if actual is not None and st.planned_minutes > 0
                      and actual > st.planned_minutes else ""})
    active = [c for c in s.contributions if c.merged_into is None]
    return {
        "ref": trace.refs[s.id],
        "title": text(s.title),
        "date": f.date(s.date),
        "workshop": text(kit.title.get(lang)) if kit is not None else text(s.workshop),
        "venue": text(s.venue),
        "facilitator": text(s.facilitator),
        "status": label(SESSION_STATUSES, s.status),
        "present": str(len(present)),
        "attendance": [{"kind": label(STAKEHOLDER_KINDS, k), "count": str(kinds[k]), "mapped": str(mapped[k])}
                       for k in STAKEHOLDER_KINDS if kinds[k] or mapped[k]],
        "mapped": str(len(plan.stakeholders)),
        "kinds_present": _("{n} of {total} kinds of actor present").format(
            n=sum(1 for k in kinds if kinds[k]), total=sum(1 for k in mapped if mapped[k])) if mapped else "",
        "participants": sorted(names, key=lambda x: x["name"].casefold()),
        "outputs": _outputs(s, plan),
        "steps": steps,
        "planned_total": str(planned_total) if planned_total else "",
        "actual_total": str(actual_total) if actual_known else "",
        "contributions": str(len(active)),
        "merged": str(len(s.contributions) - len(active)),
        "votes": str(sum(c.votes for c in active)),
        "drafts": [{"text": text(d.text), "votes": str(d.votes),
                    "consensus": str(d.consensus) if d.consensus is not None else "", "dissent": text(d.dissent)}
                   for d in s.drafts if d.adopted],
        "decisions": [{"kind": label(DECISION_KINDS, d.kind), "text": text(d.text), "owner": text(d.owner),
                       "due": f.date(d.due, "medium") if d.due else "",
                       "resolved": d.resolved} for d in s.decisions],
    }
