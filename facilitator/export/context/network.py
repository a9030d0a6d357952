"""The collaboration network chapter: the figure, the measures of each wave side by side, and what changed.

Built from `facilitator.network.report` (every wave, the change from the first to the last: baseline and
follow-up). None when the plan has no tie: the chapter is then left out of the document altogether.

Actors are named by their organisation (a survey of organisations lists one stakeholder per organisation);
a person's own name is printed only when the export asks for participant names (``participants``, the
document's privacy option), and otherwise an actor without an organisation is "Actor 7" (its place in the
plan's list of stakeholders).
"""

from __future__ import annotations

from typing import Any

from facilitator import network
from facilitator.export import netfigure
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import STAKEHOLDER_KINDS, label
from facilitator.model import Plan

BROKERS = 5
"""Brokers listed per wave in the chapter (the figure labels them too in a large network)."""

_COUNTS = {"actors", "ties", "components", "isolates", "firm_firm", "firm_institution", "public_private"}
_SHARES = {"largest_component", "reciprocity"}


def _value(f: Fmt, measure: str, value: float | None) -> str:
    if value is None:
        return "\u2013"
    if measure in _COUNTS:
        return f.num(value, 0)
    if measure in _SHARES:
        return f.percent(value)
    return f.num(value, 3 if measure in ("density", "centralization") else 2)


def _delta(f: Fmt, measure: str, value: float | None) -> str:
    if value is None:
        return "\u2013"
    if measure in _SHARES:
        shown = f.percent(abs(value))
        return ("+" if value > 0 else "\u2212" if value < 0 else "") + shown
    digits = 0 if measure in _COUNTS else 3 if measure in ("density", "centralization") else 2
    return ("+" if value > 0 else "\u2212" if value < 0 else "") + f.num(abs(value), digits)


def actor_names(plan: Plan, participants: bool) -> dict[str, str]:
    """How the chapter names each stakeholder (see the module's docstring)."""
    out = {}
    for n, s in enumerate(plan.stakeholders, start=1):
        organization = text(s.organization).strip()
        out[s.id] = organization or (text(s.name) if participants else _("Actor {n}").format(n=n))
    return out


def network_section(plan: Plan, f: Fmt, participants: bool = False) -> dict[str, Any] | None:
    """The chapter's data (see the module's docstring), or None for a plan without ties."""
    if not plan.network.ties:
        return None
    rep = network.report(plan)
    names = actor_names(plan, participants)

    def who(ids: list[str]) -> str:
        return ", ".join(names.get(i, i) for i in ids)

    waves = [{"wave": w.wave, "label": text(w.label) or w.wave, "date": f.month(w.date)} for w in rep.waves]
    rows = []
    for measure, title in network.MEASURES.items():
        values = [w.value(measure) for w in rep.waves]
        if measure == "reciprocity" and all(v is None for v in values):
            continue  # no tie says who named it: reciprocity cannot be told
        rows.append({"label": _(title), "cells": [_value(f, measure, v) for v in values],
                     "change": _delta(f, measure, rep.change.deltas.get(measure)) if rep.change else ""})
    per_wave = [{
        "wave": w.wave,
        "brokers": [{"name": names.get(b.id, b.name), "betweenness": f.num(b.betweenness, 3)}
                    for b in w.brokers[:BROKERS]],
        "isolates": who(w.isolated),
    } for w in rep.waves]
    kinds_by_wave: list[dict[str, int]] = []
    for w in rep.waves:
        counts: dict[str, set[frozenset[str]]] = {}
        for t in plan.network.ties:
            if t.wave == w.wave and t.actor != t.partner:
                counts.setdefault(t.kind, set()).add(frozenset((t.actor, t.partner)))
        kinds_by_wave.append({k: len(v) for k, v in counts.items()})
    tie_kinds = sorted({k for c in kinds_by_wave for k in c},
                       key=lambda k: (network.TIE_KIND_LABELS.get(k) is None, list(network.TIE_KIND_LABELS).index(k)
                                      if k in network.TIE_KIND_LABELS else 0, k))
    by_kind = [{"label": text(network.kind_label(k)), "cells": [f.num(c.get(k, 0), 0) for c in kinds_by_wave]}
               for k in tie_kinds]
    moved = None
    if rep.change is not None:
        c = rep.change
        moved = {"before": c.before, "after": c.after, "new": f.num(c.new_ties, 0), "lost": f.num(c.lost_ties, 0),
                 "kept": f.num(c.kept_ties, 0), "joined": who(c.joined), "left": who(c.left)}
    return {
        "waves": waves, "rows": rows, "per_wave": per_wave, "by_kind": by_kind, "change": moved,
        "figure": _figure(plan, rep, names),
        "figure_wave": rep.waves[-1].wave,
    }


def _figure(plan: Plan, rep: network.Report, names: dict[str, str]) -> Any:
    actors = {s.id: netfigure.Actor(s.id, names[s.id], str(s.kind)) for s in plan.stakeholders}
    nodes = set().union(*(w.nodes for w in rep.waves))
    kinds_drawn = {actors[v].kind if v in actors else "other" for v in nodes}
    labels = netfigure.FigureLabels(
        kinds={k: label(STAKEHOLDER_KINDS, k) for k in netfigure.KIND_COLOURS if k in kinds_drawn},
        kept=_("tie kept"), new=_("new tie"), lost=_("tie lost"),
        title=_("Collaboration network, {wave}: {actors} actors, {ties} ties").format(
            wave=rep.waves[-1].wave, actors=rep.waves[-1].actors, ties=rep.waves[-1].ties))
    main = [b.id for w in rep.waves[-1:] for b in w.brokers]
    left = rep.change.left if rep.change else []
    return netfigure.figure(actors, [w.edges for w in rep.waves], nodes, labels, main=main, left=left)
