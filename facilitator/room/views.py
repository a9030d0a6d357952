"""What the phone page and the wall show of the room's step, as plain data for the templates, in the
plan's language (the callers build it inside `in_language`).

The wall is laid out the way paper would be: a SWOT as a 2×2 board, the diamond's areas in 3×2, affinity
groups as columns, a vote as bars, drafts side by side, anything else as a list. Each layout shows at most
as many cards as fit a 1920×1080 projector without scrolling; the rest is counted in a "+N more" line,
never dropped silently. Participant text stays plain text here: the templates escape it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from facilitator.engine import agenda, capture, matrix, nominations, statements, voting
from facilitator.engine.kinds import step_label
from facilitator.i18n import N_, _, format_number, ngettext
from facilitator.labels import CATEGORIES, CATEGORY_SHORT, FINDING_KINDS, label
from facilitator.model import Contribution, Kit, KitStep, Plan, Session

QUADRANTS = {
    matrix.Quadrant.major_project: N_("Major projects"), matrix.Quadrant.quick_win: N_("Quick wins"),
    matrix.Quadrant.time_sink: N_("Time sinks"), matrix.Quadrant.fill_in: N_("Fill-ins"),
}
"""The matrix laid out as drawn on the wall: impact up, feasibility to the right."""

CONSENT = {5: N_("full support"), 4: N_("agree"), 3: N_("can live with it"), 2: N_("serious reservations"),
           1: N_("block")}
"""The consent gradient's words, as the statement step of the runner says them."""
AXIS_NAMES = {"impact": N_("Impact"), "feasibility": N_("Feasibility")}

CARDS = {"list": 16, "board4": 5, "board6": 3, "columns": 7, "bars": 14, "drafts": 1}
"""The most cards one cell shows at 1920×1080 (a list has one cell, in two columns)."""
COLUMNS = 5
"""Affinity groups side by side; more are named in a last column with their counts."""
DRAFTS = 4


def notes_of(session: Session, steps: list[str] | str) -> list[Contribution]:
    """The notes the room shows: hidden ones and those waiting for approval are left out (still on disk)."""
    return [n for n in capture.notes_of(session, steps) if n.moderation is None]


@dataclass(frozen=True)
class Card:
    text: str
    value: float | None = None
    """A bar's length, against the wall's `top`."""
    badge: str = ""
    mine: int = 0
    """The dots this phone put on it (the phone's vote form)."""
    id: str = ""


@dataclass(frozen=True)
class CellView:
    title: str
    cards: tuple[Card, ...] = ()
    badge: str = ""
    more: int = 0
    """Cards left out for room; the template says "+N more"."""
    highlight: bool = False
    detail: tuple[str, ...] = ()
    """Lines under the cards: a draft's consent levels from the phones."""

    @property
    def more_text(self) -> str:
        return _("… and {n} more").format(n=self.more) if self.more else ""


@dataclass(frozen=True)
class WallView:
    layout: str
    """list, board, columns, bars or drafts (a CSS class of the wall)."""
    cells: tuple[CellView, ...]
    across: int = 1
    top: float = 1.0


@dataclass(frozen=True)
class StepView:
    """The step as the room sees it: what it is called, what it asks, how long is left, what it produced."""

    id: str
    kind: str
    title: str
    prompt: str
    wall: WallView
    ends: dt.datetime | None = None
    """When the step's timebox ends (it has started), for the timer."""
    minutes: int = 0
    categories: tuple[tuple[str, str], ...] = ()
    """(value, label) of a brainstorm step's categories."""
    options: tuple[Card, ...] = ()
    """A vote: every option, with the dots this phone put on it."""
    dots: int = 0
    """A vote: the dots one person spends."""
    max_per_item: int | None = None
    mine: tuple[str, ...] = ()
    """A brainstorm: this phone's own ideas on the step, newest first."""
    notes: int = 0
    """Notes of the step (its inputs for a step that works on others): the wall's count."""
    extra: dict[str, str] = field(default_factory=dict)
    items: tuple[PhoneItem, ...] = ()
    """A statement step: its drafts; a matrix step: its notes; each with what this phone said of it."""
    axes: tuple[tuple[str, str], ...] = ()
    """A matrix step: (name, label) of what a phone scores, a statement step: the consent levels."""
    voted: str = ""
    """A statement step: the draft this phone votes for."""


