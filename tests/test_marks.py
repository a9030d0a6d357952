"""Choices that show without colour: checkboxes and pick-lists draw a tick when chosen, nothing otherwise."""

from __future__ import annotations

from pathlib import Path

from pilot import pilot_test, settle, until

from facilitator.app import ClusterApp
from facilitator.screens.export import ExportDialog
from facilitator.screens.widgets import MarkedCheckbox, MarkedSelectionList


@pilot_test
async def test_the_export_dialog_ticks_what_is_chosen_and_nothing_else(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.pause()
        draft = app.screen.query_one("#draft", MarkedCheckbox)
        assert not draft.value and "✓" not in draft.render().plain and "X" not in draft.render().plain
        draft.toggle()
        await pilot.pause()
        assert "✓" in draft.render().plain
        sections = app.screen.query_one("#sections", MarkedSelectionList)
        assert sections.render_line(0).text.startswith("▐✓▌")  # every section is chosen at first
        sections.deselect_all()
        await pilot.pause()
        first = sections.render_line(0).text
        assert first.startswith("▐ ▌")
