"""Charts of the plan PDF as inline markup (an SVG drawing, its labels HTML over it): bars, gaps, the action
timeline, indicator progress (the stakeholder map and the value chain are in `mapcharts`).

Every function takes plain data (numbers and already formatted, already translated strings) and returns
`Markup` that the template prints as it is. All text is escaped here with `markupsafe.escape` (participant
text never becomes markup or an attribute), newlines become spaces, and long labels wrap onto more lines
(their row grows; only a label longer than its lines is shortened, with an ellipsis). Text is never
smaller than 7 pt, and a value axis carries its unit. Coordinates are in millimetres (the viewBox matches the printed size), the font is the
document's, and the palette is a few blue-greys that stay distinct when printed in grey: besides tone,
series differ by fill style (solid, outline, hatching) and every bar carries its value as text.

WeasyPrint lays SVG text out one letter at a time, so no chart has an SVG <text>: each label is an HTML box
placed over the drawing (`_text`, `_svg`), laid out a word at a time like the rest of the document.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

INK = "#1b1f24"
HEAD = "#1f3a5f"
ACCENT = "#3d6d99"
MUTED = "#5b6570"
RULE = "#b9c3cd"
TINT = "#e9eef3"
LIGHT = "#c9d3dd"

SIZE = 2.8       # label text, mm (about 7.9 pt)
SMALL = 2.5      # axis and value text, mm (about 7.1 pt): never under 7 pt, which reads on paper
LINE = 3.3       # from one line of a wrapped label to the next, mm


def _n(value: float) -> str:
    """A coordinate: two decimals at most, no exponent."""
    s = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def short(value: str, limit: int) -> str:
    """One line of at most ``limit`` characters (an ellipsis marks a cut)."""
    s = " ".join(str(value).split())
    return s if len(s) <= limit else s[:max(1, limit - 1)].rstrip() + "\u2026"


def wrap(value: str, limit: int, most: int = 3) -> list[str]:
    """``value`` in lines of at most ``limit`` characters, broken between words; a word longer than a line
    is cut into pieces. Only a label that needs more than ``most`` lines is shortened (ellipsis on the last).
    """
    lines: list[str] = []
    for word in " ".join(str(value).split()).split(" "):
        while len(word) > limit:
            lines.append(word[:limit])
            word = word[limit:]
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most - 1] + [short(" ".join(lines[most - 1:]), limit)]
    return lines or [""]


def _texts(x: float, y: float, lines: Sequence[str], **style: Any) -> list[str]:
    """One `_text` per line, the first on ``y`` and the next ones `LINE` below each other."""
    return [_text(x, y + k * LINE, line, **style) for k, line in enumerate(lines)]


BASELINE = 0.837
"""Where a label's baseline falls below the top of its box, in em: Source Sans 3 (ascent 1.0, descent 0.326
em) on a line of height 1."""


_SIZE_CLASS = {SIZE: "", SMALL: " cs"}
_WEIGHT_CLASS = {400: "", 600: " c6", 700: " c7"}
_FILL_CLASS = {INK: "", MUTED: " cm", HEAD: " ch"}
"""The label styles plan.css gives by class (`.cl` is SIZE, 400, INK): a declaration in a style attribute
costs WeasyPrint a cascade of its own, 6% of an export when every label carried its font and colour."""


def _text(x: float, y: float, value: str, *, size: float = SIZE, anchor: str = "start", weight: int = 400,
          fill: str = INK) -> str:
    """A label with its baseline at (x, y): an HTML box that `_svg` places over the drawing, not an SVG
    <text>, which WeasyPrint lays out and draws one letter at a time (a Pango layout per character).
    A label centred on x or ending at x gets its box from `_svg`, which knows the chart's width."""
    where = f"@{anchor[0]}{_n(x)}@" if anchor in ("middle", "end") else f"left:{_n(x)}mm;"
    classes = _SIZE_CLASS.get(size, "") + _WEIGHT_CLASS.get(weight, "") + _FILL_CLASS.get(fill, "")
    style = ("" if size in _SIZE_CLASS else f";font-size:{_n(size)}mm") + \
        ("" if weight in _WEIGHT_CLASS else f";font-weight:{weight}") + ("" if fill in _FILL_CLASS else f";color:{fill}")
    return (f'<span class="cl{classes}" style="{where}top:{_n(y - BASELINE * size)}mm{style}">'
            f'{escape(value)}</span>')


