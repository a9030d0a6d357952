"""Attendance and representativeness: who is in the room, by kind of actor, firm size and gender; the
search that finds a person by a few letters, the roll written when a session starts, and the venue and
facilitator offered from the last session; what a phone says of itself when it joins the room (`check_in`)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from facilitator.engine.clock import now
from facilitator.model import Attendance, Checkin, Plan, Session, Stakeholder, StakeholderKind, new_id


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


def roll(invited: Sequence[str], present: Iterable[str]) -> list[Attendance]:
    """The attendance of a session about to start: every invitee in ``invited`` order, ``present = false``
    for those not in ``present``, so the minutes can say who was invited and did not come."""
    here = set(present)
    return [Attendance(stakeholder=person, present=person in here) for person in invited]


def fold(text: str) -> str:
    """``text`` for searching: lower case, accents dropped (``José`` is found by ``jose``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(person: Stakeholder, query: str) -> bool:
    """True when the folded ``query`` is part of the person's name or organisation."""
    return fold(query) in fold(f"{person.name} {person.organization}")


def best_match(people: Sequence[Stakeholder], query: str) -> int | None:
    """Index of the person the letters most likely mean: the first whose name has a word starting with
    them (``sil`` → Fernando Silva), else the first that contains them anywhere; None when nobody does."""
    wanted = fold(query)
    contained = None
    for index, person in enumerate(people):
        if any(word.startswith(wanted) for word in fold(person.name).split()):
            return index
        if contained is None and matches(person, query):
            contained = index
    return contained


def last_details(earlier: Iterable[Session]) -> tuple[str, str]:
    """(venue, facilitator) of the most recent session that gave them: the usual room and person, offered
    so they need not be typed again. Sessions of one date count in file order, the later last."""
    venue = facilitator = ""
    for session in sorted(earlier, key=lambda s: s.date):  # stable: the later file of one date wins
        venue = session.venue.strip() or venue
        facilitator = session.facilitator.strip() or facilitator
    return venue, facilitator


def newcomer(name: str, organization: str = "", kind: StakeholderKind | str = StakeholderKind.other) -> Stakeholder:
    """A person met at the door, as a new stakeholder (not in the plan yet)."""
    return Stakeholder(id=new_id("stk"), name=name, organization=organization,
                       kind=StakeholderKind(kind))


def quick_add(plan: Plan, session: Session, name: str, organization: str = "",
              kind: StakeholderKind | str = StakeholderKind.other) -> Stakeholder:
    """A newcomer at the door: a stakeholder added to the plan and marked present in one step."""
    return admit(plan, session, newcomer(name, organization, kind))


def admit(plan: Plan, session: Session, person: Stakeholder) -> Stakeholder:
    """A newcomer (`newcomer`) joins the plan's stakeholders and is marked present in ``session``."""
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


def check_in(session: Session, device: str, *, name: str = "", organization: str = "", kind: str | None = None,
             size: str | None = None, gender: str | None = None, submission: str | None = None,
             at: dt.datetime | None = None) -> Checkin:
    """What a phone says of itself when it joins the room (every field optional), recorded as self-reported:
    it counts in nothing until the facilitator confirms it into the attendance. A phone that checks in
    again corrects its own record. A size is kept for firms only (the representativeness counts it so)."""
    values = {"name": name.strip(), "organization": organization.strip(), "kind": kind or None,
              "size": (size or None) if kind == "firm" else None, "gender": gender or None}
    row = next((c for c in session.checkins if c.device == device), None)
    if row is None:
        row = Checkin(id=new_id("chk"), device=device, created=at or now(), submission=submission, **values)
        session.checkins = [*session.checkins, row]
        return row
    update = row.model_copy(update={**values, "submission": submission})
    Checkin.model_validate(update.model_dump())  # refuse a wrong value before anything changes
    for key, value in {**values, "submission": submission}.items():
        setattr(row, key, value)
    return row


def unconfirmed(session: Session) -> list[Checkin]:
    """The phones' check-ins with a name that the facilitator has not confirmed yet, oldest first."""
    return [c for c in session.checkins if c.stakeholder is None and c.name.strip()]


def checkin_person(people: Sequence[Stakeholder], checkin: Checkin) -> tuple[Stakeholder, bool]:
    """Who a check-in says it is: the stakeholder of the same name (accents and case aside; the same
    organisation too when both give one), else a newcomer made of what the phone said. (person, is new)."""
    name, organization = fold(checkin.name).split(), fold(checkin.organization).strip()
    for person in people:
        if fold(person.name).split() == name and (
                not organization or not person.organization.strip() or fold(person.organization).strip() == organization):
            return person, False
    person = newcomer(checkin.name.strip(), checkin.organization.strip(), checkin.kind or StakeholderKind.other)
    return person.model_copy(update={"size": checkin.size, "gender": checkin.gender}), True


def confirm_checkin(session: Session, checkin_id: str, stakeholder_id: str) -> Checkin:
    """Record that a check-in was confirmed as ``stakeholder_id`` (the caller marks them present)."""
    checkin = next(c for c in session.checkins if c.id == checkin_id)
    checkin.stakeholder = stakeholder_id
    return checkin
