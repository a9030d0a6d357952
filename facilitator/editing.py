"""What the record editors edit: the field specs of every kind of record, and the edits themselves.

Core, not UI: the record forms and lists of the screens, and any tests, call it; no widgets here. A `RecordKind` names a list of the plan (findings, strategic lines, key figures, …),
the model of its records and the fields a form shows (`FieldSpec`); `ListEdit` turns an add, an edit,
a delete or a move into a new list that goes through the store (`PlanState.update`, so plan.toml is
patched in place and comments survive), and remembers the old list so Ctrl+Z can put it back.
Fields are parsed from what was typed (`parse`) and checked by the model's own rules (`check`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from facilitator.i18n import N_, _
from facilitator.model import (
    ID_PREFIX,
    Action,
    ActionKind,
    ActionStatus,
    Benchmark,
    DiamondFactor,
    Direction,
    Figure,
    Finding,
    FindingKind,
    FirmSize,
    Frequency,
    Funding,
    Governance,
    Indicator,
    IndicatorLevel,
    Measurement,
    Objective,
    Plan,
    Priority,
    Stakeholder,
    StakeholderKind,
    StrategicLine,
    Strategy,
    Target,
    new_id,
)
from facilitator.numbers import NumberError, parse_number


class PlanUpdater(Protocol):
    """What the edits need of an open plan (the screens' `PlanState` is one): its model, and a way to save
    changes through the store."""

    @property
    def plan(self) -> Plan: ...

    def update(self, changes: dict[str, Any], target: Any = None) -> None: ...


# --- field specs ------------------------------------------------------------------------------------------

TEXT, LONGTEXT, NUMBER, INT, YEAR, DATE, CHOICE, PICK, MULTIPICK, STRINGS, ROWS = (
    "text", "longtext", "number", "int", "year", "date", "choice", "pick", "multipick", "strings", "rows")


@dataclass(frozen=True)
class Column:
    """A column of a nested table (targets, measurements, funding): one cell of a typed line."""

    name: str
    kind: str = TEXT


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record form."""

    name: str
    label: str
    kind: str = TEXT
    required: bool = False
    """The form refuses an empty value (beyond what the model itself requires)."""
    choices: Callable[[Plan], list[tuple[str, str]]] | None = None
    """(label, value) pairs for choice, pick and multipick fields."""
    columns: tuple[Column, ...] = ()
    """The cells of each line of a rows field; the first one matches a line to the record it was."""
    row_model: type[BaseModel] | None = None
    hint: str = ""


ENUM_VALUES = (
    N_("research"), N_("ngo"),  # stakeholder kinds
    N_("micro"), N_("small"), N_("large"),  # firm sizes
    N_("strength"), N_("weakness"), N_("opportunity"), N_("threat"), N_("problem"), N_("cause"), N_("effect"),
    N_("factor"), N_("demand"), N_("related"), N_("strategy"), N_("chance"),  # diamond factors
    N_("increase"), N_("decrease"), N_("maintain"), N_("semiannual"), N_("biennial"),
    N_("program"), N_("public"), N_("private"),  # funding sources
)
"""Values of the plan's enums that the screens show with ``_(value)`` and that are no other message:
marked here so that they reach the catalogs."""


def enum_choices(enum: Any) -> Callable[[Plan], list[tuple[str, str]]]:
    return lambda _plan: [(_(str(v.value)), str(v.value)) for v in enum]


def labelled_choices(table: dict[str, str]) -> Callable[[Plan], list[tuple[str, str]]]:
    """Choices whose stored values are codes (``f``, ``m``, ``x``) shown by their label."""
    return lambda _plan: [(_(text), value) for value, text in table.items()]


GENDER = {"f": N_("woman"), "m": N_("man"), "x": N_("another gender identity")}
"""How a stakeholder's gender (stored as f, m or x) is offered in the form."""


def _pick(records: Callable[[Plan], list[Any]], title: str) -> Callable[[Plan], list[tuple[str, str]]]:
    def choices(plan: Plan) -> list[tuple[str, str]]:
        out = []
        for r in records(plan):
            text = str(getattr(r, title, "") or "").replace("\n", " ")
            out.append((f"{r.code}  {text[:70]}", r.id))
        return out
    return choices


objective_choices = _pick(lambda p: p.objectives, "title")
line_choices = _pick(lambda p: p.strategy.lines, "title")
finding_choices = _pick(lambda p: p.findings, "text")


# --- parsing and checking what was typed ----------------------------------------------------------------------

class FieldError(ValueError):
    """What is wrong with a typed value, as a sentence for the field."""


def number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def cell_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value)
    return "" if value is None else str(value)


