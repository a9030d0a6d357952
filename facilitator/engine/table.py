"""The columns of a table step and the check of each cell, by the rules of the step that adopts the rows.

A table step's rows are notes whose `fields` hold the step's columns; a consolidate step of the same kit
turns them into plan records (`consolidate`, by its `into`). `columns` describes every column of a
table step from that record's model: an enum field of the model (an indicator's ``level``, ``direction``,
``frequency``; an action's ``kind``, ``priority``, ``status``) becomes a list of choices whose labels are
in the plan's language while the stored value stays the model's; a column naming another record by its
code (``objective``, ``line``, ``findings``, ``indicator``, ``action``) offers the plan's records (code
and short title); other fields are checked by the model field's own type (lengths, ranges, code pattern).
`check_cell` applies those rules to what was typed, so the table step refuses, as the text is typed,
exactly what the adopt step would refuse or drop later.

A column the kit's adopt step does not know (or a table no consolidate step reads) keeps the checks its
name implies (a year, a date, a number) and is otherwise free text.
"""

from __future__ import annotations

import re
import types
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from facilitator import labels
from facilitator.dates import DateError, parse_date
from facilitator.editing.parsing import error_message
from facilitator.engine.consolidate import GOVERNANCE_KEYS, codes_in
from facilitator.i18n import N_, _, in_language
from facilitator.model import (
    Action,
    ActionKind,
    ActionStatus,
    Benchmark,
    Direction,
    Frequency,
    Indicator,
    IndicatorLevel,
    Kit,
    KitStep,
    Objective,
    Plan,
    Priority,
    Risk,
)
from facilitator.numbers import NumberError, parse_number

TEXT, NUMBER, YEAR, DATE, CODE, CHOICE, REFERENCE = "text", "number", "year", "date", "code", "choice", "reference"

NUMBER_COLUMNS = {"value", "baseline", "target", "program", "public", "private", "reference_value"}
"""Columns that must hold a number (amounts and measurements), whatever the adopt step."""
DATE_COLUMNS = {"date", "start", "end", "due"}
CODE_COLUMNS = {"code"}
"""Columns kept as typed even when they look like a number ("3")."""
FOUR_DIGITS = re.compile(r"^\d{4}$")

FieldValue = str | float | int

MODELS: dict[str, type[BaseModel]] = {"indicators": Indicator, "actions": Action, "benchmarks": Benchmark,
                                      "objectives": Objective, "risks": Risk}
"""The record a consolidate step's `into` makes of each row (its fields are the columns' rules)."""

ENUM_LABELS: dict[type[StrEnum], dict[str, str]] = {
    IndicatorLevel: labels.LEVELS, Direction: labels.DIRECTIONS, Frequency: labels.FREQUENCIES,
    ActionKind: labels.ACTION_KINDS, ActionStatus: labels.STATUSES, Priority: labels.PRIORITIES,
}


@dataclass(frozen=True)
class Reference:
    """A column that names records of the plan by their code."""

    records: Callable[[Plan], list[Any]]
    title: str
    """The attribute shown beside a record's code."""
    into: str
    """The `into` of a consolidate step that makes such records (they may come from this very session)."""
    what: str
    """The records, as a message (``objectives``), for "the plan has no {what} yet"."""


REFERENCES: dict[str, Reference] = {
    "objective": Reference(lambda p: p.objectives, "title", "objectives", N_("objectives")),
    "objectives": Reference(lambda p: p.objectives, "title", "objectives", N_("objectives")),
    "line": Reference(lambda p: p.strategy.lines, "title", "lines", N_("strategic lines")),
    "findings": Reference(lambda p: p.findings, "text", "findings", N_("findings")),
    "indicator": Reference(lambda p: p.indicators, "name", "indicators", N_("indicators")),
    "action": Reference(lambda p: p.actions, "title", "actions", N_("actions")),
}
"""Columns that refer to other records by code, and where those records are."""

