"""The minutes of one workshop session as a PDF: `export_minutes` and the context its template prints.

Same safe path as the plan PDF (see `facilitator.export`): the plan folder is opened read-only, the session
and its plan are refused if `check` finds errors in them, the context is plain localized data, Jinja2 runs
with autoescape, WeasyPrint reads only the templates, the PDF is tagged, the session file is attached as
``session.toml`` and the result is written atomically. Participant text is passed on as typed (control
characters made visible) and only ever reaches element content.

Figures come from the workshop engine (`facilitator.engine`), so the minutes show the same agenda times,
representativeness, quadrants and weighted scores as the session runner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from facilitator.engine.kinds import step_label
from facilitator.export.context import Fmt, _page_label, text
from facilitator.i18n import BABEL_LOCALES, N_, _, ngettext
from facilitator.labels import DIAMOND, SESSION_STATUSES, STAKEHOLDER_KINDS, label
from facilitator.model import Contribution, Draft, Kit, KitStep, Plan, Session

Progress = Callable[[str], None]

TEMPLATE = "minutes.html"
PAGE_CSS_TEMPLATE = "minutes-page.css.j2"
STYLESHEET = "minutes.css"
ATTACHMENT = "session.toml"
TABLE_MAX_COLUMNS = 7
"""Table steps with more columns than this print each row as a card (a portrait page has no room)."""

# --- fixed labels (translated where they are shown) -----------------------------------------------------

CATEGORIES = {
    # SWOT and problem tree (finding kinds)
    "strength": N_("Strength"), "weakness": N_("Weakness"), "opportunity": N_("Opportunity"),
    "threat": N_("Threat"), "problem": N_("Core problem"), "cause": N_("Cause"), "effect": N_("Effect"),
    **DIAMOND,
    # TOWS
    "so": N_("SO: use strengths to seize opportunities"), "st": N_("ST: use strengths to face threats"),
    "wo": N_("WO: use opportunities to fix weaknesses"), "wt": N_("WT: keep weaknesses and threats apart"),
    # the six areas of cluster-organisation benchmarking
    "structure": N_("Structure"), "governance": N_("Management and governance"), "financing": N_("Financing"),
    "services": N_("Services"), "interaction": N_("Interaction within the cluster"),
    "achievements": N_("Achievements and recognition"),
    # indicator levels, objective tree
    "impact": N_("Impact"), "outcome": N_("Outcome"), "output": N_("Output"),
    "objective": N_("Objective"), "means": N_("Means"), "end": N_("End"),
    # vision, mission, values
    "visitors": N_("Clients and visitors"), "offer": N_("Offer"), "people": N_("People"),
    "territory": N_("Territory"), "who-we-are": N_("Who we are"), "for-whom": N_("For whom"),
    "what-we-do": N_("What we do together"), "among-us": N_("Among us"),
    "with-visitors": N_("With clients and visitors"), "with-the-territory": N_("With the territory"),
    # action plan, governance, review
    "quick-win": N_("Quick win"), "structural": N_("Structural"),
    "executing_agency": N_("Executing agency"), "council": N_("Strategic council"),
    "cluster_body": N_("Cluster governance body"), "meeting_cadence": N_("Meeting cadence"),
    "description": N_("Description"),
    "keep": N_("Keep"), "stop": N_("Stop"), "change": N_("Change"),
}
COLUMNS = {
    "metric": N_("Metric"), "unit": N_("Unit"), "value": N_("Value"), "reference": N_("Reference"),
    "reference_value": N_("Reference value"), "year": N_("Year"), "source": N_("Source"), "code": N_("Code"),
    "line": N_("Line"), "title": N_("Title"), "measure": N_("Measure"), "baseline": N_("Baseline"),
    "baseline_year": N_("Baseline year"), "target": N_("Target"), "target_year": N_("Target year"),
    "owner": N_("Owner"), "findings": N_("Findings"), "objective": N_("Objective"), "name": N_("Name"),
    "definition": N_("Definition"), "level": N_("Level"), "direction": N_("Direction"),
    "frequency": N_("Frequency"), "responsible": N_("Responsible"), "kind": N_("Kind"), "lead": N_("Lead"),
    "partners": N_("Partners"), "start": N_("Start"), "end": N_("End"), "program": N_("Program"),
    "public": N_("Public counterpart"), "private": N_("Private counterpart"), "priority": N_("Priority"),
    "field": N_("Field"), "indicator": N_("Indicator"), "date": N_("Date"), "note": N_("Note"),
    "action": N_("Action"), "status": N_("Status"), "progress": N_("Progress (%)"),
}
CRITERIA = {
    "impact": N_("Impact"), "feasibility": N_("Feasibility"), "collective_benefit": N_("Collective benefit"),
    "sustainability": N_("Sustainability"), "co_financing": N_("Co-financing"),
}
QUADRANTS = {
    "quick_win": N_("quick win"), "major_project": N_("major project"), "fill_in": N_("fill-in"),
    "time_sink": N_("time sink"),
}
CONSENSUS = {5: N_("full support"), 4: N_("agree"), 3: N_("can live with it"), 2: N_("serious reservations"),
             1: N_("block")}
PERSON_KINDS = {
    "firm": N_("firm"), "association": N_("association"), "university": N_("university"),
    "research": N_("research centre"), "government": N_("government"), "finance": N_("finance"), "ngo": N_("NGO"),
    "other": N_("other"),
}
"""The kind of one stakeholder, in the list of participants (the counts use the plural STAKEHOLDER_KINDS)."""
SIZES = {"micro": N_("Micro"), "small": N_("Small"), "medium": N_("Medium"), "large": N_("Large"),
         "unknown": N_("Size not recorded")}
GENDERS = {"f": N_("Women"), "m": N_("Men"), "x": N_("Another gender identity"), "unknown": N_("Not recorded")}


def _label(table: Mapping[str, str], key: str) -> str:
    """The translated label of a kit slug; a slug no table knows is shown readably (``co-design`` → Co design)."""
    for candidate in (key, key.replace("-", "_"), key.replace("_", "-")):
        if candidate in table:
            return _(table[candidate])
    return text(key.replace("_", " ").replace("-", " ")).capitalize()


# --- the context ----------------------------------------------------------------------------------------------

def minutes_context(plan: Plan, session: Session, kit: Kit | None, lang: str, *,
                    earlier: list[Session] | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the minutes template prints, as plain data localized for ``lang``.

    Call with the gettext language already set to ``lang``. ``earlier`` are the plan's other sessions (to
    say where a carried-over item came from).
    """
    from facilitator import __version__

    f = Fmt(lang)
    today = today or dt.date.today()
    names = {s.id: s for s in plan.stakeholders}
    workshop = text(kit.title.get(lang)) if kit is not None else text(session.workshop)
    step_titles = _step_titles(kit, lang)
    return {
        "lang": lang,
        "title": _("Minutes") + " \u2014 " + text(session.title),
        "generator": f"Cluster Facilitator {__version__}",
        "footer": _page_label(),
        "head": {
            "kind": _("Minutes of a workshop session"),
            "cluster": text(plan.cluster.name),
            "title": text(session.title),
            "running": workshop + " \u00b7 " + f.date(session.date),
            "purpose": text(kit.purpose.get(lang)) if kit is not None else "",
            "written": _("Minutes written on {date} with {tool}.").format(
                date=f.date(today), tool=f"Cluster Facilitator {__version__}"),
        },
        "facts": _facts(session, workshop, f),
        "attendance": _attendance(session, plan, f),
        "agenda": _agenda(session, kit, f, step_titles),
        "steps": _steps(session, kit, f, names, step_titles),
        "items": _items(session, f, step_titles, earlier or []),
    }


