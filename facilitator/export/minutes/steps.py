"""The minutes' contributions step by step: notes by group or category (duplicates under the note they
were merged into), table rows or cards, vote rankings, prioritisation matrices and adopted statements.

Figures come from the workshop engine (`facilitator.engine`), so the minutes show the same quadrants and
weighted scores as the session runner.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from facilitator.engine.kinds import step_label
from facilitator.engine.voting import tally
from facilitator.export.formatting import Fmt, text
from facilitator.export.minutes.labels import (
    COLUMNS,
    CONSENSUS,
    CRITERIA,
    QUADRANTS,
    kit_label,
)
from facilitator.i18n import _, ngettext
from facilitator.labels import CATEGORIES
from facilitator.model import Contribution, Draft, Kit, KitStep, Session

TABLE_MAX_COLUMNS = 7
"""Table steps with more columns than this print each row as a card (a portrait page has no room)."""


def _author(c: Contribution | None, names: Mapping[str, Any]) -> str:
    if c is None or c.author is None:
        return ""
    who = names.get(c.author)
    return text(who.name) if who is not None else text(c.author)


def _value(value: object, f: Fmt) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return f.num(value)
    return text(value)


def _criteria_of(step: KitStep | None) -> list[str]:
    return list(step.criteria) if step is not None and step.criteria else ["impact", "feasibility"]


def _criterion(c: Contribution, criterion: str) -> int | None:
    if criterion in c.scores:
        return c.scores[criterion]
    if criterion in ("impact", "feasibility"):
        return getattr(c, criterion)
    return None


def _scores_meta(c: Contribution, kit: Kit | None, f: Fmt) -> list[str]:
    """Impact, feasibility and quadrant; criteria scores with their weighted mean (where the kit says)."""
    from facilitator.engine.matrix import quadrant, weighted_score

    meta = []
    if c.impact is not None or c.feasibility is not None:
        part = _("impact {i}, feasibility {f}").format(i=c.impact if c.impact is not None else "\u2013",
                                                      f=c.feasibility if c.feasibility is not None else "\u2013")
        q = quadrant(c)
        meta.append(part + (f" ({_(QUADRANTS[str(q)])})" if q is not None else ""))
    extra = {k: v for k, v in c.scores.items() if k not in ("impact", "feasibility")}
    if extra:
        scored = ", ".join(f"{kit_label(CRITERIA, k)} {v}" for k, v in extra.items())
        matrix = next((s for s in (kit.steps if kit else []) if s.kind == "matrix" and c.step in s.inputs()
                       and set(extra) <= set(s.criteria)), None)
        mean = weighted_score(c, matrix) if matrix is not None else None
        if mean is not None:
            scored += " \u2192 " + _("weighted {score}").format(score=f.num(mean))
        meta.append(scored)
    return meta


def _note(c: Contribution, names: Mapping[str, Any], kit: Kit | None, f: Fmt, merged: list[Contribution],
          show_category: bool, groups: Mapping[str, str]) -> dict[str, Any]:
    meta = []
    if show_category and c.category:
        meta.append(kit_label(CATEGORIES, c.category))
    elif not show_category and c.group in groups:
        meta.append(_("group: {label}").format(label=groups[c.group or ""]))
    if c.votes:
        meta.append(ngettext("{n} vote", "{n} votes", c.votes).format(n=c.votes))
    if c.merged_into is not None:
        meta.append(_("merged as a duplicate"))
    meta += _scores_meta(c, kit, f)
    return {
        "text": text(c.text),
        "meta": " \u00b7 ".join(meta),
        "author": _author(c, names),
        "merged": [{"text": text(m.text), "author": _author(m, names)} for m in merged],
    }


def _blocks(notes: list[Contribution], session: Session, step: KitStep | None, names: Mapping[str, Any],
            kit: Kit | None, f: Fmt) -> list[dict[str, Any]]:
    """The notes of one step by affinity group (when grouped), else by category, else in capture order.
    A duplicate merged into another note of the step is printed under the note it was merged into."""
    by_id = {c.id: c for c in notes}

    def kept(c: Contribution) -> str | None:
        """The note of this step that ``c`` was (perhaps through another duplicate) merged into."""
        target, hops = c.merged_into, 0
        while target in by_id and by_id[target].merged_into is not None and hops < len(notes):
            target, hops = by_id[target].merged_into, hops + 1
        return target if target in by_id and by_id[target].merged_into is None else None

    merged: dict[str, list[Contribution]] = {}
    shown = []
    for c in notes:
        target = kept(c) if c.merged_into is not None else None
        if target is not None:
            merged.setdefault(target, []).append(c)
        else:
            shown.append(c)
    group_labels = {g.id: text(g.label) for g in session.groups}

    def note(c: Contribution, show_category: bool) -> dict[str, Any]:
        return _note(c, names, kit, f, merged.get(c.id, []), show_category, group_labels)

    blocks: list[dict[str, Any]] = []
    if any(c.group in group_labels for c in shown):
        for g in session.groups:
            members = [c for c in shown if c.group == g.id]
            if members:
                blocks.append({"heading": group_labels[g.id], "notes": [note(c, True) for c in members]})
        rest = [c for c in shown if c.group not in group_labels]
        if rest:
            blocks.append({"heading": _("Not grouped"), "notes": [note(c, True) for c in rest]})
        return blocks
    if any(c.category for c in shown):
        categories = list(step.categories) if step is not None else []
        categories += [c.category for c in shown if c.category and c.category not in categories]
        for cat in categories:
            members = [c for c in shown if c.category == cat]
            if members:
                blocks.append({"heading": kit_label(CATEGORIES, cat), "notes": [note(c, False) for c in members]})
        rest = [c for c in shown if not c.category]
        if rest:
            blocks.append({"heading": _("No category"), "notes": [note(c, False) for c in rest]})
        return blocks
    return [{"heading": "", "notes": [note(c, False) for c in shown]}]


def _table(rows: list[Contribution], step: KitStep | None, names: Mapping[str, Any], f: Fmt) -> dict[str, Any]:
    """Table rows (benchmarks, indicator sheets, project cards): the kit's columns that hold a value, then
    any column the kit does not name; the note's own text where it says more than its fields."""
    columns = [c for c in (step.columns if step is not None else []) if any(c in r.fields for r in rows)]
    for r in rows:
        columns += [k for k in r.fields if k not in columns]
    with_text = any(text(r.text) not in {_value(v, f) for v in r.fields.values()} for r in rows)
    out_rows = []
    for r in rows:
        cells = [_value(r.fields[c], f) if c in r.fields else "" for c in columns]
        out_rows.append({
            "text": text(r.text),
            "cells": cells,
            # a card's heading is its text: a field that only repeats it is left out
            "pairs": [{"label": kit_label(COLUMNS, c), "value": v} for c, v in zip(columns, cells)
                      if v and v != text(r.text)],
            "meta": " \u00b7 ".join(filter(None, [
                ngettext("{n} vote", "{n} votes", r.votes).format(n=r.votes) if r.votes else "",
                _author(r, names)])),
        })
    return {
        "columns": [kit_label(COLUMNS, c) for c in columns],
        "numeric": [all(isinstance(r.fields.get(c), (int, float)) or c not in r.fields for r in rows)
                    for c in columns],
        "rows": out_rows,
        "with_text": with_text,
        "cards": len(columns) + (1 if with_text else 0) > TABLE_MAX_COLUMNS,
    }