HEADINGS = {
    "objective": N_("objective"), "objectives": N_("objectives"), "name": N_("name"),
    "definition": N_("definition"), "level": N_("level"), "unit": N_("unit"), "baseline": N_("baseline"),
    "baseline_year": N_("baseline year"), "target": N_("target"), "target_year": N_("target year"),
    "direction": N_("direction"), "source": N_("source"), "frequency": N_("frequency"),
    "responsible": N_("responsible"), "title": N_("title"), "kind": N_("kind"), "lead": N_("lead"),
    "partners": N_("partners"), "start": N_("start"), "end": N_("end"), "program": N_("program"),
    "public": N_("public"), "private": N_("private"), "priority": N_("priority"), "metric": N_("metric"),
    "value": N_("value"), "reference": N_("reference"), "reference_value": N_("reference value"),
    "year": N_("year"), "field": N_("body or item"), "text": N_("text"), "code": N_("code"),
    "line": N_("line"), "measure": N_("measure"), "owner": N_("owner"), "findings": N_("findings"),
    "indicator": N_("indicator"), "date": N_("date"), "note": N_("note"), "action": N_("action"),
    "status": N_("status"), "progress": N_("progress %"), "risk": N_("risk"), "likelihood": N_("likelihood 1-5"),
    "impact": N_("impact 1-5"), "mitigation": N_("mitigation"),
}
"""The headings of the built-in kits' columns (translated where shown); another column shows its name."""


def heading(column: str) -> str:
    """A column's heading in the screens' language."""
    return _(HEADINGS[column]) if column in HEADINGS else column.replace("_", " ").replace("-", " ")


MULTIPLE = {"objectives", "findings"}
"""Reference columns that take several codes (``O1, O3``); an action's ``objective`` does too."""


@dataclass(frozen=True)
class Choice:
    value: str
    """What is stored (the model's value, or a record's code)."""
    label: str
    """What is shown: the value's label in the plan's language, or a record's code and short title."""
    words: tuple[str, ...] = ()
    """Other spellings accepted when typed (the English label, the label in the screens' language)."""


@dataclass(frozen=True)
class Column:
    """One column of a table step: how its cells are read and checked."""

    name: str
    kind: str = TEXT
    choices: tuple[Choice, ...] = ()
    """For choice and reference columns: the values allowed. For a text column: suggestions only."""
    multiple: bool = False
    required: bool = False
    strict: bool = True
    """A reference must name a record of the plan (False: the session may still adopt it, so an unknown
    code is only noted)."""
    what: str = ""
    """For a reference column: the records it names, as a message."""
    adopt_needs: bool = False
    """The adopted record needs this field: an empty cell is noted (the row is kept, as evidence, and the
    adopt step lists it among the rows it could not take)."""
    rule: TypeAdapter[Any] | None = field(default=None, compare=False, repr=False)
    """The model field's own type, checked after parsing."""


@dataclass(frozen=True)
class Cell:
    value: FieldValue | None
    problem: str | None = None
    note: str = ""
    """What the text was read as, when that is worth saying (``1,500`` read as 1.5; ``imp`` as impacto)."""


def fold(text: str) -> str:
    """Text compared without case or accents (what people type fast on a projected laptop)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_kind(column: str) -> str:
    """year, date, number, code or text: what a column's name alone says about its values."""
    if column == "year" or column.endswith("_year"):
        return YEAR
    if column in DATE_COLUMNS or column.endswith("_date"):
        return DATE
    if column in NUMBER_COLUMNS:
        return NUMBER
    if column in CODE_COLUMNS or column in REFERENCES:
        return CODE
    return TEXT


def adopting_step(kit: Kit, step: KitStep) -> KitStep | None:
    """The consolidate step that reads ``step``'s rows, if any."""
    return next((s for s in kit.steps if s.kind == "consolidate" and step.id in s.inputs()), None)


