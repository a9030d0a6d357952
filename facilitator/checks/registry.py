"""The table of checks (id, level, advice) and how a problem is located in its file (line, key)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitator import tomlio
from facilitator.financing import BREACH_CHECKS
from facilitator.i18n import N_, _
from facilitator.problems import Level, Problem


@dataclass(frozen=True)
class Check:
    """One check: its id, its level and its usual advice (a problem may give a more precise one)."""

    id: str
    level: Level
    advice: str
    """What to do, marked with N_ and translated where shown."""


CHECKS: dict[str, Check] = {c.id: c for c in (
    # errors: the plan contradicts itself; it is not exported until they are fixed
    Check("duplicate-id", Level.error, N_("give this record a new id; ids are never shared")),
    Check("duplicate-code", Level.error, N_("give each record its own code")),
    Check("dangling-id", Level.error, N_("pick an existing record or remove the reference")),
    Check("dates-order", Level.error, N_("correct the start or the end date")),
    Check("revision-order", Level.error, N_("renumber the revisions so that they increase")),
    Check("revision-number", Level.error, N_("set revision to the last recorded revision")),
    Check("merge-conflict", Level.error, N_("keep the value you want, then delete the CONFLICT comment")),
    Check("outside-link", Level.error,
          N_("replace the link with a copy of the file (or a real folder), or remove it")),
    # warnings: gaps in the content and hand edits worth a look
    Check("unknown-key", Level.warning, N_("check its spelling, or remove it")),
    Check("objective-no-indicator", Level.warning, N_("add an indicator so progress can be measured")),
    Check("objective-no-action", Level.warning, N_("link an action of the plan to it")),
    Check("action-no-objective", Level.warning, N_("link it to the objective it serves")),
    Check("indicator-incomplete", Level.warning, N_("complete the indicator sheet")),
    Check("target-direction", Level.warning, N_("correct the target, or the indicator's direction")),
    Check("target-before-baseline", Level.warning, N_("targets come after the baseline year: correct the year")),
    Check("measurement-before-baseline", Level.warning,
          N_("correct the measurement's date or the baseline year")),
    Check("measurement-in-future", Level.warning,
          N_("correct the measurement's date: the PDF flags it and its status counts it as measured")),
    Check("budget-mismatch", Level.warning, N_("correct the declared budget or the funding amounts")),
    Check("budget-lines-funding", Level.warning,
          N_("edit the budget lines (the funding follows them), or set the funding to their totals by source")),
    Check("budget-line-year", Level.warning, N_("correct the line's year, or the action's dates")),
    Check("activity-dates", Level.warning, N_("correct the activity's dates, or the action's")),
    Check("project-incomplete", Level.warning,
          N_("complete the action's project profile: a program finances what it can see justified and whom it "
             "reaches")),
    *(Check(check, Level.warning, advice) for check, advice in BREACH_CHECKS.items()),
    Check("evaluation-date", Level.warning,
          N_("move it within the plan's period: from its start to a year after its last target year")),
    Check("endorsement-date", Level.warning,
          N_("correct the endorsement's date: the day of its session or later, and not after today")),
    Check("endorsement-unsigned", Level.warning,
          N_("add who signed it (name, role, organization): S in the governance view")),
    Check("figure-no-source", Level.warning, N_("say where the figure comes from (registry, statistics office, survey)")),
    Check("segment-unknown", Level.warning,
          N_("add the segment to the value chain (F3 in the profile), or correct the stakeholder's segment")),
    Check("risk-unmitigated", Level.warning, N_("write its mitigation and who watches it (its owner)")),
    Check("dangling-author", Level.warning, N_("add the stakeholder to plan.toml or correct the author")),
    Check("dangling-session", Level.warning, N_("restore the session file or correct the revision")),
    Check("dangling-source", Level.warning, N_("restore the session file or remove the source")),
    Check("tie-self", Level.warning, N_("correct one of the two actors, or delete the tie")),
    Check("network-stale", Level.warning, N_(
        "record them: facilitator network PLAN --record (or u in the network view, N)")),
    Check("unknown-workshop", Level.warning, N_("install the kit or copy it into the plan's workshops/ folder")),
    Check("unknown-step", Level.warning, N_("correct the step id, or use the kit the session was run with")),
    # notes: advice on wording and loose ends
    Check("objective-not-measurable", Level.info,
          N_("say how much (a number, a percentage) or give the objective an indicator with a target")),
    Check("objective-no-timeframe", Level.info, N_("say by when, such as \"by 2029\"")),
    Check("risk-unrated", Level.info, N_("rate its likelihood and impact from 1 to 5")),
    Check("currency-mismatch", Level.info,
          N_("if the amounts are in the plan's currency, correct the action's currency")),
    Check("session-open", Level.info, N_("close it to move its outputs into the plan")),
    Check("history-missing", Level.info, N_("restore the snapshot from a backup if you have one")),
)}
"""Every check of the plan, by id. docs/checks.md lists the same table (a test keeps them equal)."""


@dataclass
class Located:
    """Finds the line of a key path in one file's text."""

    rel: str
    lines: dict[tuple[Any, ...], int]

    def problem(self, check: str, path: tuple[Any, ...], message: str, record: str | None = None,
                advice: str | None = None) -> Problem:
        return problem(check, self.rel, message, line=tomlio.line_of(self.lines, path),
                        key=tomlio.key_label(path) or None, record=record, advice=advice)


def problem(check: str, file: str, message: str, *, line: int | None = None, key: str | None = None,
             record: str | None = None, advice: str | None = None) -> Problem:
    spec = CHECKS[check]
    return Problem(check, spec.level, file, message, line=line, key=key, record=record,
                   advice=advice or _(spec.advice))
