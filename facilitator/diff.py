"""What changed between two versions of a plan: a structured change list and a readable report.

`diff_plans` compares two `Plan` models section by section. Records are matched by `id` (key figures,
which have none, by name), so a reordered or reformatted file shows no change: only values count. Each
difference is a `RecordChange` (added, removed or changed) holding `FieldChange`s; lists inside records
are matched by their natural key (targets by year, measurements by date, funding by source, links and
names as sets). Contribution links (`sources`), the revision counter and the revision list itself are
not reported as changes: the report lists the revisions recorded in between instead.

`report` turns a `PlanDiff` into lines of `Piece`s in the plan's language: counts first, then one group
per section. Text is compared word by word (`difflib`), deleted words are marked ``[-old-]`` and inserted
ones ``{+new+}`` in plain text (the TUI colours the same pieces). `load_versions` reads the two versions
to compare from a plan folder: a history snapshot (``r3``) or the current plan.toml.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from facilitator import paths
from facilitator.i18n import N_, _, format_date, format_money, format_number, in_language, ngettext
from facilitator.labels import (
    ACTION_KINDS,
    CLUSTER_KINDS,
    DIRECTIONS,
    FREQUENCIES,
    FUNDING_SOURCES,
    LEVELS,
    PRIORITIES,
    STATUSES,
)
from facilitator.model import Plan, Revision
from facilitator.problems import Level, PlanError, Problem

# --- the structured change list ------------------------------------------------------------------------------

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class FieldChange:
    """One difference inside a record."""

    field: str
    """The model field (``title``, ``targets``, ``status``…)."""
    op: str
    """``changed``, ``added`` or ``removed`` (an item of a list field), or ``reordered``."""
    old: Any = None
    new: Any = None
    item: Any = None
    """Which item of a list field: a target's year, a measurement's date, a funding source; for lists of
    names or links the item is the name or code itself (``old``/``new`` then hold it too)."""


@dataclass
class RecordChange:
    """A record added, removed or changed, named as people see it."""

    section: str
    op: str
    id: str | None
    code: str | None
    title: str
    fields: list[FieldChange] = field(default_factory=list)

    def field_change(self, name: str, item: Any = None) -> FieldChange | None:
        """The change of ``name`` (and ``item``), if any (for tests and callers that look for one)."""
        return next((f for f in self.fields if f.field == name and (item is None or f.item == item)), None)


@dataclass
class PlanDiff:
    """The differences between two versions of a plan."""

    changes: list[RecordChange]
    old_label: str = ""
    """What the old version is: ``revision 1 (12 March 2026)``, in the report's language."""
    new_label: str = ""
    revisions: list[Revision] = field(default_factory=list)
    """The revisions recorded after the old version, up to the new one."""
    cluster: str = ""
    language: str = "en"
    currency: str = "USD"

    def of(self, section: str) -> list[RecordChange]:
        return [c for c in self.changes if c.section == section]

    def find(self, section: str, key: str) -> RecordChange | None:
        """The change of the record with this code or id in ``section``."""
        return next((c for c in self.of(section) if key in (c.code, c.id)), None)

    def counts(self, section: str | None = None) -> dict[str, int]:
        changes = self.changes if section is None else self.of(section)
        return {op: sum(1 for c in changes if c.op == op) for op in (ADDED, REMOVED, CHANGED)}


SECTIONS: tuple[tuple[str, str], ...] = (
    ("profile", N_("Cluster profile")),
    ("stakeholders", N_("Stakeholders")),
    ("findings", N_("Findings")),
    ("benchmarks", N_("Benchmarks")),
    ("strategy", N_("Vision, mission and values")),
    ("lines", N_("Strategic lines")),
    ("objectives", N_("Objectives")),
    ("indicators", N_("Indicators")),
    ("actions", N_("Actions")),
    ("governance", N_("Governance")),
)
"""(section id, heading) in the order of the plan."""

RECORD_KINDS = {
    "figures": N_("Key figure"), "stakeholders": N_("Stakeholder"), "findings": N_("Finding"),
    "benchmarks": N_("Benchmark"), "lines": N_("Strategic line"), "objectives": N_("Objective"),
    "indicators": N_("Indicator"), "actions": N_("Action"),
}

IGNORED = frozenset({"id", "sources", "format", "revision", "revisions"})
"""Fields never reported: ids match records, `sources` are note ids, revisions are listed apart."""


def _dump(value: Any) -> Any:
    return value.model_dump() if isinstance(value, BaseModel) else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()) == " ".join(b.split())  # re-wrapped text is not a change
    return bool(_dump(a) == _dump(b))


