"""The main sections of the plan document, in order: light enough for the command line's help to import."""

from __future__ import annotations

from facilitator.i18n import N_

SECTIONS = (
    ("summary", N_("Executive summary")),
    ("profile", N_("Cluster profile")),
    ("diagnosis", N_("Diagnosis")),
    ("benchmarking", N_("Benchmarking")),
    ("vision", N_("Vision, mission and values")),
    ("objectives", N_("Strategic lines and objectives")),
    ("indicators", N_("Indicators")),
    ("logframe", N_("Logframe matrix")),
    ("actions", N_("Action plan")),
    ("projects", N_("Project profiles")),
    ("budget", N_("Budget")),
    ("financing", N_("Financing plan")),
    ("risks", N_("Risk matrix")),
    ("governance", N_("Governance")),
    ("monitoring", N_("Monitoring and evaluation")),
    ("network", N_("Collaboration network")),
    ("endorsement", N_("Endorsement")),
    ("revisions", N_("Revisions of the plan")),
    ("sessions", N_("Annex: workshop sessions")),
)
"""The document's main sections, in order: (anchor id, heading). Each starts on a new page.
The network is printed only for a plan with ties, the endorsement only when one is recorded (`build_context`
leaves them out otherwise)."""