def _step_titles(kit: Kit | None, lang: str) -> dict[str, str]:
    titles: dict[str, str] = {}
    if kit is not None:
        for step in kit.steps:
            titles[step.id] = text(step.title.get(lang)) if step.title is not None else text(step.id)
    return titles


def _time(value: dt.datetime | None, lang: str) -> str:
    if value is None:
        return ""
    from babel.dates import format_time

    # The wall-clock time in the room (the offset it was recorded with), not converted to UTC.
    return format_time(value.time(), format="short", locale=BABEL_LOCALES.get(lang, "en"))


def _facts(session: Session, workshop: str, f: Fmt) -> list[dict[str, str]]:
    starts = [r.started for r in session.steps if r.started is not None]
    ends = [r.ended for r in session.steps if r.ended is not None]
    facts = [{"label": _("Workshop"), "value": workshop}, {"label": _("Date"), "value": f.date(session.date)}]
    if starts:
        try:
            first, last = min(starts), max(ends) if ends else None
        except TypeError:  # naive and aware times mixed by a hand edit: show the recorded order
            first, last = starts[0], ends[-1] if ends else None
        span = _time(first, f.lang) + (" \u2013 " + _time(last, f.lang) if last else "")
        facts.append({"label": _("Time"), "value": span})
    if session.venue:
        facts.append({"label": _("Venue"), "value": text(session.venue)})
    if session.facilitator:
        facts.append({"label": _("Facilitator"), "value": text(session.facilitator)})
    facts.append({"label": _("Status"), "value": label(SESSION_STATUSES, session.status)})
    return facts


