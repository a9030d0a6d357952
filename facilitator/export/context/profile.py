"""The cluster profile section: why this cluster (its weight figures), facts, key figures, the stakeholders by
kind and segment, the stakeholder map (influence × interest) and the value-chain map."""

from __future__ import annotations

from collections import Counter
from typing import Any

from facilitator import maps
from facilitator.export import charts, mapcharts
from facilitator.export.context.network import actor_names
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _, ngettext
from facilitator.labels import (
    CLUSTER_KINDS,
    STAKEHOLDER_KINDS,
    label,
)
from facilitator.model import Plan


def profile_section(plan: Plan, f: Fmt, participants: bool = False) -> dict[str, Any]:
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
        "weight": _weight(plan, f),
        "stakeholder_map": _stakeholder_map(plan, f, participants),
        "value_chain": _value_chain(plan, f),
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


def _weight(plan: Plan, f: Fmt) -> list[dict[str, str]]:
    """The "why this cluster" rows: what each weight figure measures, its value, share of the region, year
    and source."""
    out = []
    for x in maps.weight_figures(plan):
        share = (_("{share} of the region").format(share=f.quantity(x.region_share, "%"))
                 if x.region_share is not None else "")
        out.append({"kind": _(maps.WEIGHTS[str(x.weight)]), "name": text(x.name),
                    "value": f.quantity(x.value, x.unit), "share": share, "year": str(x.year or ""),
                    "source": text(x.source)})
    return out


def _stakeholder_map(plan: Plan, f: Fmt, participants: bool) -> dict[str, Any] | None:
    """The influence × interest grid of the organizations, or None when no stakeholder is rated. A stakeholder
    without an organization is named as in the network chapter: by name only with participant names."""
    actors, unrated = maps.actors(plan)
    if not actors:
        return None
    names = actor_names(plan, participants)
    placed = [mapcharts.Placed(text(a.organization) or names[a.members[0].id],
                            f"{f.num(a.influence, 1)} \u00b7 {f.num(a.interest, 1)}", a.quadrant) for a in actors]
    labels = mapcharts.GridLabels(
        quadrants={k: _(v) for k, v in maps.QUADRANTS.items()},
        captions={"manage": _("high influence, high interest"), "satisfy": _("high influence, low interest"),
                  "inform": _("low influence, high interest"), "monitor": _("low influence, low interest")},
        influence=_("Influence"), interest=_("Interest"), high=_("high"), low=_("low"), empty=_("none"),
        more=_("+{n} more, listed below the map"))
    overflow = []
    shown = mapcharts.grid_shown(placed)
    for key, name in maps.QUADRANTS.items():
        here = [p for p in placed if p.quadrant == key]
        if len(here) > shown[key]:
            overflow.append({"quadrant": _(name), "names": "; ".join(
                f"{p.name} ({p.scores})" for p in here[shown[key]:])})
    return {
        "overflow": overflow,
        "chart": mapcharts.stakeholder_grid(placed, labels, title=_("Stakeholder map: influence and interest")),
        "count": len(actors),
        "unrated": unrated,
        "unrated_note": ngettext("{n} stakeholder without an influence or interest score is not on the map.",
                                 "{n} stakeholders without an influence or interest score are not on the map.",
                                 unrated).format(n=unrated) if unrated else "",
    }


def _chain_rows(chain: maps.Chain, main: list[mapcharts.Box], band: list[mapcharts.Box], support_label: str,
                f: Fmt) -> list[dict[str, str]]:
    """The value chain as table rows, for a chain too large to draw on one page: every segment, chain
    first (by stage), with its place, its stakeholders and the segments it supplies."""
    names = {s.id: text(s.name) for s in chain.segments}
    supplies = {s.id: ", ".join(names[ref] for ref in s.links if ref in names) for s in chain.segments}
    return [{"place": _("Stage {n}").format(n=b.stage) if placed else support_label, "name": b.name,
             "count": f.num(chain.counts.get(b.id, 0)), "supplies": supplies.get(b.id, "")}
            for placed, boxes in ((True, main), (False, band)) for b in boxes]


def _value_chain(plan: Plan, f: Fmt) -> dict[str, Any] | None:
    """The value-chain map (None without segments, defined or named by the stakeholders)."""
    chain = maps.value_chain(plan)
    if not chain.segments:
        return None

    def box(s: Any) -> mapcharts.Box:
        n = chain.counts.get(s.id, 0)
        return mapcharts.Box(s.id, text(s.name), ngettext("{n} stakeholder", "{n} stakeholders", n).format(n=n),
                          s.stage)

    main = [box(s) for s in chain.chain()] if not chain.derived else []
    band = [box(s) for s in (chain.support() if not chain.derived else chain.segments)]
    links = [(s.id, ref) for s in chain.chain() + chain.support() for ref in s.links] if not chain.derived else []
    outside = len(plan.stakeholders) - sum(chain.counts.values())
    support_label = _("Segments named by the stakeholders") if chain.derived else _("Supporting segments")
    chart = mapcharts.value_chain(main, links, band, stage_label=_("Stage {n}"), support_label=support_label,
                                  title=_("Value chain"))
    return {
        "chart": chart,
        "listed": _chain_rows(chain, main, band, support_label, f) if chart is None else None,
        "derived": chain.derived,
        "outside_note": ngettext("{n} stakeholder is in no segment of the map.",
                                 "{n} stakeholders are in no segment of the map.", outside).format(n=outside)
        if outside else "",
    }
