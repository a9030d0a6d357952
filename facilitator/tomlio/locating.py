"""Locating keys in TOML text: the line each key path is written on, and a key path as people read it.

`key_lines` maps ``("indicators", 2, "baseline")`` to its line; `line_of` falls back to the nearest
written ancestor; `key_label` writes the path as ``indicators[3].baseline``.
"""

from __future__ import annotations

import re
from typing import Any

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Map each key path (``("indicators", 2, "baseline")``) to the 1-based line where it is written.

    A line scanner rather than a parser: it understands table and array-of-tables headers, dotted keys
    and multi-line strings, which is what a located message needs. Inline tables map to their key's line.
    """
    lines: dict[tuple[Any, ...], int] = {}
    aot_count: dict[tuple[Any, ...], int] = {}
    current: tuple[Any, ...] = ()
    in_multiline: str | None = None
    for n, raw in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if raw.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(raw)
        if header:
            is_aot = header.group(1) == "[["
            path: tuple[Any, ...] = ()
            names = _split_key(header.group(2))
            for i, name in enumerate(names):
                path = path + (name,)
                last = i == len(names) - 1
                if last and is_aot:
                    idx = aot_count.get(path, 0)
                    aot_count[path] = idx + 1
                    lines.setdefault(path, n)
                    path = path + (idx,)
                elif path in aot_count:
                    path = path + (aot_count[path] - 1,)
            current = path
            lines.setdefault(current, n)
            continue
        key = _KEY.match(raw)
        if key:
            path = current + tuple(_split_key(key.group(1)))
            lines.setdefault(path, n)
            rest = raw[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
                    break
    return lines


def line_of(lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int | None:
    """The line of ``path`` or of its nearest written ancestor."""
    path = tuple(p for p in path if isinstance(p, (str, int)))
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def key_label(path: tuple[Any, ...]) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p + 1}]"
        elif isinstance(p, str):
            out += ("." if out else "") + p
    return out
