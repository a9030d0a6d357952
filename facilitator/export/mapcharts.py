"""The profile's two maps as charts of the plan PDF: the stakeholder map (organizations on an influence ×
interest grid) and the value chain (segments by stage, arrows for what each supplies, the supporting
band). Built with the drawing pieces of `charts`, under the same rules: text escaped, labels HTML over
the drawing, never under 7 pt, wrapped rather than cut."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from facilitator.export.charts import (
    ACCENT,
    HEAD,
    INK,
    LINE,
    MUTED,
    RULE,
    SMALL,
    TINT,
    _alt,
    _line,
    _n,
    _rect,
    _svg,
    _text,
    _texts,
    wrap,
)

# --- the stakeholder map: influence × interest ----------------------------------------------------------------

@dataclass
class Placed:
    """An organization on the stakeholder map."""

    name: str
    scores: str
    """Its influence and interest as printed (``4.5 · 5``)."""
    quadrant: str
    """``manage``, ``satisfy``, ``inform`` or ``monitor`` (`facilitator.maps.QUADRANTS`)."""


@dataclass
class GridLabels:
    quadrants: dict[str, str]
    """The quadrant names, translated, by key."""
    captions: dict[str, str]
    """What each quadrant holds (``high influence, high interest``), translated, by key."""
    influence: str
    interest: str
    high: str
    low: str
    empty: str
    more: str = "+{n}"
    """The last line of a quadrant holding more organizations than fit (``+{n} more, listed below``)."""


GRID_MOST = 22
"""The most organizations a quadrant lists (fewer when long names wrap, `grid_shown`): the chart must fit
on one page (an SVG does not break across pages); the rest are named by the caller under the chart."""

CHART_MOST_HEIGHT = 230.0
"""The tallest drawing (mm) that fits on an A4 page (258 mm inside the margins) with its caption and up to
four lines of note: an SVG does not break across pages, so a taller one ran off the page's foot."""


_GRID_AXIS, _GRID_PAD, _GRID_GAP, _GRID_SCORE = 16.0, 2.0, 1.5, 13.0
_GRID_LAYOUT = (("satisfy", "manage"), ("monitor", "inform"))


def _grid_chars(width: float) -> int:
    """How many characters of a name fit on a line of a quadrant."""
    cell = (width - _GRID_AXIS - _GRID_GAP) / 2
    return int((cell - 2 * _GRID_PAD - _GRID_SCORE) / 1.45)


def grid_shown(items: Sequence[Placed], width: float = 170.0) -> dict[str, int]:
    """How many organizations of each quadrant `stakeholder_grid` draws (the first ones): at most `GRID_MOST`,
    and no more than keep each row of the grid within half of `CHART_MOST_HEIGHT` once their names are
    wrapped (long names wrap over two lines or three). The caller names the others under the map."""
    chars = _grid_chars(width)
    row_most = (CHART_MOST_HEIGHT - 4.0 - _GRID_GAP) / 2  # two rows, the gap between them, the axis under
    shown = {}
    for key in (key for row in _GRID_LAYOUT for key in row):
        here = [p for p in items if p.quadrant == key]
        used, n = 10.5 + 1.5, 0  # the quadrant's title and caption, and its foot
        for p in here[:GRID_MOST]:
            need = len(wrap(p.name, chars, 12)) * LINE + 1.0
            more = LINE + 1.0 if n + 1 < len(here) else 0.0  # the "+N more" line, if any are left out
            if used + need + more > row_most:
                break
            used, n = used + need, n + 1
        shown[key] = n
    return shown