# --- attendance and representativeness -------------------------------------------------------------------------

def _attendance(session: Session, plan: Plan, f: Fmt) -> dict[str, Any]:
    from facilitator.engine.attendance import representativeness

    present = representativeness(session, plan)
    everyone = session.model_copy(update={"attendance": [a.model_copy(update={"present": True})
                                                         for a in session.attendance]})
    invited = representativeness(everyone, plan)

    def rows(table: Mapping[str, str], here: Mapping[str, int], asked: Mapping[str, int]) -> list[dict[str, str]]:
        return [{"label": _(table[k]), "present": str(here.get(k, 0)), "invited": str(asked.get(k, 0))}
                for k in table if asked.get(k, 0)]

    people: list[dict[str, Any]] = []
    for row in sorted(session.attendance, key=lambda a: (not a.present, _name(plan, a.stakeholder).casefold())):
        who = plan.stakeholder(row.stakeholder)
        people.append({
            "name": _name(plan, row.stakeholder),
            "organization": text(who.organization) if who else "",
            "kind": label(PERSON_KINDS, who.kind) if who else "",
            "present": row.present,
        })
    share = f.percent(present.present / invited.invited) if invited.invited else ""
    firms = present.by_kind.get("firm", 0)
    return {
        "present": str(present.present),
        "invited": str(invited.invited),
        "summary": _("{present} of {invited} invited people took part ({share}).").format(
            present=present.present, invited=invited.invited, share=share) if invited.invited else "",
        "private": _("People from firms: {n} of {present} present ({share}).").format(
            n=firms, present=present.present, share=f.percent(firms / present.present)) if present.present else "",
        "by_kind": rows(STAKEHOLDER_KINDS, present.by_kind, invited.by_kind),
        "by_size": rows(SIZES, present.by_size, invited.by_size),
        "by_gender": rows(GENDERS, present.by_gender, invited.by_gender),
        "people": people,
    }


def _name(plan: Plan, stakeholder_id: str) -> str:
    who = plan.stakeholder(stakeholder_id)
    return text(who.name) if who is not None else text(stakeholder_id)


# --- agenda: planned and actual ----------------------------------------------------------------------------------

