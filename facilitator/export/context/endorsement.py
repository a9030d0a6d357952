"""The endorsement page: who endorses the plan, in which session and when, and a signature block for each
signatory (name, role, organization: what they sign with, nothing else of the person)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from facilitator.export.context.annex import Trace
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.model import Plan, Session


def endorsement_section(plan: Plan, f: Fmt, sessions: Sequence[Session], trace: Trace) -> dict[str, Any] | None:
    """The page's content, or None when no endorsement is recorded (the page is then left out)."""
    e = plan.endorsement
    if not e.recorded():
        return None
    body = e.body.strip() or plan.governance.cluster_body.strip() or plan.cluster.name
    session = next((s for s in sessions if s.id == e.session), None)
    approved = ""
    if session is not None:
        approved = _("Approved at session {ref}, “{title}”, of {date}.").format(
            ref=trace.refs.get(session.id, ""), title=session.title, date=f.date(session.date))
    return {
        "body": text(body),
        "statement": text(_("The signatories below endorse this competitiveness plan ({revision}) and commit to "
                            "carrying it out and to reviewing it as it sets out.").format(
            revision=_("revision {n}").format(n=plan.revision))),
        "approved": text(approved),
        "date": f.date(e.date) if e.date else "",
        "note": text(e.note),
        "signatories": [{"name": text(s.name), "role": text(s.role), "organization": text(s.organization)}
                        for s in e.signatories],
    }