def _number(text: str, lang: str, notes: list[str] | None, whole: bool = False) -> float | int:
    try:
        parsed = parse_number(text, lang, whole=whole)
    except NumberError as err:
        raise FieldError(str(err)) from None
    if parsed.note and notes is not None:
        notes.append(parsed.note)
    return parsed.whole if whole else parsed.value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(_("Write a date as YYYY-MM-DD, such as 2026-11-22.")) from None


def parse_scalar(kind: str, text: str, lang: str = "en", notes: list[str] | None = None) -> Any:
    """The value of a typed scalar (None for an empty field). Numbers are read by the plan's language
    ``lang`` (`facilitator.numbers`); what a number was read as, when it could be read otherwise, is
    appended to ``notes`` for the form to show."""
    text = text.strip()
    if kind in (TEXT, LONGTEXT, CHOICE, PICK):
        return text if kind in (TEXT, LONGTEXT) else (text or None)
    if not text:
        return None
    if kind == NUMBER:
        return _number(text, lang, notes)
    if kind in (INT, YEAR):
        return _number(text, lang, notes, whole=True)
    if kind == DATE:
        return _date(text)
    return text


def error_message(exc: ValidationError) -> str:
    """The first validation error as a sentence for the field."""
    err = exc.errors(include_url=False)[0]
    kind = err["type"]
    ctx = err.get("ctx", {})
    if err.get("input", "") is None or kind == "missing":
        return _("This field is required.")
    if kind == "string_too_short":
        return _("This field cannot be empty.")
    if kind == "string_too_long":
        return _("Too long: at most {n} characters.").format(n=ctx.get("max_length", "?"))
    if kind in ("enum", "literal_error"):
        return _("Choose one of the listed values.")
    if kind == "greater_than_equal":
        return _("Too small: at least {n}.").format(n=ctx.get("ge", "?"))
    if kind == "less_than_equal":
        return _("Too large: at most {n}.").format(n=ctx.get("le", "?"))
    if kind == "string_pattern_mismatch":
        last = next((p for p in reversed(err["loc"]) if isinstance(p, str)), "")
        if last == "code":
            return _("Codes look like O1 or I1.2: letters, digits, dots and dashes.")
        if last == "currency":
            return _("Use an ISO 4217 code such as USD, EUR, BRL, UYU.")
    return str(err["msg"])


def parse_rows(spec: FieldSpec, text: str, old: list[BaseModel], lang: str = "en",
               notes: list[str] | None = None) -> list[BaseModel]:
    """The records of a rows field: one a line, cells separated by ``;``. A line whose first cell matches
    an old record updates that record (its other keys, such as sources, are kept). Numbers as in
    `parse_scalar`; each note names its line."""
    assert spec.row_model is not None
    by_first = {cell_text(getattr(r, spec.columns[0].name)): r for r in old}
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(";")]
        if len(cells) > len(spec.columns):
            # The last column (a note, a source) may itself contain semicolons.
            cells = cells[: len(spec.columns) - 1] + ["; ".join(cells[len(spec.columns) - 1:])]
        data: dict[str, Any] = {}
        read: list[str] = []
        try:
            for col, cell in zip(spec.columns, cells):
                value = parse_scalar(col.kind, cell, lang, read)
                if value is not None and value != "":
                    data[col.name] = value
        except FieldError as err:
            raise FieldError(_("Line {n}: {problem}").format(n=n, problem=err)) from None
        if notes is not None:
            notes.extend(_("Line {n}: {problem}").format(n=n, problem=note) for note in read)
        base = by_first.get(cells[0])
        try:
            if base is not None:
                merged = {k: v for k, v in base.model_dump().items() if k not in {c.name for c in spec.columns}}
                out.append(spec.row_model.model_validate({**merged, **data}))
            else:
                out.append(spec.row_model.model_validate(data))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = next((p for p in first["loc"] if isinstance(p, str)), "")
            raise FieldError(_("Line {n}: {field}: {problem}").format(
                n=n, field=where, problem=error_message(exc))) from None
    return out


def rows_text(spec: FieldSpec, records: list[BaseModel]) -> str:
    return "\n".join("; ".join(cell_text(getattr(r, c.name, None)) for c in spec.columns).rstrip("; ")
                     for r in records)


def check(template: BaseModel, name: str, value: Any) -> str | None:
    """The message for ``value`` of field ``name`` by the model's own rules, or None if it is valid."""
    trial = template.model_copy()
    try:
        setattr(trial, name, value)
    except ValidationError as exc:
        return error_message(exc)
    return None


