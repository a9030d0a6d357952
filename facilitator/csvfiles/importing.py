"""CSV import of stakeholders, indicators and actions: rows matched to records by id or code, only the
fields that differ changed, new rows added, all or nothing (`plan_import`, `import_csv`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from facilitator.csvfiles.activities import import_activities
from facilitator.csvfiles.budget import import_budget
from facilitator.csvfiles.columns import (
    FUNDING_PREFIX,
    MODELS,
    PLAN_LIST,
    SINGULAR,
    TARGET_COLUMN,
    check_kind,
)
from facilitator.csvfiles.measurements import import_measurements
from facilitator.csvfiles.reading import read_rows
from facilitator.csvfiles.rows import DEFAULT, ImportResult, Rows, note_invalid, same_value, with_changes
from facilitator.csvfiles.segments import import_segments
from facilitator.csvfiles.ties import import_ties
from facilitator.i18n import _
from facilitator.model import ID_PREFIX, Funding, FundingSource, Plan, Target, new_id
from facilitator.numbers import csv_convention
from facilitator.problems import PlanError


def _new_targets(current: list[Target], given: dict[int, float | None]) -> list[Target]:
    """The targets once the given years are set (None: removed); years not given are kept as they are."""
    out = [t if t.year not in given else Target(year=t.year, value=given[t.year])  # type: ignore[arg-type]
           for t in current if given.get(t.year, 0) is not None]
    have = {t.year for t in current}
    added = [Target(year=y, value=v) for y, v in sorted(given.items()) if y not in have and v is not None]
    if added:
        out = sorted(out + added, key=lambda t: t.year)
    return out if [t.model_dump() for t in out] != [t.model_dump() for t in current] else current


def _new_funding(current: list[Funding], given: dict[str, float | None]) -> list[Funding]:
    """The funding once the given sources are set (None: removed); a source whose total is unchanged keeps
    its entries as they are."""
    totals: dict[str, float] = {}
    for f in current:
        totals[f.source] = totals.get(f.source, 0.0) + f.amount
    out: list[Funding] = []
    placed: set[str] = set()
    for f in current:
        source = f.source
        if source not in given or given[source] == totals[source]:
            out.append(f)
        elif given[source] is not None and source not in placed:
            out.append(Funding(source=source, amount=given[source]))  # type: ignore[arg-type]
            placed.add(source)
    for source in FundingSource:
        value = given.get(source.value)
        if value is not None and source.value not in totals:
            out.append(Funding(source=source.value, amount=value))
    return out if [f.model_dump() for f in out] != [f.model_dump() for f in current] else current


def plan_import(plan: Plan, kind: str, path: Path, label: str | None = None,
                add_missing: bool = False) -> ImportResult:
    """Read ``path`` and work out the new records of ``kind``; raises PlanError listing every problem.
    ``add_missing``: ties naming actors the plan does not have add them as stakeholders.

    Nothing is written here (see `import_csv`)."""
    check_kind(kind)
    label = label or str(path)
    header, rows, delimiter = read_rows(path, label)
    reader = Rows(plan, kind, label, header, csv_convention(delimiter))
    if not reader.check_header():
        raise PlanError(reader.problems)
    if kind == "measurements":
        return import_measurements(reader, rows)
    if kind == "budget":
        return import_budget(reader, rows)
    if kind == "activities":
        return import_activities(reader, rows)
    if kind == "segments":
        return import_segments(reader, rows)
    if kind == "ties":
        result = import_ties(reader, rows, add_missing)
        if reader.problems:
            raise PlanError(sorted(reader.problems, key=lambda p: p.line or 0))
        return result
    model = MODELS[kind]
    records: list[Any] = list(getattr(plan, kind))
    by_id = {r.id: i for i, r in enumerate(records)}
    by_code = {getattr(r, "code", None): i for i, r in enumerate(records) if getattr(r, "code", None)}
    result = ImportResult(kind)
    seen: dict[int, int] = {}
    """Index of a plan record → the line of the row that described it."""
    new_rows: list[tuple[int, Any]] = []
    singular = SINGULAR[kind]
    for line, cells in rows:
        values = reader.values(line, cells, _named(reader, cells, records, by_id, by_code))
        if values is None:
            continue
        id_ = values.get("id")
        code = values.get("code")
        index: int | None = None
        if id_ not in (None, DEFAULT):
            id_ = str(id_).strip()
            if id_ not in by_id:
                reader.problem(line, "id", _("no {kind} with id {id} in the plan; leave the id empty to add a new "
                                             "one").format(kind=_(singular), id=repr(id_)))
                continue
            index = by_id[id_]
        elif code and code in by_code:
            index = by_code[code]
        if index is not None and index in seen:
            reader.problem(line, "id" if id_ else "code", _("this row and row {line} describe the same {kind}; "
                                                            "keep one").format(line=seen[index], kind=_(singular)))
            continue
        fields = _fields(values, records[index] if index is not None else None, reader)
        if index is None:
            missing = [c.name for c in reader.columns.values() if c.kind in ("required", "code", "objective")
                       and c.field not in fields]
            if missing:
                for name in missing:
                    reader.problem(line, name, _("required for a new {kind}: add the column or fill the cell").format(
                        kind=_(singular)))
                continue
            try:
                rec = model.model_validate({"id": new_id(ID_PREFIX[singular]), **fields})
            except ValidationError as exc:
                note_invalid(reader, line, exc)
                continue
            new_rows.append((line, rec))
            continue
        seen[index] = line
        current = records[index]
        changes = {k: v for k, v in fields.items() if not same_value(getattr(current, k), v)}
        if "funding" in changes and getattr(current, "budget_lines", None):
            # The funding of an action with a financing plan is the total of its lines by source: changed
            # alone it would contradict them (docs/decisions.md, "The financing plan").
            reader.problem(line, FUNDING_PREFIX + "…", _(
                "action {code} has budget lines, and its funding is their total by source; change the lines "
                "instead (facilitator csv … budget, or the action's financing plan)").format(code=current.code),
                record=current.code)
            continue
        if not changes:
            result.unchanged += 1
            continue
        updated = with_changes(current, changes, reader, line)
        if updated is None:
            continue
        records[index] = updated
        result.changed.append(_label(updated))
    for _line, rec in new_rows:
        records.append(rec)
        result.added.append(_label(rec))
    if "code" in model.model_fields:
        owner: dict[str, int] = {}
        lines = dict(seen)
        lines.update({len(records) - len(new_rows) + i: ln for i, (ln, _r) in enumerate(new_rows)})
        for i, rec in enumerate(records):
            if rec.code in owner:
                j = owner[rec.code]
                line = lines.get(i) or lines.get(j) or 1
                reader.problem(line, "code", _("the code {code} is used by two {kinds}; codes must be unique").format(
                    code=rec.code, kinds=_(kind)), record=rec.code)
            else:
                owner[rec.code] = i
    if reader.problems:
        raise PlanError(sorted(reader.problems, key=lambda p: p.line or 0))
    result.absent = len(getattr(plan, kind)) - len(seen)
    result.records = records
    result.read_as = reader.read_as
    return result


def _named(reader: Rows, cells: list[str], records: list[Any], by_id: dict[str, int],
           by_code: dict[Any, int]) -> Any:
    """The record a row names by its id cell (or, without one, its code cell), before the row is parsed."""
    row = dict(zip(reader.header, cells))
    id_ = row.get("id", "").strip()
    index = by_id.get(id_) if id_ else by_code.get(row.get("code", "").strip() or None)
    return records[index] if index is not None else None


def _fields(values: dict[str, Any], current: Any, reader: Rows) -> dict[str, Any]:
    """The model fields a row sets (only for the columns present): empty cells of fields with a default mean
    the default (the plan's currency for a new action's currency), and keep an existing record's currency."""
    out: dict[str, Any] = {}
    targets: dict[int, float | None] = {}
    funding: dict[str, float | None] = {}
    for name, value in values.items():
        year = TARGET_COLUMN.match(name)
        if year:
            targets[int(year.group(1))] = value
            continue
        col = reader.columns[name]
        if col.field == "id":
            continue
        if col.kind == "funding":
            funding[name.removeprefix(FUNDING_PREFIX)] = value
            continue
        if value is DEFAULT and col.kind == "currency":
            if current is not None:
                continue
            value = reader.plan.currency
        elif value is DEFAULT:
            value = MODELS[reader.kind].model_fields[col.field].get_default(call_default_factory=True)
        if value is None and current is None:
            continue
        out[col.field] = value
    if targets:
        out["targets"] = _new_targets(current.targets if current is not None else [], targets)
    if funding:
        out["funding"] = _new_funding(current.funding if current is not None else [], funding)
    return out


