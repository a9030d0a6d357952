"""Affinity grouping: named groups of notes, moving notes between them, merging duplicates."""

from __future__ import annotations

from facilitator.engine.capture import EngineError, _find
from facilitator.i18n import _
from facilitator.model import Contribution, Group, Session, new_id


def _same_name(session: Session, step: str, label: str, other_than: str | None = None) -> None:
    """Refuse a second group of ``step`` with this name (a double Enter, or two people naming one theme)."""
    wanted = label.strip().casefold()
    groups = [g for g in session.groups if g.step == step]
    for number, group in enumerate(groups, start=1):
        if group.id != other_than and group.label.strip().casefold() == wanted:
            raise EngineError(_("there is a group “{label}” already (group {n})").format(label=group.label, n=number))


def add_group(session: Session, step: str, label: str) -> Group:
    """A new, empty group at the end of ``step``'s groups (no note moves into it)."""
    if not label.strip():
        raise EngineError(_("a group needs a name"))
    _same_name(session, step, label)
    group = Group(id=new_id("grp"), step=step, label=label)
    session.groups = [*session.groups, group]
    return group


def rename_group(session: Session, group_id: str, label: str) -> Group:
    group = next((g for g in session.groups if g.id == group_id), None)
    if group is None:
        raise EngineError(_("no group {group_id}").format(group_id=group_id))
    if not label.strip():
        raise EngineError(_("a group needs a name"))
    _same_name(session, group.step, label, other_than=group.id)
    group.label = label
    return group


def set_finding(session: Session, group_id: str, finding: bool) -> Group:
    """Whether the group is consolidated as one finding (its notes as sources) rather than note by note."""
    group = next((g for g in session.groups if g.id == group_id), None)
    if group is None:
        raise EngineError(_("no group {group_id}").format(group_id=group_id))
    group.finding = finding
    return group


def move(session: Session, contribution_id: str, group_id: str | None) -> Contribution:
    """Put a note in a group (None: take it out of any group)."""
    if group_id is not None and all(g.id != group_id for g in session.groups):
        raise EngineError(_("no group {group_id}").format(group_id=group_id))
    note = _find(session, contribution_id)
    note.group = group_id
    return note


def delete_group(session: Session, group_id: str) -> None:
    """Remove a group; its notes stay, ungrouped."""
    for note in session.contributions:
        if note.group == group_id:
            note.group = None
    session.groups = [g for g in session.groups if g.id != group_id]


def members(session: Session, group_id: str) -> list[Contribution]:
    return [c for c in session.contributions if c.group == group_id and c.merged_into is None]


def merge(session: Session, keep_id: str, duplicate_id: str) -> Contribution:
    """Merge a duplicate note into another: both stay in the file (both authors are evidence), the
    duplicate points to the one kept, and its votes move over."""
    if keep_id == duplicate_id:
        raise EngineError(_("a note cannot be merged into itself"))
    keep, duplicate = _find(session, keep_id), _find(session, duplicate_id)
    if keep.merged_into is not None:
        raise EngineError(_("merge into the note that was kept, not into a merged duplicate"))
    for other in session.contributions:  # notes merged into the duplicate follow it
        if other.merged_into == duplicate_id:
            other.merged_into = keep_id
    keep.votes += duplicate.votes
    duplicate.votes = 0
    duplicate.merged_into = keep_id
    if keep.group is None:
        keep.group = duplicate.group
    return keep


def sources_of(session: Session, contribution_id: str) -> list[str]:
    """The note and every duplicate merged into it: the trace kept in the plan."""
    return [contribution_id] + [c.id for c in session.contributions if c.merged_into == contribution_id]
