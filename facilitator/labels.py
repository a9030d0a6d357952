"""The words for the plan's enum values, as the PDF, the change report and the screens print them.

Each table maps a stored value (``"increase"``) to its label, marked for translation with ``N_`` and
translated where it is shown, by `label`. Plural tables (``FINDING_KINDS``, ``STAKEHOLDER_KINDS``) head
groups; singular ones name one record's kind.
"""

from __future__ import annotations

from collections.abc import Mapping

from facilitator.i18n import N_, _

FINDING_KINDS = {
    "strength": N_("Strengths"), "weakness": N_("Weaknesses"), "opportunity": N_("Opportunities"),
    "threat": N_("Threats"), "problem": N_("Core problems"), "cause": N_("Causes"), "effect": N_("Effects"),
}

FINDING_KIND = {
    "strength": N_("Strength"), "weakness": N_("Weakness"), "opportunity": N_("Opportunity"), "threat": N_("Threat"),
    "problem": N_("Core problem"), "cause": N_("Cause"), "effect": N_("Effect"),
}
"""The kind of one finding (FINDING_KINDS are the headings of the groups)."""

DIAMOND = {
    "factor": N_("Factor conditions"), "demand": N_("Demand conditions"),
    "related": N_("Related and supporting industries"), "strategy": N_("Firm strategy and rivalry"),
    "government": N_("Government"), "chance": N_("Chance"),
}

STAKEHOLDER_KINDS = {
    "firm": N_("Firms"), "association": N_("Associations"), "university": N_("Universities"),
    "research": N_("Research centres"), "government": N_("Government"), "finance": N_("Finance"),
    "ngo": N_("NGOs"), "other": N_("Other"),
}

CLUSTER_KINDS = {"horizontal": N_("horizontal"), "vertical": N_("vertical"), "mixed": N_("mixed")}

LEVELS = {"impact": N_("impact"), "outcome": N_("outcome"), "output": N_("output")}

DIRECTIONS = {"increase": N_("higher is better"), "decrease": N_("lower is better"),
              "maintain": N_("keep the level")}

FREQUENCIES = {"monthly": N_("monthly"), "quarterly": N_("quarterly"), "semiannual": N_("every six months"),
               "annual": N_("annual"), "biennial": N_("every two years"), "once": N_("once")}

ACTION_KINDS = {"horizontal": N_("horizontal (public good)"), "vertical": N_("vertical (club good)")}

STATUSES = {"planned": N_("planned"), "ongoing": N_("ongoing"), "done": N_("done"), "delayed": N_("delayed"),
            "cancelled": N_("cancelled")}

PRIORITIES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}

FUNDING_SOURCES = {"program": N_("Program"), "public": N_("Public counterpart"),
                   "private": N_("Private counterpart"), "other": N_("Other")}

SESSION_STATUSES = {"planned": N_("planned"), "open": N_("open"), "closed": N_("closed")}

DECISION_KINDS = {"decision": N_("Decision"), "parking_lot": N_("Parking lot"), "action_item": N_("Action item")}


def label(table: Mapping[str, str], key: str | None) -> str:
    """The translated label of an enum value (the raw value if the table does not know it)."""
    if key is None:
        return ""
    return _(table[key]) if key in table else str(key)
