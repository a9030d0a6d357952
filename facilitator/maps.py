"""The profile's maps of the cluster: its weight in the region ("why this cluster"), the stakeholder map
(influence × interest, by organization) and the value chain (segments by stage, their links, and the
stakeholders of each).

Plain functions of the plan, shared by the checks, the screens and the PDF. See docs/decisions.md, "Why
this cluster, the stakeholder map and the value chain".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from facilitator.i18n import N_
from facilitator.model import ID_PREFIX, Figure, Plan, Segment, Stakeholder, StakeholderKind, new_id

WEIGHTS = {"firms": N_("Firms"), "jobs": N_("Jobs"), "sales": N_("Sales"), "exports": N_("Exports"),
           "share": N_("Share of the region")}
"""What a weight figure measures (`Figure.weight`), in the order the "why this cluster" block lists them."""


def weight_figures(plan: Plan) -> list[Figure]:
    """The key figures that give the cluster's weight, by kind (firms, jobs, sales, exports, share), then in
    the plan's order."""
    order = list(WEIGHTS)
    found = [f for f in plan.cluster.figures if f.weight is not None]
    return sorted(found, key=lambda f: order.index(str(f.weight)))


# --- the stakeholder map ---------------------------------------------------------------------------------------

HIGH = 3
"""The lowest influence or interest (1-5) that counts as high: the middle of the scale is high, so that an
actor on the line is kept in view rather than only monitored."""

QUADRANTS = {
    "manage": N_("Manage closely"),
    "satisfy": N_("Keep satisfied"),
    "inform": N_("Keep informed"),
    "monitor": N_("Monitor"),
}
"""The four quadrants of the influence × interest grid: high influence and interest, high influence only,
high interest only, neither."""


def quadrant(influence: float, interest: float) -> str:
    if influence >= HIGH:
        return "manage" if interest >= HIGH else "satisfy"
    return "inform" if interest >= HIGH else "monitor"


@dataclass
class Actor:
    """One point of the stakeholder map: an organization (or a stakeholder without one) and its scores."""

    organization: str
    """The organization's name as written (empty: a stakeholder without one, named by the caller)."""
    members: list[Stakeholder]
    influence: float
    interest: float

    @property
    def quadrant(self) -> str:
        return quadrant(self.influence, self.interest)


def organization_key(s: Stakeholder) -> str:
    return " ".join(s.organization.split()).casefold()


def actors(plan: Plan) -> tuple[list[Actor], int]:
    """The organizations rated on influence and interest, each with the mean of its rated stakeholders (one
    decimal); a stakeholder without an organization is an actor of its own. Also the number of
    stakeholders left off the map for lack of a rating (either score missing)."""
    groups: dict[str, list[Stakeholder]] = {}
    unrated = 0
    for s in plan.stakeholders:
        if s.influence is None or s.interest is None:
            unrated += 1
            continue
        key = organization_key(s) or f"\0{s.id}"
        groups.setdefault(key, []).append(s)
    out = []
    for members in groups.values():
        influence = round(sum(m.influence or 0 for m in members) / len(members), 1)
        interest = round(sum(m.interest or 0 for m in members) / len(members), 1)
        out.append(Actor(" ".join(members[0].organization.split()), members, influence, interest))
    out.sort(key=lambda a: (-a.influence, -a.interest, a.organization.casefold()))
    return out, unrated


# --- the value chain -------------------------------------------------------------------------------------------

def segment_key(text: str) -> str:
    """How a stakeholder's segment text is matched with a segment's name: case and spacing aside."""
    return " ".join(text.split()).casefold()


@dataclass
class Chain:
    """The value chain as the map draws it."""

    segments: list[Segment]
    derived: bool
    """True when the plan defines no segments: they are the stakeholders' segment texts, without stages or
    links (plans written before segments existed still get a map)."""
    counts: dict[str, int] = field(default_factory=dict)
    """Stakeholders per segment id."""
    unmatched: list[str] = field(default_factory=list)
    """Segment texts of stakeholders that name no segment (as first written, each once)."""
    without: int = 0
    """Stakeholders with no segment."""

    def chain(self) -> list[Segment]:
        """The segments of the chain itself (not supporting), by stage then plan order."""
        return sorted((s for s in self.segments if not s.support), key=lambda s: s.stage)

    def support(self) -> list[Segment]:
        return [s for s in self.segments if s.support]


def value_chain(plan: Plan) -> Chain:
    segments = list(plan.cluster.segments)
    derived = not segments
    if derived:
        seen: dict[str, str] = {}
        for s in plan.stakeholders:
            key = segment_key(s.segment)
            if key and key not in seen:
                seen[key] = " ".join(s.segment.split())
        segments = [Segment(id=f"seg-{n}", name=name) for n, name in enumerate(seen.values(), 1)]
    by_key = {segment_key(s.name): s.id for s in segments}
    chain = Chain(segments, derived, {s.id: 0 for s in segments})
    unmatched: dict[str, str] = {}
    for s in plan.stakeholders:
        key = segment_key(s.segment)
        if not key:
            chain.without += 1
        elif key in by_key:
            chain.counts[by_key[key]] += 1
        else:
            unmatched.setdefault(key, " ".join(s.segment.split()))
    chain.unmatched = list(unmatched.values())
    return chain


def segments_from_stakeholders(plan: Plan) -> list[Segment]:
    """New segments for the stakeholders' segment texts that name no segment of the plan yet (the mapping
    typed as text becomes the value chain to order): stage 1, no links, each once in the stakeholders'
    order. A segment whose stakeholders are all institutions (none a firm) is a supporting one."""
    known = {segment_key(s.name) for s in plan.cluster.segments}
    names: dict[str, str] = {}
    firms: dict[str, bool] = {}
    for s in plan.stakeholders:
        key = segment_key(s.segment)
        if not key or key in known:
            continue
        names.setdefault(key, " ".join(s.segment.split()))
        firms[key] = firms.get(key, False) or s.kind == StakeholderKind.firm
    return [Segment(id=new_id(ID_PREFIX["segment"]), name=name, support=not firms[key])
            for key, name in names.items()]


def unknown_links(plan: Plan) -> list[tuple[int, str]]:
    """(segment position, link) of every link to no segment of the plan."""
    ids = {s.id for s in plan.cluster.segments}
    return [(i, ref) for i, s in enumerate(plan.cluster.segments) for ref in s.links if ref not in ids]


def segment_names(plan: Plan) -> Callable[[str], str]:
    """A segment's name by id (the id itself for an unknown one), for links shown to people."""
    names = {s.id: s.name for s in plan.cluster.segments}
    return lambda ref: names.get(ref, ref)
