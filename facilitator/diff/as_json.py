"""The change list as JSON, for tools and scripts: `changes_json` (``facilitator diff --format json``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from facilitator.diff.changes import CHANGED, PlanDiff, same
from facilitator.diff.words import word_ops


def _json_value(name: str, value: Any) -> Any:
    """A value as JSON holds it: dates as ``YYYY-MM-DD``, a measurement as ``{"value": …, "note": …}``."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if name == "measurements" and isinstance(value, tuple) and len(value) == 2:
        return {"value": value[0], "note": value[1]}
    if isinstance(value, (list, tuple)):
        return [_json_value(name, v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(name, v) for k, v in value.items()}
    return value


def changes_json(diff: PlanDiff) -> list[dict[str, Any]]:
    """The change list for ``diff --format json``: one object per added or removed record, and one per field
    change of a changed record.

    Keys: ``section`` (``indicators``…), ``change`` (what happened to the record: added, removed, changed),
    ``record`` (its code, else its id, else a key figure's name; null for the profile, strategy and
    governance), ``id``, ``title``, then for a field change ``field`` (the plan.toml key), ``op`` (changed,
    added, removed or reordered: an item of a list field was added…), ``item`` (which item of a list field:
    a target's year, a measurement's date, a funding source, a name), ``old``, ``new`` and, for text,
    ``words`` (`word_ops`). Values are as in plan.toml: enumeration values, numbers, ISO dates, ids turned
    into codes for links."""
    out: list[dict[str, Any]] = []
    for rec in diff.changes:
        record = rec.code or rec.id or (rec.title if rec.section == "profile" and rec.title else None)
        base: dict[str, Any] = {"section": rec.section, "change": rec.op, "record": record, "id": rec.id,
                                "title": rec.title}
        if rec.op != CHANGED:
            out.append({**base, "field": None, "op": None, "item": None, "old": None, "new": None})
            continue
        for f in rec.fields:
            entry = {**base, "field": f.field, "op": f.op, "item": _json_value(f.field, f.item),
                     "old": _json_value(f.field, f.old), "new": _json_value(f.field, f.new)}
            old, new = f.old, f.new
            if f.field == "measurements" and isinstance(old, tuple) and isinstance(new, tuple):
                old, new = old[1], new[1]  # the notes
            if isinstance(old, str) and isinstance(new, str) and old.strip() and new.strip() and not same(old, new):
                entry["words"] = word_ops(old, new)
            out.append(entry)
    return out

