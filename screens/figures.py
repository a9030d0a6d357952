"""The key figures of the cluster profile (firms, jobs, visitors…), each with its year and source."""

from __future__ import annotations

from rich.text import Text

from facilitator import maps
from facilitator.i18n import _, ngettext
from facilitator.screens.editable import EditableTable
from facilitator.screens.overview import number, quantity
from facilitator.screens.widgets import Column, Row, lines, right


class FiguresScreen(EditableTable):
    """One row per key figure, in the order of the profile (the PDF's order)."""

    KIND = "figure"

    def columns(self) -> list[Column]:
        return [Column(_("Figure")), Column(_("Value"), 12, "right"), Column(_("Unit"), 9), Column(_("Year"), 5),
                Column(_("Weight"), 7, fit=True)]

    def summary(self) -> Text:
        n = len(self.state.plan.cluster.figures)
        return Text(ngettext("{n} key figure", "{n} key figures", n).format(n=n) + " · " + _(
            "the cluster profile's figures"))

    def empty_text(self) -> str:
        return _("No key figures yet: press + to add one (firms, jobs, sales…); give the cluster's weight "
                 "figures a weight to open the profile with them.")

    def rows(self) -> list[Row]:
        out = []
        lang = self.state.plan.language
        for i, f in enumerate(self.state.plan.cluster.figures):
            detail = lines(Text(f.name, style="bold"), (_("Value"), quantity(f.value, f.unit, lang)),
                           (_("Year"), f.year), (_("Source"), f.source),
                           (_("Weight of the cluster"), _(maps.WEIGHTS[f.weight]) if f.weight else ""),
                           (_("Share of the region %"), number(f.region_share, lang) if f.region_share is not None
                            else ""))
            weight = _(maps.WEIGHTS[f.weight]) if f.weight else ""
            out.append(Row([f.name, right(number(f.value, lang)), f.unit, f.year or "", weight], detail, key=f"#{i}",
                           data=f))
        return out
