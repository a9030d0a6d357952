"""Merging one plan or session file: `merge_texts` (three versions as text, the merged text checked
before it is returned) and `merge_file` (`facilitator merge-file`, the git merge driver)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import ValidationError

from facilitator import migrate, tomlio
from facilitator.i18n import _
from facilitator.merge.conflicts import Conflict, mark_conflicts
from facilitator.merge.document import apply_merged, unsplit
from facilitator.merge.threeway import Merger, count_new
from facilitator.merge.values import equal, short
from facilitator.model import Plan, Session
from facilitator.problems import Level, PlanError, Problem

MODELS: dict[str, type[Plan | Session]] = {"plan": Plan, "session": Session}


@dataclass
class FileMerge:
    """The outcome of merging one file: the text to write (None: leave OURS as it is) and the conflicts."""

    file: str
    kind: str
    text: str | None
    conflicts: list[Conflict] = field(default_factory=list)
    added: int = 0
    """Records taken from theirs that ours did not have."""

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.resolved is None]


def _kind(data: dict[str, Any], rel: str) -> str:
    value = data.get("format")
    kind = value.split("/")[1] if isinstance(value, str) and value.count("/") == 2 else ""
    if kind not in MODELS:
        raise PlanError(Problem("merge-not-plan", Level.error, rel, _(
            "not a plan or session file of Cluster Facilitator (format = {value}); merge it by hand").format(
                value=short(value) if value is not None else _("(none)")), line=1, key="format"))
    migrate.format_version(data, kind, rel)
    return kind


def _validate(kind: str, data: dict[str, Any], text: str, rel: str) -> None:
    try:
        MODELS[kind].model_validate(data)
    except ValidationError as exc:
        raise PlanError(tomlio.validation_problems(exc, data, text, rel)) from None


def merge_texts(base: str | None, ours: str, theirs: str, rel: str, prefer: str | None = None,
                choices: dict[tuple[str, str], str] | None = None, theirs_name: str | None = None) -> FileMerge:
    """Merge THEIRS into OURS against BASE (None or empty: no common ancestor, so nothing is deleted).

    Returns the merged text (None when OURS needs no change) and the conflicts; raises PlanError when an
    input is not a valid plan or session file of the same kind, or the result would not be valid.
    """
    their_rel = theirs_name or rel + " (theirs)"
    o = tomlio.parse_plain(ours, rel)
    t = tomlio.parse_plain(theirs, their_rel)
    b = tomlio.parse_plain(base, rel + " (base)") if base and base.strip() else {}
    kind = _kind(o, rel)
    if _kind(t, their_rel) != kind or (b and _kind(b, rel + " (base)") != kind):
        raise PlanError(Problem("merge-kinds", Level.error, rel, _(
            "the versions to merge are not the same kind of file (plan and session); merge it by hand")))
    _validate(kind, o, ours, rel)
    _validate(kind, t, theirs, their_rel)
    merger = Merger(rel, prefer, choices)
    merged = merger.value(b, o, t, (), ())
    result = FileMerge(rel, kind, None, merger.conflicts, count_new(o, merged, ()))
    if equal(merged, o) and not result.unresolved:
        return result
    doc = tomlio.parse_document(ours, rel)
    unsplit(doc, ours)
    apply_merged(doc, merged, tomlio.parse_document(theirs, their_rel), ())
    text = tomlkit.dumps(doc)
    if result.unresolved:
        text = mark_conflicts(text, merged, result.unresolved)
    try:
        again = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(Problem("merge-failed", Level.error, rel, _(
            "internal error: the merged file would not be valid TOML ({err}); nothing was written").format(
                err=exc))) from None
    if not equal(again, merged):
        raise PlanError(Problem("merge-failed", Level.error, rel, _(
            "internal error: the merged file would not read back as merged; nothing was written")))
    _validate(kind, again, text, rel)
    result.text = text
    return result


def merge_file(base: Path, ours: Path, theirs: Path, name: str | None = None) -> FileMerge:
    """`facilitator merge-file`: merge into OURS, write it atomically (also when conflicts are marked)."""
    rel = name or ours.name
    ours_text, _raw = tomlio.read_text(ours, rel)
    theirs_text, _raw = tomlio.read_text(theirs, rel + " (theirs)")
    base_text = tomlio.read_text(base, rel + " (base)")[0] if base.exists() else None
    result = merge_texts(base_text, ours_text, theirs_text, rel)
    if result.text is not None and result.text != ours_text:
        tomlio.atomic_write(ours, result.text.encode("utf-8"), rel)
    return result
