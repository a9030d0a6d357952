"""The readable change report: `report` (lines of `Piece`s, for the TUI) and `report_text` (for the CLI).

`report` turns a `PlanDiff` into lines in the plan's language: counts first, then the revisions recorded
in between, then one group per section. Values are shown as people read them (enumeration labels, dates,
numbers with their unit or currency); long texts are compared word by word (`words.word_diff`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from facilitator.diff.changes import (
    ADDED,
    CHANGED,
    RECORD_KINDS,
    REMOVED,
    SECTIONS,
    FieldChange,
    PlanDiff,
    RecordChange,
    same,
)
from facilitator.diff.words import Piece, plain_text, word_diff
from facilitator.financing import line_label
from facilitator.i18n import N_, _, format_date, format_money, format_number, in_language, ngettext
from facilitator.labels import (
    ACTION_KINDS,
    CLUSTER_KINDS,
    DIRECTIONS,
    EXPENSE_CATEGORIES,
    FREQUENCIES,
    FUNDING_SOURCES,
    LEVELS,
    PRIORITIES,
    STATUSES,
)
from facilitator.labels import (
    label as enum_label,
)
from facilitator.maps import WEIGHTS
from facilitator.model import ID_PREFIX, BudgetLine, Plan

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
    "cofinancing": N_("co-financing rules"), "max_program_share": N_("maximum program share"),
    "min_counterpart_share": N_("minimum counterpart share"),
    "min_counterpart_cash": N_("minimum cash share of the counterpart"),
    "eligible_categories": N_("eligible categories"), "budget_lines": N_("budget line"),
    "risk": N_("risk"), "likelihood": N_("likelihood"), "impact": N_("impact"), "mitigation": N_("mitigation"),
    "action": N_("action"), "assumptions": N_("assumptions"),
    "review_frequency": N_("plan reviews"), "reviews": N_("review dates"), "midterm": N_("mid-term evaluation"),
    "final": N_("final evaluation"), "budget": N_("budget"), "budget_category": N_("budget lines of"),
    "body": N_("endorsed by"), "session": N_("session"), "date": N_("date"), "note": N_("note"),
    "weight": N_("weight of the cluster"), "region_share": N_("share of the region"), "influence": N_("influence"),
    "interest": N_("interest"), "stage": N_("stage"), "links": N_("supplies"), "support": N_("supporting segment"),
    "purpose": N_("project objective"), "justification": N_("justification"), "indicators": N_("indicators"),
    "activities": N_("activity"), "deliverables": N_("deliverables"), "beneficiaries": N_("beneficiaries"),
}
BENEFICIARY_LABELS = {
    "micro": N_("micro firms"), "small": N_("small firms"), "medium": N_("medium firms"),
    "large": N_("large firms"), "women": N_("women"), "men": N_("men"), "description": N_("who they are"),
}
_PERCENTS = frozenset({"max_program_share", "min_counterpart_share", "min_counterpart_cash", "region_share"})

LANGUAGE_NAMES = {"en": "English", "es": "Español", "pt": "Português"}
"""Languages by their own names, as the export dialog shows them."""

LONG_TEXT = 80
"""Texts longer than this are compared word by word; shorter ones read better as "from … to …"."""
SHOWN_TEXT = 160
"""A text that was set or cleared is shown up to this many characters."""
STATEMENT_TEXT = 1000
"""A vision or mission that was set or cleared is shown whole (up to this): the statement is the news."""
TITLE_TEXT = 60


_NAME_LISTS = frozenset({"objectives", "findings", "indicators", "deliverables", "partners", "council", "values",
                         "eligible_categories", "reviews"})
"""List fields whose items are names or links: compared as sets, reported as "added …" / "removed …"."""


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def _enum_labels() -> dict[str, dict[str, str]]:
    return {"status": STATUSES, "priority": PRIORITIES, "level": LEVELS, "direction": DIRECTIONS,
            "frequency": FREQUENCIES, "review_frequency": FREQUENCIES, "weight": WEIGHTS}  | {"cluster_kind": CLUSTER_KINDS, "action_kind": ACTION_KINDS}


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
        if name == "budget_category" and isinstance(value, str):
            return enum_label(EXPENSE_CATEGORIES, value).lower()
        if name in self.enums and isinstance(value, str):
            return _(self.enums[name].get(value, value))
        if name in ("size", "gender", "factor") and isinstance(value, str):
            return _(value)
        if name in ("progress", *_PERCENTS) and isinstance(value, (int, float)):
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
        elif f.field == "budget_lines":
            return self.budget_line(f, currency)
        elif f.field == "signatories":
            label = _("signatory {name}").format(name=f.item)
            show = lambda v: self.value("signatories", v)
        elif f.field == "activities":
            return self.activity(f)
        elif f.field == "beneficiaries":
            label = _("beneficiaries ({who})").format(who=_(BENEFICIARY_LABELS.get(f.item, f.item)))
            show = lambda v: self.value("beneficiaries", v)
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
        if name in ("objectives", "findings", "indicators"):
            return str(value)
        if name == "eligible_categories":
            return enum_label(EXPENSE_CATEGORIES, str(value)).lower()
        if isinstance(value, dt.date):
            return format_date(value, self.lang, "medium")
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

    def activity(self, f: FieldChange) -> list[Piece]:
        """An activity of a project profile added, removed or changed: its title, dates and deliverable."""

        def show(v: dict[str, Any]) -> str:
            dates = " – ".join(self.value("start", v.get(k)) for k in ("start", "end") if v.get(k))
            text = f"“{_short(str(v.get('title', '')), SHOWN_TEXT)}”" + (f" ({dates})" if dates else "")
            return text + (f" → {_short(str(v['deliverable']), SHOWN_TEXT)}" if v.get("deliverable") else "")

        field = _("activity")
        if f.op == ADDED:
            return [Piece(_("{field} added: {value}").format(field=field, value=show(f.new)))]
        if f.op == REMOVED:
            return [Piece(_("{field} removed (was {value})").format(field=field, value=show(f.old)))]
        return [Piece(_("{field} changed from {old} to {new}").format(field=field, old=show(f.old), new=show(f.new)))]

    def budget_line(self, f: FieldChange, currency: str) -> list[Piece]:
        """A budget line added, removed or changed: named by its year, category, source and kind."""

        def what(v: dict[str, Any]) -> str:
            return line_label(BudgetLine.model_validate({"id": "bud-x", **v}))

        def show(v: dict[str, Any]) -> str:
            money = format_money(v["amount"], currency, self.lang)
            return f"{what(v)}: {money}" + (f" — {_short(v['note'], SHOWN_TEXT)}" if v.get("note") else "")

        field = _("budget line")
        if f.op == ADDED:
            return [Piece(_("{field} added: {value}").format(field=field, value=show(f.new)))]
        if f.op == REMOVED:
            return [Piece(_("{field} removed (was {value})").format(field=field, value=show(f.old)))]
        old, new = f.old, f.new
        if what(old) != what(new):
            return [Piece(_("{field} changed from {old} to {new}").format(field=field, old=show(old), new=show(new)))]
        name = _("budget line {line}").format(line=what(new))
        pieces: list[Piece] = []
        if old["amount"] != new["amount"]:
            pieces.append(Piece(_("{field} changed from {old} to {new}").format(
                field=name, old=format_money(old["amount"], currency, self.lang),
                new=format_money(new["amount"], currency, self.lang))))
        if not same(old["note"], new["note"]):
            if pieces:
                pieces.append(Piece("; "))
            pieces += [Piece(_("note of the {field}").format(field=name) + ": "), *word_diff(old["note"], new["note"])]
        return pieces

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
        if not same(old_note, new_note):
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
            if sid == "network":
                out += self.network(changes)
                continue
            for op in (CHANGED, ADDED, REMOVED):
                for rec in (c for c in changes if c.op == op):
                    out += self.record(rec)
        return out

    NETWORK_LISTED = 5
    """A wave with more tie changes than this is said in counts: a survey round adds dozens of ties."""

    def network(self, changes: list[RecordChange]) -> list[list[Piece]]:
        """The network's changes wave by wave: the survey rounds themselves, then each wave's ties, one a
        line when few, else counted."""
        out: list[list[Piece]] = []
        ties = [c for c in changes if c.id is not None and c.id.startswith(ID_PREFIX["tie"] + "-")]
        for rec in (c for c in changes if c not in ties):
            out += self.record(rec)
        for wave in sorted({c.code or "" for c in ties}):
            in_wave = [c for c in ties if (c.code or "") == wave]
            if len(in_wave) <= self.NETWORK_LISTED:
                for op in (CHANGED, ADDED, REMOVED):
                    for rec in (c for c in in_wave if c.op == op):
                        out += self.record(rec)
                continue
            counts = {op: sum(1 for c in in_wave if c.op == op) for op in (ADDED, REMOVED, CHANGED)}
            out.append([Piece("  ~ ", CHANGED), Piece(_("ties of {wave}: {counts}").format(
                wave=wave, counts=self.counts(counts)))])
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