def _agenda(session: Session, kit: Kit | None, f: Fmt, titles: dict[str, str]) -> dict[str, Any]:
    from facilitator.engine.agenda import agenda

    rows: list[dict[str, Any]] = []
    planned_total = actual_total = over_total = 0
    actual_known = False

    def add(title: str, kind: str, planned: int, planned_start: dt.datetime | None, started: dt.datetime | None,
            ended: dt.datetime | None, in_kit: bool) -> None:
        nonlocal planned_total, actual_total, over_total, actual_known
        actual = None
        if started is not None and ended is not None:
            try:
                actual = max(0, round((ended - started).total_seconds() / 60))
            except TypeError:
                actual = None
        over = actual - planned if actual is not None and planned and actual > planned else 0
        planned_total += planned
        if actual is not None:
            actual_total += actual
            actual_known = True
        over_total += over
        rows.append({
            "n": str(len(rows) + 1), "title": title, "kind": kind, "planned": str(planned) if planned else "",
            "planned_start": _time(planned_start, f.lang),
            "actual_span": (_time(started, f.lang) + " \u2013 " + _time(ended, f.lang)) if started and ended
            else _time(started, f.lang),
            "actual": str(actual) if actual is not None else "",
            "over": f"+{over}" if over else "",
            "held": started is not None,
            "in_kit": in_kit,
        })

    known: set[str] = set()
    if kit is not None:
        for row in agenda(session, kit):
            known.add(row.step.id)
            add(titles.get(row.step.id, text(row.step.id)), step_label(row.step.kind), row.planned_minutes,
                row.planned_start, row.started, row.ended, True)
    for record in session.steps:
        if record.id not in known:
            add(text(record.id), "", record.planned_minutes, None, record.started, record.ended, False)
    return {
        "rows": rows,
        "planned_total": str(planned_total) if planned_total else "",
        "actual_total": str(actual_total) if actual_known else "",
        "over_total": f"+{over_total}" if over_total else "",
        "overruns": sum(1 for r in rows if r["over"]),
    }


