"""The findings of the joint diagnosis, grouped by kind (strengths, weaknesses, …), with votes and rank."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from facilitator.editing import KINDS as RECORD_KINDS
from facilitator.editing import RecordKind
from facilitator.i18n import N_, _, ngettext
from facilitator.screens.editable import EditableTable
from facilitator.screens.widgets import Column, Row, lines, right

KINDS: dict[str, str] = {
    "strength": N_("Strengths"), "weakness": N_("Weaknesses"), "opportunity": N_("Opportunities"),
    "threat": N_("Threats"), "problem": N_("Problems"), "cause": N_("Causes"), "effect": N_("Effects"),
}


class FindingsScreen(EditableTable):
    """Findings grouped by kind; within a kind, by rank then votes."""

    KIND = "finding"

    def new_record(self, row: Row | None) -> tuple[RecordKind, dict[str, Any], int] | None:
        """A new finding of the kind under the cursor (a heading row names its kind)."""
        kind = RECORD_KINDS["finding"]
        found = self.target(row)
        if found is not None:
            record = kind.records(self.state.plan)[found[1]]
            return kind, {"kind": record.kind}, found[1] + 1
        key = row.key or "" if row is not None else ""
        preset = {"kind": key.split(":", 1)[1]} if key.startswith("kind:") else {}
        return kind, preset, len(kind.records(self.state.plan))

    def action_move_record(self, delta: int) -> None:
        self.notify(_("Findings are listed by rank, then votes: change the rank to move one."), timeout=5)

    def columns(self) -> list[Column]:
        return [Column(_("Code"), 5), Column(_("Finding")), Column(_("Factor"), 10, fit=True),
                Column(_("Votes"), 5, "right"), Column(_("Rank"), 4, "right")]

    def summary(self) -> Text:
        findings = self.state.plan.findings
        parts = [ngettext("{n} finding", "{n} findings", len(findings)).format(n=len(findings))]
        for kind, label in KINDS.items():
            n = sum(1 for f in findings if f.kind == kind)
            if n:
                parts.append(f"{_(label).lower()} {n}")
        return Text(" · ".join(parts))

    def empty_text(self) -> str:
        return _("No findings yet: they come from the joint diagnosis workshop.")

    def rows(self) -> list[Row]:
        plan = self.state.plan
        cited: dict[str, list[str]] = {}
        for o in plan.objectives:
            for fid in o.findings:
                cited.setdefault(fid, []).append(o.code)
        out = []
        for kind, label in KINDS.items():
            group = [f for f in plan.findings if f.kind == kind]
            if not group:
                continue
            group.sort(key=lambda f: (f.rank is None, f.rank or 0, -f.votes, f.code))
            out.append(Row(["", f"{_(label)} ({len(group)})", "", "", ""], Text(_(label), style="bold"),
                           key=f"kind:{kind}", heading=True, label_only=True))
            for f in group:
                detail = lines(Text(f"{f.code} · {_(label)}", style="bold"), f.text,
                               (_("Diamond factor"), _(f.factor) if f.factor else ""),
                               (_("Votes"), f.votes), (_("Rank"), f.rank),
                               (_("Answered by objectives"), ", ".join(cited.get(f.id, []))),
                               (_("From sticky notes"), len(f.sources) or ""))
                out.append(Row([f.code, f.text, _(f.factor) if f.factor else "", right(f.votes),
                                right(f.rank if f.rank is not None else "")], detail, key=f.code, data=f))
        return out
