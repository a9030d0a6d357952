"""Attendance and representativeness: who is in the room, by kind of actor, firm size and gender."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from facilitator.model import Attendance, Plan, Session, Stakeholder, StakeholderKind, new_id


@dataclass
class Representativeness:
    invited: int
    present: int
    by_kind: Counter[str] = field(default_factory=Counter)
    by_size: Counter[str] = field(default_factory=Counter)
    """Firms present by size (`unknown` when the size is not recorded)."""
    by_gender: Counter[str] = field(default_factory=Counter)

    @property
    def private_share(self) -> float:
        """Share of people present who come from firms (the private sector must be at the table)."""
        return self.by_kind.get("firm", 0) / self.present if self.present else 0.0


def mark(session: Session, stakeholder_id: str, present: bool = True) -> Attendance:
    """Record a stakeholder as present (or absent); adds them to the attendance list if needed."""
    rows = list(session.attendance)
    row = next((a for a in rows if a.stakeholder == stakeholder_id), None)
    if row is None:
        row = Attendance(stakeholder=stakeholder_id, present=present)
        rows.append(row)
    else:
        row.present = present
    session.attendance = rows
    return row


def newcomer(name: str, organization: str = "", kind: StakeholderKind | str = StakeholderKind.other) -> Stakeholder:
    """A person met at the door, as a new stakeholder (not in the plan yet)."""
    return Stakeholder(id=new_id("stk"), name=name, organization=organization,
                       kind=StakeholderKind(kind))


def quick_add(plan: Plan, session: Session, name: str, organization: str = "",
              kind: StakeholderKind | str = StakeholderKind.other) -> Stakeholder:
    """A newcomer at the door: a stakeholder added to the plan and marked present in one step."""
    person = newcomer(name, organization, kind)
    plan.stakeholders = [*plan.stakeholders, person]
    mark(session, person.id, True)
    return person


def representativeness(session: Session, plan: Plan) -> Representativeness:
    people = {s.id: s for s in plan.stakeholders}
    result = Representativeness(invited=len(session.attendance), present=0)
    for row in session.attendance:
        if not row.present:
            continue
        result.present += 1
        person = people.get(row.stakeholder)
        kind = person.kind if person else "other"
        result.by_kind[str(kind)] += 1
        if kind == "firm":
            result.by_size[str(person.size) if person and person.size else "unknown"] += 1
        result.by_gender[str(person.gender) if person and person.gender else "unknown"] += 1
    return result


def quorum_met(session: Session, quorum: int | None) -> bool:
    """True when at least ``quorum`` people are present (no quorum set: always)."""
    return quorum is None or sum(1 for a in session.attendance if a.present) >= quorum
