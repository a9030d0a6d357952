"""The collaboration network drawn as inline SVG for the plan PDF: a deterministic force layout and the figure.

`layout` places the actors with Fruchterman–Reingold in pure Python (networkx's own layout needs numpy,
which the tool does not ship). It is deterministic: each actor starts where a checksum of its id puts it
and the ties are visited in a fixed order, so the same plan always draws the same picture, whatever order
its ties were written in. Above `GRID_FROM` actors, repulsion is computed only between actors in
neighbouring cells of a grid (the original paper's variant), which keeps 500 actors and 5,000 ties well
under a second.

`figure` draws one picture for every wave: the layout of all the waves' ties together, so that an actor
stays in its place; nodes are coloured by actor kind and sized by their degree in the last wave; with two
waves or more, ties kept since the first wave are grey, new ties dark and thick, lost ties dashed. Small
networks label every actor; larger ones only the main actors (highest degree, and the brokers given).
All text is escaped (`charts._text`); the palette (Okabe–Ito) stays distinct for colour-blind readers.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from facilitator.export import charts

GRID_FROM = 200
"""Actors from which repulsion is cut off at twice the ideal distance (grid cells) instead of all pairs."""

ITERATIONS = 80
LARGE_ITERATIONS = 40
"""Iterations above `GRID_FROM` actors: a large network settles in fewer, and 500 actors must draw in ≤ 3 s."""
LABEL_ALL_UP_TO = 30
"""Networks of at most this many actors have every actor labelled; larger ones only `MAIN_LABELS`."""
MAIN_LABELS = 14

KIND_COLOURS = {
    "firm": "#0072B2", "association": "#E69F00", "university": "#009E73", "research": "#56B4E9",
    "government": "#D55E00", "finance": "#CC79A7", "ngo": "#8C7A00", "other": "#8E969E",
}
"""Fill of an actor's node by its kind (Okabe–Ito, with a darker yellow that prints on white)."""

KEPT, NEW, LOST = "#b9c3cd", charts.INK, "#8e969e"


def _start(node: str) -> tuple[float, float]:
    h = zlib.crc32(node.encode("utf-8"))
    return ((h & 0xFFFF) / 0xFFFF, ((h >> 16) & 0xFFFF) / 0xFFFF)


