"""The fixed labels of the minutes (categories, columns, criteria…), translated where
they are shown, and `kit_label` for a kit's slug.
"""

from __future__ import annotations

from collections.abc import Mapping

from facilitator.export.formatting import text
from facilitator.i18n import N_, _

COLUMNS = {
    "metric": N_("Metric"), "unit": N_("Unit"), "value": N_("Value"), "reference": N_("Reference"),
    "reference_value": N_("Reference value"), "year": N_("Year"), "source": N_("Source"), "code": N_("Code"),
    "line": N_("Line"), "title": N_("Title"), "measure": N_("Measure"), "baseline": N_("Baseline"),
    "baseline_year": N_("Baseline year"), "target": N_("Target"), "target_year": N_("Target year"),
    "owner": N_("Owner"), "findings": N_("Findings"), "objective": N_("Objective"), "name": N_("Name"),
    "definition": N_("Definition"), "level": N_("Level"), "direction": N_("Direction"),
    "frequency": N_("Frequency"), "responsible": N_("Responsible"), "kind": N_("Kind"), "lead": N_("Lead"),
    "partners": N_("Partners"), "start": N_("Start"), "end": N_("End"), "program": N_("Program"),
    "public": N_("Public counterpart"), "private": N_("Private counterpart"), "priority": N_("Priority"),
    "field": N_("Field"), "indicator": N_("Indicator"), "date": N_("Date"), "note": N_("Note"),
    "action": N_("Action"), "status": N_("Status"), "progress": N_("Progress (%)"),
}
CRITERIA = {
    "impact": N_("Impact"), "feasibility": N_("Feasibility"), "collective_benefit": N_("Collective benefit"),
    "sustainability": N_("Sustainability"), "co_financing": N_("Co-financing"),
}
QUADRANTS = {
    "quick_win": N_("quick win"), "major_project": N_("major project"), "fill_in": N_("fill-in"),
    "time_sink": N_("time sink"),
}
CONSENSUS = {5: N_("full support"), 4: N_("agree"), 3: N_("can live with it"), 2: N_("serious reservations"),
             1: N_("block")}
PERSON_KINDS = {
    "firm": N_("firm"), "association": N_("association"), "university": N_("university"),
    "research": N_("research centre"), "government": N_("government"), "finance": N_("finance"), "ngo": N_("NGO"),
    "other": N_("other"),
}
"""The kind of one stakeholder, in the list of participants (the counts use the plural STAKEHOLDER_KINDS)."""
SIZES = {"micro": N_("Micro"), "small": N_("Small"), "medium": N_("Medium"), "large": N_("Large"),
         "unknown": N_("Size not recorded")}
GENDERS = {"f": N_("Women"), "m": N_("Men"), "x": N_("Another gender identity"), "unknown": N_("Not recorded")}


def kit_label(table: Mapping[str, str], key: str) -> str:
    """The translated label of a kit slug; a slug no table knows is shown readably (``co-design`` → Co design)."""
    for candidate in (key, key.replace("-", "_"), key.replace("_", "-")):
        if candidate in table:
            return _(table[candidate])
    return text(key.replace("_", " ").replace("-", " ")).capitalize()
