"""Every action of the app in one table: its key, its footer label and its command-palette entry.

Screens build their `BINDINGS` from this table and the command palette lists it, so a key and its
palette entry come from one definition. The actions are app actions (``app.section('findings')``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.actions import parse
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

from facilitator.i18n import N_, _
from facilitator.screens.overview import SECTIONS


@dataclass(frozen=True)
class Command:
    """One action of the app."""

    id: str
    """Binding id (users may remap keys by id)."""
    key: str
    action: str
    label: str
    """Short label for the footer (translated where shown)."""
    title: str
    """Command-palette entry."""
    help: str
    show: bool = True
    """Shown in the footer."""
    needs_plan: bool = True


SECTION_GROUP = Binding.Group(N_("sections"), compact=True)

SECTION_COMMANDS: tuple[Command, ...] = tuple(
    Command(f"section.{sid}", key, f"app.section('{sid}')", label, N_("Open {section}"),
            N_("Show the {section} section of the plan"))
    for sid, key, label in SECTIONS
)

PLAN_COMMANDS: tuple[Command, ...] = (
    Command("plan.problems", "c", "app.problems", N_("Checks"), N_("Show the plan checks"),
            N_("Errors, warnings and advice found in the plan files")),
    Command("plan.monitoring", "l", "app.monitoring", N_("Monitoring"), N_("Show the monitoring dashboard"),
            N_("Traffic lights of objectives, indicators and actions; record measurements and action updates"),
            show=False),
    Command("plan.network", "N", "app.network", N_("Network"), N_("Show the collaboration network"),
            N_("Measures of the cluster's collaboration network per survey wave, its brokers and isolates"),
            show=False),
    Command("plan.risks", "exclamation_mark", "app.risks", N_("Risks"), N_("Show the risk matrix"),
            N_("What could go wrong, how likely and how bad (1 to 5), its mitigation and owner"),
            show=False),
    Command("plan.segments", "V", "app.section('segments')", N_("Value chain"), N_("Show the value chain"),
            N_("The segments of the value chain by stage, the segments each supplies, its stakeholders"),
            show=False),
    Command("plan.profile", "e", "app.edit_profile", N_("Edit"), N_("Edit the cluster profile"),
            N_("Cluster name, territory, sector, kind, description and program")),
    Command("plan.export", "x", "app.export", N_("Export"), N_("Export the plan as PDF"),
            N_("Choose the language and write the PDF to the exports folder")),
    Command("session.new", "n", "app.new_session", N_("New session"), N_("Start a workshop session"),
            N_("Pick a workshop kit, the date and who is present, then run it step by step"), show=False),
    Command("session.minutes", "m", "app.minutes", N_("Minutes"), N_("Export session minutes as PDF"),
            N_("The minutes of the selected session (in the sessions view) or of the latest one, as a PDF"),
            show=False),
    Command("plan.reload", "r", "app.reload", N_("Reload"), N_("Reload the plan from disk"),
            N_("Read plan.toml and the session files again"), show=False),
    Command("plan.merge", "M", "app.merge", N_("Merge"), N_("Merge another copy of the plan"),
            N_("Bring in the sessions and changes of another copy of this plan folder, choosing each conflict"),
            show=False),

    Command("plan.changes", "d", "app.changes", N_("Changes"), N_("Show what changed since a revision"),
            N_("A report of what was added, removed and changed since a recorded revision"), show=False),
    Command("plan.revision", "R", "app.record_revision", N_("Revision"), N_("Record a revision of the plan"),
            N_("Number this version of the plan and keep a snapshot of it in history/"), show=False),
)

PALETTE_COMMANDS: tuple[Command, ...] = (
    Command("plan.csv-export", "", "app.csv('export')", N_("Export CSV"), N_("Export CSV…"),
            N_("Stakeholders, indicators, actions or measurements as a CSV file for a spreadsheet")),
    Command("plan.csv-import", "", "app.csv('import')", N_("Import CSV"), N_("Import CSV…"),
            N_("Update stakeholders, indicators, actions or measurements from a CSV file (never deletes)")),
)
"""Commands offered by the command palette only (no key)."""

GENERAL_COMMANDS: tuple[Command, ...] = (
    Command("app.picker", "p", "app.picker", N_("Plans"), N_("Open or create another plan"),
            N_("Recent plans, a new plan, a plan by path, or the example"), needs_plan=False),
    Command("app.theme", "t", "app.cycle_theme", N_("Theme"), N_("Next theme"),
            N_("Cycle light, dark and high-contrast themes"), show=False, needs_plan=False),
    Command("app.help", "question_mark", "app.help", N_("Help"), N_("Show the keys"),
            N_("Every key of the app and of this screen"), needs_plan=False),
    Command("app.quit", "q", "app.quit", N_("Quit"), N_("Quit"), N_("Close the plan and leave"),
            needs_plan=False),
)

ALL_COMMANDS = SECTION_COMMANDS + PLAN_COMMANDS + PALETTE_COMMANDS + GENERAL_COMMANDS

EDIT_COMMANDS: tuple[Command, ...] = (
    Command("edit.record", "enter", "edit_record", N_("Edit"), N_("Edit the selected record"),
            N_("Open the selected record in a form; Ctrl+S saves it"), show=False),
    Command("edit.add", "plus,insert", "add_record", N_("Add"), N_("Add a record"),
            N_("A new record after the selected one, with the next free code")),
    Command("edit.delete", "delete", "delete_record", N_("Delete"), N_("Delete the selected record"),
            N_("Delete the selected record (Ctrl+Z brings it back)"), show=False),
    Command("edit.undo", "ctrl+z", "undo", N_("Undo"), N_("Undo the last change"),
            N_("Undo the last edit, delete or move made in this run of the app"), show=False),
    Command("edit.up", "alt+up,left_square_bracket", "move_record(-1)", N_("Move up"), N_("Move the record up"),
            N_("Move the selected record up in its list"), show=False),
    Command("edit.down", "alt+down,right_square_bracket", "move_record(1)", N_("Move down"),
            N_("Move the record down"), N_("Move the selected record down in its list"), show=False),
)
"""The keys of the section views that edit records (screen actions, not app actions: not in ALL_COMMANDS;
the palette lists them from the screen's bindings)."""

THEMES: tuple[tuple[str, str], ...] = (
    ("textual-light", N_("light")),
    ("textual-dark", N_("dark")),
    ("facilitator-contrast", N_("high contrast")),
)
"""The themes the ``t`` key cycles through, in order."""


def title(cmd: Command) -> str:
    """The palette entry, translated (section commands name their section)."""
    return _(cmd.title).format(section=_(cmd.label))


def help_text(cmd: Command) -> str:
    return _(cmd.help).format(section=_(cmd.label).lower())


def binding(cmd: Command) -> Binding:
    """The key binding of ``cmd``: its description and tooltip are the English msgids, translated where
    they are shown (`shown_description`, `shown_tooltip`), so the bindings built at import time follow a
    later change of language."""
    return Binding(cmd.key, cmd.action, cmd.label, show=cmd.show, id=cmd.id, tooltip=cmd.help,
                   group=SECTION_GROUP if cmd in SECTION_COMMANDS else None)


_BY_ID: dict[str, Command] = {cmd.id: cmd for cmd in (*ALL_COMMANDS, *EDIT_COMMANDS)}


def shown_description(b: Binding) -> str:
    """A binding's label in the current language (every binding of the app keeps its msgid, marked N_)."""
    return _(b.description) if b.description else ""


def shown_tooltip(b: Binding) -> str:
    """A binding's tooltip in the current language (a command's names its section)."""
    cmd = _BY_ID.get(b.id or "")
    if cmd is not None and b.tooltip == cmd.help:
        return help_text(cmd)
    return _(b.tooltip) if b.tooltip else ""


def bindings(*groups: tuple[Command, ...], hide: tuple[str, ...] = ()) -> list[BindingType]:
    """Bindings for the commands of ``groups``; those whose id is in ``hide`` work but leave the footer."""
    out: list[BindingType] = []
    for group in groups:
        for cmd in group:
            b = binding(cmd)
            if cmd.id in hide:
                b = Binding(b.key, b.action, b.description, show=False, id=b.id, tooltip=b.tooltip)
            out.append(b)
    return out


class ClusterCommands(Provider):
    """The command palette: every app action, the themes, and the keys of the screen it was opened from."""

    def _entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = self.app
        seen: set[str] = set()
        for cmd in ALL_COMMANDS:
            _target, name, params = parse(cmd.action)
            if app.check_action(name, params) is False:
                continue
            seen.add(cmd.action)
            yield title(cmd), help_text(cmd), partial(app.run_action, cmd.action)
        for theme, label in THEMES:
            action = f"app.set_theme('{theme}')"
            yield _("Theme: {name}").format(name=_(label)), _("Switch to the {name} theme").format(
                name=_(label)), partial(app.run_action, action)
        # The calling screen's own keys (save, back, …) so the palette offers every action of the screen.
        for active in self.screen.active_bindings.values():
            b = active.binding
            if not b.description or b.action in seen or not active.enabled or b.system:
                continue
            seen.add(b.action)
            name = shown_description(b)
            yield name, shown_tooltip(b) or name, partial(app.run_action, b.action, active.node)

    async def discover(self) -> Hits:
        for name, info, callback in self._entries():
            yield DiscoveryHit(name, callback, help=info)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, info, callback in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=info)