# --- the kinds of record ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RecordKind:
    """A list of the plan whose records the editors add, edit, delete and move."""

    key: str
    label: str
    """The record's name in messages (``finding``)."""
    model: type[BaseModel]
    owner: Callable[[Plan], BaseModel]
    """The model that holds the list (the plan, its strategy, its cluster profile)."""
    attr: str
    fields: tuple[FieldSpec, ...]
    code_prefix: str = ""
    title_field: str = "title"

    def records(self, plan: Plan) -> list[Any]:
        return list(getattr(self.owner(plan), self.attr))

    @property
    def keyed(self) -> bool:
        return "id" in self.model.model_fields

    def name_of(self, record: Any) -> str:
        code = getattr(record, "code", None)
        title = str(getattr(record, self.title_field, "") or "")
        return f"{code} {title}".strip() if code else title


FINDING_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("kind", N_("Kind"), CHOICE, choices=enum_choices(FindingKind)),
    FieldSpec("text", N_("Finding"), LONGTEXT, required=True),
    FieldSpec("factor", N_("Diamond factor"), CHOICE, choices=enum_choices(DiamondFactor)),
    FieldSpec("votes", N_("Votes"), INT),
    FieldSpec("rank", N_("Rank"), INT),
)

BENCHMARK_FIELDS = (
    FieldSpec("code", N_("Code")),
    FieldSpec("metric", N_("Metric"), required=True),
    FieldSpec("unit", N_("Unit")),
    FieldSpec("value", N_("Cluster value"), NUMBER),
    FieldSpec("reference", N_("Reference"), required=True),
    FieldSpec("reference_value", N_("Reference value"), NUMBER),
    FieldSpec("year", N_("Year"), YEAR),
    FieldSpec("source", N_("Source")),
)

LINE_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("title", N_("Title"), required=True),
    FieldSpec("description", N_("Description"), LONGTEXT),
)

OBJECTIVE_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("title", N_("Title"), required=True),
    FieldSpec("line", N_("Strategic line"), PICK, choices=line_choices),
    FieldSpec("description", N_("Description"), LONGTEXT),
    FieldSpec("owner", N_("Owner")),
    FieldSpec("findings", N_("Answers findings"), MULTIPICK, choices=finding_choices),
)

INDICATOR_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("objective", N_("Objective"), PICK, required=True, choices=objective_choices),
    FieldSpec("name", N_("Name"), required=True),
    FieldSpec("definition", N_("Definition"), LONGTEXT),
    FieldSpec("level", N_("Level"), CHOICE, choices=enum_choices(IndicatorLevel)),
    FieldSpec("unit", N_("Unit")),
    FieldSpec("direction", N_("Direction"), CHOICE, choices=enum_choices(Direction)),
    FieldSpec("baseline", N_("Baseline"), NUMBER),
    FieldSpec("baseline_year", N_("Baseline year"), YEAR),
    FieldSpec("targets", N_("Targets"), ROWS, columns=(Column("year", YEAR), Column("value", NUMBER)),
              row_model=Target, hint=N_("one a line: year; value")),
    FieldSpec("measurements", N_("Measurements"), ROWS,
              columns=(Column("date", DATE), Column("value", NUMBER), Column("note")), row_model=Measurement,
              hint=N_("one a line: date; value; note")),
    FieldSpec("source", N_("Source")),
    FieldSpec("frequency", N_("Frequency"), CHOICE, choices=enum_choices(Frequency)),
    FieldSpec("responsible", N_("Responsible")),
)

ACTION_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("title", N_("Title"), required=True),
    FieldSpec("description", N_("Description"), LONGTEXT),
    FieldSpec("objectives", N_("Objectives"), MULTIPICK, choices=objective_choices),
    FieldSpec("kind", N_("Kind"), CHOICE, choices=enum_choices(ActionKind)),
    FieldSpec("status", N_("Status"), CHOICE, choices=enum_choices(ActionStatus)),
    FieldSpec("progress", N_("Progress %"), INT),
    FieldSpec("priority", N_("Priority"), CHOICE, choices=enum_choices(Priority)),
    FieldSpec("start", N_("Start"), DATE),
    FieldSpec("end", N_("End"), DATE),
    FieldSpec("lead", N_("Lead")),
    FieldSpec("partners", N_("Partners"), STRINGS, hint=N_("one a line")),
    FieldSpec("funding", N_("Funding"), ROWS, columns=(Column("source"), Column("amount", NUMBER)),
              row_model=Funding, hint=N_("one a line: source; amount — sources: {sources}").format(
                  sources="program, public, private, other")),
    FieldSpec("currency", N_("Currency")),
)

