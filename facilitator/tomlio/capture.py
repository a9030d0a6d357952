"""The capture fast path: records appended to a file's lists are spliced into its text, not re-rendered.

A note captured in a session of a thousand notes must not cost a full tomlkit render: when the model
differs from what was last written only by records appended to top-level lists (`appended_only`),
`append_records` writes the new tables after each list's last one and verifies the fragment.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from typing import Any

import tomlkit
from pydantic import BaseModel
from tomlkit.items import AoT

from facilitator.tomlio.comments import append_table
from facilitator.tomlio.patching import record_table


def appended_only(before: dict[str, Any] | None, now: dict[str, Any]) -> dict[str, int] | None:
    """If ``now`` differs from ``before`` only by records appended to top-level lists, return for each such
    list how many records it had; else None."""
    if before is None or before.keys() != now.keys():
        return None
    grown = {}
    for key, value in now.items():
        old = before[key]
        if value == old:
            continue
        if (isinstance(value, list) and isinstance(old, list) and old and len(value) > len(old)
                and value[: len(old)] == old):
            grown[key] = len(old)
        else:
            return None
    return grown or None


_HEADER_LINE = re.compile(r"^[ \t]*\[\[?[ \t]*([A-Za-z0-9_\"\'-]+)", re.MULTILINE)
_TRIPLE = re.compile(r'"""|\'\'\'')


def _header_lines(text: str) -> list[tuple[int, str]]:
    """(offset, first key) of every table header outside multi-line strings, in order.

    On the capture path for every note, so it works on the whole text with regular expressions rather
    than line by line: find the multi-line strings' spans, then the header lines outside them. A quoted
    table name keeps its quote, so callers can tell it apart. Offsets, not line numbers: counting lines
    is left to the few headers a caller needs.
    """
    spans: list[tuple[int, int]] = []
    opened: tuple[str, int] | None = None
    for m in _TRIPLE.finditer(text):
        if opened is None:
            opened = (m.group(), m.start())
        elif m.group() == opened[0]:
            spans.append((opened[1], m.end()))
            opened = None
    if opened is not None:
        spans.append((opened[1], len(text)))
    if not spans:
        return [(m.start(), m.group(1)) for m in _HEADER_LINE.finditer(text)]
    starts = [a for a, _b in spans]
    out = []
    for m in _HEADER_LINE.finditer(text):
        at = m.start()
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and spans[i][0] <= at < spans[i][1]:
            continue
        out.append((at, m.group(1)))
    return out


def append_records(doc: tomlkit.TOMLDocument, text: str, model: BaseModel, grown: dict[str, int],
                   rel: str) -> str | None:
    """Append the new records of ``grown`` lists to ``doc`` and return the new file text, spliced into
    ``text`` after each list's last table; None when the layout does not allow it (use a full render).

    The spliced fragment is verified by re-reading it with `tomllib`.
    """
    if '\\"""' in text or "\\\'\'\'" in text:
        return None  # escaped quotes near a multi-line string: the span scan could be fooled
    lines = text.split("\n")
    headers = _header_lines(text)
    if any(first[:1] in "\"'" for _n, first in headers):
        return None  # quoted table names: let tomlkit place the records
    inserts: list[tuple[int, str]] = []
    for key, old_len in grown.items():
        if not isinstance(doc.get(key), AoT) or len(doc[key].body) != old_len:
            return None
        mine = [off for off, first in headers if first == key]
        if not mine:
            return None
        later = [off for off, first in headers if off > mine[-1] and first != key]
        if any(first == key for off, first in headers if later and off > later[0]):
            return None  # the list is split around other tables: let tomlkit place it
        last_mine = text.count("\n", 0, mine[-1])
        at = text.count("\n", 0, later[0]) if later else len(lines)
        while at > last_mine + 1 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
            at -= 1  # before the comments and blank lines that introduce the next table
        records = getattr(model, key)[old_len:]
        tables = [record_table(r) for r in records]
        expected = [t.unwrap() for t in tables]
        fragment_doc = tomlkit.document()
        fragment_doc[key] = tomlkit.aot()
        for table in tables:
            fragment_doc[key].append(table)
        fragment = tomlkit.dumps(fragment_doc)
        try:
            if tomllib.loads(fragment).get(key) != expected:
                return None
        except tomllib.TOMLDecodeError:
            return None
        for table in tables:
            append_table(doc[key], table)
        inserts.append((at, fragment))
    for at, fragment in sorted(inserts, reverse=True):
        head, tail = lines[:at], lines[at:]
        block = fragment.rstrip("\n").split("\n")
        if head and head[-1].strip():
            block.insert(0, "")  # a blank line between tables, as tomlkit writes them
        if tail and tail[0].strip():
            block.append("")
        lines = head + block + tail
    return "\n".join(lines)