def layout(nodes: Sequence[str], edges: Sequence[tuple[str, str]],
           iterations: int | None = None) -> dict[str, tuple[float, float]]:
    """Positions in the unit square (stretched to fill it) for ``nodes``, drawn together by ``edges`` (pairs
    of nodes; others are ignored). Deterministic for the same nodes and edges, whatever their order."""
    order = sorted(set(nodes))
    n = len(order)
    if n == 0:
        return {}
    if n == 1:
        return {order[0]: (0.5, 0.5)}
    index = {v: i for i, v in enumerate(order)}
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b]))
                    for a, b in edges if a in index and b in index and a != b})
    starts = [_start(v) for v in order]
    x = [s[0] for s in starts]
    y = [s[1] for s in starts]
    if iterations is None:
        iterations = ITERATIONS if n <= GRID_FROM else LARGE_ITERATIONS
    k = math.sqrt(1.0 / n)
    k2 = k * k
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    gravity = 0.6 * k
    for _ in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        if n <= GRID_FROM:
            for i in range(n):
                xi, yi = x[i], y[i]
                for j in range(i + 1, n):
                    ddx, ddy = xi - x[j], yi - y[j]
                    d2 = ddx * ddx + ddy * ddy or 1e-9
                    f = k2 / d2
                    dx[i] += ddx * f
                    dy[i] += ddy * f
                    dx[j] -= ddx * f
                    dy[j] -= ddy * f
        else:
            cell = 2 * k
            cut = cell * cell
            grid: dict[tuple[int, int], list[int]] = {}
            for i in range(n):
                grid.setdefault((int(x[i] / cell), int(y[i] / cell)), []).append(i)
            for (cx, cy), members in grid.items():
                near = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in grid.get((cx + ox, cy + oy), ())]
                for i in members:
                    xi, yi = x[i], y[i]
                    fx = fy = 0.0
                    for j in near:
                        if j == i:
                            continue
                        ddx, ddy = xi - x[j], yi - y[j]
                        d2 = ddx * ddx + ddy * ddy or 1e-9
                        if d2 < cut:
                            f = k2 / d2
                            fx += ddx * f
                            fy += ddy * f
                    dx[i] += fx
                    dy[i] += fy
        for i, j in pairs:
            ddx, ddy = x[i] - x[j], y[i] - y[j]
            f = math.sqrt(ddx * ddx + ddy * ddy) / k
            dx[i] -= ddx * f
            dy[i] -= ddy * f
            dx[j] += ddx * f
            dy[j] += ddy * f
        for i in range(n):
            fx = dx[i] + (0.5 - x[i]) * gravity / k
            fy = dy[i] + (0.5 - y[i]) * gravity / k
            moved = math.sqrt(fx * fx + fy * fy)
            if moved > 0:
                step = min(moved, temperature) / moved
                x[i] = min(1.0, max(0.0, x[i] + fx * step))
                y[i] = min(1.0, max(0.0, y[i] + fy * step))
        temperature -= cooling
    # Stretched to fill the square: a dense network settles into a ball much smaller than its frame.
    x0, x1, y0, y1 = min(x), max(x), min(y), max(y)
    sx, sy = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    return {v: ((x[i] - x0) / sx, (y[i] - y0) / sy) for i, v in enumerate(order)}


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class FigureLabels:
    """The figure's fixed words, already translated."""

    kinds: Mapping[str, str]
    """Actor kind → its name in the legend (only the kinds drawn are listed)."""
    kept: str
    new: str
    lost: str
    title: str


