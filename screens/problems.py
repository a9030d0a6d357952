"""The plan checks: every error, warning and note with its file and line, worst first."""

from __future__ import annotations

from facilitator.screens.base import TableScreen
from facilitator.screens.widgets import Column, Row, lines, literal
from rich.text import Text

from facilitator.i18n import N_, _, ngettext
from facilitator.problems import Level

LEVEL_STYLE = {Level.error: "bold reverse", Level.warning: "bold", Level.info: "italic"}
LEVEL_LABEL = {Level.error: N_("error"), Level.warning: N_("warning"), Level.info: N_("note")}


class ProblemsScreen(TableScreen):
    """Check results; the full message of the highlighted one below. Updated when the checks re-run."""

    def columns(self) -> list[Column]:
        return [Column(_("Level"), 7), Column(_("Where"), 20), Column(_("Message"))]

    def summary(self) -> Text:
        counts = self.state.counts()
        if counts is None:
            return Text(_("Checking the plan…"))
        errors, warnings, infos = counts
        if not (errors or warnings or infos):
            return Text(_("No problems found ✓"))
        parts = [(errors, ngettext("{n} error", "{n} errors", errors)),
                 (warnings, ngettext("{n} warning", "{n} warnings", warnings)),
                 (infos, ngettext("{n} note", "{n} notes", infos))]
        return Text(" · ".join(text.format(n=n) for n, text in parts if n))

    def empty_text(self) -> str:
        if self.state.problems is None:
            return _("The checks are running…")
        return _("The plan passes every check.")

    def rows(self) -> list[Row]:
        out = []
        for i, p in enumerate(self.state.problems or []):
            where = p.file if p.line is None else f"{p.file}:{p.line}"
            level = Level(p.level)
            detail = lines(Text(f"{_(LEVEL_LABEL[level])}: {where}", style="bold"), p.message,
                           (_("Key"), p.key), (_("Record"), p.record), (_("Check"), p.check))
            out.append(Row([literal(_(LEVEL_LABEL[level]), LEVEL_STYLE[level]), where, p.message], detail,
                           key=f"{i}:{p.check}", data=p))
        return out