def columns(kit: Kit, step: KitStep, plan: Plan, extra: dict[str, list[str]] | None = None) -> list[Column]:
    """The columns of the table step ``step``, with the choices ``plan`` offers now. ``extra``: values
    already typed in other rows of the session, offered as suggestions in free-text columns."""
    adopt = adopting_step(kit, step)
    into = str(adopt.into) if adopt is not None and adopt.into is not None else ""
    model = MODELS.get(into)
    other_adopts = {str(s.into) for s in kit.steps if s.kind == "consolidate" and s.into and s is not adopt}
    names = list(step.columns) or ["text"]
    out = []
    for i, name in enumerate(names):
        required = i == 0 or (into == "indicators" and name in ("objective", "indicator"))
        out.append(_column(name, model, into, plan, other_adopts, required, (extra or {}).get(name, [])))
    return out


def _column(name: str, model: type[BaseModel] | None, into: str, plan: Plan, other_adopts: set[str],
            required: bool, typed: list[str]) -> Column:
    reference = REFERENCES.get(name)
    if reference is not None and into:
        choices = tuple(Choice(str(r.code), f"{r.code}  {_short(getattr(r, reference.title, ''))}")
                        for r in reference.records(plan))
        return Column(name, REFERENCE, choices, multiple=name in MULTIPLE or (name == "objective" and into == "actions"),
                      required=required, strict=reference.into not in other_adopts, what=reference.what)
    if into == "governance" and name == "field":
        return Column(name, CHOICE, _labelled(GOVERNANCE_KEYS, labels.CATEGORIES, plan.language), required=True)
    info = model.model_fields.get(name) if model is not None else None
    if info is not None:
        enum = _enum_of(info.annotation)
        if enum is not None:
            table = ENUM_LABELS.get(enum, {str(v.value): str(v.value) for v in enum})
            return Column(name, CHOICE, _labelled([str(v.value) for v in enum], table, plan.language),
                          required=required)
        rule = _adapter(model, name)
        kind = name_kind(name)
        if kind == TEXT and _is_number(info.annotation):
            kind = NUMBER
        return Column(name, kind, _suggestions(name, plan, typed), required=required, rule=rule,
                      adopt_needs=info.is_required() and name not in ("id", "code"))
    return Column(name, name_kind(name), _suggestions(name, plan, typed), required=required)


def _short(text: object, width: int = 60) -> str:
    line = " ".join(str(text or "").split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _labelled(values: Any, table: dict[str, str], lang: str) -> tuple[Choice, ...]:
    """Choices of ``values`` labelled in the plan's language ``lang``; the English label and the value
    itself are accepted too, and so is the label in the screens' language (a Spanish UI on a Portuguese plan)."""
    screen = {v: _(table[v]) for v in values if v in table}
    with in_language(lang):
        shown = {v: _(table[v]) if v in table else v for v in values}
    return tuple(Choice(v, shown[v], tuple({v, table.get(v, v), screen.get(v, v)} - {shown[v]})) for v in values)


def _suggestions(name: str, plan: Plan, typed: list[str]) -> tuple[Choice, ...]:
    """Units already used in the plan and in this session: offered, never imposed."""
    if name != "unit":
        return ()
    seen: dict[str, None] = {}
    for value in [*(i.unit for i in plan.indicators), *(b.unit for b in plan.benchmarks), *typed]:
        if value.strip():
            seen.setdefault(value.strip(), None)
    return tuple(Choice(v, v) for v in seen)


def _enum_of(annotation: Any) -> type[StrEnum] | None:
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, StrEnum):
            return candidate
    return None


def _is_number(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_number(a) for a in get_args(annotation) if a is not type(None))
    return annotation in (int, float)


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


# --- checking what was typed ---------------------------------------------------------------------------------

def check_cell(column: Column, raw: str, lang: str) -> Cell:
    """What ``raw``, typed in ``column``, is stored as, or the problem to show beside the field."""
    text = raw.strip()
    if not text:
        if column.required:
            return Cell(None, _("this column is needed"))
        return Cell(None, None, _("needed when the row is adopted into the plan") if column.adopt_needs else "")
    if column.kind == CHOICE:
        return _choice(column, text)
    if column.kind == REFERENCE:
        return _reference(column, text)
    cell = parse(column.kind, text, lang)
    if cell.problem is None and cell.value is not None and column.rule is not None:
        try:
            column.rule.validate_python(cell.value if column.kind in (NUMBER, YEAR) else str(cell.value))
        except ValidationError as exc:
            return Cell(None, error_message(exc))
    return cell


