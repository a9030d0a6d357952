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

EXPENSE_CATEGORIES = {
    "staff": N_("Staff"), "consultancy": N_("Consultancy and technical assistance"), "training": N_("Training"),
    "travel": N_("Travel"), "events": N_("Events and fairs"), "promotion": N_("Promotion and communication"),
    "equipment": N_("Equipment"), "works": N_("Works and infrastructure"), "materials": N_("Materials and supplies"),
    "studies": N_("Studies"), "overheads": N_("Administration and overheads"), "other": N_("Other"),
}
"""The expense categories of a budget line (`model.ExpenseCategory`)."""

FUNDING_KINDS = {"cash": N_("cash"), "in_kind": N_("in kind")}

SESSION_STATUSES = {"planned": N_("planned"), "open": N_("open"), "closed": N_("closed")}

DECISION_KINDS = {"decision": N_("Decision"), "parking_lot": N_("Parking lot"), "action_item": N_("Action item")}


CATEGORIES = {
    # SWOT and problem tree (finding kinds)
    "strength": N_("Strength"), "weakness": N_("Weakness"), "opportunity": N_("Opportunity"),
    "threat": N_("Threat"), "problem": N_("Core problem"), "cause": N_("Cause"), "effect": N_("Effect"),
    **DIAMOND,
    # TOWS
    "so": N_("SO: use strengths to seize opportunities"), "st": N_("ST: use strengths to face threats"),
    "wo": N_("WO: use opportunities to fix weaknesses"), "wt": N_("WT: keep weaknesses and threats apart"),
    # the six areas of cluster-organisation benchmarking
    "structure": N_("Structure"), "governance": N_("Management and governance"), "financing": N_("Financing"),
    "services": N_("Services"), "interaction": N_("Interaction within the cluster"),
    "achievements": N_("Achievements and recognition"),
    # indicator levels, objective tree
    "impact": N_("Impact"), "outcome": N_("Outcome"), "output": N_("Output"),
    "objective": N_("Objective"), "means": N_("Means"), "end": N_("End"),
    # vision, mission, values
    "visitors": N_("Clients and visitors"), "offer": N_("Offer"), "people": N_("People"),
    "territory": N_("Territory"), "who-we-are": N_("Who we are"), "for-whom": N_("For whom"),
    "what-we-do": N_("What we do together"), "among-us": N_("Among us"),
    "with-visitors": N_("With clients and visitors"), "with-the-territory": N_("With the territory"),
    # action plan, governance, review
    "quick-win": N_("Quick win"), "structural": N_("Structural"),
    "executing_agency": N_("Executing agency"), "council": N_("Strategic council"),
    "cluster_body": N_("Cluster governance body"), "meeting_cadence": N_("Meeting cadence"),
    "description": N_("Description"),
    "keep": N_("Keep"), "stop": N_("Stop"), "change": N_("Change"),
}
"""Categories of notes in the kits (finding kinds, diamond factors, benchmarking areas, …) → their label."""

CATEGORY_SHORT = {"so": N_("SO"), "st": N_("ST"), "wo": N_("WO"), "wt": N_("WT")}
"""Short labels where the long one does not fit a category bar or a column heading (the cross-SWOT
quadrants: FO/FA/DO/DA in Spanish and Portuguese)."""


def label(table: Mapping[str, str], key: str | None) -> str:
    """The translated label of an enum value (the raw value if the table does not know it)."""
    if key is None:
        return ""
    return _(table[key]) if key in table else str(key)
