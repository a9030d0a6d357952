"""The terminal app driven by real key presses (Textual Pilot), asserting on the model and the files.

Workflows: the dashboard and every section view show the plan's records; the profile editor saves
through the store (comments kept), refuses invalid input at the field, and loses nothing typed when
the plan is read-only or changed on disk; a broken plan shows its problems; the picker creates plans;
the command palette offers the app's actions; the export dialog drives an export job. Plus a few
deterministic snapshots of a small fixed plan, and a start-up test that WeasyPrint is not imported.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pilot import pilot_test, plain, settle, type_text, until
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets._footer import FooterKey

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.screens.actions import ActionsScreen
from facilitator.screens.benchmarks import BenchmarksScreen
from facilitator.screens.confirm import ConfirmScreen
from facilitator.screens.dashboard import DashboardScreen
from facilitator.screens.export import ExportDialog
from facilitator.screens.findings import FindingsScreen
from facilitator.screens.governance import GovernanceScreen
from facilitator.screens.help import HelpScreen
from facilitator.screens.objectives import ObjectivesScreen
from facilitator.screens.picker import PickerScreen
from facilitator.screens.plan_error import PlanErrorScreen
from facilitator.screens.problems import ProblemsScreen
from facilitator.screens.profile import ProfileScreen
from facilitator.screens.sessions import SessionsScreen
from facilitator.screens.strategy import StrategyScreen
from facilitator.screens.widgets import Footer, ReadOnlyBanner, RecordTable
from facilitator.store import PlanStore

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 2-second disk watcher would make tests timing-dependent; tests call reload themselves."""
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


# --- helpers ---------------------------------------------------------------------------------------------


def table_text(table: DataTable[Any]) -> str:
    rows = []
    for i in range(table.row_count):
        rows.append(" | ".join(c.plain if isinstance(c, Text) else str(c) for c in table.get_row_at(i)))
    return "\n".join(rows)