STAKEHOLDER_FIELDS = (
    FieldSpec("name", N_("Name"), required=True),
    FieldSpec("organization", N_("Organization")),
    FieldSpec("kind", N_("Kind"), CHOICE, choices=enum_choices(StakeholderKind)),
    FieldSpec("segment", N_("Segment")),
    FieldSpec("size", N_("Firm size"), CHOICE, choices=enum_choices(FirmSize)),
    FieldSpec("gender", N_("Gender"), CHOICE, choices=labelled_choices(GENDER)),
    FieldSpec("role", N_("Role")),
    FieldSpec("email", N_("Email")),
)

FIGURE_FIELDS = (
    FieldSpec("name", N_("Name"), required=True),
    FieldSpec("value", N_("Value"), NUMBER),
    FieldSpec("unit", N_("Unit")),
    FieldSpec("year", N_("Year"), YEAR),
    FieldSpec("source", N_("Source")),
)

STATEMENT_FIELDS = (
    FieldSpec("vision", N_("Vision"), LONGTEXT),
    FieldSpec("vision_horizon", N_("Vision horizon"), YEAR),
    FieldSpec("vision_consensus", N_("Vision consensus (1-5)"), INT),
    FieldSpec("vision_dissent", N_("Vision dissent"), LONGTEXT),
    FieldSpec("mission", N_("Mission"), LONGTEXT),
    FieldSpec("mission_consensus", N_("Mission consensus (1-5)"), INT),
    FieldSpec("mission_dissent", N_("Mission dissent"), LONGTEXT),
    FieldSpec("values", N_("Values"), STRINGS, hint=N_("one a line")),
)

GOVERNANCE_FIELDS = (
    FieldSpec("executing_agency", N_("Executing agency")),
    FieldSpec("council", N_("Public-private council"), STRINGS, hint=N_("one member a line")),
    FieldSpec("cluster_body", N_("Cluster body")),
    FieldSpec("meeting_cadence", N_("Meeting cadence")),
    FieldSpec("description", N_("Description"), LONGTEXT),
)

KINDS: dict[str, RecordKind] = {k.key: k for k in (
    RecordKind("stakeholder", N_("stakeholder"), Stakeholder, lambda p: p, "stakeholders", STAKEHOLDER_FIELDS,
               title_field="name"),
    RecordKind("finding", N_("finding"), Finding, lambda p: p, "findings", FINDING_FIELDS, "F", title_field="text"),
    RecordKind("benchmark", N_("benchmark"), Benchmark, lambda p: p, "benchmarks", BENCHMARK_FIELDS, "B",
               title_field="metric"),
    RecordKind("line", N_("strategic line"), StrategicLine, lambda p: p.strategy, "lines", LINE_FIELDS, "L"),
    RecordKind("objective", N_("objective"), Objective, lambda p: p, "objectives", OBJECTIVE_FIELDS, "O"),
    RecordKind("indicator", N_("indicator"), Indicator, lambda p: p, "indicators", INDICATOR_FIELDS, "I",
               title_field="name"),
    RecordKind("action", N_("action"), Action, lambda p: p, "actions", ACTION_FIELDS, "A"),
    RecordKind("figure", N_("key figure"), Figure, lambda p: p.cluster, "figures", FIGURE_FIELDS,
               title_field="name"),
)}
"""Every list of the plan the editors handle, by key."""

SINGLES: dict[str, tuple[str, type[BaseModel], tuple[FieldSpec, ...]]] = {
    "strategy": (N_("vision, mission and values"), Strategy, STATEMENT_FIELDS),
    "governance": (N_("governance"), Governance, GOVERNANCE_FIELDS),
}
"""The parts of the plan edited as one form (plan attribute → label, model, fields)."""


# --- new records ------------------------------------------------------------------------------------------------

def next_code(codes: list[str], prefix: str) -> str:
    """The next free code after the highest ``prefix`` + number (``O7`` after O6, ``I3.3`` after I3.2)."""
    best = 0
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    for code in codes:
        m = pattern.match(code)
        if m:
            best = max(best, int(m.group(1)))
    taken = set(codes)
    n = best + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def suggest_code(plan: Plan, kind: RecordKind, objective: Objective | None = None) -> str:
    """A code for a new record: the prefix the list already uses (D1… for findings written D) and the next
    number; an indicator of O3 gets I3.n."""
    codes = [c for c in (getattr(r, "code", None) for r in kind.records(plan)) if c]
    if kind.key == "indicator" and objective is not None:
        m = re.search(r"(\d+)$", objective.code)
        if m:
            return next_code(codes, f"{kind.code_prefix}{m.group(1)}.")
    prefixes = [m.group(1) for c in codes if (m := re.match(r"^([A-Za-z]+)\d+$", c))]
    prefix = max(set(prefixes), key=prefixes.count) if prefixes else kind.code_prefix
    return next_code(codes, prefix)


