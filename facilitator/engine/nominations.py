"""The network step: each participant ticks, from the plan's roster, whom it worked with in the last 12 months,
by kind of tie; the ticks become ties of the plan's network when the session closes.

A tick is a `Nomination` in the session file (written at once, like every note: nothing typed is lost if the
laptop dies). On close, `ties` turns the ticks of every network step of the kit into `Tie` records of the
session's wave, named by its month (`2026-12`), with the respondent as `actor` and `named_by` (so the
measures can report reciprocity), through the consolidation (`engine.consolidate.preview` and `apply`):
the room sees them in the close preview with the rest, and the plan's revision records them. A tie the
plan already holds (same wave, ends, kind and respondent) is not added twice, so closing again after a
failure adds nothing.

The kinds a step asks about are its kit `categories` (default: `model.TIE_KINDS`).
"""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.engine.capture import EngineError
from facilitator.engine.clock import now
from facilitator.i18n import _
from facilitator.model import TIE_KINDS, Kit, KitStep, Nomination, Plan, Session, Stakeholder, Tie, new_id


def wave_of(session: Session) -> str:
    """The wave a session's ticks belong to: the month of its date (``2026-12``)."""
    return f"{session.date.year:04d}-{session.date.month:02d}"


def kinds_of(step: KitStep) -> list[str]:
    """The kinds of tie a network step asks about, in the kit's order."""
    return list(step.categories) or list(TIE_KINDS)


def respondents(session: Session, plan: Plan) -> list[Stakeholder]:
    """Who can answer: the people present, in the plan's order of stakeholders."""
    here = set(session.present())
    return [s for s in plan.stakeholders if s.id in here]


def ticked(session: Session, step: str, respondent: str, kind: str) -> set[str]:
    """The partners ``respondent`` ticked for ``kind`` at ``step``."""
    return {n.partner for n in session.nominations
            if n.step == step and n.respondent == respondent and n.kind == kind}


def counts(session: Session, step: str) -> dict[str, int]:
    """Ticks per respondent at ``step`` (every kind)."""
    out: dict[str, int] = {}
    for n in session.nominations:
        if n.step == step:
            out[n.respondent] = out.get(n.respondent, 0) + 1
    return out


def toggle(session: Session, plan: Plan, step: KitStep, respondent: str, partner: str, kind: str) -> bool:
    """Tick ``partner`` for ``respondent`` (or untick it when it was ticked); True when it is ticked now.
    EngineError for someone naming itself, an actor not in the plan or a kind the step does not ask."""
    known = {s.id for s in plan.stakeholders}
    if respondent not in known or partner not in known:
        raise EngineError(_("this actor is not in the plan's list of stakeholders"))
    if respondent == partner:
        raise EngineError(_("a participant cannot name itself"))
    if kind not in kinds_of(step):
        raise EngineError(_("this step does not ask about ties of kind {kind}").format(kind=kind))
    rows = list(session.nominations)
    found = next((i for i, n in enumerate(rows) if n.step == step.id and n.respondent == respondent
                  and n.partner == partner and n.kind == kind), None)
    if found is not None:
        del rows[found]
        session.nominations = rows
        return False
    rows.append(Nomination(id=new_id("nom"), step=step.id, respondent=respondent, partner=partner, kind=kind,
                           created=now()))
    session.nominations = rows
    return True


def ties(session: Session, kit: Kit, plan: Plan) -> list[Tie]:
    """The ties closing ``session`` adds to the plan: one per tick of the kit's network steps (a tick given
    at two steps counts once), in the order they were ticked, except those the plan already holds."""
    steps = {s.id for s in kit.steps if s.kind == "network"}
    wave = wave_of(session)
    known = {s.id for s in plan.stakeholders}
    held = {(t.wave, t.actor, t.partner, t.kind, t.named_by) for t in plan.network.ties}
    out: list[Tie] = []
    for n in session.nominations:
        key = (wave, n.respondent, n.partner, n.kind, n.respondent)
        if n.step not in steps or key in held or n.respondent not in known or n.partner not in known:
            continue
        held.add(key)
        out.append(Tie(id=new_id("tie"), wave=wave, actor=n.respondent, partner=n.partner, kind=n.kind,
                       named_by=n.respondent))
    return out


def tie_lines(found: Sequence[Tie], plan: Plan) -> list[str]:
    """The ties as the close preview lists them: ``Ana → Beto · business and supply``."""
    from facilitator.network import kind_label

    names = {s.id: s.name for s in plan.stakeholders}
    return [f"{names.get(t.actor, t.actor)} \u2192 {names.get(t.partner, t.partner)} \u00b7 {kind_label(t.kind)}"
            for t in found]