def _label(rec: Any) -> str:
    return getattr(rec, "code", None) or getattr(rec, "name", None) or rec.id


def import_csv(store: Any, kind: str, path: Path, label: str | None = None, dry_run: bool = False,
               add_missing: bool = False) -> ImportResult:
    """Import ``path`` into the plan of ``store`` (a PlanStore): all or nothing, only changed fields written.

    Ties are written with the stakeholders they added, in one save; then the indicators that take their
    measurements from the network are brought up to date (`network.record_measures`)."""
    result = plan_import(store.plan, kind, path, label, add_missing)
    if kind == "ties":
        if not dry_run and (result.changed or result.added):
            network, added = result.records
            changes: dict[str, Any] = {"network": network}
            if added:
                changes["stakeholders"] = [*store.plan.stakeholders, *added]
            store.update_plan(changes)
            result.written = True
            from facilitator.network import record_measures

            recorded = record_measures(store)
            if recorded:
                result.read_as.append(_("indicators fed by the network: {what}").format(what=", ".join(recorded)))
        return result
    if not dry_run and (result.changed or result.added):
        if kind == "segments":
            store.update_plan({"segments": result.records}, target=store.plan.cluster)
        else:
            store.update_plan({PLAN_LIST.get(kind, kind): result.records})
        result.written = True
    return result