def _anchored(labels: str, width: float) -> str:
    """``labels`` with each centred or end-anchored label in a box inside the chart's width: centred on its
    x (as wide as the nearer edge allows), or from the left edge to its x, its text aligned to the box."""
    def box(m: re.Match[str]) -> str:
        x = float(m.group(2))
        if m.group(1) == "m":
            half = max(min(x, width - x), 0.0)
            return f"left:{_n(x - half)}mm;width:{_n(2 * half)}mm;text-align:center;"
        return f"left:0;width:{_n(max(x, 0.0))}mm;text-align:right;"
    return _ANCHOR.sub(box, labels)


_ANCHOR = re.compile(r"@([me])(-?[\d.]+)@")


def _rect(x: float, y: float, w: float, h: float, fill: str, stroke: str = "none", width: float = 0.25,
          dash: str = "") -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(h)}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{_n(width)}"{extra}/>')


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = RULE, width: float = 0.2,
          dash: str = "") -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" '
            f'stroke-width="{_n(width)}"{extra}/>')


_PATTERNS = (
    f'<pattern id="{{p}}-hatch" patternUnits="userSpaceOnUse" width="1.4" height="1.4">'
    f'<rect width="1.4" height="1.4" fill="#ffffff"/><path d="M0,1.4 L1.4,0" stroke="{ACCENT}" stroke-width="0.35"/>'
    f'</pattern>'
    f'<pattern id="{{p}}-cross" patternUnits="userSpaceOnUse" width="1.4" height="1.4">'
    f'<rect width="1.4" height="1.4" fill="#ffffff"/><path d="M0,1.4 L1.4,0 M0,0 L1.4,1.4" stroke="{INK}" '
    f'stroke-width="0.3"/></pattern>'
)


LABEL = '<span class="cl'
"""How a label made by `_text` begins."""


def _svg(width: float, height: float, body: Sequence[str], *, patterns: str = "", alt: str = "") -> Markup:
    """The chart: a box of the printed size holding the SVG drawing and, over it, the labels of ``body``
    (`_text`) as HTML. ``alt`` becomes the drawing's <title>, which WeasyPrint writes as the figure's alternate
    text (PDF/UA)."""
    defs = f"<defs>{_PATTERNS.replace('{p}', patterns)}</defs>" if patterns else ""
    title = f"<title>{escape(alt)}</title>" if alt else ""
    shapes = "".join(b for b in body if not b.startswith(LABEL))
    labels = _anchored("".join(b for b in body if b.startswith(LABEL)), width)
    return Markup(
        f'<div class="chart" style="width:{_n(width)}mm;height:{_n(height)}mm">'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}mm" height="{_n(height)}mm" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img">{title}{defs}{shapes}</svg>{labels}</div>')


def _alt(title: str, parts: Sequence[str]) -> str:
    """Alternate text: the chart's title and the data it draws, for readers that cannot see it."""
    parts = [p for p in parts if p]
    return f"{title}: {'; '.join(parts)}" if title and parts else title


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> tuple[list[str], float]:
    """Swatches (given as SVG of a 3 × 2.4 mm box at the origin) with their names, left to right."""
    out = []
    for swatch, name in items:
        out.append(f'<g transform="translate({_n(x)},{_n(y - 2.1)})">{swatch}</g>')
        out.append(_text(x + 5.2, y, name, size=SMALL, fill=MUTED))
        x += 5.2 + len(name) * 1.1 + 5
    return out, x


# --- horizontal bars ---------------------------------------------------------------------------------------

@dataclass
class Bar:
    label: str
    value: float
    shown: str
    """The value as printed next to the bar (formatted, with unit or share)."""