def stakeholder_grid(items: Sequence[Placed], labels: GridLabels, *, width: float = 170.0,
                     title: str = "") -> Markup:
    """The 2×2 influence × interest grid: influence high in the top row, interest high in the right column;
    each quadrant lists its organizations (highest influence first) with their scores. Names wrap over as
    many lines as they need: none is cut. Beyond what fits on one page (`grid_shown`), a quadrant's last
    line says how many more there are (``labels.more``)."""
    axis, pad, gap = _GRID_AXIS, _GRID_PAD, _GRID_GAP
    cell = (width - axis - gap) / 2
    chars = _grid_chars(width)
    shown = grid_shown(items, width)
    body: list[str] = []
    y = 0.0
    for r, row_keys in enumerate(_GRID_LAYOUT):
        blocks = []
        for key in row_keys:
            here = [p for p in items if p.quadrant == key]
            entries = [(wrap(p.name, chars, 12), p.scores) for p in here[:shown[key]]]
            if len(here) > shown[key]:
                entries.append(([labels.more.format(n=len(here) - shown[key])], ""))
            height = 10.5 + sum(len(lines) * LINE + 1.0 for lines, _s in entries) + (LINE if not entries else 0) + 1.5
            blocks.append((key, entries, height))
        row_h = max(max(h for _k, _e, h in blocks), 28.0)
        mid = y + row_h / 2
        body += _texts(0, mid - LINE / 2, [labels.influence, labels.high if r == 0 else labels.low], size=SMALL,
                       weight=600, fill=HEAD)
        for c, (key, entries, _h) in enumerate(blocks):
            x = axis + c * (cell + gap)
            strong = key == "manage"
            body.append(_rect(x, y, cell, row_h, TINT if strong else "#ffffff", HEAD if strong else RULE,
                              0.4 if strong else 0.25))
            body.append(_text(x + pad, y + 4.2, labels.quadrants[key], weight=700, fill=HEAD))
            body.append(_text(x + pad, y + 7.6, labels.captions[key], size=SMALL, fill=MUTED))
            ty = y + 11.8
            if not entries:
                body.append(_text(x + pad, ty, labels.empty, size=SMALL, fill=MUTED))
            for lines, scores in entries:
                body += _texts(x + pad, ty, lines)
                body.append(_text(x + cell - pad, ty, scores, size=SMALL, anchor="end", fill=INK))
                ty += len(lines) * LINE + 1.0
        y += row_h + gap
    for c, word in enumerate((labels.low, labels.high)):
        body.append(_text(axis + c * (cell + gap) + cell / 2, y + 2.8, f"{labels.interest}: {word}", size=SMALL,
                          anchor="middle", weight=600, fill=HEAD))
    height = y + 4.0
    return _svg(width, height, body, alt=_alt(title, [
        f"{labels.quadrants[key]}: " + ", ".join(f"{p.name} ({p.scores})" for p in items if p.quadrant == key)
        for key in ("manage", "satisfy", "inform", "monitor") if any(p.quadrant == key for p in items)]))


# --- the value chain ----------------------------------------------------------------------------------------

@dataclass
class Box:
    """A segment of the value chain as drawn."""

    id: str
    name: str
    count: str
    """How many stakeholders it holds, as printed (``3 stakeholders``)."""
    stage: int = 1


def _box_lines(box: Box, chars: int) -> list[str]:
    return wrap(box.name, chars, 8)


def _arrow(x1: float, y1: float, x2: float, y2: float) -> list[str]:
    """A line from (x1, y1) to (x2, y2) ending in a filled arrowhead (drawn, not an SVG marker)."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ux * 2.2, y2 - uy * 2.2
    px, py = -uy * 1.1, ux * 1.1
    return [_line(x1, y1, bx, by, ACCENT, 0.35),
            (f'<path d="M{_n(x2)},{_n(y2)} L{_n(bx + px)},{_n(by + py)} L{_n(bx - px)},{_n(by - py)} Z" '
             f'fill="{ACCENT}"/>')]


CHAIN_MOST_STAGES = 6
"""The most stages drawn side by side: with more, a column is too narrow for a segment's name."""


