"""The collaboration network: its measures per wave side by side with the change between the first and the
last wave, then the brokers and the isolates of each wave; `u` records the measurements of the indicators
that take them from the network (through the store)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from facilitator import network
from facilitator.i18n import N_, _, format_number, ngettext
from facilitator.screens.base import TableScreen
from facilitator.screens.saving import write_through_store
from facilitator.screens.widgets import Column, Row, lines

BROKERS_SHOWN = 5
"""Brokers listed per wave (the JSON of `facilitator network` has up to ten)."""


def _num(value: float | None, measure: str, lang: str, signed: bool = False) -> str:
    """A measure in the plan's language ``lang``, as its indicators' measurements are shown."""
    if value is None:
        return "–"
    ratio = measure in ("density", "centralization", "largest_component", "reciprocity", "average_degree",
                        "betweenness")
    text = format_number(round(value, 3) if ratio else value, lang, 3)
    return "+" + text if signed and value > 0 else text


class NetworkScreen(TableScreen):
    """One row per measure, one column per wave (and the change); below, the brokers and the isolates."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "record", N_("Record measures"), id="network.record",
                tooltip=N_("Write the measurements of the indicators fed by the network, one per wave")),
    ]

    def on_mount(self) -> None:
        self._report = network.report(self.state.plan)
        super().on_mount()

    def _plan_changed(self, reason: str) -> None:
        self._report = network.report(self.state.plan)
        super()._plan_changed(reason)

    def columns(self) -> list[Column]:
        waves = self.state.plan.network.wave_ids()
        cols = [Column(_("Measure"), weight=2)] + [Column(w, None, "right") for w in waves]
        if len(waves) > 1:
            cols.append(Column(_("change"), 10, "right", fit=True))
        return cols

    def empty_text(self) -> str:
        return _("No network yet: import ties with facilitator csv import PLAN ties FILE.csv "
                 "(columns wave, from, to, kind).")

    def summary(self) -> Text:
        rep = self._report
        if not rep.waves:
            return Text(_("Collaboration network: no waves yet"))
        last = rep.waves[-1]
        text = ngettext("{n} wave", "{n} waves", len(rep.waves)).format(n=len(rep.waves))
        text += " · " + _("{wave}: {actors} actors, {ties} ties").format(wave=last.wave, actors=last.actors,
                                                                        ties=last.ties)
        if rep.change is not None:
            text += " · " + _("{new} new ties, {lost} lost since {before}").format(
                new=rep.change.new_ties, lost=rep.change.lost_ties, before=rep.change.before)
        return Text(text)

    def rows(self) -> list[Row]:
        rep = self._report
        if not rep.waves:
            return []
        out = []
        cells: list[object]
        moved = rep.change
        lang = self.state.plan.language
        for measure, label in network.MEASURES.items():
            cells = [_(label)]
            cells += [_num(w.value(measure), measure, lang) for w in rep.waves]
            if moved is not None:
                cells.append(_num(moved.deltas.get(measure), measure, lang, signed=True))
            detail = lines(Text(_(label), style="bold"), *((w.wave, _num(w.value(measure), measure, lang))
                                                             for w in rep.waves))
            out.append(Row(cells, detail, key=measure))
        blank = [""] * (len(rep.waves) + (moved is not None))
        out.append(Row([_("Brokers (betweenness)"), *blank], _("The actors who connect otherwise separate "
                                                                "groups, highest betweenness first."),
                       heading=True, label_only=True))
        for rank in range(min(BROKERS_SHOWN, max((len(w.brokers) for w in rep.waves), default=0))):
            cells = [f"{rank + 1}."]
            for w in rep.waves:
                b = w.brokers[rank] if rank < len(w.brokers) else None
                cells.append(f"{b.name} {_num(b.betweenness, 'betweenness', lang)}" if b else "")
            if moved is not None:
                cells.append("")
            detail = lines(*((w.wave, f"{w.brokers[rank].name} · {_num(w.brokers[rank].betweenness, 'betweenness', lang)}")
                             for w in rep.waves if rank < len(w.brokers)))
            out.append(Row(cells, detail, key=f"broker-{rank + 1}"))
        out.append(Row([_("Isolates"), *blank], _("Actors of the wave without a tie."), heading=True,
                       label_only=True))
        longest = max(len(w.isolated) for w in rep.waves)
        for k in range(longest):
            cells = [""]
            for w in rep.waves:
                cells.append(rep.names.get(w.isolated[k], w.isolated[k]) if k < len(w.isolated) else "")
            if moved is not None:
                cells.append("")
            out.append(Row(cells, key=f"isolate-{k + 1}"))
        if not longest:
            out.append(Row([_("none"), *blank], key="isolate-none"))
        if moved is not None:
            joined = ", ".join(rep.names.get(i, i) for i in moved.joined) or _("none")
            out.append(Row([_("Joined since {wave}").format(wave=moved.before), *blank[2:], joined, ""],
                           Text(joined), key="joined"))
        return out

    def action_record(self) -> None:
        state = self.state
        if state.read_only:
            self.notify(state.held_notice(_("This plan is read-only here (held by {who}); close it there to edit.")),
                        severity="warning", markup=False)
            return
        indicators, changed = network.recorded(state.plan)
        if not changed and indicators == list(state.plan.indicators):
            self.notify(_("The indicators fed by the network are up to date."), markup=False)
            return
        if write_through_store(self, lambda: state.update({"indicators": indicators}), keeps_typing=False):
            self.notify(_("Recorded: {what}").format(what=", ".join(changed)), markup=False)
