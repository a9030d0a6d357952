"""Bringing OURS' tomlkit document to the merged data in place, so its comments and layout survive;
values and records taken from THEIRS are copied from their document with their own comments."""

from __future__ import annotations

import copy
import re
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, Comment, InlineTable, Table, Whitespace

from facilitator.merge.threeway import record_key
from facilitator.merge.values import build, equal, unwrap


def _ends_blank(table: Table) -> bool:
    return table.as_string().endswith("\n\n")


def _tidy(aot: AoT) -> None:
    """A blank line after each table of ``aot``, as tomlkit writes tables, so appended records read well."""
    for table in aot.body:
        if not _ends_blank(table):
            table.add(tomlkit.nl())


def _detach_intro(table: Table) -> list[Any]:
    """Remove and return the comments at the end of ``table`` that introduce what follows it (tomlkit keeps
    a comment written above the next section inside the table before it)."""
    body = table.value.body
    i = len(body)
    while i > 0 and body[i - 1][0] is None and isinstance(body[i - 1][1], (Whitespace, Comment)):
        i -= 1
    first = next((j for j in range(i, len(body)) if isinstance(body[j][1], Comment)), None)
    if first is None:
        return []
    moved = [item for _key, item in body[first:]]
    del body[first:]
    return moved


_TOP_HEADER = re.compile(r"^\s*\[(\[?)\s*([A-Za-z0-9_-]+)\s*([.\]])")


def unsplit(doc: tomlkit.TOMLDocument, text: str) -> None:
    """tomlkit writes an array of tables split around other sections (records added at the end of the file
    by hand) as one block: move the comments that introduced the next section along, so they stay above it."""
    runs: dict[str, list[int]] = {}
    current = None
    for line in text.splitlines():
        m = _TOP_HEADER.match(line)
        if not m:
            continue
        name = m.group(2)
        if m.group(1) == "[" and m.group(3) == "]":  # [[name]]: one more record of a top-level list
            if current != name:
                runs.setdefault(name, []).append(0)
            runs[name][-1] += 1
        current = name
    for name, counts in runs.items():
        aot = doc.get(name)
        if len(counts) < 2 or not isinstance(aot, AoT) or len(aot.body) != sum(counts):
            continue
        at = 0
        for count in counts[:-1]:
            at += count
            moved = _detach_intro(aot.body[at - 1])
            if not _ends_blank(aot.body[at - 1]):
                aot.body[at - 1].add(tomlkit.nl())
            for item in moved:
                aot.body[-1].add(item)


def apply_merged(container: Any, merged: dict[str, Any], theirs: Any, names: tuple[str, ...]) -> None:
    """Edit the tomlkit ``container`` in place until it holds ``merged``; take items from ``theirs`` (the
    same place in their document) when they hold the value wanted, so their comments come along."""
    for key in [k for k in container if k not in merged]:
        del container[key]
    for key, value in merged.items():
        t_item = theirs[key] if theirs is not None and key in theirs else None
        cur = container.get(key)
        if cur is not None:
            if equal(unwrap(cur), value):
                continue
            if isinstance(cur, (Table, InlineTable)) and isinstance(value, dict):
                apply_merged(cur, value, t_item if isinstance(t_item, (Table, InlineTable)) else None, (*names, key))
                continue
            if isinstance(cur, AoT) and isinstance(value, list):
                ident = record_key((*names, key), unwrap(cur), value)
                if ident is not None:
                    _apply_aot(cur, value, t_item if isinstance(t_item, AoT) else None, ident, (*names, key))
                    continue
        if t_item is not None and equal(unwrap(t_item), value):
            new = copy.deepcopy(t_item)
        else:
            inline = isinstance(container, InlineTable) or isinstance(cur, (Array, InlineTable)) or (
                cur is None and isinstance(t_item, (Array, InlineTable)))
            new = build(value, inline=inline)
        if isinstance(new, AoT):
            _tidy(new)
        container[key] = new


def _apply_aot(aot: AoT, merged: list[dict[str, Any]], theirs: AoT | None, ident: str,
               names: tuple[str, ...]) -> None:
    wanted = [r[ident] for r in merged]
    for i in reversed(range(len(aot.body))):
        if aot.body[i].get(ident) is None or unwrap(aot.body[i][ident]) not in wanted:
            moved = _detach_intro(aot.body[i])
            del aot[i]
            for item in moved if i > 0 else ():  # the comments above the next section stay above it
                aot.body[i - 1].add(item)
    ours = {unwrap(t[ident]): t for t in aot.body}
    their_tables = {unwrap(t[ident]): t for t in theirs.body if ident in t} if theirs is not None else {}
    intro: list[Any] = []
    appended = False
    for record in merged:
        key = record[ident]
        if key in ours:
            apply_merged(ours[key], record, their_tables.get(key), names)
            continue
        source = their_tables.get(key)
        table = copy.deepcopy(source) if source is not None else build(record)
        if source is not None and theirs is not None and source is theirs.body[-1]:
            _detach_intro(table)  # theirs' heading of the next section: ours has its own
        if source is not None and not equal(unwrap(source), record):
            apply_merged(table, record, None, names)
        if not appended:
            intro = _detach_intro(aot.body[-1]) if aot.body else []
            _tidy(aot)
            appended = True
        if not _ends_blank(table):
            table.add(tomlkit.nl())
        aot.append(table)
    if intro:
        for item in intro:  # the next section's heading comments follow the appended records again
            aot.body[-1].add(item)
    order = [unwrap(t[ident]) for t in aot.body]
    if order != wanted:  # a record of theirs sits before ours' later ones only if the lists were reordered
        tables = dict(zip(order, list(aot.body)))
        while len(aot.body):
            del aot[0]
        for key in wanted:
            aot.append(tables[key])