class _Differ:
    def __init__(self, old: Plan, new: Plan) -> None:
        self.old, self.new = old, new
        self.codes: dict[str, str] = {}
        for plan in (old, new):  # the newer code wins: links are shown as people know them now
            for rec in [*plan.strategy.lines, *plan.objectives, *plan.findings, *plan.indicators, *plan.actions]:
                self.codes[rec.id] = rec.code

    def code(self, id_: str | None) -> str | None:
        return None if id_ is None else self.codes.get(id_, id_)

    # --- fields -----------------------------------------------------------------------------------------

    def fields(self, old: BaseModel, new: BaseModel, skip: Iterable[str] = ()) -> list[FieldChange]:
        out: list[FieldChange] = []
        names = [*type(new).model_fields, *(k for k in (new.model_extra or {}) if k not in type(new).model_fields)]
        names += [k for k in (old.model_extra or {}) if k not in names]
        for name in names:
            if name in IGNORED or name in skip:
                continue
            a, b = getattr(old, name, None), getattr(new, name, None)
            if _same(a, b):
                continue
            special = _LIST_FIELDS.get(name)
            if special is not None and isinstance(a, list) and isinstance(b, list):
                out.extend(special(self, name, a, b))
            elif name in ("line", "objective"):
                out.append(FieldChange(name, CHANGED, self.code(a), self.code(b)))
            elif isinstance(a, list) or isinstance(b, list):
                out.extend(self.names(name, list(a or []), list(b or [])))
            else:
                out.append(FieldChange(name, CHANGED, _dump(a), _dump(b)))
        return out

    def names(self, name: str, a: list[Any], b: list[Any]) -> list[FieldChange]:
        """A list of names or links compared as a set (and its order, when only the order moved)."""
        a = [_dump(x) for x in a]
        b = [_dump(x) for x in b]
        out = [FieldChange(name, REMOVED, old=x, item=x) for x in a if x not in b]
        out += [FieldChange(name, ADDED, new=x, item=x) for x in b if x not in a]
        if not out and a != b:
            out.append(FieldChange(name, "reordered", a, b))
        return out

    def links(self, name: str, a: list[str], b: list[str]) -> list[FieldChange]:
        return self.names(name, [self.code(x) for x in a], [self.code(x) for x in b])

    def keyed(self, name: str, a: list[Any], b: list[Any], key: Callable[[Any], Any],
              value: Callable[[Any], Any]) -> list[FieldChange]:
        """Items matched by ``key`` (targets by year…); ``value`` is what is compared and shown."""
        old = {key(x): value(x) for x in a}
        new = {key(x): value(x) for x in b}
        out = []
        for k in sorted(old.keys() | new.keys(), key=str):
            if k not in new:
                out.append(FieldChange(name, REMOVED, old=old[k], item=k))
            elif k not in old:
                out.append(FieldChange(name, ADDED, new=new[k], item=k))
            elif not _same(old[k], new[k]):
                out.append(FieldChange(name, CHANGED, old[k], new[k], item=k))
        return out

    def measurements(self, name: str, a: list[Any], b: list[Any]) -> list[FieldChange]:
        return self.keyed(name, a, b, lambda m: m.date, lambda m: (m.value, m.note))

    def funding(self, name: str, a: list[Any], b: list[Any]) -> list[FieldChange]:
        def totals(items: list[Any]) -> list[Any]:
            sums: dict[str, float] = {}
            for f in items:
                sums[f.source] = sums.get(f.source, 0.0) + f.amount
            return list(sums.items())

        return self.keyed(name, totals(a), totals(b), lambda t: t[0], lambda t: t[1])

    # --- records --------------------------------------------------------------------------------------------

    def records(self, section: str, old: list[Any], new: list[Any], label: Callable[[Any], tuple[str | None, str]],
                key: Callable[[Any], str] = lambda r: r.id) -> list[RecordChange]:
        out = []
        before = {key(r): r for r in old}
        after = {key(r): r for r in new}
        for rec in new:
            k = key(rec)
            code, title = label(rec)
            if k not in before:
                out.append(RecordChange(section, ADDED, getattr(rec, "id", None), code, title))
                continue
            fields = self.fields(before[k], rec)
            if fields:
                out.append(RecordChange(section, CHANGED, getattr(rec, "id", None), code, title, fields))
        for rec in old:
            if key(rec) not in after:
                code, title = label(rec)
                out.append(RecordChange(section, REMOVED, getattr(rec, "id", None), code, title))
        return out

    def single(self, section: str, pairs: list[tuple[BaseModel | None, BaseModel | None]],
               skip: Iterable[str] = ()) -> list[RecordChange]:
        """A section that is one record (the profile, the strategy, governance): its field changes."""
        fields: list[FieldChange] = []
        for a, b in pairs:
            if a is None and b is None:
                continue
            a = a if a is not None else type(b)()  # type: ignore[misc]
            b = b if b is not None else type(a)()
            fields += self.fields(a, b, skip)
        return [RecordChange(section, CHANGED, None, None, "", fields)] if fields else []

    def run(self) -> list[RecordChange]:
        old, new = self.old, self.new
        out: list[RecordChange] = []
        plan_fields = [FieldChange(name, CHANGED, getattr(old, name), getattr(new, name))
                       for name in ("language", "currency") if getattr(old, name) != getattr(new, name)]
        profile = self.single("profile", [(old.cluster, new.cluster), (old.program, new.program)], skip=("figures",))
        if plan_fields:
            if profile:
                profile[0].fields[:0] = plan_fields
            else:
                profile = [RecordChange("profile", CHANGED, None, None, "", plan_fields)]
        out += profile
        out += self.records("profile", old.cluster.figures, new.cluster.figures, lambda f: (None, f.name),
                            key=lambda f: f.name)
        out += self.records("stakeholders", old.stakeholders, new.stakeholders,
                            lambda s: (None, f"{s.name} ({s.organization})" if s.organization else s.name))
        out += self.records("findings", old.findings, new.findings, lambda f: (f.code, f.text))
        out += self.records("benchmarks", old.benchmarks, new.benchmarks, lambda b: (b.code, b.metric))
        out += self.single("strategy", [(old.strategy, new.strategy)], skip=("lines",))
        out += self.records("lines", old.strategy.lines, new.strategy.lines, lambda ln: (ln.code, ln.title))
        out += self.records("objectives", old.objectives, new.objectives, lambda o: (o.code, o.title))
        out += self.records("indicators", old.indicators, new.indicators, lambda i: (i.code, i.name))
        out += self.records("actions", old.actions, new.actions, lambda a: (a.code, a.title))
        out += self.single("governance", [(old.governance, new.governance)])
        return out