def new_values(plan: Plan, kind: RecordKind, **preset: Any) -> dict[str, Any]:
    """The starting values of a new record: a fresh id, a suggested code, and ``preset`` (its objective…)."""
    values: dict[str, Any] = {}
    if kind.keyed:
        values["id"] = new_id(ID_PREFIX.get(kind.key, kind.key[:3]))
    if "code" in kind.model.model_fields:
        objective = None
        if kind.key == "indicator":
            objective = next((o for o in plan.objectives if o.id == preset.get("objective")), None)
        values["code"] = suggest_code(plan, kind, objective)
    if kind.key == "action":
        values["currency"] = plan.currency
    values.update(preset)
    return values


def template(model: type[BaseModel], values: dict[str, Any]) -> BaseModel:
    """A record to check fields against, built without validation (a new record is not complete yet)."""
    return model.model_construct(**values)


# --- the edits and their undo -------------------------------------------------------------------------------------

@dataclass
class Undo:
    """What Ctrl+Z puts back: the value an edit replaced."""

    owner: Callable[[Plan], BaseModel]
    attr: str
    old: Any
    message: str
    """Said after the undo (``finding D3 restored``)."""
    select: str | None = None
    """The record to put the cursor on after the undo."""


@dataclass
class UndoStack:
    entries: list[Undo] = field(default_factory=list)
    limit: int = 50

    def push(self, entry: Undo) -> None:
        self.entries.append(entry)
        del self.entries[: -self.limit]


_STACKS: dict[int, tuple[Any, Any, UndoStack]] = {}


def undo_stack(state: PlanUpdater) -> UndoStack:
    """The undo history of this open plan in this run of the app.

    Dropped when the plan is reloaded (a reload makes a new model): an old value put back over a file
    someone else changed would undo their change too.
    """
    found = _STACKS.get(id(state))
    if found is None or found[0] is not state or found[1] is not state.plan:
        found = (state, state.plan, UndoStack())
        _STACKS[id(state)] = found
    return found[2]


def write(state: PlanUpdater, owner: Callable[[Plan], BaseModel], attr: str, value: Any, message: str,
          select: str | None = None) -> None:
    """Set ``owner(plan).attr`` to ``value`` through the store, remembering the old value for Ctrl+Z.

    Raises what the store raises (LockedError, ChangedOnDiskError, PlanError); nothing is remembered then.
    """
    target = owner(state.plan)
    old = getattr(target, attr)
    old = [r.model_copy(deep=True) for r in old] if isinstance(old, list) and old and isinstance(
        old[0], BaseModel) else (old.model_copy(deep=True) if isinstance(old, BaseModel) else list(old)
                                 if isinstance(old, list) else old)
    state.update({attr: value}, target)
    undo_stack(state).push(Undo(owner, attr, old, message, select))


def undo(state: PlanUpdater) -> Undo | None:
    """Put back the value the last edit replaced (raises what the store raises; the entry is then kept)."""
    stack = undo_stack(state)
    if not stack.entries:
        return None
    entry = stack.entries[-1]
    state.update({entry.attr: entry.old}, entry.owner(state.plan))
    stack.entries.pop()
    return entry


def record_key(record: Any, index: int) -> str:
    """The key a table row of ``record`` carries: its code, else its id, else its position."""
    return str(getattr(record, "code", None) or getattr(record, "id", None) or f"#{index}")


def find(plan: Plan, kind: RecordKind, key: str) -> int | None:
    """The position of the record whose id or code is ``key`` (or ``#n``) in its list."""
    records = kind.records(plan)
    for i, r in enumerate(records):
        if key in (getattr(r, "id", None), getattr(r, "code", None)):
            return i
    if key.startswith("#") and key[1:].isdigit() and int(key[1:]) < len(records):
        return int(key[1:])
    return None


def locate(plan: Plan, key: str) -> tuple[str, RecordKind, int] | None:
    """(section to show, kind, position) of the record whose id or code is ``key``, for jumping to it."""
    section_of = {"stakeholder": "stakeholders", "finding": "findings", "benchmark": "benchmarks",
                  "line": "strategy", "objective": "objectives", "indicator": "indicators", "action": "actions",
                  "figure": "figures"}
    for kind in KINDS.values():
        if kind.key == "figure":
            continue
        i = find(plan, kind, key)
        if i is not None:
            return section_of[kind.key], kind, i
    return None
