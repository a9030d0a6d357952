"""Plan numbers on the terminal app's screens follow the plan's language, as the PDF prints them: a Spanish
or Portuguese plan shows "1,6 noches" and "3.450", an English one "1.6 nights" and "3,450", whatever the
language of the app itself (issue 12)."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pilot import open_row, pilot_test, settle, until
from rich.console import Console
from rich.text import Text

from facilitator import i18n
from facilitator.app import ClusterApp
from facilitator.example import copy_example
from facilitator.screens.objectives import ObjectivesScreen
from facilitator.screens.overview import number, percent, quantity, signed_quantity
from facilitator.screens.record_form import RecordForm
from facilitator.screens.widgets import Row
from facilitator.store import PlanStore

NBSP = "\u00a0"


def _plain(value: object) -> str:
    return (value.plain if isinstance(value, Text) else str(value)).replace(NBSP, " ")


def _row(screen: Any, key: str) -> list[str]:
    """The cells and the detail of the screen's row ``key``, as plain text (no-break spaces made plain)."""
    row: Row = next(r for r in screen.rows() if r.key == key)
    return [_plain(c).strip() for c in row.cells] + [_plain(row.detail)]


def _screen_text(app: ClusterApp) -> str:
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text().replace(NBSP, " ")


def test_the_same_function_as_the_pdf() -> None:
    from facilitator.export.formatting import Fmt

    for lang in ("en", "es", "pt"):
        fmt = Fmt(lang)
        assert number(3450, lang) == fmt.num(3450)
        for value, unit in ((1.6, "noches"), (58, "%"), (812000, "visitors"), (2, "")):
            assert quantity(value, unit, lang) == fmt.quantity(value, unit)
    assert [number(3450, lang) for lang in ("en", "es", "pt")] == ["3,450", "3.450", "3.450"]
    assert [quantity(1.6, "nights", lang) for lang in ("en", "es")] == [f"1.6{NBSP}nights", f"1,6{NBSP}nights"]
    assert [percent(0.268, lang) for lang in ("en", "es", "pt")] == ["27%", f"27{NBSP}%", "27%"]
    assert signed_quantity(-1.6, "noches", "es") == f"−1,6{NBSP}noches"
    assert number(None, "es") == quantity(None, "%", "es") == percent(None, "es") == ""


EXPECTED = {
    # plan language: (figure jobs, nights, I1.1 baseline, a budget of 160000, a ratio)
    "es": ("3.450 puestos de trabajo", "1,6 noches", "1,6", "160.000", ","),
    "pt": ("3.450 postos de trabalho", "1,6 noites", "1,6", "160.000", ","),
    "en": ("3,450 jobs", "1.6 nights", "1.6", "160,000", "."),
}


@pytest.mark.parametrize("lang", ["es", "pt", "en"])
@pilot_test
async def test_plan_numbers_follow_the_plan_language(lang: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    jobs, nights, baseline, budget, decimal = EXPECTED[lang]
    folder = copy_example(tmp_path / "plan", lang)
    i18n.set_language("en")  # the app in English: the plan's numbers still follow the plan
    app = ClusterApp(folder)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            shown = _screen_text(app)
            assert jobs in shown and nights in shown  # the profile panel
            assert "3 450" not in shown and ("1.6 " not in shown if decimal == "," else "1,6 " not in shown)

            await app.action_section("figures")
            await settle(pilot)
            row = next(r for r in app.screen.rows() if r.data.value == 1.6)
            assert _plain(row.cells[1]).strip() == baseline and nights in _plain(row.detail)

            await app.action_section("indicators")
            await settle(pilot)
            cells = _row(app.screen, "I1.1")
            assert cells[2].startswith(baseline + " (")  # baseline (year)
            assert f"Baseline: {nights} (" in cells[-1] and f": {nights}" in cells[-1]  # and the measurements

            await app.action_section("monitoring")
            await settle(pilot)
            cells = _row(app.screen, "I1.1")
            assert cells[2] == baseline and cells[3] == f"1{decimal}7" and cells[4] == f"2{decimal}2"
            pct = " %" if lang == "es" else "%"  # as the PDF writes a share in the plan's locale
            assert cells[5] == f"17{pct}" and _row(app.screen, "O1:A2")[5] == f"30{pct}"

            await app.action_section("benchmarks")
            await settle(pilot)
            row = next(r for r in app.screen.rows() if r.data.value == 1.6)
            assert _plain(row.cells[3]).strip() == f"3{decimal}2"
            assert _plain(row.cells[4]).strip().startswith(f"−1{decimal}6 (−50")
            assert f"Gap: −{nights} (−50" in _plain(row.detail)

            await app.action_section("actions")
            await settle(pilot)
            assert _row(app.screen, "A3")[4] == budget

            await app.action_section("network")
            await settle(pilot)
            density = _row(app.screen, "density")[1]
            assert density.startswith("0" + decimal), density
    finally:
        i18n.set_language("en")


@pilot_test
async def test_a_spanish_form_saved_unchanged_keeps_its_decimals(tmp_path: Path) -> None:
    """A record form shows a number in the plan's convention, so saving it after changing another field
    reads the same number back: 0.125 used to be shown as "0.125", which a Spanish plan reads as 125."""
    folder = copy_example(tmp_path / "plan", "es")
    with PlanStore.open(folder) as store:
        ind = store.plan.indicators[0]
        ind.baseline = 0.125
        ind.targets[0].value = 1.234
        store.save_plan()
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        form = await open_row(pilot, "i", "I1.1", RecordForm)
        baseline = form.query_one("#field-baseline")
        assert baseline.value == "0,125"
        assert "; 1,234" in form.query_one("#field-targets").text
        form.query_one("#field-name").focus()
        await pilot.press("end", "x")  # change another field only
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ObjectivesScreen))
    saved = tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))["indicators"][0]
    assert saved["name"].endswith("x")
    assert saved["baseline"] == 0.125 and saved["targets"][0]["value"] == 1.234
    assert saved["measurements"][0]["value"] == 1.6


def test_a_session_s_numbers_follow_the_plan_language_too() -> None:
    """The close-session preview and the matrix's weighted scores, in the plan's language."""
    from facilitator.engine.consolidate import Consolidation
    from facilitator.model import Benchmark
    from facilitator.screens.step_consolidate import preview_lines
    from facilitator.screens.step_matrix import _score

    change = Consolidation(benchmarks=[Benchmark(id="bmk-a", metric="Estadía", unit="noches", value=1.6,
                                                 reference="Mendoza", reference_value=3450)])
    assert preview_lines(change, "es")[0][1] == [f"Estadía: 1,6{NBSP}noches / Mendoza 3.450"]
    assert preview_lines(change, "en")[0][1] == [f"Estadía: 1.6{NBSP}noches / Mendoza 3,450"]
    assert (_score(4, "es"), _score(2.75, "pt"), _score(4, "en")) == ("4,0", "2,8", "4.0")
