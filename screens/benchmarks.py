"""The benchmarking gap table: the cluster's value against a reference cluster or region, and the gap."""

from __future__ import annotations

from rich.text import Text

from facilitator.i18n import _, ngettext
from facilitator.screens.editable import EditableTable
from facilitator.screens.overview import gap, number, signed
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
        out = []
        for b in self.state.plan.benchmarks:
            diff, share = gap(b)
            pct = f" ({signed(round(share * 100))}%)" if share is not None else ""
            unit = f" {b.unit}" if b.unit else ""
            detail = lines(Text(b.metric, style="bold"),
                           (_("Cluster"), f"{number(b.value)}{unit}"),
                           (_("Reference"), f"{b.reference}: {number(b.reference_value)}{unit}"),
                           (_("Gap"), f"{signed(diff)}{unit}{pct}"),
                           (_("Year"), b.year), (_("Source"), b.source))
            out.append(Row([b.metric, right(number(b.value)), b.reference, right(number(b.reference_value)),
                            right(f"{signed(diff)}{pct}")], detail, key=b.id, data=b))
        return out
