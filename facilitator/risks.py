"""The risk matrix: a risk's score (likelihood × impact) and level, and the 5×5 heat map of the plan's risks.

The levels are those of the usual 5×5 matrix: a score of 12 or more is high (it needs a mitigation and an
owner before the plan goes to the program), 5 to 11 medium, 4 or less low. See docs/decisions.md,
"The risk matrix".
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.i18n import N_
from facilitator.model import Plan, Risk

HIGH = 12
"""The lowest score (likelihood × impact) of a high risk."""
MEDIUM = 5
"""The lowest score of a medium risk."""

LEVELS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def score(risk: Risk) -> int | None:
    """Likelihood × impact (1-25); None while either is not rated."""
    if risk.likelihood is None or risk.impact is None:
        return None
    return risk.likelihood * risk.impact


def level_of(value: int) -> str:
    """The level (``high``, ``medium``, ``low``) of a score of the matrix (1-25)."""
    return "high" if value >= HIGH else "medium" if value >= MEDIUM else "low"


def level(risk: Risk) -> str | None:
    """The risk's level, or None while it is not rated."""
    s = score(risk)
    return None if s is None else level_of(s)


@dataclass(frozen=True)
class Cell:
    """A cell of the heat map: its likelihood and impact, its level, and the codes of the risks in it."""

    likelihood: int
    impact: int
    level: str
    codes: tuple[str, ...]


def heat_map(plan: Plan) -> list[list[Cell]]:
    """The 5×5 matrix as rows from likelihood 5 (top) down to 1, each from impact 1 (left) to 5, the way
    the matrix is drawn; unrated risks are in no cell."""
    rows = []
    for likelihood in range(5, 0, -1):
        row = []
        for impact in range(1, 6):
            codes = tuple(r.code for r in plan.risks if r.likelihood == likelihood and r.impact == impact)
            row.append(Cell(likelihood, impact, level_of(likelihood * impact), codes))
        rows.append(row)
    return rows


def ranked(plan: Plan) -> list[Risk]:
    """The plan's risks from the highest score down (unrated last), in plan order among equals."""
    return sorted(plan.risks, key=lambda r: -(score(r) or 0))