_LIST_FIELDS: dict[str, Callable[..., list[FieldChange]]] = {
    "targets": lambda d, n, a, b: d.keyed(n, a, b, lambda t: t.year, lambda t: t.value),
    "measurements": _Differ.measurements,
    "funding": _Differ.funding,
    "objectives": _Differ.links,
    "findings": _Differ.links,
}


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """The changes from ``old`` to ``new`` (labels and revisions are filled by `diff_folder`)."""
    return PlanDiff(_Differ(old, new).run(), cluster=new.cluster.name, language=new.language,
                    currency=new.currency)


# --- word-level text differences -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Piece:
    """A run of report text with a meaning the TUI turns into a colour.

    Styles: ``""`` plain, ``del`` deleted words, ``ins`` inserted words, ``heading``, ``count``,
    ``added``/``removed``/``changed`` (the mark of a record line), ``dim``.
    """

    text: str
    style: str = ""


CONTEXT_WORDS = 6
"""Unchanged words kept on each side of a change in a long text; the rest is shown as …"""


_TOKEN = re.compile(r"(\s*)(\d+(?:[.,]\d+)*|\w[\w'’-]*|[^\w\s])")


def _tokens(text: str) -> list[tuple[bool, str]]:
    """Words, numbers (``2.2``, ``1,240``) and single punctuation marks, each with whether a space came
    before it: punctuation is compared on its own, so ``next.`` → ``next;`` is one changed mark."""
    return [(bool(m.group(1)), m.group(2)) for m in _TOKEN.finditer(text)]