def _ranking(session: Session, step: KitStep, present: int, titles: Mapping[str, str]) -> dict[str, Any]:
    """The result of a vote step: its options with votes, most first (competition ranks), and the budget."""
    inputs = step.inputs()
    items: list[tuple[int, str, str]] = []
    for o in tally(session, inputs):  # a vote taken on groups: each group with its notes, then lone notes
        if o.group is not None:
            items.append((o.votes, text(o.text + ": " + "; ".join(c.text for c in o.notes)),
                          titles.get(o.group.step, text(o.group.step))))
        else:
            items.append((o.votes, text(o.text), titles.get(o.notes[0].step, text(o.notes[0].step))))
    for d in session.drafts:
        if d.step in inputs:
            items.append((d.votes, text(d.text), titles.get(d.step, text(d.step))))
    cast = sum(v for v, _t, _s in items)
    voted = sorted((i for i in items if i[0] > 0), key=lambda i: -i[0])
    rows, previous, rank = [], None, 0
    for position, (votes, label_, origin) in enumerate(voted, start=1):
        if votes != previous:
            rank, previous = position, votes
        rows.append({"rank": str(rank), "text": label_, "votes": str(votes), "from": origin})
    summary = ngettext("{n} dot cast on {options} options.", "{n} dots cast on {options} options.", cast).format(
        n=cast, options=len(items))
    if step.dots_per_person:
        summary += " " + _("Budget: {dots} per person \u00d7 {people} present = {total}.").format(
            dots=step.dots_per_person, people=present, total=step.dots_per_person * present)
    if step.max_per_item:
        summary += " " + _("At most {n} per option and person.").format(n=step.max_per_item)
    return {"rows": rows, "summary": summary, "several_sources": len(inputs) > 1}


