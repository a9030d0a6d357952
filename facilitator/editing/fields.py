"""The fields of a record form: their kinds (`TEXT`, `NUMBER`, `ROWS`…), `FieldSpec` and `Column`, and the
choices a choice or pick field offers (enum values, objectives, strategic lines, findings)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from facilitator.i18n import N_, _
from facilitator.model import Plan

TEXT, LONGTEXT, NUMBER, INT, YEAR, DATE, CHOICE, PICK, MULTIPICK, STRINGS, ROWS, GROUP = (
    "text", "longtext", "number", "int", "year", "date", "choice", "pick", "multipick", "strings", "rows", "group")
"""`GROUP`: a sub-record (an action's beneficiaries) shown as one labelled box per column."""


@dataclass(frozen=True)
class Column:
    """A column of a nested table (targets, measurements, funding): one cell of a typed line."""

    name: str
    kind: str = TEXT
    label: str = ""
    """A msgid: the box's label in a group field (rows fields show no column labels)."""
    enum: type[StrEnum] | None = None
    """A cell holding one of these values: shown in the screen's language, read back in any of the three
    (or as the stored value), so "programa; 60000" and "program; 60000" are the same line."""


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
    """A msgid, translated where it is shown; its ``{names}`` are filled from `hint_values` after that."""
    hint_values: tuple[tuple[str, str | type[StrEnum]], ...] = ()
    """An enum as a value is listed by its members, in the screen's language."""
    match: int = 1
    """How many leading cells of a rows field's line name the record it was (budget lines: year, category,
    source and kind); lines with the same cells match old records in order."""
    id_prefix: str = ""
    """A rows field whose records have ids: a line matching no old record gets a new id with this prefix."""

    def shown_hint(self) -> str:
        """The hint in the current language, its values filled in (after the lookup: the msgid has no values)."""
        if not self.hint:
            return ""
        values = {name: value if isinstance(value, str) else ", ".join(_(m.value) for m in value)
                  for name, value in self.hint_values}
        return _(self.hint).format(**values)


ENUM_VALUES = (
    N_("research"), N_("ngo"),  # stakeholder kinds
    N_("micro"), N_("small"), N_("large"),  # firm sizes
    N_("strength"), N_("weakness"), N_("opportunity"), N_("threat"), N_("problem"), N_("cause"), N_("effect"),
    N_("factor"), N_("demand"), N_("related"), N_("strategy"), N_("chance"),  # diamond factors
    N_("increase"), N_("decrease"), N_("maintain"), N_("semiannual"), N_("biennial"),
    N_("program"), N_("public"), N_("private"),  # funding sources
    N_("staff"), N_("consultancy"), N_("training"), N_("travel"), N_("events"), N_("promotion"),
    N_("equipment"), N_("works"), N_("materials"), N_("studies"), N_("overheads"),  # expense categories
    N_("in_kind"),  # how a source contributes (with "cash")
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

SEGMENT_PLACES = {"False": N_("in the chain"), "True": N_("supporting (the band under the chain)")}
"""Where a value-chain segment is drawn (its `support` flag, as the form's choice holds it)."""


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
action_choices = _pick(lambda p: p.actions, "title")
indicator_choices = _pick(lambda p: p.indicators, "name")


def segment_choices(plan: Plan) -> list[tuple[str, str]]:
    """The value chain's segments, by stage, then the supporting ones, to pick the ones a segment supplies."""
    ordered = sorted(plan.cluster.segments, key=lambda s: (s.support, s.stage))
    return [(f"{_('support') if s.support else s.stage}  {s.name[:70]}", s.id) for s in ordered]