def parse(kind: str, text: str, lang: str) -> Cell:
    """A year, a date, a number (read by the plan's language, `facilitator.numbers`) or a text; a text
    column keeps a number as a number only when it reads plainly."""
    if kind == YEAR:
        return Cell(int(text)) if FOUR_DIGITS.match(text) else Cell(None, _("a year has 4 digits, like 2030"))
    if kind == DATE:
        try:
            parse_date(text)
        except DateError as err:
            return Cell(None, str(err))
        return Cell(text)
    if kind == CODE:
        return Cell(text)
    try:
        parsed = parse_number(text, lang)
    except NumberError as err:
        return Cell(None, str(err)) if kind == NUMBER else Cell(text)
    if kind != NUMBER and parsed.note:
        return Cell(text)
    number = parsed.value
    return Cell(int(number) if number.is_integer() and abs(number) < 2**53 else number, None, parsed.note)


def allowed(column: Column, limit: int = 8) -> str:
    """The allowed values in one line: ``impacto · resultado · producto`` (``+3 more`` past ``limit``)."""
    shown = " · ".join(c.label if column.kind == CHOICE else _short(c.label, 28) if column.kind == REFERENCE
                       else c.value for c in column.choices[:limit])
    rest = len(column.choices) - limit
    return shown + (" · " + _("+{n} more").format(n=rest) if rest > 0 else "")


def _match(choices: tuple[Choice, ...], text: str, words: Callable[[Choice], list[str]]) -> Choice | None:
    """The choice ``text`` names: exactly (any accepted spelling), else as the start of only one."""
    key = fold(text)
    exact = [c for c in choices if key in (fold(w) for w in words(c))]
    if exact:
        return exact[0]
    starts = [c for c in choices if any(fold(w).startswith(key) for w in words(c))]
    return starts[0] if len(starts) == 1 else None


def _choice(column: Column, text: str) -> Cell:
    choice = _match(column.choices, text, lambda c: [c.label, c.value, *c.words])
    if choice is None:
        return Cell(None, _("choose one of: {values}").format(values=allowed(column, limit=99)))
    note = "" if fold(text) == fold(choice.label) else _("read as: {label}").format(label=choice.label)
    return Cell(choice.value, None, note)


def _reference(column: Column, text: str) -> Cell:
    codes = codes_in(text) if column.multiple else [text]
    known = {fold(c.value): c.value for c in column.choices}
    unknown = [c for c in codes if fold(c) not in known]
    value = ", ".join(known.get(fold(c), c) for c in codes)
    if not unknown:
        return Cell(value)
    if not column.choices:  # nothing to pick from yet: the row is kept, and adopted once they exist
        return Cell(value, None, _("the plan has no {what} yet: add them before this row is adopted").format(
            what=_(column.what)))
    message = _("not among the plan's {what}: {codes} (the plan has {known})").format(
        what=_(column.what), codes=", ".join(unknown), known=allowed(column))
    return Cell(None, message) if column.strict else Cell(value, None, message)


def check_row(columns: list[Column], typed: dict[str, str], lang: str) -> dict[str, Cell]:
    """Every cell of a row, checked (`check_cell`); the row may be kept when no cell has a problem."""
    return {c.name: check_cell(c, typed.get(c.name, ""), lang) for c in columns}


def label_of(column: Column, value: object) -> str:
    """A stored value as the form and the table show it: a choice by its label."""
    if column.kind == CHOICE:
        return next((c.label for c in column.choices if c.value == value), str(value))
    return show(value)


def show(value: object) -> str:
    """A field value as typed back: whole numbers without a trailing .0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