def _matrix(session: Session, step: KitStep, f: Fmt) -> dict[str, Any]:
    """A prioritisation step: impact x feasibility quadrants, or criteria scores with their weighted mean."""
    from facilitator.engine.matrix import quadrant, weighted_score

    criteria = _criteria_of(step)
    notes = [c for c in session.contributions if c.step in step.inputs() and c.merged_into is None
             and any(_criterion(c, k) is not None for k in criteria)]
    weighted = not set(criteria) <= {"impact", "feasibility"}
    keyed: list[tuple[tuple[float, float, float], dict[str, Any]]] = []
    for c in notes:
        q = quadrant(c) if not weighted else None
        score = weighted_score(c, step) if weighted else None
        # weighted: best score first; quadrants: quick wins first, then by impact and feasibility
        key = (-(score or 0.0), 0.0, 0.0) if weighted else (
            float(list(QUADRANTS).index(str(q)) if q is not None else 9), -float(c.impact or 0),
            -float(c.feasibility or 0))
        keyed.append((key, {
            "text": text(c.text),
            "scores": [str(v) if (v := _criterion(c, k)) is not None else "\u2013" for k in criteria],
            "result": f.num(score) if score is not None else (_(QUADRANTS[str(q)]) if q is not None else "\u2013"),
        }))
    rows = [row for _key, row in sorted(keyed, key=lambda pair: pair[0])]
    headers = []
    for k in criteria:
        head = kit_label(CRITERIA, k)
        if weighted and step.weights:
            head += f" (\u00d7{f.num(step.weights.get(k, 1.0))})"
        headers.append(head)
    return {"criteria": headers, "rows": rows,
            "result": _("Weighted score") if weighted else _("Quadrant"), "weighted": weighted}


def _draft(d: Draft) -> dict[str, Any]:
    return {
        "text": text(d.text), "votes": str(d.votes), "adopted": d.adopted,
        "consensus": (_("consensus {level} of 5 ({meaning})").format(level=d.consensus,
                                                                      meaning=_(CONSENSUS[d.consensus]))
                      if d.consensus is not None else ""),
        "dissent": text(d.dissent),
    }


def session_steps(session: Session, kit: Kit | None, f: Fmt, names: Mapping[str, Any],
           titles: dict[str, str]) -> list[dict[str, Any]]:
    order = [s.id for s in kit.steps] if kit is not None else []
    for sid in ([r.id for r in session.steps] + [c.step for c in session.contributions]
                + [d.step for d in session.drafts] + [g.step for g in session.groups]):
        if sid not in order:
            order.append(sid)
    present = sum(1 for a in session.attendance if a.present)
    sections = []
    for sid in order:
        step = kit.step(sid) if kit is not None else None
        notes = [c for c in session.contributions if c.step == sid]
        rows = [c for c in notes if c.fields]
        plain = [c for c in notes if not c.fields]
        drafts = [_draft(d) for d in session.drafts if d.step == sid]
        groups = [{"label": text(g.label),
                   "count": str(sum(1 for c in session.contributions if c.group == g.id and c.merged_into is None))}
                  for g in session.groups if g.step == sid]
        ranking = _ranking(session, step, present, titles) if step is not None and step.kind == "vote" else None
        matrix = _matrix(session, step, f) if step is not None and step.kind == "matrix" else None
        if ranking is not None and not ranking["rows"]:
            ranking = None
        if matrix is not None and not matrix["rows"]:
            matrix = None
        if not (notes or drafts or groups or ranking or matrix):
            continue
        active = [c for c in notes if c.merged_into is None]
        count = ngettext("{n} contribution", "{n} contributions", len(active)).format(n=len(active))
        if len(notes) > len(active):
            count += " " + _("({n} merged as duplicates)").format(n=len(notes) - len(active))
        sections.append({
            "id": text(sid),
            "title": titles.get(sid, text(sid)),
            "kind": step_label(step.kind) if step is not None else _("Step not in the workshop kit"),
            "count": count if notes else "",
            "blocks": _blocks(plain, session, step, names, kit, f) if plain else [],
            "table": _table(rows, step, names, f) if rows else None,
            "drafts": drafts,
            "groups": groups,
            "ranking": ranking,
            "matrix": matrix,
        })
    return sections