# --- contributions, step by step ---------------------------------------------------------------------------------

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
        scored = ", ".join(f"{_label(CRITERIA, k)} {v}" for k, v in extra.items())
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
        meta.append(_label(CATEGORIES, c.category))
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
                blocks.append({"heading": _label(CATEGORIES, cat), "notes": [note(c, False) for c in members]})
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
            "pairs": [{"label": _label(COLUMNS, c), "value": v} for c, v in zip(columns, cells)
                      if v and v != text(r.text)],
            "meta": " \u00b7 ".join(filter(None, [
                ngettext("{n} vote", "{n} votes", r.votes).format(n=r.votes) if r.votes else "",
                _author(r, names)])),
        })
    return {
        "columns": [_label(COLUMNS, c) for c in columns],
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
    for c in session.contributions:
        if c.step in inputs and c.merged_into is None:
            items.append((c.votes, text(c.text), titles.get(c.step, text(c.step))))
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
        head = _label(CRITERIA, k)
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


def _steps(session: Session, kit: Kit | None, f: Fmt, names: Mapping[str, Any],
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


# --- decisions, action items, parking lot --------------------------------------------------------------------------

def _items(session: Session, f: Fmt, titles: Mapping[str, str], earlier: list[Session]) -> dict[str, Any]:
    origin = {d.id: s for s in earlier for d in s.decisions}
    out: dict[str, list[dict[str, Any]]] = {"decision": [], "action_item": [], "parking_lot": []}
    for d in session.decisions:
        came = origin.get(d.carried_from or "")
        out[str(d.kind)].append({
            "text": text(d.text),
            "step": titles.get(d.step or "", text(d.step or "")),
            "consensus": (f"{d.consensus} \u2013 {_(CONSENSUS[d.consensus])}" if d.consensus is not None else ""),
            "owner": text(d.owner),
            "due": f.date(d.due, "medium") if d.due else "",
            "resolved": d.resolved,
            "carried": (_("carried over from the session of {date}").format(date=f.date(came.date))
                        if came is not None else _("carried over from an earlier session") if d.carried_from
                        else ""),
        })
    return {"decisions": out["decision"], "actions": out["action_item"], "parking": out["parking_lot"]}


# --- the export ----------------------------------------------------------------------------------------------------

def default_minutes_output(folder: Path, session_file: Path, lang: str) -> Path:
    """``<plan>/exports/minutes-<session file stem>-<lang>.pdf``."""
    from facilitator import paths

    return folder / paths.EXPORTS_DIR / f"minutes-{Path(session_file).stem}-{lang}.pdf"


def export_minutes(session_file: str | Path, output: str | Path | None = None, lang: str | None = None,
                   progress: Progress | None = None, today: dt.date | None = None) -> Path:
    """Write the minutes of ``session_file`` (``<plan>/sessions/X.toml``) as a PDF and return its path.

    ``output`` defaults to `default_minutes_output`; an existing folder receives the default name.
    ``lang`` defaults to the plan's language. Raises PlanError (nothing written) when the session or its
    plan has errors, the file is not in a plan's sessions/ folder, the language is unknown or the output
    cannot be written.
    """
    from facilitator import i18n, paths
    from facilitator.checks import check_store
    from facilitator.kits import load_kits
    from facilitator.model import LANGUAGES
    from facilitator.problems import Level, PlanError, Problem
    from facilitator.store import PlanStore

    say = progress or (lambda _msg: None)
    given = Path(session_file).expanduser()
    path = given.resolve()
    if not path.is_file():
        raise PlanError(Problem("no-session", Level.error, str(given), _(
            "no such session file; give the path of a file in a plan's sessions/ folder")))
    folder = path.parent.parent
    if path.parent.name != paths.SESSIONS_DIR or not (folder / paths.PLAN_FILE).is_file():
        raise PlanError(Problem("not-in-plan", Level.error, str(given), _(
            "this file is not in the sessions/ folder of a plan folder (PLAN/sessions/FILE.toml); "
            "minutes need the plan for names and the workshop kit")))
    if lang is not None and lang not in LANGUAGES:
        raise PlanError(Problem("bad-language", Level.error, "", _(
            "unknown document language {lang}; use one of {langs}").format(lang=lang, langs=", ".join(LANGUAGES))))
    rel = f"{paths.SESSIONS_DIR}/{path.name}"

    say(_("checking the session and its plan"))
    store = PlanStore.open(folder, read_only=True)
    try:
        problems = check_store(store)
        errors = [p for p in problems if p.level == Level.error and p.file in (paths.PLAN_FILE, rel)]
        if errors:
            raise PlanError(errors + [Problem("export-refused", Level.error, rel, _(
                "the session or its plan has errors, so no minutes were written; run `facilitator check {folder}` "
                "and fix them").format(folder=store.folder))])
        summaries = store.session_summaries()
        session = next((s.session for s in summaries if s.path.resolve() == path), None)
        if session is None:  # not reachable after a clean check, but never print a traceback for it
            raise PlanError(Problem("no-session", Level.error, rel, _("this session file could not be read")))
        earlier = [s.session for s in summaries if s.session is not None and s.session.id != session.id]
        plan = store.plan
        lang = lang or plan.language
        target = _target(store.folder, path, output, lang)
        kit = load_kits(store.folder).get(session.workshop)
        session_bytes = path.read_bytes()
    finally:
        store.close()

    from facilitator.export.html import environment
    from facilitator.export.pdf import write_pdf

    say(_("preparing the minutes"))
    with i18n.in_language(lang):
        context = minutes_context(plan, session, kit, lang, earlier=earlier, today=today)
        env = environment()
        html = env.get_template(TEMPLATE).render(**context)
        page_css = env.get_template(PAGE_CSS_TEMPLATE).render(**context) + "\n" + _stylesheet()
        description = _("Minutes of the workshop session {title}").format(title=text(session.title))
    authors = [a for a in (text(session.facilitator),) if a]
    return write_pdf(target, html, say, page_css=page_css, attachment=session_bytes, attachment_name=ATTACHMENT,
                     title=context["title"], authors=authors, description=description,
                     generator=context["generator"])


def _stylesheet() -> str:
    from facilitator.export.html import templates_dir

    return (templates_dir() / STYLESHEET).read_text(encoding="utf-8")


def _target(folder: Path, session_file: Path, output: str | Path | None, lang: str) -> Path:
    from facilitator.export import resolve_output

    return resolve_output(output, default_minutes_output(folder, session_file, lang))