@dataclass(frozen=True)
class PhoneItem:
    """A draft or a note on the phone's statement or matrix form, with this phone's own answers."""

    id: str
    text: str
    mine: dict[str, int] = field(default_factory=dict)
    """A draft: {"consent": level}; a note: {axis: score}."""


def category_label(category: str | None) -> str:
    if not category:
        return _("Notes")
    for table in (CATEGORY_SHORT, CATEGORIES):
        if category in table:
            return label(table, category)
    return _(category).capitalize()


def heading(category: str) -> str:
    """A board cell's heading: the plural for finding kinds ("Strengths"), else the category's label."""
    return label(FINDING_KINDS, category) if category in FINDING_KINDS else category_label(category)


def _cell(title: str, cards: list[Card], cap: int, lang: str, **kw: object) -> CellView:
    return CellView(title, tuple(cards[:cap]), format_number(len(cards), lang), max(0, len(cards) - cap),
                    **kw)  # type: ignore[arg-type]


def step_title(step: KitStep, lang: str) -> str:
    return step.title.get(lang) if step.title is not None else step_label(step.kind)


def build(session: Session, kit: Kit, step_id: str, lang: str, device: str | None = None) -> StepView:
    """The room's view of ``step_id``; ``device``: the phone asking (its own ideas and dots)."""
    step = kit.step(step_id)
    assert step is not None
    record = agenda.step_record(session, step_id)
    minutes = (record.planned_minutes if record and record.planned_minutes else step.minutes)
    ends = record.started + dt.timedelta(minutes=minutes) if record and record.started and not record.ended else None
    head = StepView(step.id, str(step.kind), step_title(step, lang), step.prompt.get(lang) if step.prompt else "",
                    WallView("list", ()), ends, minutes)
    if step.kind == "brainstorm":
        notes = notes_of(session, step.id)
        # A phone sees its own ideas even while they wait for approval (or were hidden): they are its own.
        mine = tuple(n.text for n in reversed(capture.notes_of(session, step.id))
                     if device is not None and n.device == device)
        return replace(head, wall=_board(notes, list(step.categories), lang), mine=mine, notes=len(notes),
                        categories=tuple((c, category_label(c)) for c in step.categories))
    if step.kind == "vote":
        kept = {n.id for n in capture.notes_of(session, step.inputs() or [step.id]) if n.moderation is not None}
        options = [o for o in voting.phone_options(session, kit, step.id) if o.id not in kept]
        ballot = voting.ballot_of(session, step.id, device) if device else None
        spent = ballot.dots if ballot is not None else {}
        cards = tuple(Card(o.text, o.votes, format_number(o.votes, lang), spent.get(o.id, 0), o.id) for o in options)
        ranked = [card for _rank, card in voting.ranking(
            [_Voted(c) for c in cards])]  # most dots first on the wall
        bars = [c.card for c in ranked]
        top = max((c.value or 0 for c in bars), default=0) or 1
        cell = CellView("", tuple(bars[:CARDS["bars"]]), more=max(0, len(bars) - CARDS["bars"]))
        return replace(head, wall=WallView("bars", (cell,), top=top),
                        options=cards, dots=voting.dots_per_person(session, kit, step.id),
                        max_per_item=step.max_per_item, notes=len(options))
    if step.kind == "group":
        return replace(head, wall=_columns(session, step.inputs() or [step.id], lang))
    if step.kind == "statement":
        return _statement(session, step, head, lang, device)
    if step.kind == "matrix":
        return _matrix(session, step, head, lang, device)
    notes = notes_of(session, step.inputs() or [step.id])
    return replace(head, wall=WallView("list", (_cell("", [Card(n.text) for n in reversed(notes)],
                                                          CARDS["list"], lang),)), notes=len(notes))