def value_chain(chain: Sequence[Box], links: Sequence[tuple[str, str]], support: Sequence[Box], *,
                stage_label: str, support_label: str, width: float = 170.0, title: str = "") -> Markup | None:
    """The value chain: one column of boxes per stage, left to right, with an arrow for each link (a segment
    to the one it supplies), then the supporting segments in a band under it (``support_label`` heads the
    band; with no chain the band is the whole map). Each box carries its name, wrapped whole, and its count.
    None when the drawing would not fit on one page (more than `CHAIN_MOST_STAGES` stages, or taller than
    `CHART_MOST_HEIGHT`): the caller then lists the segments."""
    if not chain and not support:
        return Markup("")
    if len({b.stage for b in chain}) > CHAIN_MOST_STAGES:
        return None
    body: list[str] = []
    arrows: list[str] = []
    """Drawn first: a link that skips a stage passes behind the boxes between its ends."""
    where: dict[str, tuple[float, float, float, float]] = {}
    y_end = 0.0
    if chain:
        stages = sorted({b.stage for b in chain})
        gap = 9.0 if len(stages) > 1 else 0.0
        col = (width - gap * (len(stages) - 1)) / len(stages)
        chars = max(8, int((col - 3) / 1.45))
        top = 5.0
        for k, stage in enumerate(stages):
            x = k * (col + gap)
            body.append(_text(x + col / 2, 3.0, stage_label.format(n=stage), size=SMALL, anchor="middle", weight=600,
                              fill=MUTED))
            y = top
            for b in (b for b in chain if b.stage == stage):
                lines = _box_lines(b, chars)
                h = 3.0 + len(lines) * LINE + LINE + 0.8
                body.append(_rect(x, y, col, h, "#ffffff", HEAD, 0.35))
                body += _texts(x + col / 2, y + 3.6, lines, anchor="middle", weight=600, fill=HEAD)
                body.append(_text(x + col / 2, y + 3.6 + len(lines) * LINE, b.count, size=SMALL, anchor="middle",
                                  fill=MUTED))
                where[b.id] = (x, y, col, h)
                y += h + 5.0
            y_end = max(y_end, y)
        for source, target in links:
            if source not in where or target not in where or source == target:
                continue
            ax, ay, aw, ah = where[source]
            bx, by, bw, bh = where[target]
            if bx > ax:
                arrows += _arrow(ax + aw, ay + ah / 2, bx, by + bh / 2)
            elif bx < ax:
                arrows += _arrow(ax, ay + ah / 2, bx + bw, by + bh / 2)
            elif by > ay:
                arrows += _arrow(ax + aw / 2, ay + ah, bx + bw / 2, by)
            else:
                arrows += _arrow(ax + aw / 2, ay, bx + bw / 2, by + bh)
    if support:
        y = y_end + (2.0 if chain else 0.0)
        body.append(_text(0, y + 3.0, support_label, size=SMALL, weight=600, fill=MUTED))
        y += 5.0
        per_row = 4
        col = (width - 3.0 * (per_row - 1)) / per_row
        chars = int((col - 3) / 1.45)
        for start in range(0, len(support), per_row):
            row = support[start:start + per_row]
            heights = [3.0 + len(_box_lines(b, chars)) * LINE + LINE + 0.8 for b in row]
            h = max(heights)
            for k, b in enumerate(row):
                x = k * (col + 3.0)
                lines = _box_lines(b, chars)
                body.append(_rect(x, y, col, h, TINT, RULE, 0.3, "" if not chain else "1 0.6"))
                body += _texts(x + col / 2, y + 3.6, lines, anchor="middle", weight=600, fill=HEAD)
                body.append(_text(x + col / 2, y + 3.6 + len(lines) * LINE, b.count, size=SMALL, anchor="middle",
                                  fill=MUTED))
            y += h + 3.0
        y_end = y
    if y_end + 1.0 > CHART_MOST_HEIGHT:
        return None
    names = {b.id: b.name for b in [*chain, *support]}
    return _svg(width, y_end + 1.0, arrows + body, alt=_alt(title, [
        *(f"{b.name} ({b.count})" for b in [*chain, *support]),
        *(f"{names[a]} → {names[b]}" for a, b in links if a in names and b in names)]))
