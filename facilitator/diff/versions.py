"""Versions of a plan folder: history snapshots (``r3``) or plan.toml, read and compared (`diff_folder`).

`parse_revision` reads what the user typed (``r3``, ``3``, ``current``) and names the snapshots there are
when it is wrong; `diff_folder` is the change report as the CLI shows it.
"""

from __future__ import annotations

import re
from pathlib import Path

from facilitator import paths
from facilitator.diff.changes import PlanDiff, diff_plans
from facilitator.diff.text_report import plan_units, report_text
from facilitator.i18n import _, format_date, in_language
from facilitator.model import Plan
from facilitator.problems import Level, PlanError, Problem

CURRENT = "current"
_SPEC = re.compile(r"^\s*[rR]?(\d+)\s*$")


def snapshots(folder: Path) -> list[int]:
    """The revision numbers that have a snapshot in history/, in order."""
    from facilitator.store import data_files

    found = []
    for path in data_files(folder, paths.HISTORY_DIR):  # links out of the plan folder are not read
        m = re.fullmatch(r"plan-r(\d+)\.toml", path.name)
        if m:
            found.append(int(m.group(1)))
    return sorted(found)


def _available(folder: Path) -> str:
    numbers = snapshots(folder)
    if not numbers:
        return _("history/ holds no snapshot yet; record one with: facilitator revision PLAN -m SUMMARY")
    return _("the snapshots in history/ are {list}, or use {current} for plan.toml").format(
        list=", ".join(f"r{n}" for n in numbers), current=CURRENT)


def parse_revision(folder: Path, spec: str, recorded: Plan | None = None) -> int | None:
    """``r3`` or ``3`` → 3 (its snapshot must exist), ``current`` → None; else a one-line PlanError
    (``recorded``: the current plan, to tell a missing snapshot from an unknown revision)."""
    if spec.strip().lower() in (CURRENT, paths.PLAN_FILE):
        return None
    m = _SPEC.match(spec)
    if m is None:
        raise PlanError(Problem("unknown-revision", Level.error, str(folder), _(
            "'{spec}' is not a revision; {available}").format(spec=spec, available=_available(folder))))
    number = int(m.group(1))
    if number not in snapshots(folder):
        if recorded is not None and any(r.number == number for r in recorded.revisions):
            raise PlanError(Problem("missing-snapshot", Level.error, str(folder), _(
                "revision {n} is recorded in plan.toml but its snapshot history/plan-r{n}.toml is missing; "
                "{available}").format(n=number, available=_available(folder))))
        raise PlanError(Problem("unknown-revision", Level.error, str(folder), _(
            "no snapshot of revision {n} (history/plan-r{n}.toml); {available}").format(
                n=number, available=_available(folder))))
    return number


def load_revision(folder: Path, number: int | None) -> Plan:
    """The plan as it was at revision ``number`` (its snapshot), or plan.toml for None."""
    from facilitator.store import leads_outside, load_model

    path = folder / paths.PLAN_FILE if number is None else paths.history_file(folder, number)
    rel = paths.PLAN_FILE if number is None else f"{paths.HISTORY_DIR}/{path.name}"
    if number is not None and leads_outside(folder, path):
        raise PlanError(Problem("outside-link", Level.error, rel, _(
            "{file} is a link to a file outside the plan folder; it is not read — replace the link with a copy "
            "of the snapshot").format(file=rel)))
    plan, _data, _text = load_model(path, Plan, "plan", rel)
    return plan


def default_from(folder: Path, current: Plan, to: int | None) -> int:
    """The revision a report starts from by default: the last recorded one (before ``to``, if given)."""
    numbers = [n for n in snapshots(folder) if to is None or n < to]
    if to is None and current.revision in numbers:
        return current.revision
    if not numbers:
        raise PlanError(Problem("no-revision", Level.error, str(folder), _(
            "no earlier revision to compare with; {available}").format(available=_available(folder))))
    return numbers[-1]


def version_label(number: int | None, *plans: Plan) -> str:
    """``revision 3 (7 May 2026)`` or ``the current plan.toml``, in the current language (the date from
    the first of ``plans`` that lists the revision)."""
    if number is None:
        return _("the current plan.toml")
    for plan in plans:
        rev = next((r for r in plan.revisions if r.number == number), None)
        if rev is not None:
            return _("revision {n} ({date})").format(n=number, date=format_date(rev.date, plan.language, "medium"))
    return _("revision {n}").format(n=number)


def diff_versions(folder: Path, old_number: int | None, new_number: int | None,
                  old: Plan | None = None, new: Plan | None = None) -> PlanDiff:
    """Compare two versions of the plan in ``folder`` (None: plan.toml, or the given model)."""
    old = old if old is not None else load_revision(folder, old_number)
    new = new if new is not None else load_revision(folder, new_number)
    diff = diff_plans(old, new)
    with in_language(new.language):
        diff.old_label = version_label(old_number, new, old)
        diff.new_label = version_label(new_number, new, old)
    low = old_number or 0
    high = new_number if new_number is not None else 10**9
    diff.revisions = [r for r in new.revisions if low < r.number <= high]
    return diff


def diff_folder(folder: str | Path, from_spec: str | None = None, to_spec: str | None = None) -> tuple[PlanDiff, str]:
    """The change report of a plan folder as the CLI shows it: (diff, text).

    ``from_spec``/``to_spec``: ``rN``, ``N`` or ``current``; by default from the last recorded revision's
    snapshot to the current plan.toml. Unknown revisions raise a one-line PlanError naming the snapshots.
    """
    folder = Path(folder).expanduser().resolve()
    if not (folder / paths.PLAN_FILE).is_file():
        raise PlanError(Problem("no-plan", Level.error, str(folder), _(
            "this folder has no plan.toml; create a plan with: facilitator new FOLDER --name NAME")))
    current = load_revision(folder, None)
    to = parse_revision(folder, to_spec, current) if to_spec is not None else None
    start = parse_revision(folder, from_spec, current) if from_spec is not None else default_from(folder, current, to)
    old = load_revision(folder, start) if start is not None else current
    new = load_revision(folder, to) if to is not None else current
    diff = diff_versions(folder, start, to, old, new)
    units, currencies = plan_units(old, new)
    return diff, report_text(diff, units, currencies)