def _statement(session: Session, step: KitStep, head: StepView, lang: str, device: str | None) -> StepView:
    """Drafts side by side on the wall with their votes and the phones' consent levels; on the phone, a vote
    for one draft and a level for each."""
    drafts = statements.drafts_of(session, step)
    cells = [CellView(("✔ " if d.adopted else "") + _("Draft {n}").format(n=n),
                      (Card(d.text),), ngettext("{n} vote", "{n} votes", d.votes).format(
                          n=format_number(d.votes, lang)), highlight=d.adopted,
                      detail=_consent_lines(statements.consent_levels(session, step.id, d.id), lang))
             for n, d in enumerate(drafts, start=1)]
    shown = cells[:DRAFTS]
    if len(cells) > DRAFTS:
        shown[-1] = replace(shown[-1], more=len(cells) - DRAFTS)
    ballot = voting.ballot_of(session, step.id, device) if device else None
    items = tuple(PhoneItem(d.id, d.text, {"consent": ballot.consent[d.id]}
                            if ballot is not None and d.id in ballot.consent else {}) for d in drafts)
    return replace(head, wall=WallView("drafts", tuple(shown), across=max(1, len(shown))), notes=len(drafts),
                   items=items, axes=tuple((str(k), f"{k} · {_(v)}") for k, v in CONSENT.items()),
                   voted=next(iter(ballot.dots), "") if ballot is not None else "")


def _consent_lines(levels: dict[int, int], lang: str) -> tuple[str, ...]:
    """A draft's consent levels from the phones, one line a level (5 first); none while no phone rated it."""
    if not any(levels.values()):
        return ()
    return tuple(f"{level} · {_(CONSENT[level])}: {format_number(n, lang)}" for level, n in levels.items())


def _matrix(session: Session, step: KitStep, head: StepView, lang: str, device: str | None) -> StepView:
    """The matrix's quadrants from the scores the facilitator recorded, each card with the phones' medians;
    on the phone, a 1-5 on each axis for every note."""
    items = [n for n in matrix.items(session, step) if n.moderation is None]
    axes = matrix.axes(step)

    def card(note: Contribution) -> Card:
        medians, n = matrix.phone_medians(session, step, note.id)
        if not n:
            return Card(note.text)
        said = " · ".join(f"{axis_label(a)} {format_number(m, lang)}" for a, m in medians.items())
        return Card(note.text, badge=ngettext("{n} phone: {medians}", "{n} phones: {medians}", n).format(
            n=format_number(n, lang), medians=said))

    groups = matrix.quadrants(items)
    cells = [_cell(_(QUADRANTS[q]), [card(n) for n in sorted(
        groups[q], key=lambda n: -((n.impact or 0) + (n.feasibility or 0)))], CARDS["board4"], lang)
        for q in QUADRANTS]
    waiting = [card(n) for n in items if matrix.quadrant(n) is None]
    if waiting:
        cells.append(_cell(_("Not scored yet"), waiting, CARDS["board6"], lang))
    ballot = voting.ballot_of(session, step.id, device) if device else None
    mine = ballot.scores if ballot is not None else {}
    return replace(head, wall=WallView("board", tuple(cells), across=2 if len(cells) == 4 else 3),
                   notes=len(items), axes=tuple((a, axis_label(a)) for a in axes),
                   items=tuple(PhoneItem(n.id, n.text, dict(mine.get(n.id, {}))) for n in items))


def axis_label(axis: str) -> str:
    """What a phone scores, in the plan's language: impact, feasibility, or a kit's criterion."""
    if axis in AXIS_NAMES:
        return _(AXIS_NAMES[axis])
    return axis.replace("_", " ").replace("-", " ").capitalize()  # a kit's own word, as the runner shows it


@dataclass(frozen=True)
class _Voted:
    card: Card

    @property
    def votes(self) -> int:
        return int(self.card.value or 0)