def figure(actors: Mapping[str, Actor], waves: Sequence[set[frozenset[str]]], nodes: set[str],
           labels: FigureLabels, *, main: Sequence[str] = (), left: Collection[str] = (), width: float = 170.0,
           height: float = 125.0) -> Markup:
    """The network of the last of ``waves`` (each a set of ties, as pairs of actor ids) among ``nodes``
    (the actors of every wave), with what changed since the first wave; ``main`` are actors to label
    first (the brokers) in a large network; ``left`` (actors of an earlier wave only) are drawn hollow. Empty markup when there is no actor."""
    if not nodes:
        return Markup("")
    last, first = waves[-1], waves[0]
    union = set().union(*waves)
    pos = layout(sorted(nodes), [tuple(sorted(e)) for e in union])  # type: ignore[misc]
    degree = dict.fromkeys(nodes, 0)
    for e in last:
        for v in e:
            degree[v] = degree.get(v, 0) + 1
    top = max(degree.values(), default=0) or 1
    large = len(nodes) > LABEL_ALL_UP_TO
    r_min, r_max = (0.45, 2.2) if large else (1.1, 3.4)
    legend_h = 9.0
    pad = 4.0
    box_w, box_h = width - 2 * pad, height - legend_h - 2 * pad

    def at(v: str) -> tuple[float, float]:
        px, py = pos[v]
        return pad + px * box_w, pad + py * box_h

    def radius(v: str) -> float:
        # Area grows with degree in a small network; a large one keeps small nodes small, so hubs stand out.
        share = degree.get(v, 0) / top
        return r_min + (r_max - r_min) * (share * share if large else math.sqrt(share))

    out: list[str] = []
    thin = 0.09 if large else 0.28
    two = len(waves) > 1
    kept_opacity = ' stroke-opacity="0.55"' if large else ""
    for e in sorted(union, key=sorted):
        a, b = sorted(e)
        (x1, y1), (x2, y2) = at(a), at(b)
        if two and e not in last:
            out.append(charts._line(x1, y1, x2, y2, stroke=LOST, width=thin, dash="0.8 0.6"))
        elif two and e not in first:
            out.append(charts._line(x1, y1, x2, y2, stroke=NEW, width=thin * 1.8))
        else:
            out.append(charts._line(x1, y1, x2, y2, stroke=KEPT, width=thin)[:-2] + kept_opacity + "/>")
    ordered = sorted(nodes, key=lambda v: (degree.get(v, 0), v))  # big nodes on top
    for v in ordered:
        cx, cy = at(v)
        r = radius(v)
        actor = actors.get(v)
        fill = KIND_COLOURS.get(actor.kind if actor else "other", KIND_COLOURS["other"])
        if v in left:
            out.append(f'<circle cx="{charts._n(cx)}" cy="{charts._n(cy)}" r="{charts._n(r)}" fill="#ffffff" '
                       f'stroke="{fill}" stroke-width="0.3"/>')
        else:
            out.append(f'<circle cx="{charts._n(cx)}" cy="{charts._n(cy)}" r="{charts._n(r)}" fill="{fill}" '
                       f'stroke="#ffffff" stroke-width="0.2"/>')
    chosen = list(nodes) if not large else _main_actors(degree, main)
    for v in sorted(chosen, key=lambda v: (degree.get(v, 0), v)):
        actor = actors.get(v)
        name = charts.short(actor.name if actor else v, 24 if not large else 20)
        cx, cy = at(v)
        r = radius(v)
        right = cx < width * 0.72
        tx = cx + r + 0.8 if right else cx - r - 0.8
        w = len(name) * 1.02 + 0.8
        rx = tx - 0.4 if right else tx - w + 0.4
        out.append(f'<rect x="{charts._n(rx)}" y="{charts._n(cy - 1.75)}" width="{charts._n(w)}" height="2.7" '
                   f'fill="#ffffff" fill-opacity="0.75"/>')
        out.append(charts._text(tx, cy + 0.75, name, size=charts.SMALL, anchor="start" if right else "end"))
    legend: list[tuple[str, str]] = [
        (f'<circle cx="1.5" cy="1.2" r="1.2" fill="{KIND_COLOURS.get(kind, KIND_COLOURS["other"])}"/>', name)
        for kind, name in labels.kinds.items()]
    if two:
        legend += [
            (f'<line x1="0" y1="1.2" x2="3" y2="1.2" stroke="{KEPT}" stroke-width="0.5"/>', labels.kept),
            (f'<line x1="0" y1="1.2" x2="3" y2="1.2" stroke="{NEW}" stroke-width="0.6"/>', labels.new),
            (f'<line x1="0" y1="1.2" x2="3" y2="1.2" stroke="{LOST}" stroke-width="0.5" stroke-dasharray="0.8 0.6"/>',
             labels.lost)]
    out += _legend_rows(legend, width, height - legend_h + 3.0)
    return charts._svg(width, height, out, alt=labels.title)


def _main_actors(degree: Mapping[str, int], main: Sequence[str]) -> list[str]:
    chosen = [v for v in main if v in degree][:MAIN_LABELS // 2]
    for v in sorted(degree, key=lambda v: (-degree[v], v)):
        if len(chosen) >= MAIN_LABELS:
            break
        if v not in chosen and degree[v] > 0:
            chosen.append(v)
    return chosen


def _legend_rows(items: Sequence[tuple[str, str]], width: float, y: float) -> list[str]:
    """The legend, wrapped onto a second row when it is wider than the figure."""
    out: list[str] = []
    x = 0.0
    for swatch, name in items:
        step = 5.2 + len(name) * 1.1 + 5
        if x > 0 and x + step > width:
            x, y = 0.0, y + 3.6
        out.append(f'<g transform="translate({charts._n(x)},{charts._n(y - 2.1)})">{swatch}</g>')
        out.append(charts._text(x + 5.2, y, charts.short(name, 40), size=charts.SMALL, fill=charts.MUTED))
        x += step
    return out
