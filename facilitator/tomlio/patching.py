"""Patching a tomlkit document from a model in place, and rendering it verified.

Writes never replace a whole table: `patch` assigns only what changed and matches arrays of tables by
`id`, so comments, key order and untouched text survive. `render` re-reads the document's text with
`tomllib` and compares it before anything reaches the disk.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from typing import Any

import tomlkit
from pydantic import BaseModel
from tomlkit.items import AoT, Array, InlineTable, Table

from facilitator.i18n import _
from facilitator.problems import Level, PlanError, Problem
from facilitator.tomlio.comments import append_table, delete_list, detach_leads, first_lead, pop_tail, tail_body

# Records short enough to read well as inline tables: `targets = [{ year = 2028, value = 100 }]`.
INLINE_RECORDS = {"Target", "Funding"}


def _fields(model: BaseModel) -> Iterator[tuple[str, Any, bool]]:
    """(key, value, is_default) for every field and kept extra key of ``model``."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        default = field.get_default(call_default_factory=True)
        yield name, value, value == default
    for name, value in (model.model_extra or {}).items():
        yield name, value, False


def _scalar(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # tomlkit mis-renders offsets with seconds; whole minutes only.
        off = value.utcoffset()
        if off is not None and off.seconds % 60:
            value = value.replace(tzinfo=dt.timezone(dt.timedelta(minutes=round(off.total_seconds() / 60))))
    if isinstance(value, str) and "\n" in value and "\r" not in value:
        # TOML turns a raw CR LF inside a multi-line string into LF: text with CR stays escaped on one line.
        return tomlkit.string(value, multiline=True)
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    if isinstance(value, dict):  # small maps (scores, table fields) read best inline
        table = tomlkit.inline_table()
        table.update({k: _scalar(v) for k, v in value.items()})
        return table
    return value


def plain(model: BaseModel) -> dict[str, Any]:
    """A new record as data for a fresh table: no None, no default values."""
    out: dict[str, Any] = {}
    for name, value, is_default in _fields(model):
        if value is None or is_default:
            continue
        if isinstance(value, BaseModel):
            out[name] = plain(value)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            out[name] = [plain(v) for v in value]
        else:
            out[name] = value
    return out


def record_table(model: BaseModel) -> Table:
    """A new record of an array of tables (never inline)."""
    table = new_table(model)
    assert isinstance(table, Table)
    return table


def new_table(model: BaseModel, inline: bool = False) -> Table | InlineTable:
    table = tomlkit.inline_table() if inline else tomlkit.table()
    for name, value, is_default in _fields(model):
        if value is None or is_default:
            continue
        _set(table, name, value)
    return table


def _unwrap(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _same(existing: Any, value: Any) -> bool:
    old = _unwrap(existing)
    if isinstance(value, BaseModel) or (isinstance(value, list) and value and isinstance(value[0], BaseModel)):
        return False  # records are patched field by field
    return type(old) is type(value) and old == value or (
        isinstance(old, (int, float)) and isinstance(value, (int, float)) and not isinstance(old, bool)
        and not isinstance(value, bool) and old == value)


def _set(table: Any, name: str, value: Any, before: Any = None, now: Any = None,
         removed: dict[str, Any] | None = None) -> None:
    """Set ``table[name]`` to ``value``, patching in place where a table or array of tables exists."""
    existing = table.get(name) if name in table else None
    if isinstance(value, BaseModel):
        if isinstance(existing, (Table, InlineTable)):
            patch(existing, value, before if isinstance(before, dict) else None, now, removed)
        else:
            table[name] = new_table(value, inline=isinstance(table, InlineTable))
        return
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        if isinstance(existing, AoT):
            _patch_aot(existing, value, before if isinstance(before, list) else None, now, table, removed)
        elif isinstance(existing, Array) or type(value[0]).__name__ in INLINE_RECORDS or isinstance(
                table, InlineTable):
            if isinstance(existing, Array) and len(existing) == len(value) and all(
                    isinstance(item, InlineTable) for item in existing):
                # Same number of small records (a target's value changed): patch each in place, so the
                # line keeps its spacing — `{ year = 2029, value = 50 }` — and changes only where it must.
                for item, v in zip(existing, value):
                    patch(item, v)
                return
            if existing is None or _unwrap(existing) != [plain(v) for v in value]:
                arr = tomlkit.array()
                for v in value:
                    arr.append(new_table(v, inline=True))
                table[name] = arr
        else:
            aot = tomlkit.aot()
            for v in value:
                aot.append(new_table(v))
            # The blank line and comments that end this table (they belong above the next header) stay
            # after the new list, not between this table's keys and the list.
            tail = pop_tail(table) if isinstance(table, Table) else []
            table[name] = aot
            tail_body(aot.body[-1]).extend(tail)
        return
    if existing is not None and _same(existing, value):
        return
    if existing is None and isinstance(table, Table):
        # A new key goes with the table's keys, not after the blank line and comments that end the table
        # (they belong above the next header: "# Action plan" must stay above [[actions]]).
        tail = pop_tail(table)
        table[name] = _scalar(value)
        tail_body(table).extend(tail)
        return
    table[name] = _scalar(value)


def _patch_aot(aot: AoT, models: list[BaseModel], before: list[Any] | None, now: list[Any] | None,
               parent: Any = None, removed: dict[str, Any] | None = None) -> None:
    """Patch an array of tables: by ``id`` where records have one, else by position.

    ``before`` (the records as last written into this document) lets unchanged records be skipped without
    touching tomlkit, which keeps a capture in a session of a thousand notes fast.
    """
    now = now if now is not None else [m.model_dump() for m in models]
    keyed = all("id" in type(m).model_fields for m in models)
    if not keyed:
        for i, m in enumerate(models):
            if i < len(aot.body):
                old = before[i] if before is not None and i < len(before) else None
                if old is None or old != now[i]:
                    patch(aot.body[i], m, old, now[i], removed)
            else:
                append_table(aot, record_table(m))
        if len(aot.body) > len(models):
            tail = pop_tail(aot.body[-1])  # what follows the list belongs after its new last record
            while len(aot.body) > len(models):
                del aot[len(aot.body) - 1]
            tail_body(aot.body[-1]).extend(tail)
        return
    wanted = [m.id for m in models]  # type: ignore[attr-defined]
    if before is not None and len(before) == len(aot.body):
        order = [d.get("id") for d in before]  # the document's order, known without asking tomlkit
    else:
        order = [str(t.get("id")) for t in aot.body]
    old_by_id = {d.get("id"): d for d in before} if before is not None else {}
    if order == wanted:
        for found, (m, data) in enumerate(zip(models, now)):
            if old_by_id.get(m.id) != data:  # type: ignore[attr-defined]
                patch(aot.body[found], m, old_by_id.get(m.id), data, removed)  # type: ignore[attr-defined]
        return
    # Records added, removed or moved: the comments above each record's header travel with it, and
    # what follows the list (the next section's heading comments) stays after its last record.
    leads, tail = detach_leads(aot, order)
    first = order[0] if order else None
    if first is not None and wanted[:1] != [first]:
        above = first_lead(parent, aot)  # the first record's own comments, below the section's heading
        if above:
            leads[first] = above
    tables = dict(zip(order, list(aot.body)))
    if removed is not None:
        # A removed record's table is kept for this file's life: put back (an undo), it comes back as written,
        # with its comments and the keys it had at their default values.
        for id_ in set(order) - set(wanted):
            removed[str(id_)] = (tables[id_], leads.get(id_, ""))
    for m, data in zip(models, now):
        table = tables.get(m.id)  # type: ignore[attr-defined]
        if table is None:
            kept = removed.pop(m.id, None) if removed is not None else None  # type: ignore[attr-defined]
            if kept is not None:
                table, lead = kept
                patch(table, m, None, data, removed)
                leads.setdefault(m.id, lead)  # type: ignore[attr-defined]
                tables[m.id] = table  # type: ignore[attr-defined]
            else:
                tables[m.id] = new_table(m)  # type: ignore[attr-defined]
        elif old_by_id.get(m.id) != data:  # type: ignore[attr-defined]
            patch(table, m, old_by_id.get(m.id), data, removed)  # type: ignore[attr-defined]
    while len(aot.body):
        del aot[len(aot.body) - 1]
    for i, id_ in enumerate(wanted):
        table = tables[id_]
        indent = leads.get(id_, "") + table.trivia.indent
        if i == 0 and id_ != first and not indent.strip():
            indent = ""  # no blank line under the section's heading
        elif i > 0 and "\n" not in indent:
            indent = "\n" + indent  # a blank line between records, as tomlkit writes them
        table.trivia.indent = indent
        aot.append(table)
    if aot.body:
        tail_body(aot.body[-1]).extend(tail)


def patch(table: Any, model: BaseModel, before: dict[str, Any] | None = None,
          now: dict[str, Any] | None = None, removed: dict[str, Any] | None = None) -> None:
    """Write ``model`` into the tomlkit ``table`` in place, touching only what differs.

    A key absent from the file and at its default stays absent; a field that became None is removed;
    arrays of tables are matched by ``id`` (or by position for records without one). ``before`` is the
    model's `model_dump()` as last written into this table, if known: fields equal to it are skipped.
    ``removed`` (by record id) keeps the tables of removed records, to put them back as they were.
    """
    if now is None:
        now = model.model_dump()
    for name, value, is_default in _fields(model):
        if before is not None and name in before and name in now and before[name] == now[name]:
            continue
        if value is None or (isinstance(value, list) and not value and is_default):
            if name in table:
                if isinstance(table.get(name), AoT):
                    delete_list(table, name)
                else:
                    del table[name]
            continue
        if name not in table and is_default:
            continue
        _set(table, name, value, before.get(name) if before is not None else None, now.get(name), removed)


def render(doc: tomlkit.TOMLDocument, rel: str) -> str:
    """The document as text, verified by re-reading it with `tomllib`."""
    text = tomlkit.dumps(doc)
    try:
        again = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(Problem("render-failed", Level.error, rel, _(
            "internal error: the file to write would not be valid TOML ({err}); nothing was written").format(
                err=exc))) from None
    if again != doc.unwrap():
        raise PlanError(Problem("render-failed", Level.error, rel, _(
            "internal error: the file to write would not read back the same; nothing was written")))
    return text
