"""The network step: each participant, in turn, ticks from the plan's roster whom it worked with in the last
12 months, one kind of tie at a time.

Left, who answers (the people present, with how many ticks each); right, the roster for the one chosen and
the kind shown. Keyboard-first, like the attendance list: letters search (never tick), Enter picks the
respondent and moves to the roster, space ticks ☑ or unticks ☐ the highlighted actor (written to the
session file at once), ← and → change the kind, Escape goes back to the respondents. The ticks become ties
of the plan's network, in the session's wave, when the session closes (`facilitator.engine.nominations`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitator.engine import attendance, nominations
from facilitator.i18n import N_, _
from facilitator.model import Stakeholder
from facilitator.screens.attendance_list import AttendanceList, typed_search
from facilitator.screens.step_base import StepView, engine_call


def _kind_label(kind: str) -> str:
    from facilitator.network import kind_label

    return kind_label(kind)


class RespondentList(OptionList):
    """The people present, with their ticks; letters search, Enter picks."""

    def __init__(self, people: list[Stakeholder], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.people = people
        self.search = ""
        self.shown: list[Stakeholder] = []
        self.counts: dict[str, int] = {}

    def on_key(self, event: events.Key) -> None:
        search = typed_search(self.search, event)
        if search is not None:
            self.search = search
            self.rebuild()

    def rebuild(self, keep: str | None = None) -> None:
        if keep is None and self.highlighted is not None and 0 <= self.highlighted < len(self.shown):
            keep = self.shown[self.highlighted].id
        self.shown = [p for p in self.people if not self.search or attendance.matches(p, self.search)]
        self.clear_options()
        for p in self.shown:
            n = self.counts.get(p.id, 0)
            label = Text(p.name, style="bold" if n else "")
            label.append(f"  {n}" if n else "  ·", style="dim" if not n else "")
            self.add_options([Option(label, id=p.id)])
        if self.search:
            index = attendance.best_match(self.shown, self.search)
        else:
            index = next((i for i, p in enumerate(self.shown) if p.id == keep), 0 if self.shown else None)
        self.highlighted = index


class RosterList(AttendanceList):
    """The plan's actors for one respondent and one kind, ☑ for those it ticked (the attendance list's keys:
    letters search, space ticks); everyone at once and removing are not offered here.

    A tick is recorded by ``on_tick`` (the view's, which writes the session) before the mark changes on
    screen, in the same key press: a kind switched right after cannot overtake it."""

    def __init__(self, on_tick: Callable[[str], bool], *, id: str | None = None) -> None:
        super().__init__([], [], id=id)
        self.on_tick = on_tick

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("everyone", "remove"):
            return False  # ticking the whole roster is never an answer; the roster is the plan's
        return super().check_action(action, parameters)

    def action_mark(self) -> None:
        person = self._highlighted_person()
        if person is not None and self.on_tick(person.id):
            super().action_mark()


class NetworkView(StepView):
    """Who worked with whom: pick the respondent, tick the actors, kind by kind."""

    SHOWS_PROMPT = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "kind(1)", N_("Next kind"), id="network.next-kind",
                tooltip=N_("Ask about the next kind of tie")),
        Binding("left", "kind(-1)", N_("Previous kind"), id="network.previous-kind", show=False),
        Binding("escape", "respondents", N_("Respondents"), id="network.respondents",
                tooltip=N_("Back to the list of who answers")),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.kinds = nominations.kinds_of(self.step)
        self.kind = 0
        self.respondent: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="network-prompt")
        with Horizontal(id="network-panes"):
            with Vertical(id="network-left"):
                yield Static(_("Who answers"), classes="hint")
                yield RespondentList(nominations.respondents(self.ctx.session, self.ctx.plan), id="network-who")
            with Vertical(id="network-right"):
                yield Static(id="network-heading")
                yield RosterList(self._tick, id="network-roster")
        yield Static(id="network-status", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#network-panes").styles.height = "1fr"
        self.query_one("#network-left").styles.width = "35%"
        self.query_one("#network-who").styles.height = "1fr"
        self.query_one("#network-roster").styles.height = "1fr"
        self.refresh_view()

    def initial_focus(self) -> Widget | None:
        return self.query_one("#network-who", RespondentList)

    # --- what the room sees --------------------------------------------------------------------------------

    def room_lines(self) -> list[str]:
        counts = nominations.counts(self.ctx.session, self.step.id)
        return [_("{name}: {n} ticked").format(name=p.name, n=counts[p.id])
                for p in nominations.respondents(self.ctx.session, self.ctx.plan) if counts.get(p.id)]

    # --- keys ----------------------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#network-who")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.respondent = event.option.id
        self.kind = 0  # each respondent is asked every kind, from the first
        who = self.query_one("#network-who", RespondentList)
        who.search = ""
        who.rebuild(keep=self.respondent)
        self._fill_roster()
        self.query_one("#network-roster", RosterList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape in the list of who answers is the runner's (leave); here it only comes back from the roster.
        if action == "respondents":
            return self.screen.focused is self.query_one("#network-roster", RosterList)
        if action == "kind":
            return self.respondent is not None and len(self.kinds) > 1
        return True

    def action_kind(self, step: int) -> None:
        if self.respondent is None or len(self.kinds) < 2:
            return
        self.kind = (self.kind + step) % len(self.kinds)
        self._fill_roster()

    def action_respondents(self) -> None:
        self.query_one("#network-who", RespondentList).focus()

    def _tick(self, partner: str) -> bool:
        """Tick or untick ``partner`` for the respondent and the kind shown, and write the session now."""
        if self.respondent is None:
            return False
        respondent, kind = self.respondent, self.kinds[self.kind]
        if not engine_call(self, lambda: nominations.toggle(self.ctx.session, self.ctx.plan, self.step,
                                                            respondent, partner, kind)):
            return False
        self.ctx.changed()  # on failure the runner says why; the tick stays in the model and is saved next time
        self._counts()
        return True

    @on(AttendanceList.Changed, "#network-roster")
    def _searched(self, event: AttendanceList.Changed) -> None:
        event.stop()
        self._status()

    # --- drawing -------------------------------------------------------------------------------------------

    def _fill_roster(self) -> None:
        roster = self.query_one("#network-roster", RosterList)
        kind = self.kinds[self.kind]
        roster.people = [s for s in self.ctx.plan.stakeholders if s.id != self.respondent]
        roster.present = (nominations.ticked(self.ctx.session, self.step.id, self.respondent, kind)
                          if self.respondent else set())
        roster.search = ""
        roster._rebuild()
        heading = Text(end="")
        if self.respondent is None and not self.query_one("#network-who", RespondentList).people:
            heading.append(_("Nobody is marked present yet: take the attendance first (ctrl+t)."),
                           style="italic")
        elif self.respondent is None:
            heading.append(_("Pick who answers: type a few letters of the name, then Enter"), style="italic")
        else:
            who = self.ctx.plan.stakeholder(self.respondent)
            heading.append(who.name if who else self.respondent, style="bold")
            heading.append(" · " + _("worked with, in the last 12 months:") + " ")
            heading.append(_kind_label(kind), style="bold reverse")
            if len(self.kinds) > 1:
                heading.append(f"  ←→ {self.kind + 1}/{len(self.kinds)}", style="dim")
        self.query_one("#network-heading", Static).update(heading)
        self._status()

    def _counts(self) -> None:
        who = self.query_one("#network-who", RespondentList)
        who.counts = nominations.counts(self.ctx.session, self.step.id)
        who.rebuild()

    def _status(self) -> None:
        roster = self.query_one("#network-roster", RosterList)
        out = Text(end="")
        if roster.search:
            out.append(_("Search: "), style="bold")
            out.append(roster.search, style="reverse")
            out.append("  " + _("{n} of {total} · Esc clears").format(n=len(roster.shown), total=len(roster.people)))
        else:
            total = sum(nominations.counts(self.ctx.session, self.step.id).values())
            out.append(_("{n} ticks in all").format(n=total), style="bold")
            out.append("  " + _("letters search · Enter pick · space ☑/☐ · ←→ kind · Esc who answers"), style="dim")
        self.query_one("#network-status", Static).update(out)

    def refresh_view(self) -> None:
        if not self.children:
            return
        self.query_one("#network-prompt", Static).update(Text(self.ctx.text(self.step), style="bold"))
        self._counts()
        self._fill_roster()