def _join(tokens: list[tuple[bool, str]]) -> str:
    return "".join((" " if space and i else "") + word for i, (space, word) in enumerate(tokens))


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> list[Piece]:
    """``old`` → ``new`` word by word: unchanged runs (shortened to ``context`` words around the changes),
    deleted words as ``del`` pieces and inserted ones as ``ins`` pieces. Spacing is not compared."""
    a, b = _tokens(old), _tokens(new)
    pieces: list[Piece] = []
    ops = difflib.SequenceMatcher(None, [w for _s, w in a], [w for _s, w in b], autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        first, last = n == 0, n == len(ops) - 1
        if tag == "equal":
            run = a[i1:i2]
            space = " " if run[0][0] and not first else ""
            if len(run) > 2 * context + 1 or (first and len(run) > context) or (last and len(run) > context):
                head = "" if first else _join(run[:context])
                tail = "" if last else _join([(True, run[-context][1]), *run[-context + 1:]])
                shown = " ".join(part for part in (head, "…", tail) if part)
            else:
                shown = _join(run)
            pieces.append(Piece(space + shown))
            continue
        old_run, new_run = a[i1:i2], b[j1:j2]
        if old_run:
            if old_run[0][0] and not first:
                pieces.append(Piece(" "))
            pieces.append(Piece(_join(old_run), "del"))
        if new_run:
            if new_run[0][0] and not first and not (old_run and old_run[0][0]):
                pieces.append(Piece(" "))
            pieces.append(Piece(_join(new_run), "ins"))
    return pieces


def plain_text(pieces: Iterable[Piece]) -> str:
    """Pieces as plain text: deleted words in ``[-…-]``, inserted words in ``{+…+}``."""
    out = []
    for p in pieces:
        out.append(f"[-{p.text}-]" if p.style == "del" else f"{{+{p.text}+}}" if p.style == "ins" else p.text)
    return "".join(out)


# --- the readable report ---------------------------------------------------------------------------------------

FIELD_LABELS = {
    "language": N_("language"), "currency": N_("currency"), "name": N_("name"), "territory": N_("territory"),
    "sector": N_("sector"), "kind": N_("kind"), "description": N_("description"),
    "executing_agency": N_("executing agency"), "funder": N_("funder"), "value": N_("value"), "unit": N_("unit"),
    "year": N_("year"), "source": N_("source"), "organization": N_("organization"), "segment": N_("segment"),
    "size": N_("size"), "gender": N_("gender"), "role": N_("role"), "email": N_("e-mail"), "code": N_("code"),
    "factor": N_("factor"), "text": N_("text"), "votes": N_("votes"), "rank": N_("rank"), "metric": N_("metric"),
    "reference": N_("reference"), "reference_value": N_("reference value"), "vision": N_("vision"),
    "vision_horizon": N_("vision horizon"), "vision_consensus": N_("vision consensus"),
    "vision_dissent": N_("dissent on the vision"), "mission": N_("mission"),
    "mission_consensus": N_("mission consensus"), "mission_dissent": N_("dissent on the mission"),
    "values": N_("values"), "title": N_("title"), "line": N_("strategic line"), "findings": N_("findings"),
    "owner": N_("owner"), "objective": N_("objective"), "definition": N_("definition"), "level": N_("level"),
    "direction": N_("direction"), "baseline": N_("baseline"), "baseline_year": N_("baseline year"),
    "targets": N_("target"), "frequency": N_("frequency"), "responsible": N_("responsible"),
    "measurements": N_("measurement"), "objectives": N_("objectives"), "lead": N_("lead"),
    "partners": N_("partners"), "start": N_("start"), "end": N_("end"), "status": N_("status"),
    "progress": N_("progress"), "priority": N_("priority"), "funding": N_("funding"), "council": N_("council"),
    "cluster_body": N_("cluster body"), "meeting_cadence": N_("meeting cadence"),
}

LANGUAGE_NAMES = {"en": "English", "es": "Español", "pt": "Português"}
"""Languages by their own names, as the export dialog shows them."""

LONG_TEXT = 80
"""Texts longer than this are compared word by word; shorter ones read better as "from … to …"."""
SHOWN_TEXT = 160
"""A text that was set or cleared is shown up to this many characters."""
STATEMENT_TEXT = 1000
"""A vision or mission that was set or cleared is shown whole (up to this): the statement is the news."""
TITLE_TEXT = 60


_NAME_LISTS = frozenset({"objectives", "findings", "partners", "council", "values"})
"""List fields whose items are names or links: compared as sets, reported as "added …" / "removed …"."""


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def _enum_labels() -> dict[str, dict[str, str]]:
    return {"status": STATUSES, "priority": PRIORITIES, "level": LEVELS, "direction": DIRECTIONS,
            "frequency": FREQUENCIES}  | {"cluster_kind": CLUSTER_KINDS, "action_kind": ACTION_KINDS}


class _Writer:
    def __init__(self, diff: PlanDiff, units: dict[str, str], currencies: dict[str, str]) -> None:
        self.diff = diff
        self.lang = diff.language
        self.enums = _enum_labels()
        self.sources = FUNDING_SOURCES
        self.units = units
        """Indicator id → unit, so that targets and measurements read "48%"."""
        self.currencies = currencies
        """Action id → currency, for funding amounts."""

    def value(self, name: str, value: Any, section: str = "") -> str:
        if value is None or value == "":
            return _("(empty)")
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, (dt.date, dt.datetime)):
            return format_date(value, self.lang, "medium")
        if name == "language" and value in LANGUAGE_NAMES:
            return LANGUAGE_NAMES[value]
        if name == "kind":
            table = self.enums["cluster_kind"] if section == "profile" else self.enums["action_kind"] \
                if section == "actions" else {}
            return _(table[value]) if value in table else _(str(value))
        if name in self.enums and isinstance(value, str):
            return _(self.enums[name].get(value, value))
        if name in ("size", "gender", "factor") and isinstance(value, str):
            return _(value)
        if name == "progress" and isinstance(value, (int, float)):
            return format_number(value, self.lang) + "%"
        if isinstance(value, (int, float)) and name in ("year", "baseline_year", "vision_horizon", "rank",
                                                        "votes", "vision_consensus", "mission_consensus"):
            return str(value)
        if isinstance(value, (int, float)):
            return format_number(value, self.lang)
        if isinstance(value, str):
            limit = STATEMENT_TEXT if name in ("vision", "mission") else SHOWN_TEXT
            return f"“{_short(value, limit)}”" if len(value) > 40 or " " in value.strip() else value
        return str(value)

    def quantity(self, value: float | None, unit: str) -> str:
        if value is None:
            return _("(empty)")
        n = format_number(value, self.lang)
        return n if not unit else f"{n}{unit}" if unit == "%" else f"{n} {unit}"

    # --- one field change -----------------------------------------------------------------------------

    def field(self, rec: RecordChange, f: FieldChange, unit: str, currency: str) -> list[Piece]:
        label = _(FIELD_LABELS.get(f.field, f.field.replace("_", " ")))
        if f.field == "targets":
            label = _("target {year}").format(year=f.item)
            show: Callable[[Any], str] = lambda v: self.quantity(v, unit)
        elif f.field == "measurements":
            return self.measurement(f, unit)
        elif f.field == "funding":
            source = _(self.sources.get(f.item, f.item))
            label = _("funding from {source}").format(source=source.lower() if self.lang == "en" else source)
            show = lambda v: format_money(v, currency, self.lang)
        elif f.field == "baseline":
            show = lambda v: self.quantity(v, unit)
        else:
            show = lambda v: self.value(f.field, v, rec.section)
        if f.op == "reordered":
            return [Piece(_("{field}: order changed").format(field=label))]
        if f.op in (ADDED, REMOVED) and f.field in _NAME_LISTS:
            return self.names(label, f.op, [f])
        if f.op == ADDED:
            return [Piece(_("{field} added: {value}").format(field=label, value=show(f.new)))]
        if f.op == REMOVED:
            return [Piece(_("{field} removed (was {value})").format(field=label, value=show(f.old)))]
        old, new = f.old, f.new
        if isinstance(old, str) and isinstance(new, str) and old.strip() and new.strip() and (
                max(len(old), len(new)) > LONG_TEXT or f.field in ("vision", "mission", "description", "text")):
            return [Piece(_("{field}:").format(field=label) + " "), *word_diff(old, new)]
        if old in (None, "", []):
            return [Piece(_("{field} set to {value}").format(field=label, value=show(new)))]
        if new in (None, "", []):
            return [Piece(_("{field} cleared (was {value})").format(field=label, value=show(old)))]
        return [Piece(_("{field} changed from {old} to {new}").format(field=label, old=show(old), new=show(new)))]

    def names(self, label: str, op: str, changes: list[FieldChange]) -> list[Piece]:
        """Items added to or removed from a list of names or links, on one line."""
        items = ", ".join(self.item(f.field, f.new if op == ADDED else f.old) for f in changes)
        if op == ADDED:
            return [Piece(_("{field}: added {items}").format(field=label, items=items))]
        return [Piece(_("{field}: removed {items}").format(field=label, items=items))]

    def item(self, name: str, value: Any) -> str:
        if name in ("objectives", "findings"):
            return str(value)
        return f"“{_short(str(value), SHOWN_TEXT)}”"

    def details(self, rec: RecordChange, unit: str, currency: str) -> list[list[Piece]]:
        """One line per field change; additions to (removals from) one list of names share a line."""
        out: list[list[Piece]] = []
        fields = list(rec.fields)
        while fields:
            f = fields.pop(0)
            if f.field in _NAME_LISTS and f.op in (ADDED, REMOVED):
                same = [f] + [g for g in fields if g.field == f.field and g.op == f.op]
                fields = [g for g in fields if g not in same]
                out.append(self.names(_(FIELD_LABELS.get(f.field, f.field)), f.op, same))
            else:
                out.append(self.field(rec, f, unit, currency))
        return out

    def measurement(self, f: FieldChange, unit: str) -> list[Piece]:
        when = format_date(f.item, self.lang, "medium") if isinstance(f.item, dt.date) else str(f.item)
        label = _("measurement of {date}").format(date=when)

        def show(v: tuple[float, str]) -> str:
            value, note = v
            shown = self.quantity(value, unit)
            return f"{shown} — {_short(note, SHOWN_TEXT)}" if note else shown

        if f.op == ADDED:
            return [Piece(_("{field} added: {value}").format(field=label, value=show(f.new)))]
        if f.op == REMOVED:
            return [Piece(_("{field} removed (was {value})").format(field=label, value=show(f.old)))]
        (old_value, old_note), (new_value, new_note) = f.old, f.new
        pieces: list[Piece] = []
        if old_value != new_value:
            pieces.append(Piece(_("{field} changed from {old} to {new}").format(
                field=label, old=self.quantity(old_value, unit), new=self.quantity(new_value, unit))))
        if not _same(old_note, new_note):
            if pieces:
                pieces.append(Piece("; "))
            what = _("note of the {field}").format(field=label)
            if old_note.strip() and new_note.strip():
                pieces += [Piece(what + ": "), *word_diff(old_note, new_note)]
            elif new_note.strip():
                pieces.append(Piece(_("{field} set to {value}").format(field=what, value=self.value("note", new_note))))
            else:
                pieces.append(Piece(_("{field} cleared (was {value})").format(field=what,
                                                                              value=self.value("note", old_note))))
        return pieces

    # --- the report -------------------------------------------------------------------------------------

    def record_label(self, rec: RecordChange) -> str:
        kind = _(RECORD_KINDS.get(rec.section if rec.section != "profile" else "figures", rec.section))
        title = _short(rec.title, TITLE_TEXT)
        if rec.code:
            return _("{kind} {code} '{title}'").format(kind=kind, code=rec.code, title=title)
        return _("{kind} '{title}'").format(kind=kind, title=title)

    def counts(self, counts: dict[str, int]) -> str:
        parts = []
        if counts[ADDED]:
            parts.append(ngettext("{n} added", "{n} added", counts[ADDED]).format(n=counts[ADDED]))
        if counts[REMOVED]:
            parts.append(ngettext("{n} removed", "{n} removed", counts[REMOVED]).format(n=counts[REMOVED]))
        if counts[CHANGED]:
            parts.append(ngettext("{n} changed", "{n} changed", counts[CHANGED]).format(n=counts[CHANGED]))
        return ", ".join(parts)

    def lines(self) -> list[list[Piece]]:
        d = self.diff
        out: list[list[Piece]] = []
        out.append([Piece(_("Changes to the plan {cluster}").format(cluster=d.cluster), "heading")])
        if d.old_label or d.new_label:
            out.append([Piece(_("from {old} to {new}").format(old=d.old_label, new=d.new_label))])
        out.append([])
        if not d.changes:
            out.append([Piece(_("No changes: the two versions hold the same plan."))])
        else:
            total = d.counts()
            out.append([Piece(_("In all: {counts}").format(counts=self.counts(total)), "count")])
            width = max(len(_(label)) for sid, label in SECTIONS if d.of(sid)) + 2
            for sid, label in SECTIONS:
                if d.of(sid):
                    out.append([Piece("  " + _(label).ljust(width)), Piece(self.counts(d.counts(sid)), "count")])
        if d.revisions:
            out.append([])
            out.append([Piece(_("Revisions recorded in between"), "heading")])
            for r in d.revisions:
                date = format_date(r.date, self.lang, "medium")
                out.append([Piece(f"  r{r.number} ({date})" + (":" if r.summary else ""), "dim"),
                            Piece(f" {r.summary}" if r.summary else "")])
        for sid, label in SECTIONS:
            changes = d.of(sid)
            if not changes:
                continue
            out.append([])
            out.append([Piece(_(label), "heading"), Piece(" — " + self.counts(d.counts(sid)), "dim")])
            for op in (CHANGED, ADDED, REMOVED):
                for rec in (c for c in changes if c.op == op):
                    out += self.record(rec)
        return out

    def record(self, rec: RecordChange) -> list[list[Piece]]:
        mark = {ADDED: "+ ", REMOVED: "− ", CHANGED: "~ "}[rec.op]
        if rec.op == ADDED:
            return [[Piece("  " + mark, ADDED), Piece(self.record_label(rec)), Piece(" " + _("added"), "dim")]]
        if rec.op == REMOVED:
            return [[Piece("  " + mark, REMOVED), Piece(self.record_label(rec)), Piece(" " + _("removed"), "dim")]]
        unit = self.units.get(rec.id or "", "")
        currency = self.currencies.get(rec.id or "", self.diff.currency)
        details = self.details(rec, unit, currency)
        if not rec.title:  # the profile, the strategy, governance: their fields are the lines
            return [[Piece("  " + mark, CHANGED), *pieces] for pieces in details]
        label = self.record_label(rec)
        if len(details) == 1:
            return [[Piece("  " + mark, CHANGED), Piece(label + ": "), *details[0]]]
        return [[Piece("  " + mark, CHANGED), Piece(label + ":")],
                *[[Piece("      "), *pieces] for pieces in details]]


