"""Taking attendance fast, for the new-session screen and the runner's attendance dialog.

`AttendanceList` shows each person with ☑ or ☐ (a character, readable on a washed-out projector and
without colour), letters typed in it search and never toggle, space (or Enter) marks the highlighted
person, ctrl+a marks everyone present, Delete removes a newcomer added by mistake. `NewcomerForm` is the
small form for someone met at the door: name, organisation, kind (defaulted), Enter to add.

Nothing here writes: the screens hold the marks and newcomers until the user starts or saves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, OptionList, Select
from textual.widgets.option_list import Option

from facilitator.engine import attendance
from facilitator.i18n import N_, _
from facilitator.model import Stakeholder, StakeholderKind

PRESENT_MARK = "☑"
ABSENT_MARK = "☐"


def person_label(person: Stakeholder) -> Text:
    """Name in bold, organisation and kind dim; participant text stays literal (no markup)."""
    out = Text(person.name, style="bold")
    extra = " · ".join(x for x in (person.organization, _(str(person.kind))) if x)
    if extra:
        out.append(f"  {extra}", style="dim")
    return out


def typed_search(search: str, event: events.Key) -> str | None:
    """A roster's search after ``event``: a letter adds to it, Backspace takes one off, Escape clears it.
    None when the key is not the search's (space, arrows, Enter: left to the list's bindings); a key the
    search takes is stopped, so app keys (q, t, …) do not fire while a name is typed."""
    if event.key == "backspace" and search:
        search = search[:-1]
    elif event.key == "escape" and search:
        search = ""
    elif event.character and event.is_printable and not event.character.isspace():
        search += event.character
    else:
        return None
    event.stop()
    event.prevent_default()
    return search


class AttendanceList(OptionList):
    """Who is present, marked ☑/☐; type to search, space to mark, ctrl+a for everyone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "☑/☐", id="attendance.mark",
                tooltip=N_("Mark the highlighted person present ☑ or absent ☐")),
        Binding("enter", "mark", "☑/☐", id="attendance.mark-enter", show=False),
        Binding("ctrl+a", "everyone", N_("Everyone"), id="attendance.everyone",
                tooltip=N_("Everyone present (pressed again: no one)")),
        Binding("delete", "remove", N_("Remove"), id="attendance.remove",
                tooltip=N_("Remove a newcomer added by mistake")),
    ]

    class Changed(Message):
        """A mark, the search or the list of newcomers changed."""

        def __init__(self, attendance_list: AttendanceList) -> None:
            super().__init__()
            self.attendance_list = attendance_list

        @property
        def control(self) -> AttendanceList:
            return self.attendance_list

    def __init__(self, people: Iterable[Stakeholder], present: Iterable[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.people = list(people)
        self.present = {p for p in present}
        self.new: set[str] = set()
        """Ids of newcomers added here (not in the plan yet): marked as new, removable."""
        self.reported: set[str] = set()
        """Ids of people taken from a phone's check-in: what they said of themselves is self-reported."""
        self.search = ""
        self.shown: list[Stakeholder] = []
        """The people listed now: everyone, or those the search finds."""

    def on_mount(self) -> None:
        self._rebuild()

    # --- what the screens read -----------------------------------------------------------------------------

    @property
    def newcomers(self) -> list[Stakeholder]:
        return [p for p in self.people if p.id in self.new]

    def marks(self) -> dict[str, bool]:
        """Every person listed (newcomers too): present or not."""
        return {p.id: p.id in self.present for p in self.people}

    def status(self) -> Text:
        """One line under the list: the search, or the count and the keys."""
        if self.search:
            found = len(self.shown)
            out = Text(_("Search: "), style="bold")
            out.append(self.search, style="reverse")
            out.append("  " + (_("{n} of {total} · Esc clears").format(n=found, total=len(self.people)) if found
                               else _("nobody matches · Backspace or Esc")))
            return out
        here = len(self.present)
        out = Text(_("{mark} {n} of {total} present").format(mark=PRESENT_MARK, n=here, total=len(self.people)),
                   style="bold")
        out.append("  " + _("letters search · space ☑/☐ · ^a all · ^n newcomer"), style="dim")
        return out

    def add_newcomer(self, person: Stakeholder) -> None:
        """A person met at the door: listed last, present, marked as new."""
        self.people.append(person)
        self.new.add(person.id)
        self.present.add(person.id)
        self.search = ""
        self._rebuild(keep=person.id)

    def mark_present(self, person_id: str) -> None:
        """Mark a listed person present (a phone's check-in confirmed) and highlight them."""
        self.present.add(person_id)
        self.search = ""
        self._rebuild(keep=person_id)

    # --- keys ---------------------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        # Letters search, never toggle: a name typed by habit must not mark anyone. Space is left to the
        # binding (it marks); a key handled here is stopped so app keys (q, t, …) do not fire either.
        search = typed_search(self.search, event)
        if search is not None:
            self.search = search
            self._rebuild()

    def action_mark(self) -> None:
        person = self._highlighted_person()
        if person is None:
            return
        self.present ^= {person.id}
        self.search = ""  # the next letters start a new search, in the whole list
        self._rebuild(keep=person.id)

    def action_everyone(self) -> None:
        everyone = {p.id for p in self.people}
        self.present = set() if self.present >= everyone else everyone
        self._rebuild(keep=getattr(self._highlighted_person(), "id", None))

    def action_remove(self) -> None:
        person = self._highlighted_person()
        if person is None:
            return
        if person.id not in self.new:
            self.notify(_("Only a newcomer added here can be removed; space marks {name} absent.").format(
                name=person.name), markup=False, timeout=4)
            return
        index = self.people.index(person)
        self.people.remove(person)
        self.new.discard(person.id)
        self.present.discard(person.id)
        self.search = ""
        following = self.people[min(index, len(self.people) - 1)] if self.people else None
        self._rebuild(keep=following.id if following else None)

    # --- drawing ------------------------------------------------------------------------------------------

    def _highlighted_person(self) -> Stakeholder | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.shown):
            return None
        return self.shown[self.highlighted]

    def prompt(self, person: Stakeholder) -> Text:
        here = person.id in self.present
        out = Text(f"{PRESENT_MARK if here else ABSENT_MARK} ", style="bold" if here else "")
        label = person_label(person)
        if not here:
            label.stylize("dim")
        out.append_text(label)
        if person.id in self.new:
            out.append("  " + _("(new)"), style="italic")
        if person.id in self.reported:
            out.append("  " + _("(phone, self-reported)"), style="italic")
        return out

    def _rebuild(self, keep: str | None = None) -> None:
        """List the people the search finds (everyone without one), highlight ``keep`` or the best match."""
        if keep is None and not self.search:
            keep = getattr(self._highlighted_person(), "id", None)
        self.shown = [p for p in self.people if not self.search or attendance.matches(p, self.search)]
        self.clear_options()
        self.add_options([Option(self.prompt(p), id=p.id) for p in self.shown])
        index: int | None
        if self.search:
            index = attendance.best_match(self.shown, self.search)
        else:
            index = next((i for i, p in enumerate(self.shown) if p.id == keep), 0 if self.shown else None)
        self.highlighted = index
        if index is not None:
            self.scroll_to_highlight()
        self.post_message(self.Changed(self))


class NewcomerForm(Horizontal):
    """Name, organisation and kind of a newcomer; Enter in the name goes on to the organisation, Enter there
    adds. Hidden until opened (ctrl+n on the screen); Escape goes back to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", N_("Back to the list"), id="newcomer.leave", show=False),
    ]

    class Added(Message):
        def __init__(self, person: Stakeholder) -> None:
            super().__init__()
            self.person = person

    class Left(Message):
        """Escape: back to the list, the typed text kept."""

    class Invalid(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self) -> None:
        super().__init__(classes="quick-add")
        self.display = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Newcomer: name"), id="qa-name")
        yield Input(placeholder=_("Organisation"), id="qa-org")
        yield Select([(_(k.value), k.value) for k in StakeholderKind], value=StakeholderKind.firm.value,
                     allow_blank=False, id="qa-kind", compact=True)

    def open(self) -> None:
        self.display = True
        self.query_one("#qa-name", Input).focus()

    def values(self) -> tuple[str, str, str]:
        name = self.query_one("#qa-name", Input).value.strip()
        org = self.query_one("#qa-org", Input).value.strip()
        kind = self.query_one("#qa-kind", Select).value
        return name, org, str(kind) if kind is not Select.NULL else StakeholderKind.other.value

    def pending(self) -> bool:
        """A name or an organisation is typed but not added."""
        return any(self.values()[:2])

    def take(self) -> Stakeholder | None:
        """The typed newcomer (the fields cleared), or None, after saying why, when there is no name."""
        name, org, kind = self.values()
        if not name:
            self.post_message(self.Invalid(_("A newcomer needs a name.")))
            self.query_one("#qa-name", Input).focus()
            return None
        self.query_one("#qa-name", Input).value = ""
        self.query_one("#qa-org", Input).value = ""
        return attendance.newcomer(name, org, kind)

    @on(Input.Submitted, "#qa-name")
    def _to_organisation(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.post_message(self.Invalid(_("A newcomer needs a name.")))
            return
        self.query_one("#qa-org", Input).focus()

    @on(Input.Submitted, "#qa-org")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        person = self.take()
        if person is not None:
            self.post_message(self.Added(person))
            self.query_one("#qa-name", Input).focus()  # the next newcomer, often right behind

    def action_leave(self) -> None:
        if not self.pending():
            self.display = False
        self.post_message(self.Left())