def _board(notes: list[Contribution], categories: list[str], lang: str) -> WallView:
    """A brainstorm's wall: a cell per category, newest notes first (a SWOT in 2×2); no categories: a list."""
    if not categories:
        return WallView("list", (_cell("", [Card(n.text) for n in reversed(notes)], CARDS["list"], lang),))
    cap = CARDS["board4"] if len(categories) <= 4 else CARDS["board6"]
    cells = [_cell(heading(c), [Card(n.text) for n in reversed(notes) if n.category == c], cap, lang)
             for c in categories]
    other = [Card(n.text) for n in reversed(notes) if n.category not in categories]
    if other:
        cells.append(_cell(_("Notes"), other, cap, lang))
    across = 2 if len(cells) <= 4 else 3
    return WallView("board", tuple(cells), across=across)


def _columns(session: Session, steps: list[str], lang: str) -> WallView:
    """Affinity groups as columns, the notes in no group last; more groups than fit: named with counts."""
    notes = notes_of(session, steps)
    groups = voting.groups_of(session, steps)
    cells = [_cell(g.label, [Card(n.text) for n in notes if n.group == g.id], CARDS["columns"], lang)
             for g in groups]
    grouped = {g.id for g in groups}
    loose = [Card(n.text) for n in notes if n.group not in grouped]
    if loose or not cells:
        cells.append(_cell(_("Ungrouped"), loose, CARDS["columns"], lang))
    if len(cells) > COLUMNS:
        rest = cells[COLUMNS - 1:]
        cells = [*cells[:COLUMNS - 1], CellView(_("… and {n} more").format(n=len(rest)),
                                                tuple(Card(f"{c.title} ({c.badge})") for c in rest))]
    return WallView("columns", tuple(cells), across=len(cells))


# --- the network step on a phone ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Tick:
    id: str
    name: str
    ticked: bool = False


@dataclass(frozen=True)
class NetworkPhone:
    """A network step as one phone sees it: who it answers as, the kinds of tie (with its ticks in each),
    and the roster to tick for the kind shown. Names only: no organisation, contact or anything else."""

    respondents: tuple[Tick, ...]
    """Who may answer: the people present (and the phone's confirmed check-in), ``ticked``: the one chosen."""
    respondent: str | None
    respondent_name: str
    kinds: tuple[tuple[str, str, int], ...]
    """(kind, label, this respondent's ticks of that kind)."""
    kind: str
    kind_label: str
    partners: tuple[Tick, ...]
    """Every actor of the plan but the respondent, ``ticked`` for the kind shown."""


def network_phone(session: Session, plan: Plan, step: KitStep, respondent: str | None, kind: str | None,
                  confirmed: str | None = None) -> NetworkPhone:
    """What the phone shows of network ``step``; ``respondent`` and ``kind`` as the phone chose them (a
    kind the step does not ask about: its first), ``confirmed``: the stakeholder its check-in was confirmed as."""
    from facilitator.network import kind_label as label_of

    def kind_label(k: str) -> str:  # a tab's or a heading's start: "Knowledge and technical advice"
        text = label_of(k)
        return text[:1].upper() + text[1:]

    here = nominations.respondents(session, plan)
    if confirmed and all(s.id != confirmed for s in here):
        here += [s for s in plan.stakeholders if s.id == confirmed]
    names = {s.id: s.name for s in plan.stakeholders}
    kinds = nominations.kinds_of(step)
    kind = kind if kind in kinds else kinds[0]
    if respondent is None or all(s.id != respondent for s in here):
        respondent = None
    mine = {k: nominations.ticked(session, step.id, respondent, k) if respondent else set() for k in kinds}
    return NetworkPhone(
        respondents=tuple(Tick(s.id, s.name, s.id == respondent) for s in here),
        respondent=respondent, respondent_name=names.get(respondent or "", ""),
        kinds=tuple((k, kind_label(k), len(mine[k])) for k in kinds), kind=kind, kind_label=kind_label(kind),
        partners=tuple(Tick(s.id, s.name, s.id in mine[kind]) for s in plan.stakeholders if s.id != respondent))
