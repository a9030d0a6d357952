"""The actions' work plans in CSV: one row per activity (``action,title,start,end,deliverable,id``),
exported in the plan's order of actions and activities, imported by id or, without one, by action code and
title (case and spacing aside), as budget lines are (see the package's docstring). A new activity goes
after its action's existing ones."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from facilitator.csvfiles.cells import action_rows, unprotect
from facilitator.csvfiles.rows import DEFAULT, ImportResult, Rows, changed_record, note_invalid
from facilitator.i18n import _
from facilitator.maps import segment_key
from facilitator.model import ID_PREFIX, Action, Activity, new_id
from facilitator.problems import PlanError


def export_activities(plan: Any, decimal_comma: bool) -> tuple[list[str], list[list[str]]]:
    """Every activity of every action, in the plan's order."""
    return action_rows(plan, "activities", "activities", decimal_comma)


def import_activities(reader: Rows, rows: list[tuple[int, list[str]]]) -> ImportResult:
    """The actions once the activity rows are applied; raises PlanError listing every problem."""
    plan = reader.plan
    if "action" not in reader.header or not {"id", "title"} & set(reader.header):
        reader.problem(1, _("header"), _("the column action, and id or title, are needed to match each row to an "
                                         "activity"))
        raise PlanError(reader.problems)
    actions: list[Action] = list(plan.actions)
    index_of = {a.code: k for k, a in enumerate(actions)}
    where: dict[str, tuple[int, int]] = {}
    """Activity id → (action index, activity index)."""
    by_title: dict[tuple[int, str], list[int]] = {}
    for k, action in enumerate(actions):
        for j, activity in enumerate(action.activities):
            where[activity.id] = (k, j)
            by_title.setdefault((k, segment_key(activity.title)), []).append(j)
    new_lists: dict[int, list[Activity]] = {}
    added: list[tuple[int, Activity]] = []
    seen: dict[tuple[int, int], int] = {}
    """(action, activity) of the plan → the row that described it."""
    new_keys: dict[tuple[int, str], int] = {}
    result = ImportResult("activities")
    for row, cells in rows:
        raw = dict(zip(reader.header, cells))
        id_ = raw.get("id", "").strip()
        known = where.get(id_)
        values = reader.values(row, cells, actions[known[0]].activities[known[1]] if known else None)
        if values is None:
            continue
        k = index_of[values["action"]]
        code = actions[k].code
        key = (k, segment_key(unprotect(raw.get("title", ""))))
        at: tuple[int, int] | None = None
        if id_:
            if known is None:
                reader.problem(row, "id", _("no activity with id {id} in the plan; leave the id empty to add a "
                                            "new one").format(id=repr(id_)))
                continue
            at = known
            if at[0] != k:
                reader.problem(row, "action", _("activity {id} is an activity of action {other}, not {code}; "
                                                "correct the action, or leave the id empty to add a new "
                                                "activity").format(id=id_, other=actions[at[0]].code, code=code))
                continue
        else:
            same = by_title.get(key, [])
            if len(same) > 1:
                reader.problem(row, "id", _("action {code} has {n} activities titled {title}; write the id of the "
                                            "one this row changes (export the activities to see them)").format(
                                                code=code, n=len(same), title=repr(values.get("title", ""))))
                continue
            at = (k, same[0]) if same else None
        fields = {name: Activity.model_fields[name].get_default() if value is DEFAULT else value
                  for name, value in values.items() if name not in ("action", "id")}
        start, end = fields.get("start"), fields.get("end")
        if at is not None:
            current_list = new_lists.setdefault(k, list(actions[k].activities))
            current = current_list[at[1]]
            start = start if "start" in fields else current.start
            end = end if "end" in fields else current.end
        if start is not None and end is not None and end < start:
            reader.problem(row, "end", _("{end} is before the start, {start}; write an end on or after the "
                                         "start").format(end=end.isoformat(), start=start.isoformat()))
            continue
        if at is not None:
            if at in seen:
                reader.problem(row, "id" if id_ else "title", _(
                    "this row and row {line} describe the same {kind}; keep one").format(
                        line=seen[at], kind=_("activity")))
                continue
            seen[at] = row
            updated = changed_record(current, fields, reader, row, result)
            if updated is None:
                continue
            current_list[at[1]] = updated
            result.changed.append(f"{code} {updated.title}")
            continue
        if "title" not in fields:
            reader.problem(row, "title", _("required for a new {kind}: add the column or fill the cell").format(
                kind=_("activity")))
            continue
        if key in new_keys:
            reader.problem(row, "title", _("this row and row {line} describe the same {kind}; keep one").format(
                line=new_keys[key], kind=_("activity")))
            continue
        new_keys[key] = row
        try:
            activity = Activity.model_validate({"id": new_id(ID_PREFIX["activity"]), **fields})
        except ValidationError as exc:
            note_invalid(reader, row, exc)
            continue
        added.append((k, activity))
        result.added.append(f"{code} {activity.title}")
    if reader.problems:
        raise PlanError(sorted(reader.problems, key=lambda p: p.line or 0))
    for k, activity in added:
        new_lists.setdefault(k, list(actions[k].activities)).append(activity)
    for k, activities in new_lists.items():
        if [a.model_dump() for a in activities] != [a.model_dump() for a in actions[k].activities]:
            actions[k] = actions[k].model_copy(update={"activities": activities})
    result.absent = sum(len(a.activities) for a in plan.actions) - len(seen)
    result.records = actions
    result.read_as = reader.read_as
    return result