def report(diff: PlanDiff, units: dict[str, str] | None = None,
           currencies: dict[str, str] | None = None) -> list[list[Piece]]:
    """The report as lines of pieces, in the plan's language (``units``: indicator id → unit, so values
    read "48%"; ``currencies``: action id → currency)."""
    with in_language(diff.language):
        return _Writer(diff, units or {}, currencies or {}).lines()


def report_text(diff: PlanDiff, units: dict[str, str] | None = None,
                currencies: dict[str, str] | None = None) -> str:
    return "\n".join(plain_text(line) for line in report(diff, units, currencies)).rstrip() + "\n"


def plan_units(*plans: Plan) -> tuple[dict[str, str], dict[str, str]]:
    """(indicator id → unit, action id → currency) of ``plans``, the later ones winning."""
    units: dict[str, str] = {}
    currencies: dict[str, str] = {}
    for plan in plans:
        units.update({i.id: i.unit for i in plan.indicators})
        currencies.update({a.id: a.currency for a in plan.actions})
    return units, currencies


# --- the change list as JSON, for tools and scripts ------------------------------------------------------------

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


def word_ops(old: str, new: str) -> list[dict[str, str]]:
    """``old`` → ``new`` word by word, whole (nothing shortened), as ``{"op": "equal"|"delete"|"insert",
    "text": …}`` runs: the equal and deleted runs joined give the old text, the equal and inserted ones the
    new text (with each run of spaces and line breaks read as one space)."""
    a, b = _tokens(old), _tokens(new)
    ops: list[dict[str, str]] = []

    def add(op: str, text: str) -> None:
        if ops and ops[-1]["op"] == op:
            ops[-1]["text"] += text
        elif text:
            ops.append({"op": op, "text": text})

    def side(tokens: list[tuple[bool, str]], start: int, op: str) -> None:
        for k, (space, word) in enumerate(tokens):
            add(op, (" " if space and start + k else "") + word)

    matcher = difflib.SequenceMatcher(None, [w for _s, w in a], [w for _s, w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            side(a[i1:i2], i1, "delete")
            side(b[j1:j2], j1, "insert")
            continue
        for k in range(i2 - i1):
            # The same word, with a space before it on one side only: that space is deleted or inserted.
            before_old = a[i1 + k][0] and i1 + k > 0
            before_new = b[j1 + k][0] and j1 + k > 0
            if before_old or before_new:
                add("equal" if before_old and before_new else "delete" if before_old else "insert", " ")
            add("equal", a[i1 + k][1])
    return ops


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
            if isinstance(old, str) and isinstance(new, str) and old.strip() and new.strip() and not _same(old, new):
                entry["words"] = word_ops(old, new)
            out.append(entry)
    return out


# --- versions of a plan folder -----------------------------------------------------------------------------------

CURRENT = "current"
_SPEC = re.compile(r"^\s*[rR]?(\d+)\s*$")


def snapshots(folder: Path) -> list[int]:
    """The revision numbers that have a snapshot in history/, in order."""
    found = []
    for path in (folder / paths.HISTORY_DIR).glob("plan-r*.toml") if (folder / paths.HISTORY_DIR).is_dir() else []:
        m = re.fullmatch(r"plan-r(\d+)\.toml", path.name)
        if m:
            found.append(int(m.group(1)))
    return sorted(found)


def _available(folder: Path) -> str:
    numbers = snapshots(folder)
    if not numbers:
        return _("history/ holds no snapshot yet; record one with: facilitator revision PLAN -m SUMMARY")
    return _("the snapshots in history/ are {list}, or use {current} for plan.toml").format(
        list=", ".join(f"r{n}" for n in numbers), current=CURRENT)


def parse_revision(folder: Path, spec: str, recorded: Plan | None = None) -> int | None:
    """``r3`` or ``3`` → 3 (its snapshot must exist), ``current`` → None; else a one-line PlanError
    (``recorded``: the current plan, to tell a missing snapshot from an unknown revision)."""
    if spec.strip().lower() in (CURRENT, paths.PLAN_FILE):
        return None
    m = _SPEC.match(spec)
    if m is None:
        raise PlanError(Problem("unknown-revision", Level.error, str(folder), _(
            "'{spec}' is not a revision; {available}").format(spec=spec, available=_available(folder))))
    number = int(m.group(1))
    if not paths.history_file(folder, number).is_file():
        if recorded is not None and any(r.number == number for r in recorded.revisions):
            raise PlanError(Problem("missing-snapshot", Level.error, str(folder), _(
                "revision {n} is recorded in plan.toml but its snapshot history/plan-r{n}.toml is missing; "
                "{available}").format(n=number, available=_available(folder))))
        raise PlanError(Problem("unknown-revision", Level.error, str(folder), _(
            "no snapshot of revision {n} (history/plan-r{n}.toml); {available}").format(
                n=number, available=_available(folder))))
    return number


def load_revision(folder: Path, number: int | None) -> Plan:
    """The plan as it was at revision ``number`` (its snapshot), or plan.toml for None."""
    from facilitator.store import load_model

    path = folder / paths.PLAN_FILE if number is None else paths.history_file(folder, number)
    rel = paths.PLAN_FILE if number is None else f"{paths.HISTORY_DIR}/{path.name}"
    plan, _data, _text = load_model(path, Plan, "plan", rel)
    return plan


def default_from(folder: Path, current: Plan, to: int | None) -> int:
    """The revision a report starts from by default: the last recorded one (before ``to``, if given)."""
    numbers = [n for n in snapshots(folder) if to is None or n < to]
    if to is None and current.revision in numbers:
        return current.revision
    if not numbers:
        raise PlanError(Problem("no-revision", Level.error, str(folder), _(
            "no earlier revision to compare with; {available}").format(available=_available(folder))))
    return numbers[-1]


def version_label(number: int | None, *plans: Plan) -> str:
    """``revision 3 (7 May 2026)`` or ``the current plan.toml``, in the current language (the date from
    the first of ``plans`` that lists the revision)."""
    if number is None:
        return _("the current plan.toml")
    for plan in plans:
        rev = next((r for r in plan.revisions if r.number == number), None)
        if rev is not None:
            return _("revision {n} ({date})").format(n=number, date=format_date(rev.date, plan.language, "medium"))
    return _("revision {n}").format(n=number)


def diff_versions(folder: Path, old_number: int | None, new_number: int | None,
                  old: Plan | None = None, new: Plan | None = None) -> PlanDiff:
    """Compare two versions of the plan in ``folder`` (None: plan.toml, or the given model)."""
    old = old if old is not None else load_revision(folder, old_number)
    new = new if new is not None else load_revision(folder, new_number)
    diff = diff_plans(old, new)
    with in_language(new.language):
        diff.old_label = version_label(old_number, new, old)
        diff.new_label = version_label(new_number, new, old)
    low = old_number or 0
    high = new_number if new_number is not None else 10**9
    diff.revisions = [r for r in new.revisions if low < r.number <= high]
    return diff


def diff_folder(folder: str | Path, from_spec: str | None = None, to_spec: str | None = None) -> tuple[PlanDiff, str]:
    """The change report of a plan folder as the CLI shows it: (diff, text).

    ``from_spec``/``to_spec``: ``rN``, ``N`` or ``current``; by default from the last recorded revision's
    snapshot to the current plan.toml. Unknown revisions raise a one-line PlanError naming the snapshots.
    """
    folder = Path(folder).expanduser().resolve()
    if not (folder / paths.PLAN_FILE).is_file():
        raise PlanError(Problem("no-plan", Level.error, str(folder), _(
            "this folder has no plan.toml; create a plan with: facilitator new FOLDER --name NAME")))
    current = load_revision(folder, None)
    to = parse_revision(folder, to_spec, current) if to_spec is not None else None
    start = parse_revision(folder, from_spec, current) if from_spec is not None else default_from(folder, current, to)
    old = load_revision(folder, start) if start is not None else current
    new = load_revision(folder, to) if to is not None else current
    diff = diff_versions(folder, start, to, old, new)
    units, currencies = plan_units(old, new)
    return diff, report_text(diff, units, currencies)