def bars(items: Sequence[Bar], *, width: float = 170.0, label_width: float = 62.0, row: float = 5.2,
         label_chars: int | None = None, title: str = "") -> Markup:
    """Horizontal bars on one scale (the largest value spans the bar area), value printed at each bar's end.
    Labels wrap at ``label_chars`` characters (default: as many as fit in ``label_width``)."""
    if not items:
        return Markup("")
    top = max((b.value for b in items), default=0.0)
    area = width - label_width - 30
    body = []
    y = 0.8
    for b in items:
        # a long label wraps onto more lines and its row grows, rather than being cut with an ellipsis
        lines = wrap(b.label, label_chars or int(label_width / 1.5))
        height_here = row + (len(lines) - 1) * LINE
        length = area * (b.value / top) if top > 0 and b.value > 0 else 0.0
        body += _texts(0, y + row * 0.62, lines)
        body.append(_rect(label_width, y + 0.7, length, row - 1.8, HEAD))
        body.append(_text(label_width + length + 1.5, y + row * 0.62, b.shown, size=SMALL, fill=MUTED))
        y += height_here
    height = y + 0.7
    body.append(_line(label_width, 0.3, label_width, height - 0.3, MUTED, 0.25))
    return _svg(width, height, body, alt=_alt(title, [f"{b.label} {b.shown}" for b in items]))


# --- benchmarking gaps ----------------------------------------------------------------------------------------

@dataclass
class Gap:
    metric: str
    value: float
    reference_value: float
    value_shown: str
    reference_shown: str
    reference: str


def gaps(items: Sequence[Gap], *, cluster_label: str, reference_label: str, width: float = 170.0,
         title: str = "") -> Markup:
    """Cluster value against the reference, per metric; each metric on its own scale (the larger of the two
    spans the bar area), since the metrics have different units."""
    if not items:
        return Markup("")
    label_width, row = 72.0, 10.0
    area = width - label_width - 34
    body, _x = _legend(label_width, 3, [
        (_rect(0, 0, 3, 2.4, HEAD), cluster_label),
        (_rect(0, 0, 3, 2.4, TINT, HEAD, 0.25), reference_label)])
    y = 6.0
    for k, g in enumerate(items):
        top = max(abs(g.value), abs(g.reference_value))
        scale = area / top if top > 0 else 0.0
        metric, reference = wrap(g.metric, 46, 2), wrap(g.reference, 52, 2)
        body += _texts(0, y + 3.4, metric)
        body += _texts(0, y + 3.4 + len(metric) * LINE, reference, size=SMALL, fill=MUTED)
        a, b = abs(g.value) * scale, abs(g.reference_value) * scale
        body.append(_rect(label_width, y + 1.2, a, 3.4, HEAD))
        body.append(_text(label_width + a + 1.5, y + 4.0, g.value_shown, size=SMALL))
        body.append(_rect(label_width, y + 5.0, b, 3.4, TINT, HEAD, 0.25))
        body.append(_text(label_width + b + 1.5, y + 7.8, g.reference_shown, size=SMALL, fill=MUTED))
        if k:
            body.append(_line(0, y, width, y, RULE, 0.15))
        y += max(row, 2.6 + (len(metric) + len(reference)) * LINE)
    height = y + 1
    body.append(_line(label_width, 5.6, label_width, height - 0.5, MUTED, 0.25))
    return _svg(width, height, body, alt=_alt(title, [
        f"{g.metric}: {cluster_label} {g.value_shown}, {g.reference} {g.reference_shown}" for g in items]))


# --- the action timeline ----------------------------------------------------------------------------------------

STATUS_STYLE = {
    # status: (fill, stroke, dash); fills that differ in grey as well as in tone
    "planned": ("#ffffff", HEAD, "0.8 0.5"),
    "ongoing": ("url(#{p}-hatch)", HEAD, ""),
    "done": (HEAD, HEAD, ""),
    "delayed": ("url(#{p}-cross)", INK, ""),
    "cancelled": (LIGHT, MUTED, ""),
}


