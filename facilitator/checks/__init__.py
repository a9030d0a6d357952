"""Plan checks: everything `facilitator check` reports, each problem located and with advice.

Every check has a stable id and one level (the `CHECKS` table, documented in docs/checks.md).
Structural checks (ids unique, no dangling references, codes not duplicated, dates that contradict each
other) are errors: a plan with errors is not exported. Gaps in content (an objective with no indicator,
an incomplete indicator sheet, a target against the indicator's direction, a budget that does not add up)
and unknown keys kept from a hand edit are warnings; the rest (wording that is not SMART, an open session,
a currency other than the plan's) is info. Each problem says what is wrong (`message`) and what to do
(`advice`), with its file, line, key and the code of the record concerned.

The package: `registry` (the table of checks, how a problem is located), `records` (plan.toml's records),
`sessions` (the session files and what the plan says about them), `wording` (SMART wording); this module
runs them all in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from facilitator import paths, tomlio
from facilitator.checks.records import content, identity, network, profile_maps, references, unknown_keys
from facilitator.checks.registry import CHECKS, Check, Located, problem
from facilitator.checks.sessions import endorsement, evaluation_dates, revisions, session_checks
from facilitator.checks.wording import has_timeframe, measurable
from facilitator.i18n import _
from facilitator.kits import KitSet, load_kits
from facilitator.model import Plan
from facilitator.problems import Level, PlanError, Problem
from facilitator.store import PlanStore, SessionSummary, outside_links

__all__ = ["CHECKS", "Check", "check_folder", "check_plan", "check_store", "has_errors", "has_timeframe",
           "measurable"]


def check_folder(folder: str | Path) -> list[Problem]:
    """All problems of the plan folder, without taking its lock or writing anything."""
    folder = Path(folder).expanduser().resolve()
    try:
        store = PlanStore.open(folder, read_only=True)
    except PlanError as err:
        return err.problems
    return check_store(store)


def check_store(store: PlanStore) -> list[Problem]:
    """All problems of an open plan (as saved on disk for line numbers; the model as in memory)."""
    kits = load_kits(store.folder)
    sessions = store.session_summaries()
    try:
        text, _raw = tomlio.read_text(store.plan_path, paths.PLAN_FILE)
    except PlanError:
        text = ""
    from facilitator.merge import folder_conflicts

    return _ordered(check_plan(store.plan, text, sessions, kits, store.folder) + folder_conflicts(store.folder)
                    + _outside_links(store.folder))


def _outside_links(folder: Path) -> list[Problem]:
    """Links of the plan folder that lead out of it: never read, and the plan is not exported with them."""
    return [problem("outside-link", rel, _(
        "{file} is a link to {target}, outside the plan folder; it is not read, and the plan is not exported "
        "while it is there").format(file=rel, target=target)) for rel, target in outside_links(folder)]


def check_plan(plan: Plan, text: str, sessions: list[SessionSummary], kits: KitSet,
               folder: Path | None = None, today: dt.date | None = None) -> list[Problem]:
    """Every problem of the plan; ``today`` (default: the machine's date) is the date a measurement may
    not be after."""
    at = Located(paths.PLAN_FILE, tomlio.key_lines(text))
    problems: list[Problem] = list(kits.problems)
    problems += unknown_keys(plan, (), at)
    problems += identity(plan, at)
    problems += references(plan, at)
    problems += content(plan, at, today or dt.date.today())
    problems += session_checks(plan, sessions, kits, at)
    problems += endorsement(plan, sessions, at, today or dt.date.today())
    problems += evaluation_dates(plan, at)
    problems += network(plan, at)
    problems += profile_maps(plan, at)
    problems += revisions(plan, at, folder)
    return _ordered(problems)


def _ordered(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings, then advice; plan.toml before the session files; by line."""
    order = {Level.error: 0, Level.warning: 1, Level.info: 2}
    return sorted(problems, key=lambda p: (order[p.level], p.file != paths.PLAN_FILE, p.file, p.line or 0))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.level == Level.error for p in problems)
