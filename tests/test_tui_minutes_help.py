"""The minutes of a session exported from the sessions view (a fake export job stands in for WeasyPrint),
and the help listing every key of the runner and of the current step, footer or not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pilot import pilot_test, plain, settle, until
from textual.binding import Binding
from textual.widgets import Input, Static

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.engine import sessions
from facilitator.kits import load_kits
from facilitator.screens.export import ExportDialog
from facilitator.screens.help import HelpScreen
from facilitator.screens.runner import RunnerScreen
from facilitator.screens.sessions import SessionsScreen
from facilitator.store import PlanStore

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


class FakeMinutesJob:
    """Stands in for ExportJob.start(..., kind="minutes")."""

    started: ClassVar[list[tuple[Path, Path, str, str]]] = []

    def __init__(self, output: Path) -> None:
        self.output = output

    @classmethod
    def start(cls, folder: Path, output: Path, lang: str, timeout: float = 180,
              kind: str = "plan") -> FakeMinutesJob:
        cls.started.append((Path(folder), Path(output), lang, kind))
        return cls(output)

    def messages(self) -> Iterator[Any]:
        from facilitator.export.runner import Done, Progress

        yield Progress("reading the session")
        yield Done(self.output)

    def cancel(self) -> None:
        pass


@pilot_test
async def test_minutes_of_the_selected_session_from_the_sessions_view(example_plan: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.export import runner

    monkeypatch.setattr(runner, "ExportJob", FakeMinutesJob)
    FakeMinutesJob.started.clear()
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, SessionsScreen))
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        await pilot.press("down")
        await pilot.pause()
        key = screen.selected_key()
        assert app.state is not None
        chosen = next(s for s in app.state.sessions if s.session is not None and s.session.id == key)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and dialog.kind == "minutes"
        assert "minutes" in plain(dialog.query_one(".title", Static)).lower()
        output = dialog.query_one("#output", Input)
        assert output.value == str(example_plan / "exports" / f"minutes-{chosen.path.stem}-en.pdf")
        dialog.query_one("#language").value = "pt"
        await pilot.pause()
        assert output.value.endswith(f"minutes-{chosen.path.stem}-pt.pdf")
        await pilot.press("enter")  # the Export button has the focus
        await settle(pilot)
        assert FakeMinutesJob.started == [(chosen.path, Path(output.value), "pt", "minutes")]
        assert "Done:" in plain(dialog.query_one("#progress", Static))
        assert dialog.result == Path(output.value)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)


@pilot_test
async def test_minutes_from_the_palette_action_takes_the_latest_session(example_plan: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.screens.commands import ClusterCommands

    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [name for name, _help, _call in ClusterCommands(app.screen)._entries()]
        assert "Export session minutes as PDF" in titles
        await pilot.press("m")  # from the dashboard: the latest session
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        assert app.state is not None and isinstance(app.screen, ExportDialog)
        latest = [s for s in app.state.sessions if s.session is not None][-1]
        assert app.screen.session_file == latest.path


@pilot_test
async def test_help_in_the_runner_lists_the_hidden_keys_of_the_step(example_plan: Path) -> None:
    kit = load_kits(example_plan).get("joint-diagnosis")
    assert kit is not None
    with PlanStore.open(example_plan) as store:
        people = [s.id for s in store.plan.stakeholders[:3]]
        path = sessions.start(store, kit, dt.date(2026, 11, 22), present=people).path
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state is not None
        session_id = next(s.session.id for s in app.state.sessions if s.path == path.resolve() and s.session)
        await app.run_action(("app", "run_session", (session_id,)))
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
        await pilot.press("pagedown")  # the SWOT wall: a brainstorm
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen) and runner.ctx.session.current_step == "swot"
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        groups = dict(help_screen.groups)
        step_group = next(keys for heading, keys in help_screen.groups if heading.startswith("This step"))
        assert "This step: SWOT wall" in groups
        step_keys = dict(step_group)

        def shown(key: str) -> str:
            return app.get_key_display(Binding(key, ""))

        assert step_keys[shown("ctrl+z")] == "Undo the last delete or edit"
        assert shown("ctrl+e") in step_keys and shown("ctrl+x") in step_keys and shown("ctrl+o") in step_keys
        runner_keys = dict(groups["The session runner"])
        assert runner_keys[shown("pageup")] == "Go back to the previous step (PageUp)"
        assert any(shown("pagedown") in k for k in runner_keys) and shown("f10") in runner_keys
        text = help_screen.text()
        assert "Undo the last delete or edit" in text and shown("ctrl+e") in text
        # readable at 80×24: the dialog fits the screen and scrolls
        box = help_screen.query_one("#help")
        assert box.outer_size.height <= SIZE[1] and box.outer_size.width <= SIZE[0]
        assert box.max_scroll_y > 0 and box.has_focus
        await pilot.press("end")
        await until(pilot, lambda: box.scroll_y == box.max_scroll_y)  # the scroll is animated
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