@dataclass
class Span:
    code: str
    title: str
    start: dt.date | None
    end: dt.date | None
    status: str
    status_shown: str
    """The status as printed (translated), with the percent done when known."""
    progress: int = 0


@dataclass
class TimelineLabels:
    today: str
    no_dates: str
    statuses: dict[str, str] = field(default_factory=dict)
    """Translated status names for the legend, by status key."""


def _year_x(day: dt.date, first: int, per_year: float, x0: float) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return x0 + (day.year - first + (day - start).days / length) * per_year


def timeline(spans: Sequence[Span], labels: TimelineLabels, *, today: dt.date | None = None,
             width: float = 255.0, ident: str = "tl", title: str = "") -> Markup:
    """A Gantt chart: one bar per action from its start to its end over whole years with quarter ticks.

    The status shows in the bar's fill (outline, hatching, solid, cross-hatching, grey) and, for print in
    grey and for readers, as a word at the end of the row; an ongoing bar is filled solid up to its percent
    done. A dashed line marks the export date when it falls inside the chart.
    """
    if not spans:
        return Markup("")
    dates = [d for s in spans for d in (s.start, s.end) if d is not None]
    if not dates:
        return Markup("")
    first, last = min(dates).year, max(dates).year
    years = last - first + 1
    label_width, status_width, row = 78.0, 30.0, 5.6
    x0 = label_width
    area = width - label_width - status_width
    per_year = area / years
    top = 10.0
    titles = [wrap(s.title, 46, 2) for s in spans]
    rows = [row + (len(t) - 1) * LINE for t in titles]
    height = top + sum(rows) + 2
    body = []
    legend = [(_rect(0, 0, 4, 2.4, *_style(key, ident)[:2], 0.3, _style(key, ident)[2]), labels.statuses[key])
              for key in STATUS_STYLE if key in labels.statuses and any(s.status == key for s in spans)]
    items, _x = _legend(0, 2.6, legend)
    body += items
    for k in range(years):
        x = x0 + k * per_year
        body.append(_rect(x, top - 1, per_year, height - top + 1, TINT if k % 2 == 0 else "#ffffff"))
        body.append(_text(x + per_year / 2, top - 2, str(first + k), size=SMALL, anchor="middle", weight=600,
                          fill=HEAD))
        for q in (1, 2, 3):
            body.append(_line(x + q * per_year / 4, top - 1, x + q * per_year / 4, height - 1, "#ffffff"
                              if k % 2 == 0 else TINT, 0.3))
    body.append(_line(x0, top - 1, x0 + area, top - 1, MUTED, 0.25))
    y = top
    for k, s in enumerate(spans):
        if k:
            y += rows[k - 1]
        body.append(_text(0, y + row * 0.66, s.code, weight=700, fill=HEAD))
        body += _texts(11, y + row * 0.66, titles[k])
        if s.start is not None and s.end is not None and s.end >= s.start:
            a = _year_x(s.start, first, per_year, x0)
            b = max(_year_x(s.end, first, per_year, x0), a + 0.6)
            fill, stroke, dash = _style(s.status, ident)
            body.append(_rect(a, y + 1.1, b - a, row - 2.2, fill, stroke, 0.3, dash))
            if s.status == "ongoing" and s.progress > 0:
                done = (b - a) * min(s.progress, 100) / 100
                body.append(_rect(a, y + 1.1, done, row - 2.2, HEAD))
            body.append(_text(x0 + area + 2, y + row * 0.66, s.status_shown, size=SMALL, fill=INK))
        else:
            body.append(_text(x0 + 1, y + row * 0.66, labels.no_dates, size=SMALL, fill=MUTED))
            body.append(_text(x0 + area + 2, y + row * 0.66, s.status_shown, size=SMALL, fill=INK))
        body.append(_line(0, y + rows[k], width, y + rows[k], RULE, 0.12))
    if today is not None and first <= today.year <= last:
        x = _year_x(today, first, per_year, x0)
        body.append(_line(x, top - 1, x, height - 0.5, "#b03a2e", 0.35, "1 0.6"))
        body.append(_text(x, height + 2.6, labels.today, size=SMALL, anchor="middle", fill=INK))
        height += 3.4
    return _svg(width, height, body, patterns=ident, alt=_alt(title, [
        f"{x.code} {x.title}: {x.start or '?'} – {x.end or '?'}, {x.status_shown}" for x in spans]))