def plan_of(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


async def enter_path(pilot: Pilot[Any], selector: str, path: Path) -> None:
    """Put a long path in a field (typing it key by key only slows the test) and press Enter there."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = str(path)
    await pilot.press("enter")


# --- dashboard ------------------------------------------------------------------------------------------

@pilot_test
async def test_dashboard_shows_cluster_and_section_counts(example_plan: Path) -> None:
    plan = PlanStore.open(example_plan, read_only=True).plan
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert plan.cluster.name in plain(screen.query_one("#profile", Static))
        assert screen.sub_title == plan.cluster.name
        sections = screen.query_one("#sections", RecordTable)
        by_key = {row.key: row.cells for row in sections.records}
        assert by_key["findings"][2] == str(len(plan.findings))
        assert by_key["benchmarks"][2] == str(len(plan.benchmarks))
        assert by_key["objectives"][2] == str(len(plan.objectives))
        assert by_key["indicators"][2] == str(len(plan.indicators))
        assert by_key["actions"][2] == str(len(plan.actions))
        assert by_key["sessions"][2] == str(len(list((example_plan / "sessions").glob("*.toml"))))
        sessions = table_text(screen.query_one("#sessions", RecordTable))
        for path in (example_plan / "sessions").glob("*.toml"):
            assert tomllib.loads(path.read_text(encoding="utf-8"))["date"].isoformat() in sessions
        assert "Checks:" in plain(screen.query_one("#checks", Static))
        assert "running" not in plain(screen.query_one("#checks", Static))


@pilot_test
async def test_dashboard_counts_check_problems(empty_plan: Path) -> None:
    text = (empty_plan / "plan.toml").read_text(encoding="utf-8")
    (empty_plan / "plan.toml").write_text(text + textwrap.dedent("""
        [[objectives]]
        id = "obj-aaaaaa"
        code = "O1"
        title = "An objective with neither indicator nor action"
        """), encoding="utf-8")
    app = ClusterApp(empty_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "2 warnings" in plain(app.screen.query_one("#checks", Static))
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        problems = table_text(app.screen.query_one(RecordTable))
        assert "plan.toml:" in problems and "O1 has no indicator" in problems


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pilot_test
async def test_a_partial_section_never_reads_missing_missi(empty_plan: Path, size: tuple[int, int]) -> None:
    text = (empty_plan / "plan.toml").read_text(encoding="utf-8")
    (empty_plan / "plan.toml").write_text(text + textwrap.dedent("""
        [strategy]
        vision = "The heritage destination of the River Plate"
        """), encoding="utf-8")
    app = ClusterApp(empty_plan)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#sections", RecordTable)
        row = table.get_row_at(next(i for i, r in enumerate(table.records) if r.key == "strategy"))
        status = row[3].plain
        width = table.columns[list(table.columns)[3]].width
        assert "…" not in status and len(status) <= width  # whole, never "missing: missi…"
        if size[0] >= 160:
            assert status == "◐ missing: mission, values, lines"
        else:
            assert status == "◐ to complete"  # the note line under the table says what is missing
        record = next(r for r in table.records if r.key == "strategy")
        assert "missing: mission, values, lines" in str(record.detail)


@pytest.mark.parametrize(("size", "whole"), [((80, 24), False), ((160, 45), True)])
@pilot_test
async def test_an_objective_heading_wraps_instead_of_being_cut(example_plan: Path, size: tuple[int, int],
                                                               whole: bool) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await until(pilot, lambda: bool(app.screen.query(RecordTable)))
        table = app.screen.query_one(RecordTable)
        with PlanStore.open(example_plan) as store:
            o2 = next(o for o in store.plan.objectives if o.code == "O2")
        index = next(i for i, r in enumerate(table.records) if r.heading and o2.title[:20] in str(r.cells))
        shown = " ".join(line.plain for line in [table.get_row_at(index)[1]]).replace("\n", " ")
        assert table.ordered_rows[index].height == (3 if size[1] >= 40 else 2) or whole
        if whole:
            assert " ".join(shown.split()) == o2.title  # every word, on as many lines as it takes
        else:
            assert shown.endswith("…") and " ".join(shown.split()).rstrip("…") in o2.title


# --- section views ------------------------------------------------------------------------------------------

def _expected(plan: Any, section: str) -> Iterator[str]:
    if section == "findings":
        yield from (f.code for f in plan.findings)
    elif section == "benchmarks":
        yield from (b.reference for b in plan.benchmarks)
    elif section == "objectives":
        yield from (o.code for o in plan.objectives)
        yield from (i.code for i in plan.indicators)
    elif section == "actions":
        yield from (a.code for a in plan.actions)


@pytest.mark.parametrize(("key", "screen_type", "section"), [
    ("f", FindingsScreen, "findings"),
    ("b", BenchmarksScreen, "benchmarks"),
    ("o", ObjectivesScreen, "objectives"),
    ("i", ObjectivesScreen, "objectives"),
    ("a", ActionsScreen, "actions"),
])
@pilot_test
async def test_table_views_show_every_record(example_plan: Path, key: str, screen_type: type, section: str) -> None:
    plan = PlanStore.open(example_plan, read_only=True).plan
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        shown = table_text(app.screen.query_one(RecordTable))
        expected = list(_expected(plan, section))
        assert expected and all(code in shown for code in expected)
        if key == "i":  # opened on the indicators: the cursor is on the first indicator
            assert app.screen.query_one(RecordTable).current().key == plan.indicators[0].code
        # The highlighted record's full text is shown under the table.
        await pilot.press("down")
        await pilot.pause()
        assert plain(app.screen.query_one("#detail", Static)).strip()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


@pilot_test
async def test_views_show_totals_and_statements(example_plan: Path) -> None:
    plan = PlanStore.open(example_plan, read_only=True).plan
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        total = sum(f.amount for a in plan.actions for f in a.funding)
        assert f"{int(total):,}" in plain(app.screen.query_one("#summary", Static))  # the plan is in English
        await pilot.press("s")  # from one section straight to another
        await pilot.pause()
        assert isinstance(app.screen, StrategyScreen)
        page = plain(app.screen.query_one("#strategy-text", Static))
        assert plan.strategy.vision[:60] in page
        lines_shown = table_text(app.screen.query_one(RecordTable))  # the strategic lines are records
        assert all(line.code in lines_shown for line in plan.strategy.lines)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GovernanceScreen)
        assert plan.governance.executing_agency in plain(app.screen.query_one("#governance-text", Static))
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
        shown = table_text(app.screen.query_one(RecordTable))
        for path in (example_plan / "sessions").glob("*.toml"):
            assert tomllib.loads(path.read_text(encoding="utf-8"))["title"][:20] in shown
        assert "Attendance:" in app.screen.detail.plain  # (the whole detail; the pane shows what fits)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)  # sections replace each other: one Escape back


@pilot_test
async def test_a_session_s_counts_agree_in_number(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, SessionsScreen))
        table = app.screen.query_one(RecordTable)
        assert table.select_key(table.records[0].key)  # the joint diagnosis: 1 decision, 1 parked, no drafts
        await pilot.pause()
        detail = app.screen.detail.plain
        assert "1 decision, 1 open parking-lot item" in detail and "0 drafts (0 adopted)" in detail
        assert "1 decisions" not in detail


@pilot_test
async def test_the_sessions_view_shows_n_and_n_starts_a_session(example_plan: Path) -> None:
    from facilitator.screens.new_session import NewSessionScreen

    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, SessionsScreen))
        await settle(pilot)
        keys = {k.key: k.description for k in app.screen.query_one(Footer).query(FooterKey)}
        assert keys.get("n") == "New session"
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen))


@pilot_test
async def test_enter_on_a_session_opens_it(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sessions = app.screen.query_one("#sessions", RecordTable)
        sessions.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
        assert app.screen.query_one(RecordTable).current().key == sessions.records[1].key


# --- profile editor -----------------------------------------------------------------------------------------------

@pilot_test
async def test_profile_edit_saves_through_the_store_and_keeps_comments(example_plan: Path) -> None:
    before = (example_plan / "plan.toml").read_text(encoding="utf-8")
    comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("tab")  # name → territory
        assert app.focused is app.screen.query_one("#cluster-territory", Input)
        await pilot.press("ctrl+u")
        await type_text(pilot, "Río [w] & Sur")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Río [w] & Sur" in plain(app.screen.query_one("#profile", Static))
    after = (example_plan / "plan.toml").read_text(encoding="utf-8")
    assert plan_of(example_plan)["cluster"]["territory"] == "Río [w] & Sur"
    assert [line.strip() for line in after.splitlines() if line.strip().startswith("#")] == comments
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith("territory =")


@pilot_test
async def test_the_footer_is_rebuilt_only_when_its_keys_change(example_plan: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    composed = []
    original = Footer.compose

    def counting(self: Footer) -> Any:
        composed.append(self.screen)
        return original(self)

    monkeypatch.setattr(Footer, "compose", counting)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        before = len(composed)
        for _ in range(4):  # between fields with the same keys: nothing to redraw in the footer
            await pilot.press("tab")
        await settle(pilot)
        assert len(composed) == before
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)  # other keys: the dashboard's footer shows them
        footer = app.screen.query_one(Footer)
        keys = {k.key for k in footer.query(FooterKey)}
        assert "e" in keys and "ctrl+s" not in keys


@pilot_test
async def test_profile_adds_a_program_to_a_new_plan(empty_plan: Path) -> None:
    app = ClusterApp(empty_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#program-funder", Input).focus()
        await type_text(pilot, "IDB")
        await pilot.press("ctrl+s")
        await settle(pilot)
    data = plan_of(empty_plan)
    assert data["program"] == {"funder": "IDB"}
    assert data["cluster"]["name"] == "Test Cluster"


@pilot_test
async def test_invalid_input_is_refused_at_the_field_and_kept(example_plan: Path) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        name = app.screen.query_one("#cluster-name", Input)
        assert app.focused is name
        await pilot.press("ctrl+u")
        await type_text(pilot, "   ")
        await pilot.pause()
        error = app.screen.query_one("#err-cluster-name", Static)
        assert error.has_class("-shown") and "cannot be empty" in plain(error)
        await pilot.press("tab")  # a valid change elsewhere is not saved either: all or nothing
        await pilot.press("ctrl+u")
        await type_text(pilot, "Sur")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert name.value == "   "
        assert app.focused is name
        assert app.screen.query_one("#cluster-territory", Input).value == "Sur"
        long_name = "x" * 201
        name.value = long_name
        await pilot.pause()
        assert "Too long" in plain(error)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert name.value == long_name
        # Escape asks before dropping what was typed; "n" keeps editing.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and name.value == long_name
        # So does quitting.
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and name.value == long_name
    assert (example_plan / "plan.toml").read_bytes() == before


@pilot_test
async def test_plan_changed_on_disk_keeps_what_was_typed(example_plan: Path) -> None:
    """An outside edit of another field, before the disk watcher noticed it: the save reads the plan
    again and writes at once, keeping both (it used to be refused until a reload)."""
    plan_file = example_plan / "plan.toml"
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "Typed")
        # Someone edits another field in a text editor meanwhile.
        text = plan_file.read_text(encoding="utf-8")
        plan_file.write_text(text.replace('sector = "', 'sector = "Edited outside: ', 1), encoding="utf-8")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert app.state is not None and app.state.plan.cluster.territory == "Typed"
        assert app.state.plan.cluster.sector.startswith("Edited outside: ")
    data = plan_of(example_plan)["cluster"]
    assert data["territory"] == "Typed"
    assert data["sector"].startswith("Edited outside: ")


@pilot_test
async def test_read_only_when_another_instance_holds_the_plan(example_plan: Path) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    holder = PlanStore.open(example_plan)
    try:
        app = ClusterApp(example_plan)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.state is not None and app.state.read_only
            banner = app.screen.query_one(ReadOnlyBanner)
            assert banner.display and "READ-ONLY" in plain(banner) and "pid" in plain(banner)
            await pilot.press("e")
            await pilot.pause()
            assert not isinstance(app.screen, ProfileScreen)
            assert any("read-only" in n.message for n in app._notifications)
            # Once the other instance closes the plan, Reload takes it over for editing.
            holder.close()
            await pilot.press("r")
            await settle(pilot)
            assert not app.state.read_only
            assert not app.screen.query_one(ReadOnlyBanner).display
    finally:
        holder.close()
    assert (example_plan / "plan.toml").read_bytes() == before


# --- opening plans ---------------------------------------------------------------------------------------------

@pilot_test
async def test_broken_plan_shows_its_problems_not_a_traceback(empty_plan: Path) -> None:
    plan_file = empty_plan / "plan.toml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8") + 'territory = "unclosed\n', encoding="utf-8")
    before = plan_file.read_bytes()
    app = ClusterApp(empty_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlanErrorScreen)
        text = plain(app.screen.query_one("#problem-text", Static))
        assert "plan.toml:" in text and "error" in text
        # Fixed in an editor, then r: the plan opens.
        plan_file.write_text(plan_file.read_text(encoding="utf-8").replace('"unclosed', '"closed"'),
                             encoding="utf-8")
        before = plan_file.read_bytes()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert plan_file.read_bytes() == before


@pilot_test
async def test_invalid_plan_offers_the_picker(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "plan.toml").write_text('format = "cluster-facilitator/plan/1"\n[cluster]\nname = 3\n')
    app = ClusterApp(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlanErrorScreen)
        assert "plan.toml:3" in plain(app.screen.query_one("#problem-text", Static))
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


@pilot_test
async def test_picker_creates_and_opens_a_new_plan(tmp_path: Path) -> None:
    folder = tmp_path / "wine"
    app = ClusterApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        app.screen.query_one("#new-name", Input).focus()
        await type_text(pilot, "Wine Cluster")
        await pilot.press("enter")  # to the folder field
        assert app.focused is app.screen.query_one("#new-folder", Input)
        await enter_path(pilot, "#new-folder", folder)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.sub_title == "Wine Cluster"
    assert plan_of(folder)["cluster"]["name"] == "Wine Cluster"
    from facilitator.recent import recent_plans

    assert recent_plans()[0] == folder.resolve()
    app = ClusterApp(None)  # the next start lists it by the cluster's name
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listed = app.screen.query_one("#recent", OptionList).get_option_at_index(0).prompt
        assert str(listed).startswith(f"Wine Cluster  {folder.resolve()}")


@pilot_test
async def test_picker_reports_a_wrong_path_at_the_field(example_plan: Path, tmp_path: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await enter_path(pilot, "#open-path", tmp_path / "nowhere")
        await settle(pilot)
        assert app.screen is picker
        error = picker.query_one("#open-error", Static)
        assert error.has_class("-shown") and "no such plan folder" in plain(error)
        assert picker.query_one("#open-path", Input).value.endswith("nowhere")
        await pilot.press("escape")  # back to the plan that is still open
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


@pilot_test
async def test_switching_plans_releases_the_first_lock(example_plan: Path, empty_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        await enter_path(pilot, "#open-path", empty_plan)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and app.screen.sub_title == "Test Cluster"
        other = PlanStore.open(example_plan)
        assert not other.read_only  # the app let go of the first plan
        other.close()
    again = PlanStore.open(empty_plan)
    assert not again.read_only  # and of the second one on exit
    again.close()


# --- palette, help, themes ------------------------------------------------------------------------------------

@pilot_test
async def test_command_palette_lists_the_app_actions(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        for expected in ("Open Findings", "Open Benchmarks", "Open Strategy", "Open Objectives",
                         "Open Indicators", "Open Actions", "Open Governance", "Open Sessions",
                         "Show the plan checks", "Edit the cluster profile", "Export the plan as PDF",
                         "Open or create another plan", "Next theme", "Theme: high contrast", "Show the keys",
                         "Quit"):
            assert any(p.startswith(expected) for p in prompts), expected
        await type_text(pilot, "edit pro")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)


@pilot_test
async def test_help_lists_the_keys_and_themes_cycle(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict(k for _title, group in app.screen.groups for k in group)
        assert keys["f"] == "Open Findings" and keys["e"] == "Edit the cluster profile" and "t" in keys
        await pilot.press("escape")
        await pilot.pause()
        seen = []
        for _ in range(3):
            await pilot.press("t")
            seen.append(app.theme)
        assert set(seen) == {"textual-light", "textual-dark", "facilitator-contrast"}
        await pilot.press("t")
        chosen = app.theme
    app = ClusterApp(example_plan)  # the next start keeps the theme chosen last
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == chosen


# --- export dialog -----------------------------------------------------------------------------------------------

class FakeJob:
    """Stands in for ExportJob: the dialog's side of the protocol, without WeasyPrint."""

    started: ClassVar[list[tuple[Path, Path, str]]] = []

    def __init__(self, output: Path, block: bool) -> None:
        import threading

        self.output = output
        self.block = block
        self.cancelled = threading.Event()

    @classmethod
    def start(cls, folder: Path, output: Path, lang: str, timeout: float = 180) -> FakeJob:
        cls.started.append((folder, output, lang))
        return cls(output, block="slow" in output.name)

    def messages(self) -> Iterator[Any]:
        from facilitator.export.runner import Done, Failed, Progress

        yield Progress("checking the plan")
        if self.block:
            self.cancelled.wait(10)
            yield Failed(("the export was cancelled",), cancelled=True)
            return
        yield Progress("writing 3 pages")
        yield Done(self.output)

    def cancel(self) -> None:
        self.cancelled.set()


@pilot_test
async def test_export_dialog_runs_the_job_and_shows_the_path(example_plan: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.export import runner

    monkeypatch.setattr(runner, "ExportJob", FakeJob)
    FakeJob.started.clear()
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        output = dialog.query_one("#output", Input)
        assert output.value.endswith("-en.pdf")
        dialog.query_one("#language").value = "es"
        await pilot.pause()
        assert output.value.endswith("-es.pdf")
        await pilot.press("enter")  # the Export button has the focus
        await settle(pilot)
        assert FakeJob.started == [(example_plan.resolve(), Path(output.value), "es")]
        assert "Done:" in plain(dialog.query_one("#progress", Static))
        assert dialog.result == Path(output.value)
        close = dialog.query_one("#start")
        assert app.focused is close and "Close" in str(close.label)
        await until(pilot, lambda: not close.has_class("-active"))  # a button ignores Enter while it animates
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


@pilot_test
async def test_export_can_be_cancelled(example_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.export import runner

    monkeypatch.setattr(runner, "ExportJob", FakeJob)
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#output", Input).value = str(example_plan / "exports" / "slow.pdf")
        dialog.query_one("#start").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.running
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert dialog.job is not None and dialog.job.cancelled.is_set()


# --- start-up --------------------------------------------------------------------------------------------------------

STARTUP = """
import asyncio, sys
from pathlib import Path
from facilitator.app import ClusterApp

async def main():
    app = ClusterApp(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(type(app.screen).__name__)
    print(",".join(m for m in sys.modules if m.startswith(("weasyprint", "facilitator.export"))) or "-")

asyncio.run(main())
"""


def test_startup_does_not_import_weasyprint(example_plan: Path) -> None:
    out = subprocess.run([sys.executable, "-c", STARTUP, str(example_plan)], capture_output=True, text=True,
                         timeout=60, check=True).stdout.split()
    assert out == ["DashboardScreen", "-"]


# --- snapshots of a small fixed plan (so the pictures do not move when the example does) ------------------

SNAPSHOT_PLAN = """\
# A small fixed plan for the snapshot tests.
format = "cluster-facilitator/plan/1"
language = "en"
revision = 1

[cluster]
name = "Valle Wine Cluster"
territory = "Valle del Sol"
sector = "Wine and wine tourism"
kind = "vertical"

[[cluster.figures]]
name = "Wineries"
value = 42
unit = "firms"
year = 2025

[program]
name = "Cluster Program"

[[findings]]
id = "fnd-aaaaaa"
code = "D1"
kind = "strength"
text = "Old vines and a recognised grape [Malbec]"
votes = 9
rank = 1

[[findings]]
id = "fnd-bbbbbb"
code = "D2"
kind = "weakness"
factor = "demand"
text = "Visitors stay one night; nothing to do after the winery tour, so they drive back to the city"
votes = 12
rank = 2

[[findings]]
id = "fnd-cccccc"
code = "D3"
kind = "threat"
text = "Hail"
votes = 2

[strategy]
vision = "By 2032 the valley is the country's best-known wine destination."
vision_horizon = 2032

[[strategy.lines]]
id = "lin-aaaaaa"
code = "L1"
title = "Stay longer"

[[objectives]]
id = "obj-aaaaaa"
code = "O1"
line = "lin-aaaaaa"
title = "Raise the average stay to two nights"

[[indicators]]
id = "ind-aaaaaa"
code = "I1.1"
objective = "obj-aaaaaa"
name = "Average stay"
unit = "nights"
baseline = 1.1
baseline_year = 2025
targets = [{ year = 2028, value = 1.5 }, { year = 2030, value = 2.0 }]
source = "Visitor survey"
responsible = "Observatory"

[[indicators.measurements]]
date = 2026-06-30
value = 1.3

[[actions]]
id = "act-aaaaaa"
code = "A1"
title = "Evening routes between wineries"
objectives = ["obj-aaaaaa"]
start = 2026-03-01
end = 2027-02-28
status = "ongoing"
funding = [{ source = "program", amount = 50000 }, { source = "private", amount = 20000 }]
justification = "Growers sell in bulk at low prices"
beneficiaries = { small = 12, women = 20, men = 25 }

[governance]
executing_agency = "Development Agency"

[[revisions]]
number = 1
date = 2026-02-01
summary = "First version"
"""


@pytest.fixture
def snapshot_plan(tmp_path: Path) -> Path:
    folder = tmp_path / "valle"
    (folder / "sessions").mkdir(parents=True)
    (folder / "history").mkdir()
    (folder / "plan.toml").write_text(SNAPSHOT_PLAN, encoding="utf-8")
    (folder / "history" / "plan-r1.toml").write_text(SNAPSHOT_PLAN, encoding="utf-8")
    return folder


def test_snapshot_dashboard(snap_compare: Any, snapshot_plan: Path) -> None:
    assert snap_compare(ClusterApp(snapshot_plan), terminal_size=SIZE, run_before=settle)


def test_snapshot_findings(snap_compare: Any, snapshot_plan: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f", "down", "down")
        await pilot.pause()

    assert snap_compare(ClusterApp(snapshot_plan), terminal_size=SIZE, run_before=run_before)


def test_snapshot_objectives(snap_compare: Any, snapshot_plan: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()

    assert snap_compare(ClusterApp(snapshot_plan), terminal_size=SIZE, run_before=run_before)


def test_snapshot_profile_with_an_error(snap_compare: Any, snapshot_plan: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await pilot.pause()

    assert snap_compare(ClusterApp(snapshot_plan), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pilot_test
async def test_a_detail_too_long_for_its_pane_says_so_on_its_last_line(example_plan: Path,
                                                                     size: tuple[int, int]) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")  # the risk matrix: long risks and mitigations
        await until(pilot, lambda: bool(app.screen.query("#detail")) and bool(app.screen.query(RecordTable)))
        await pilot.pause()
        await pilot.pause()
        pane = app.screen.query_one("#detail", Static)
        shown = plain(pane).splitlines()
        if size == (80, 24):
            assert shown[-1] == "… Enter opens the whole record" and len(shown) <= pane.content_region.height
        else:
            assert "…" not in plain(pane) and "Owner" in plain(pane)  # room for all of it
