"""The structured change list between two versions of a plan: `diff_plans` and what it returns.

`diff_plans` compares two `Plan` models section by section. Records are matched by `id` (key figures,
which have none, by name), so a reordered or reformatted file shows no change: only values count. Each
difference is a `RecordChange` (added, removed or changed) holding `FieldChange`s; lists inside records
are matched by their natural key (targets by year, measurements by date, funding by source, links and
names as sets). Contribution links (`sources`), the revision counter and the revision list itself are
not reported as changes: the report lists the revisions recorded in between instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from facilitator.i18n import N_, _
from facilitator.model import Action, Finding, Indicator, Objective, Plan, Revision, StrategicLine

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
    """Which item of a list field: a target's year, a measurement's date, a funding source, a budget line's id; for lists of
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
    ("segments", N_("Value chain")),
    ("findings", N_("Findings")),
    ("benchmarks", N_("Benchmarks")),
    ("strategy", N_("Vision, mission and values")),
    ("lines", N_("Strategic lines")),
    ("objectives", N_("Objectives")),
    ("indicators", N_("Indicators")),
    ("actions", N_("Actions")),
    ("risks", N_("Risks")),
    ("governance", N_("Governance")),
    ("monitoring", N_("Monitoring and evaluation")),
    ("endorsement", N_("Endorsement")),
    ("network", N_("Collaboration network")),
)
"""(section id, heading) in the order of the plan."""

RECORD_KINDS = {
    "figures": N_("Key figure"), "stakeholders": N_("Stakeholder"), "segments": N_("Value-chain segment"), "findings": N_("Finding"),
    "benchmarks": N_("Benchmark"), "lines": N_("Strategic line"), "objectives": N_("Objective"),
    "indicators": N_("Indicator"), "actions": N_("Action"), "risks": N_("Risk"), "network": N_("Network"),
}

IGNORED = frozenset({"id", "sources", "format", "revision", "revisions"})
"""Fields never reported: ids match records, `sources` are note ids, revisions are listed apart."""


def _dump(value: Any) -> Any:
    return value.model_dump() if isinstance(value, BaseModel) else value


def same(a: Any, b: Any) -> bool:
    """Whether two field values are the same for the report (text compared with its spacing evened out)."""
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()) == " ".join(b.split())  # re-wrapped text is not a change
    return bool(_dump(a) == _dump(b))


class _Differ:
    def __init__(self, old: Plan, new: Plan) -> None:
        self.old, self.new = old, new
        self.codes: dict[str, str] = {}
        for plan in (old, new):  # the newer code wins: links are shown as people know them now
            coded: list[StrategicLine | Objective | Finding | Indicator | Action] = [
                *plan.strategy.lines, *plan.objectives, *plan.findings, *plan.indicators, *plan.actions]
            for rec in coded:
                self.codes[rec.id] = rec.code
            for segment in plan.cluster.segments:  # a segment's links are shown by the names they point to
                self.codes[segment.id] = segment.name

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
            if same(a, b):
                continue
            special = _LIST_FIELDS.get(name)
            if name == "beneficiaries" and not isinstance(a, list):
                out.extend(self.counts(name, _dump(a) or {}, _dump(b) or {}))
            elif special is not None and isinstance(a, list) and isinstance(b, list):
                out.extend(special(self, name, a, b))
            elif name in ("line", "objective", "action"):
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
            elif not same(old[k], new[k]):
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

    def budget_lines(self, name: str, a: list[Any], b: list[Any]) -> list[FieldChange]:
        """Budget lines matched by id; each shown as its year, category, source, kind, amount and note."""
        return self.keyed(name, a, b, lambda x: x.id, lambda x: x.model_dump(exclude={"id"}))

    def activities(self, name: str, a: list[Any], b: list[Any]) -> list[FieldChange]:
        """Activities of a project profile matched by id; each shown as its title, dates and deliverable."""
        return self.keyed(name, a, b, lambda x: x.id, lambda x: x.model_dump(exclude={"id"}))

    def counts(self, name: str, a: dict[str, Any], b: dict[str, Any]) -> list[FieldChange]:
        """A sub-record (an action's beneficiaries) key by key: ``item`` names the key (``women``)."""
        return [FieldChange(name, CHANGED, a.get(k), b.get(k), item=k) for k in [*a, *(k for k in b if k not in a)]
                if not same(a.get(k), b.get(k))]

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
        rules = [(old.program.cofinancing if old.program else None, new.program.cofinancing if new.program else None)]
        profile = self.single("profile", [(old.cluster, new.cluster), (old.program, new.program), *rules],
                              skip=("figures", "segments", "cofinancing"))
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
        out += self.records("segments", old.cluster.segments, new.cluster.segments, lambda x: (None, x.name))
        out += self.records("findings", old.findings, new.findings, lambda f: (f.code, f.text))
        out += self.records("benchmarks", old.benchmarks, new.benchmarks, lambda b: (b.code, b.metric))
        out += self.single("strategy", [(old.strategy, new.strategy)], skip=("lines",))
        out += self.records("lines", old.strategy.lines, new.strategy.lines, lambda ln: (ln.code, ln.title))
        out += self.records("objectives", old.objectives, new.objectives, lambda o: (o.code, o.title))
        out += self.records("indicators", old.indicators, new.indicators, lambda i: (i.code, i.name))
        out += self.records("actions", old.actions, new.actions, lambda a: (a.code, a.title))
        out += self.records("risks", old.risks, new.risks, lambda r: (r.code, r.risk))
        out += self.single("governance", [(old.governance, new.governance)])
        out += self.single("monitoring", [(old.monitoring, new.monitoring)])
        out += self.single("endorsement", [(old.endorsement, new.endorsement)])
        out += self.records("network", old.network.waves, new.network.waves,
                            lambda w: (w.id, w.label or _("survey round")), key=lambda w: w.id)
        names = {s.id: s.name for s in [*old.stakeholders, *new.stakeholders]}
        out += self.records("network", old.network.ties, new.network.ties, lambda t: (t.wave, _(
            "{actor} – {partner} ({kind})").format(actor=names.get(t.actor, t.actor),
                                                   partner=names.get(t.partner, t.partner), kind=t.kind)))
        return out


_LIST_FIELDS: dict[str, Callable[..., list[FieldChange]]] = {
    "targets": lambda d, n, a, b: d.keyed(n, a, b, lambda t: t.year, lambda t: t.value),
    "measurements": _Differ.measurements,
    "funding": _Differ.funding,
    "budget_lines": _Differ.budget_lines,
    "signatories": lambda d, n, a, b: d.keyed(n, a, b, lambda s: s.name,
                                              lambda s: ", ".join(x for x in (s.role, s.organization) if x)),
    "activities": _Differ.activities,
    "objectives": _Differ.links,
    "findings": _Differ.links,
    "links": _Differ.links,
    "indicators": _Differ.links,
}


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """The changes from ``old`` to ``new`` (labels and revisions are filled by `diff_folder`)."""
    return PlanDiff(_Differ(old, new).run(), cluster=new.cluster.name, language=new.language,
                    currency=new.currency)
