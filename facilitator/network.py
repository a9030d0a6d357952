"""The cluster's collaboration network: its measures per wave, the change between waves, the measurements it
feeds into indicators, and the report `facilitator network` prints.

Method (Giuliani & Pietrobelli, IDB-TN-317; shared/design/NETWORK.md): a roster survey is taken at baseline
and again after the program; each round is a *wave*. The nodes are the plan's stakeholders. A tie counts
once per pair of actors whichever side named it (non-response must not make ties vanish); when ties carry
`named_by`, the share of pairs named by both sides is reported apart as reciprocity.

The actors of a wave are the ends of its ties (of any kind) and the wave's listed `actors`; a measure of
one kind of tie ("density of the knowledge network") keeps the same actors and counts that kind's ties.
Measures are those of networkx (density, connected components, isolates); betweenness is Brandes'
algorithm on integer adjacency lists, the same normalised value as `networkx.betweenness_centrality`
(tested equal) in about half its time, which the 500-actor benchmark needs.

Ties by type of pair (Nadvi): firm–firm ties are *horizontal* between firms of the same segment (or of no
segment given) and *vertical* between segments; firm–institution ties join a firm with any other kind of
actor; public–private ties join a government actor with a firm, an association or a finance actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, get_args

import networkx as nx

from facilitator.i18n import N_, _, format_number, language
from facilitator.model import TIE_KINDS, Indicator, Measurement, NetworkMeasure, Plan

MEASURES: dict[str, str] = {
    "actors": N_("Actors"), "ties": N_("Ties"), "density": N_("Density"), "average_degree": N_("Average degree"),
    "centralization": N_("Degree centralization"), "components": N_("Components"),
    "largest_component": N_("Largest component (share of actors)"), "isolates": N_("Isolates"),
    "reciprocity": N_("Reciprocity"), "firm_firm": N_("Firm–firm ties"),
    "firm_institution": N_("Firm–institution ties"), "public_private": N_("Public–private ties"),
}
"""Every measure of a wave an indicator can name (`model.NetworkMeasure`), with its label."""
assert set(MEASURES) == set(get_args(NetworkMeasure))

TIE_KIND_LABELS = {"knowledge": N_("knowledge and technical advice"), "business": N_("business and supply"),
                   "projects": N_("joint projects"), "information": N_("information")}
assert set(TIE_KIND_LABELS) == set(TIE_KINDS)

PAIRS = ("horizontal", "vertical", "firm_institution", "institution_institution", "public_private")
PAIR_LABELS = {"horizontal": N_("firm–firm, same segment (horizontal)"),
               "vertical": N_("firm–firm, along the value chain (vertical)"),
               "firm_institution": N_("firm–institution"), "institution_institution": N_("institution–institution"),
               "public_private": N_("public–private")}

TOP_BROKERS = 10
"""How many brokers a wave lists (those with a betweenness above zero, highest first)."""

_PUBLIC = {"government"}
_PRIVATE = {"firm", "association", "finance"}


def kind_label(kind: str) -> str:
    """A tie kind in words (a plan's own kind as written)."""
    return _(TIE_KIND_LABELS[kind]) if kind in TIE_KIND_LABELS else kind


@dataclass(frozen=True)
class Broker:
    id: str
    name: str
    betweenness: float


@dataclass
class WaveMeasures:
    """The measures of one wave (of one kind of tie, or of all)."""

    wave: str
    label: str
    date: dt.date
    actors: int
    ties: int
    density: float
    average_degree: float
    centralization: float
    components: int
    largest_component: float
    isolated: list[str]
    """The ids of the actors without a tie, in the plan's order of stakeholders."""
    brokers: list[Broker]
    reciprocity: float | None
    """Share of the nominated pairs that both sides named; None when no tie says who named it."""
    pairs: dict[str, int]
    edges: set[frozenset[str]] = field(repr=False, default_factory=set)
    nodes: set[str] = field(repr=False, default_factory=set)

    @property
    def isolates(self) -> int:
        return len(self.isolated)

    def value(self, measure: str) -> float | None:
        """The value of a measure of `MEASURES` (None: reciprocity without nominations)."""
        if measure == "isolates":
            return float(self.isolates)
        if measure == "firm_firm":
            return float(self.pairs["horizontal"] + self.pairs["vertical"])
        if measure in ("firm_institution", "public_private"):
            return float(self.pairs[measure])
        value = getattr(self, measure)
        return None if value is None else float(value)


@dataclass
class Change:
    """What changed from one wave to another: ties new, lost and kept, actors who joined and left."""

    before: str
    after: str
    new_ties: int
    lost_ties: int
    kept_ties: int
    joined: list[str]
    left: list[str]
    deltas: dict[str, float]


@dataclass
class Report:
    """The measures of the waves asked for, and the change from the first to the last of them."""

    kind: str | None
    waves: list[WaveMeasures]
    change: Change | None
    names: dict[str, str]


# --- the graph of a wave -----------------------------------------------------------------------------------------

def wave_graph(plan: Plan, wave: str, kind: str | None = None) -> nx.Graph:
    """The undirected graph of one wave: its actors as nodes (stakeholder ids), one edge per pair of actors
    with a tie (of ``kind``, or of any kind), whichever side named it. Ties of an actor with itself are left
    out (`check` reports them)."""
    g: nx.Graph = nx.Graph()
    ties = [t for t in plan.network.ties if t.wave == wave]
    g.add_nodes_from(_ordered_nodes(plan, {e for t in ties for e in (t.actor, t.partner)}
                                    | set(plan.network.wave(wave).actors)))
    g.add_edges_from((t.actor, t.partner) for t in ties if (kind is None or t.kind == kind)
                     and t.actor != t.partner)
    return g


def _ordered_nodes(plan: Plan, ids: set[str]) -> list[str]:
    """``ids`` in the plan's order of stakeholders (unknown ids last, sorted): results do not depend on the
    order ties were written in."""
    order = {s.id: i for i, s in enumerate(plan.stakeholders)}
    return sorted(ids, key=lambda i: (order.get(i, len(order)), i))


def betweenness(g: nx.Graph) -> dict[Any, float]:
    """Normalised betweenness centrality of an undirected, unweighted graph: the value
    `networkx.betweenness_centrality(g)` gives (Brandes' algorithm, on integer adjacency lists)."""
    nodes = list(g)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[index[w] for w in g[v]] for v in nodes]
    bc = [0.0] * n
    for s in range(n):
        sigma = [0] * n
        sigma[s] = 1
        dist = [-1] * n
        dist[s] = 0
        preds: list[list[int]] = [[] for _ in range(n)]
        order = [s]
        i = 0
        while i < len(order):
            v = order[i]
            i += 1
            dv, sv = dist[v] + 1, sigma[v]
            for w in adj[v]:
                dw = dist[w]
                if dw < 0:
                    dist[w] = dv
                    order.append(w)
                    sigma[w] = sv
                    preds[w].append(v)
                elif dw == dv:
                    sigma[w] += sv
                    preds[w].append(v)
        delta = [0.0] * n
        for w in reversed(order):
            c = (1.0 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * c
            if w != s:
                bc[w] += delta[w]
    # Each pair is counted from both ends; networkx halves that and divides by (n-1)(n-2)/2: together 1/((n-1)(n-2)).
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {v: bc[i] * scale for i, v in enumerate(nodes)}


def measure_wave(plan: Plan, wave: str, kind: str | None = None, brokers: bool = True) -> WaveMeasures:
    """Every measure of one wave (see the module's docstring); ``brokers=False`` leaves out betweenness, the
    one costly measure, which no indicator takes."""
    g = wave_graph(plan, wave, kind)
    n, m = g.number_of_nodes(), g.number_of_edges()
    degrees = dict(g.degree())
    top = max(degrees.values(), default=0)
    centralization = sum(top - d for d in degrees.values()) / ((n - 1) * (n - 2)) if n > 2 else 0.0
    components = list(nx.connected_components(g))
    names = {s.id: s.name for s in plan.stakeholders}
    scores = betweenness(g) if m and brokers else {}
    top_brokers = sorted((Broker(v, names.get(v, v), b) for v, b in scores.items() if b > 0),
                     key=lambda br: (-br.betweenness, br.name.casefold(), br.id))[:TOP_BROKERS]
    kinds = {s.id: (s.kind, s.segment.strip().casefold()) for s in plan.stakeholders}
    pairs = dict.fromkeys(PAIRS, 0)
    for a, b in g.edges():
        (ka, sa), (kb, sb) = kinds.get(a, ("other", "")), kinds.get(b, ("other", ""))
        if ka == "firm" and kb == "firm":
            pairs["horizontal" if sa == sb or not sa or not sb else "vertical"] += 1
        elif "firm" in (ka, kb):
            pairs["firm_institution"] += 1
        else:
            pairs["institution_institution"] += 1
        if (ka in _PUBLIC and kb in _PRIVATE) or (kb in _PUBLIC and ka in _PRIVATE):
            pairs["public_private"] += 1
    w = plan.network.wave(wave)
    return WaveMeasures(
        wave=wave, label=w.label, date=w.day(), actors=n, ties=m, density=nx.density(g) if n > 1 else 0.0,
        average_degree=2 * m / n if n else 0.0, centralization=centralization, components=len(components),
        largest_component=max((len(c) for c in components), default=0) / n if n else 0.0,
        isolated=[v for v in g if degrees[v] == 0], brokers=top_brokers,
        reciprocity=_reciprocity(plan, wave, kind), pairs=pairs,
        edges={frozenset(e) for e in g.edges()}, nodes=set(g))


def _reciprocity(plan: Plan, wave: str, kind: str | None) -> float | None:
    named: dict[frozenset[str], set[str]] = {}
    for t in plan.network.ties:
        if t.wave == wave and t.named_by and (kind is None or t.kind == kind) and t.actor != t.partner:
            named.setdefault(frozenset((t.actor, t.partner)), set()).add(t.named_by)
    if not named:
        return None
    return sum(1 for pair, who in named.items() if pair <= who) / len(named)


def change(before: WaveMeasures, after: WaveMeasures) -> Change:
    """What changed between two waves (the deltas of every measure that both have)."""
    deltas = {}
    for m in MEASURES:
        a, b = before.value(m), after.value(m)
        if a is not None and b is not None:
            deltas[m] = b - a
    return Change(before.wave, after.wave, new_ties=len(after.edges - before.edges),
                  lost_ties=len(before.edges - after.edges), kept_ties=len(before.edges & after.edges),
                  joined=sorted(after.nodes - before.nodes), left=sorted(before.nodes - after.nodes), deltas=deltas)


def report(plan: Plan, waves: Iterable[str] | None = None, kind: str | None = None) -> Report:
    """The measures of ``waves`` (default: every wave, in time order) and the change from the first to the
    last (the baseline and the follow-up of an evaluation); no change with fewer than two waves."""
    chosen = list(waves) if waves is not None else plan.network.wave_ids()
    measured = [measure_wave(plan, w, kind) for w in chosen]
    moved = change(measured[0], measured[-1]) if len(measured) > 1 else None
    return Report(kind, measured, moved, {s.id: s.name for s in plan.stakeholders})


# --- output -------------------------------------------------------------------------------------------------------

def as_json(rep: Report) -> dict[str, Any]:
    """The report as `facilitator network --format json` prints it (layout in docs/format.md)."""
    def actors(ids: Iterable[str]) -> list[dict[str, str]]:
        return [{"id": i, "name": rep.names.get(i, i)} for i in ids]

    waves = [{
        "wave": w.wave, "label": w.label, "date": w.date.isoformat(), "actors": w.actors, "ties": w.ties,
        "density": w.density, "average_degree": w.average_degree, "centralization": w.centralization,
        "components": w.components, "largest_component": w.largest_component, "isolates": w.isolates,
        "isolated": actors(w.isolated), "reciprocity": w.reciprocity, "pairs": dict(w.pairs),
        "brokers": [{"id": b.id, "name": b.name, "betweenness": b.betweenness} for b in w.brokers],
    } for w in rep.waves]
    moved = None
    if rep.change is not None:
        c = rep.change
        moved = {"from": c.before, "to": c.after, "new_ties": c.new_ties, "lost_ties": c.lost_ties,
                 "kept_ties": c.kept_ties, "joined": actors(c.joined), "left": actors(c.left), **c.deltas}
    return {"kind": rep.kind, "waves": waves, "change": moved}


_RATIOS = {"density", "centralization", "largest_component", "reciprocity", "average_degree"}


def _num(value: float | None, measure: str, signed: bool = False) -> str:
    if value is None:
        return "–"
    text = format_number(round(value, 3) if measure in _RATIOS else value, language(), 3)
    return ("+" + text) if signed and value > 0 else text


def as_text(rep: Report, width: int = 100) -> str:
    """The report as a readable table: the measures of each wave side by side and the change, then the
    brokers, the isolates and the actors who joined or left (names cut with "…" past ``width``)."""
    if not rep.waves:
        return _("no network yet: import ties with facilitator csv import PLAN ties FILE.csv") + "\n"
    label_w = max(len(_(MEASURES[m])) for m in MEASURES)
    cols = [w.wave for w in rep.waves] + ([_("change")] if rep.change else [])
    col_w = max(10, *(len(c) for c in cols))
    lines = []
    if rep.kind:
        lines.append(_("Ties of kind: {kind}").format(kind=kind_label(rep.kind)))
    lines.append(" " * label_w + "".join(c.rjust(col_w + 2) for c in cols))
    for m, label in MEASURES.items():
        cells = [_num(w.value(m), m) for w in rep.waves]
        if rep.change:
            cells.append(_num(rep.change.deltas.get(m), m, signed=True))
        lines.append(_(label).ljust(label_w) + "".join(c.rjust(col_w + 2) for c in cells))
    lines.append("")
    for w in rep.waves:
        brokers = ", ".join(f"{b.name} {_num(b.betweenness, 'density')}" for b in w.brokers[:5]) or _("none")
        lines.append(_cut(_("Brokers {wave}: {names}").format(wave=w.wave, names=brokers), width))
        isolated = ", ".join(rep.names.get(i, i) for i in w.isolated) or _("none")
        lines.append(_cut(_("Isolates {wave}: {names}").format(wave=w.wave, names=isolated), width))
    if rep.change:
        c = rep.change
        lines.append(_("From {before} to {after}: {new} new ties, {lost} lost, {kept} kept").format(
            before=c.before, after=c.after, new=c.new_ties, lost=c.lost_ties, kept=c.kept_ties))
        lines.append(_cut(_("Joined: {names}").format(
            names=", ".join(rep.names.get(i, i) for i in c.joined) or _("none")), width))
        lines.append(_cut(_("Left: {names}").format(
            names=", ".join(rep.names.get(i, i) for i in c.left) or _("none")), width))
    return "\n".join(lines) + "\n"


def _cut(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


# --- indicators fed by the network ----------------------------------------------------------------------------

def _rounded(value: float) -> float:
    return round(value, 4)


def recorded(plan: Plan) -> tuple[list[Indicator], list[str]]:
    """The plan's indicators once every indicator that names a `network_measure` holds one measurement per
    wave (dated the wave's date, noted with its label or id), and what changed (``I3.1 2027-03: 0.21``).

    A measurement of a wave's date is that wave's: its value is updated when the ties give another, one is
    added when missing (in date order); other measurements are never touched. An indicator with no
    baseline takes the first wave's value as its baseline, and that wave's year as the baseline year.
    """
    indicators = list(plan.indicators)
    changed: list[str] = []
    waves = plan.network.wave_ids()
    cache: dict[tuple[str, str | None], WaveMeasures] = {}
    for k, ind in enumerate(indicators):
        if ind.network_measure is None or not waves:
            continue
        measurements = list(ind.measurements)
        baseline: tuple[float, int] | None = None
        for wave in waves:
            key = (wave, ind.network_kind)
            if key not in cache:
                cache[key] = measure_wave(plan, wave, ind.network_kind, brokers=False)
            wm = cache[key]
            value = wm.value(ind.network_measure)
            if value is None:
                continue
            value = _rounded(value)
            if baseline is None:
                baseline = (value, wm.date.year)
            at = next((j for j, m in enumerate(measurements) if m.date == wm.date), None)
            if at is None:
                measurements.append(Measurement(date=wm.date, value=value, note=wm.label or wave))
                measurements.sort(key=lambda m: m.date)
            elif measurements[at].value != value:
                measurements[at] = measurements[at].model_copy(update={"value": value})
            else:
                continue
            changed.append(f"{ind.code} {wave}: {_num(value, ind.network_measure)}")
        updates: dict[str, Any] = {}
        if measurements != list(ind.measurements):
            updates["measurements"] = measurements
        if ind.baseline is None and baseline is not None:
            updates.update(baseline=baseline[0], baseline_year=baseline[1])
        if updates:
            indicators[k] = ind.model_copy(update=updates)
    return indicators, changed


def record_measures(store: Any) -> list[str]:
    """Write the measurements of the indicators fed by the network into plan.toml (through the store, only
    what changed); returns what changed, empty when the plan already held them."""
    indicators, changed = recorded(store.plan)
    if changed or indicators != list(store.plan.indicators):
        store.update_plan({"indicators": indicators})
    return changed
