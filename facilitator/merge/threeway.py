"""The three-way merge of plain data (as `tomllib` reads it): dictionaries key by key, arrays of tables
record by record, matched by identity (`id`, or the key of `RECORD_KEYS`), and the conflicts collected
(`Merger`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from facilitator.merge.conflicts import Conflict, Step
from facilitator.merge.values import MISSING, equal

# The identity of records that have no `id`, by the path of their list (record positions left out).
RECORD_KEYS: dict[tuple[str, ...], str] = {
    ("cluster", "figures"): "name",
    ("indicators", "targets"): "year",
    ("indicators", "measurements"): "date",
    ("actions", "funding"): "source",
    ("revisions",): "number",
    ("attendance",): "stakeholder",
    ("endorsement", "signatories"): "name",
}


def _hashable_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, dt.date, dt.time)) and not isinstance(value, bool)


def record_key(names: tuple[str, ...], *lists: Any) -> str | None:
    """The identity key of a list of records, or None when the list must be merged as one value."""
    present = [lst for lst in lists if isinstance(lst, list)]
    records = [r for lst in present for r in lst]
    if not records or not all(isinstance(r, dict) for r in records):
        return None
    key = RECORD_KEYS.get(names, "id")
    for lst in present:
        values = [r.get(key, MISSING) for r in lst]
        if not all(_hashable_scalar(v) for v in values) or len(set(values)) != len(values):
            return None
    return key


def _unique_scalars(*lists: Any) -> bool:
    for lst in lists:
        if lst is MISSING:
            continue
        if not isinstance(lst, list) or not all(_hashable_scalar(v) for v in lst) or len(set(lst)) != len(lst):
            return False
    return True


def _shown(record: dict[str, Any], key: str) -> str:
    value = record.get("code") or record.get(key)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class Merger:
    """Merges plain data (as `tomllib` reads it) and collects the conflicts."""

    def __init__(self, file: str, prefer: str | None, choices: dict[tuple[str, str], str] | None = None) -> None:
        self.file, self.prefer, self.choices = file, prefer, choices or {}
        self.conflicts: list[Conflict] = []

    def value(self, b: Any, o: Any, t: Any, path: tuple[Step, ...], names: tuple[str, ...]) -> Any:
        if equal(o, t):
            return o
        if equal(o, b):
            return t
        if equal(t, b):
            return o
        if isinstance(o, dict) and isinstance(t, dict):
            base = b if isinstance(b, dict) else {}
            out = {}
            derived = names == ("actions",) and bool(o.get("budget_lines") or t.get("budget_lines"))
            for k in [*o, *(k for k in t if k not in o)]:
                if derived and k == "funding":
                    out[k] = o.get(k, [])  # follows the merged budget lines, below
                    continue
                merged = self.value(base.get(k, MISSING), o.get(k, MISSING), t.get(k, MISSING),
                                    (*path, k), (*names, k))
                if merged is not MISSING:
                    out[k] = merged
            if derived:
                _follow_lines(out)
            return out
        if isinstance(o, list) and isinstance(t, list) and (b is MISSING or isinstance(b, list)):
            key = record_key(names, b, o, t)
            if key is not None:
                return self.records(b if isinstance(b, list) else [], o, t, key, path, names)
            if _unique_scalars(b, o, t):
                return _set_merge(b if isinstance(b, list) else [], o, t)
        return self.conflict(b, o, t, path)

    def records(self, b: list[Any], o: list[Any], t: list[Any], key: str, path: tuple[Step, ...],
                names: tuple[str, ...]) -> list[Any]:
        base = {r[key]: r for r in b}
        ours = {r[key]: r for r in o}
        theirs = {r[key]: r for r in t}
        out = []
        for ident in [*ours, *(i for i in theirs if i not in ours)]:
            some = ours.get(ident) or theirs[ident]
            step = (key, ident, _shown(some, key))
            merged = self.value(base.get(ident, MISSING), ours.get(ident, MISSING), theirs.get(ident, MISSING),
                                (*path, step), names)
            if merged is not MISSING:
                out.append(merged)
        return out

    def conflict(self, b: Any, o: Any, t: Any, path: tuple[Step, ...]) -> Any:
        c = Conflict(self.file, path, b, o, t)
        c.resolved = self.choices.get(c.key, self.prefer)
        self.conflicts.append(c)
        if c.resolved == "theirs":
            return t
        if c.resolved == "ours":
            return o
        # Unresolved: ours stays, with theirs shown beside it; a record ours deleted but theirs changed
        # comes back from theirs, so nothing anybody typed is lost.
        return t if o is MISSING and isinstance(t, dict) else o


def count_new(ours: Any, merged: Any, names: tuple[str, ...]) -> int:
    """How many records ``merged`` holds that ``ours`` did not (at any depth)."""
    if isinstance(ours, dict) and isinstance(merged, dict):
        return sum(count_new(ours[k], merged[k], (*names, k)) for k in merged if k in ours)
    if isinstance(ours, list) and isinstance(merged, list):
        key = record_key(names, ours, merged)
        if key is None:
            return 0
        mine = {r[key]: r for r in ours}
        return sum(count_new(mine[r[key]], r, names) if r[key] in mine else 1 for r in merged)
    return 0


def _follow_lines(action: dict[str, Any]) -> None:
    """An action's funding made the total of its merged budget lines by source: both sides changing lines
    of one source would otherwise conflict on a total neither typed (docs/decisions.md, "The financing plan")."""
    lines = action.get("budget_lines")
    if not isinstance(lines, list) or not lines or not all(isinstance(x, dict) for x in lines):
        return
    sums: dict[str, Any] = {}
    for line in lines:
        source, amount = line.get("source"), line.get("amount")
        if isinstance(source, str) and isinstance(amount, (int, float)) and not isinstance(amount, bool):
            sums[source] = sums.get(source, 0) + amount
    current = action.get("funding")
    have: dict[str, Any] = {}
    for f in current if isinstance(current, list) else []:
        if isinstance(f, dict) and isinstance(f.get("amount"), (int, float)):
            have[str(f.get("source"))] = have.get(str(f.get("source")), 0) + f["amount"]
    if have == sums:
        return
    order = ["program", "public", "private", "other"]
    action["funding"] = [{"source": s, "amount": sums[s]} for s in sorted(sums, key=lambda s: (
        order.index(s) if s in order else len(order), s)) if sums[s]]
    if "funding" not in action or not action["funding"]:
        action.pop("funding", None)


def _set_merge(b: list[Any], o: list[Any], t: list[Any]) -> list[Any]:
    """A list of distinct values (ids, names): ours' order, less what theirs removed, plus what theirs added."""
    removed = {x for x in b if x not in t}
    out = [x for x in o if x not in removed]
    out += [x for x in t if x not in b and x not in out]
    return out
