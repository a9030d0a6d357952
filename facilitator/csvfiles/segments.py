"""The value chain in CSV: one row per segment (``id,name,stage,links,support``), exported in the plan's
order, imported by id or, without one, by name (case and spacing aside, as stakeholders' segments are
matched). ``links`` holds the NAMES of the segments a segment supplies (``Accommodation; Food and beverage``),
resolved to ids on import against the names in the file and in the plan, so a segment renamed in the file
is still found by its old name in the other rows (docs/decisions.md, "CSV of the value chain and the
activities")."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from facilitator.csvfiles.cells import unprotect
from facilitator.csvfiles.rows import DEFAULT, ImportResult, Rows, changed_record, note_invalid
from facilitator.i18n import _
from facilitator.maps import segment_key
from facilitator.model import ID_PREFIX, Segment, new_id
from facilitator.problems import PlanError


def import_segments(reader: Rows, rows: list[tuple[int, list[str]]]) -> ImportResult:
    """The segments once the rows are applied (see the package's docstring); raises PlanError listing every
    problem."""
    plan = reader.plan
    records: list[Segment] = list(plan.cluster.segments)
    by_id = {s.id: i for i, s in enumerate(records)}
    by_name: dict[str, list[int]] = {}
    for i, s in enumerate(records):
        by_name.setdefault(segment_key(s.name), []).append(i)
    result = ImportResult("segments")
    seen: dict[int, int] = {}
    """Index of a segment of the plan → the line of the row that described it."""
    new_names: dict[str, int] = {}
    parsed: list[tuple[int, int | None, str, dict[str, Any], list[str] | None]] = []
    """(line, index of the plan's segment or None, its id, its fields, the link cells' items or None)."""
    for line, cells in rows:
        row = dict(zip(reader.header, cells))
        id_cell = row.get("id", "").strip()
        name_key = segment_key(unprotect(row.get("name", "")))
        index: int | None = None
        if id_cell:
            if id_cell not in by_id:
                reader.problem(line, "id", _("no segment with id {id} in the plan; leave the id empty to add a new "
                                             "one").format(id=repr(id_cell)))
                continue
            index = by_id[id_cell]
        elif name_key and name_key in by_name:
            same = by_name[name_key]
            if len(same) > 1:
                reader.problem(line, "id", _("{n} segments are named {name}; write the id of the one this row "
                                             "changes (export the segments to see them)").format(
                                                 n=len(same), name=repr(records[same[0]].name)))
                continue
            index = same[0]
        current = records[index] if index is not None else None
        values = reader.values(line, cells, current)
        if values is None:
            continue
        if index is not None:
            if index in seen:
                reader.problem(line, "id" if id_cell else "name", _(
                    "this row and row {line} describe the same {kind}; keep one").format(
                        line=seen[index], kind=_("segment")))
                continue
            seen[index] = line
        elif "name" not in values:
            reader.problem(line, "name", _("required for a new {kind}: add the column or fill the cell").format(
                kind=_("segment")))
            continue
        elif name_key in new_names:
            reader.problem(line, "name", _("this row and row {line} describe the same {kind}; keep one").format(
                line=new_names[name_key], kind=_("segment")))
            continue
        else:
            new_names[name_key] = line
        fields: dict[str, Any] = {}
        for name, value in values.items():
            if name in ("id", "links"):
                continue
            field = reader.columns[name].field
            fields[field] = Segment.model_fields[field].get_default() if value is DEFAULT else value
        links = values.get("links")
        if current is not None and links is current.links:
            links = None  # the cell as export wrote it: the links as they are (dangling ids included)
        if current is not None and not id_cell:
            fields.pop("name", None)  # the name matched the segment, case and spacing aside: keep the plan's spelling
        seg_id = current.id if current is not None else new_id(ID_PREFIX["segment"])
        parsed.append((line, index, seg_id, fields, links))

    ids = set(by_id) | {seg_id for _l, _i, seg_id, _f, _k in parsed}
    names_after: dict[str, set[str]] = {}
    final_name = {s.id: s.name for s in records}
    final_name.update({seg_id: f["name"] for _l, _i, seg_id, f, _k in parsed if "name" in f})
    for seg_id, name in final_name.items():
        names_after.setdefault(segment_key(name), set()).add(seg_id)
    names_before = {key: {records[i].id for i in where} for key, where in by_name.items()}
    known = ", ".join(final_name.values()) or _("none yet")

    for line, index, seg_id, fields, items in parsed:
        if items is not None:
            resolved: list[str] = []
            for item in items:
                if item in ids:
                    resolved.append(item)
                    continue
                found = names_after.get(segment_key(item)) or names_before.get(segment_key(item))
                if not found:
                    reader.problem(line, "links", _("no segment {name}; the segments are {known}").format(
                        name=repr(item), known=known))
                elif len(found) > 1:
                    reader.problem(line, "links", _("{n} segments are named {name}; write the id of the one meant "
                                                    "(export the segments to see them)").format(
                                                        n=len(found), name=repr(item)))
                else:
                    resolved.append(next(iter(found)))
            fields["links"] = resolved
        if index is None:
            try:
                records.append(Segment.model_validate({"id": seg_id, **fields}))
            except ValidationError as exc:
                note_invalid(reader, line, exc)
                continue
            result.added.append(records[-1].name)
            continue
        current = records[index]
        updated = changed_record(current, fields, reader, line, result)
        if updated is not None:
            records[index] = updated
            result.changed.append(updated.name)
    if reader.problems:
        raise PlanError(sorted(reader.problems, key=lambda p: p.line or 0))
    result.absent = len(plan.cluster.segments) - len(seen)
    result.records = records
    result.read_as = reader.read_as
    return result
