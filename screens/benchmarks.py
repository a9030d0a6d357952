"""The benchmarking gap table: the cluster's value against a reference cluster or region, and the gap."""

from __future__ import annotations

from rich.text import Text

from facilitator.i18n import _, ngettext
from facilitator.screens.editable import EditableTable
from facilitator.screens.overview import gap, number, quantity, signed, signed_quantity
from facilitator.screens.widgets import Column, Row, lines, right


class BenchmarksScreen(EditableTable):
    """One row per metric: cluster value, reference, reference value, gap (absolute and %)."""

    KIND = "benchmark"

    def columns(self) -> list[Column]:
        return [Column(_("Metric"), weight=3), Column(_("Cluster"), 9, "right"), Column(_("Reference"), weight=2),
                Column(_("Ref."), 9, "right"), Column(_("Gap"), 13, "right")]

    def summary(self) -> Text:
        b = self.state.plan.benchmarks
        refs = sorted({x.reference for x in b})
        text = ngettext("{n} metric", "{n} metrics", len(b)).format(n=len(b))
        if refs:
            text += " · " + _("compared with {refs}").format(refs=", ".join(refs))
        return Text(text)

    def empty_text(self) -> str:
        return _("No benchmarks yet: they come from the benchmarking workshop.")

    def rows(self) -> list[Row]:
        lang = self.state.plan.language
        out = []
        for b in self.state.plan.benchmarks:
            diff, share = gap(b)
            pct = f" ({signed_quantity(round(share * 100), '%', lang)})" if share is not None else ""
            detail = lines(Text(b.metric, style="bold"),
                           (_("Cluster"), quantity(b.value, b.unit, lang)),
                           (_("Reference"), f"{b.reference}: {quantity(b.reference_value, b.unit, lang)}"),
                           (_("Gap"), signed_quantity(diff, b.unit, lang) + pct),
                           (_("Year"), b.year), (_("Source"), b.source))
            out.append(Row([b.metric, right(number(b.value, lang)), b.reference, right(number(b.reference_value, lang)),
                            right(f"{signed(diff, lang)}{pct}")], detail, key=b.id, data=b))
        return out
