"""The financing plan in CSV: one row per budget line (``action,year,category,source,kind,amount,note,id``),
exported in the plan's order of actions and lines, imported by id or, without one, by action, year,
category, source and kind (see the package's docstring). An action whose lines change gets its funding
made their totals by source (`facilitator.financing.with_lines`)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from facilitator.csvfiles.cells import action_rows
from facilitator.csvfiles.rows import DEFAULT, ImportResult, Rows, changed_record, note_invalid
from facilitator.financing import with_lines
from facilitator.i18n import _
from facilitator.model import ID_PREFIX, Action, BudgetLine, new_id
from facilitator.problems import PlanError

NATURAL = ("action", "year", "category", "source", "kind")
"""The columns that name a line when the row has no id (and that a new line needs)."""


def export_budget(plan: Any, decimal_comma: bool) -> tuple[list[str], list[list[str]]]:
    """Every budget line of every action, in the plan's order."""
    return action_rows(plan, "budget", "budget_lines", decimal_comma)


def _label(code: str, line: BudgetLine | dict[str, Any]) -> str:
    get = line.get if isinstance(line, dict) else lambda k: getattr(line, k)
    return f"{code} {get('year')} {get('category')} {get('source')} {get('kind')}"


def import_budget(reader: Rows, rows: list[tuple[int, list[str]]]) -> ImportResult:
    """The actions once the budget rows are applied (see the package's docstring)."""
    plan = reader.plan
    missing = [name for name in NATURAL if name not in reader.header]
    if missing:
        reader.problem(1, _("header"), _("the columns action, year, category, source and kind are needed to match "
                                         "each row to a budget line; missing: {names}").format(
                                             names=", ".join(missing)))
        raise PlanError(reader.problems)
    actions: list[Action] = list(plan.actions)
    index_of = {a.code: k for k, a in enumerate(actions)}
    where: dict[str, tuple[int, int]] = {}
    """Line id → (action index, line index)."""
    natural: dict[tuple[Any, ...], list[int]] = {}
    for k, action in enumerate(actions):
        for j, line in enumerate(action.budget_lines):
            where[line.id] = (k, j)
            natural.setdefault((k, line.year, line.category, line.source, line.kind), []).append(j)
    new_lines: dict[int, list[BudgetLine]] = {}
    added: list[tuple[int, BudgetLine]] = []
    seen: dict[tuple[int, int], int] = {}
    """(action, line) of the plan → the row that described it."""
    new_keys: dict[tuple[Any, ...], int] = {}
    result = ImportResult("budget")
    for row, cells in rows:
        values = reader.values(row, cells)
        if values is None:
            continue
        k = index_of[values["action"]]
        code = actions[k].code
        id_ = values.get("id")
        key = (k, *(values[name] for name in NATURAL[1:]))
        at: tuple[int, int] | None = None
        if id_ not in (None, DEFAULT):
            if id_ not in where:
                reader.problem(row, "id", _("no budget line with id {id} in the plan; leave the id empty to add a "
                                            "new line").format(id=repr(id_)))
                continue
            at = where[id_]
            if at[0] != k:
                reader.problem(row, "action", _("budget line {id} is a line of action {other}, not {code}; correct "
                                                "the action, or leave the id empty to add a new line").format(
                                                    id=id_, other=actions[at[0]].code, code=code))
                continue
        else:
            same = natural.get(key, [])
            if len(same) > 1:
                reader.problem(row, "id", _("action {code} has {n} lines of {year}, {category}, {source}, {kind}; "
                                            "write the id of the one this row changes (export the budget to see "
                                            "them)").format(code=code, n=len(same), year=key[1], category=key[2],
                                                            source=key[3], kind=key[4]))
                continue
            at = (k, same[0]) if same else None
        amount, note = values.get("amount", DEFAULT), values.get("note", DEFAULT)
        if at is not None:
            if at in seen:
                reader.problem(row, "id" if id_ else "action", _(
                    "this row and row {line} describe the same {kind}; keep one").format(
                        line=seen[at], kind=_("budget line")))
                continue
            seen[at] = row
            if "amount" in values and amount in (None, DEFAULT):
                reader.problem(row, "amount", _("cannot be empty: write the amount (an import never removes a budget "
                                                "line; write 0 to empty it)"))
                continue
            current_list = new_lines.setdefault(k, list(actions[k].budget_lines))
            current = current_list[at[1]]
            wanted = {name: values[name] for name in NATURAL[1:]}
            if amount not in (None, DEFAULT):
                wanted["amount"] = amount
            if "note" in values:
                wanted["note"] = "" if note in (None, DEFAULT) else note
            updated = changed_record(current, wanted, reader, row, result)
            if updated is None:
                continue
            current_list[at[1]] = updated
            result.changed.append(_label(code, updated))
            continue
        if key in new_keys:
            reader.problem(row, "action", _("this row and row {line} describe the same {kind}; keep one").format(
                line=new_keys[key], kind=_("budget line")))
            continue
        new_keys[key] = row
        if amount in (None, DEFAULT):
            if note in (None, DEFAULT) or not str(note).strip():
                result.skipped += 1  # a row prepared for an amount not agreed yet
                continue
            reader.problem(row, "amount", _("required for a new {kind}: add the column or fill the cell").format(
                kind=_("budget line")))
            continue
        try:
            line = BudgetLine.model_validate({
                "id": new_id(ID_PREFIX["budget_line"]), **{name: values[name] for name in NATURAL[1:]},
                "amount": amount, **({"note": note} if note not in (None, DEFAULT, "") else {})})
        except ValidationError as exc:
            note_invalid(reader, row, exc)
            continue
        added.append((k, line))
        result.added.append(_label(code, line))
    if reader.problems:
        raise PlanError(sorted(reader.problems, key=lambda p: p.line or 0))
    for k, line in added:
        new_lines.setdefault(k, list(actions[k].budget_lines)).append(line)
    for k, lines in new_lines.items():
        if [b.model_dump() for b in lines] != [b.model_dump() for b in actions[k].budget_lines]:
            actions[k] = with_lines(actions[k], lines)
    result.absent = sum(len(a.budget_lines) for a in plan.actions) - len(seen)
    result.records = actions
    result.read_as = reader.read_as
    return result