def _style(status: str, ident: str) -> tuple[str, str, str]:
    fill, stroke, dash = STATUS_STYLE.get(status, STATUS_STYLE["planned"])
    return fill.replace("{p}", ident), stroke, dash


# --- indicator progress over the years ---------------------------------------------------------------------------

@dataclass
class Point:
    when: float
    """A year with its fraction (2026.5 is the end of June 2026)."""
    value: float


@dataclass
class IndicatorLabels:
    baseline: str
    target: str
    measured: str


def year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (dt.date(day.year + 1, 1, 1) - start).days


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values covering [low, high] for the vertical axis."""
    span = high - low
    if span <= 0:
        span = abs(high) or 1.0
        low, high = low - span / 2, high + span / 2
        span = high - low
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    out: list[float] = []
    v = first
    while v <= high + step * 0.999 and len(out) < 12:
        out.append(round(v, 10))
        v += step
    return out


def indicator(baseline: Point | None, targets: Sequence[Point], measured: Sequence[Point],
              labels: IndicatorLabels, fmt_value: dict[float, str] | None = None, *,
              width: float = 80.0, height: float = 42.0, ident: str = "ic", title: str = "",
              unit: str = "") -> Markup:
    """Baseline, targets and measurements of one indicator over the years: the planned path dashed from the
    baseline through each target (hollow diamonds), the measured values solid (filled dots).

    ``fmt_value`` maps the axis tick values to their printed form (numbers in the document's language);
    ticks missing from it print as plain numbers. ``unit`` is printed at the top of the value axis.
    """
    points = ([baseline] if baseline else []) + list(targets) + list(measured)
    if len(points) < 2:
        return Markup("")
    years = [p.when for p in points]
    first = math.floor(min(years))
    last = max(math.floor(max(years)) + 1, first + 1)
    ticks = _ticks(min(p.value for p in points), max(p.value for p in points))
    low, high = ticks[0], ticks[-1]
    if high <= low:
        high = low + 1
    left, right, top, bottom = 11.0, 3.0, 6.5, 6.0
    w, h = width - left - right, height - top - bottom

    def x(when: float) -> float:
        return left + (when - first) / (last - first) * w

    def y(value: float) -> float:
        return top + h - (value - low) / (high - low) * h

    body, _x = _legend(left, 3.0, [
        (f'<rect x="0" y="0" width="2.4" height="2.4" fill="{INK}"/>', labels.baseline),
        (f'<path d="M1.2,0 L2.4,1.2 L1.2,2.4 L0,1.2 Z" fill="#ffffff" stroke="{HEAD}" stroke-width="0.3"/>',
         labels.target),
        (f'<circle cx="1.2" cy="1.2" r="1" fill="{ACCENT}"/>', labels.measured)])
    for t in ticks:
        body.append(_line(left, y(t), left + w, y(t), TINT, 0.2))
        shown = (fmt_value or {}).get(t) or _n(t)
        body.append(_text(left - 1, y(t) + 0.8, shown, size=SMALL, anchor="end", fill=MUTED))
    if unit:
        body.append(_text(left - 1, top - 2.2, short(unit, 14), size=SMALL, anchor="end", fill=MUTED))
    step = 1 if last - first <= 8 else 2
    for year in range(first, last + 1, step):
        body.append(_line(x(year), top + h, x(year), top + h + 0.8, MUTED, 0.2))
        if year < last:
            body.append(_text(x(year + 0.5), top + h + 3.3, str(year), size=SMALL, anchor="middle",
                              fill=MUTED))
    body.append(_line(left, top + h, left + w, top + h, MUTED, 0.25))
    plan = ([baseline] if baseline else []) + sorted(targets, key=lambda p: p.when)
    if len(plan) > 1:
        d = " ".join(("M" if i == 0 else "L") + f"{_n(x(p.when))},{_n(y(p.value))}" for i, p in enumerate(plan))
        body.append(f'<path d="{d}" fill="none" stroke="{HEAD}" stroke-width="0.35" stroke-dasharray="1 0.7"/>')
    seen = sorted(measured, key=lambda p: p.when)
    path = ([baseline] if baseline else []) + seen
    if seen and len(path) > 1:
        d = " ".join(("M" if i == 0 else "L") + f"{_n(x(p.when))},{_n(y(p.value))}" for i, p in enumerate(path))
        body.append(f'<path d="{d}" fill="none" stroke="{ACCENT}" stroke-width="0.5"/>')
    if baseline:
        body.append(_rect(x(baseline.when) - 1.1, y(baseline.value) - 1.1, 2.2, 2.2, INK))
    for p in targets:
        cx, cy = x(p.when), y(p.value)
        body.append(f'<path d="M{_n(cx)},{_n(cy - 1.4)} L{_n(cx + 1.4)},{_n(cy)} L{_n(cx)},{_n(cy + 1.4)} '
                    f'L{_n(cx - 1.4)},{_n(cy)} Z" fill="#ffffff" stroke="{HEAD}" stroke-width="0.35"/>')
    for p in seen:
        body.append(f'<circle cx="{_n(x(p.when))}" cy="{_n(y(p.value))}" r="0.9" fill="{ACCENT}"/>')
    return _svg(width, height, body, alt=_alt(title, [
        f"{labels.baseline} {_n(baseline.value)}" if baseline else "",
        *(f"{labels.target} {_n(p.value)} ({math.floor(p.when)})" for p in targets),
        *(f"{labels.measured} {_n(p.value)}" for p in seen)]))


# --- progress of every indicator ---------------------------------------------------------------------------------

@dataclass
class Progress:
    code: str
    done: float | None
    """Share of the way from baseline to final target (may be below 0 or above 1)."""
    expected: float | None
    """Where the straight line from baseline to target stands on the latest measurement."""
    shown: str
    """The progress as printed, with the light's word."""


def progress(items: Sequence[Progress], *, expected_label: str, width: float = 170.0, title: str = "",
             percent_space: str = "") -> Markup:
    """Progress toward the final target per indicator (0–100 %), with a tick where it was expected to be."""
    if not items:
        return Markup("")
    label_width, row = 14.0, 4.6
    area = width - label_width - 44
    top = 6.0
    height = top + row * len(items) + 4.5
    body, _x = _legend(label_width, 2.6, [
        (_line(1.5, -0.2, 1.5, 2.6, INK, 0.6), expected_label)])
    for pct in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_width + area * pct
        body.append(_line(x, top - 0.5, x, top + row * len(items), RULE, 0.15))
        body.append(_text(x, height - 0.8, f"{round(pct * 100)}{percent_space}%", size=SMALL, anchor="middle",
                          fill=MUTED))
    for k, p in enumerate(items):
        y = top + k * row
        body.append(_text(0, y + row * 0.68, p.code, size=SIZE * 0.95, weight=700, fill=HEAD))
        body.append(_rect(label_width, y + 0.9, area, row - 1.8, TINT))
        if p.done is not None:
            body.append(_rect(label_width, y + 0.9, area * min(max(p.done, 0.0), 1.0), row - 1.8, HEAD))
        if p.expected is not None:
            x = label_width + area * min(max(p.expected, 0.0), 1.0)
            body.append(_line(x, y + 0.3, x, y + row - 0.3, INK, 0.6))
        body.append(_text(label_width + area + 2, y + row * 0.68, p.shown, size=SMALL))
    return _svg(width, height, body, alt=_alt(title, [f"{b.code} {b.shown}" for b in items]))
