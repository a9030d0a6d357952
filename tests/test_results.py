"""The results part of a fundable plan (issue 13): the risk matrix (data, checks, diff and merge by id, the
editor, the kit's risk step), the four-level logframe and the financing section of the PDF.

Data round trips are read back with tomllib; the PDF checks read the example rendered once for the session
(`example_pdf` in conftest.py); the rest reads the HTML the templates render (fast).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from pdfs import Rendered, compact
from pilot import pilot_test, plain, settle, until

from facilitator import i18n, risks
from facilitator.checks import check_folder
from facilitator.cli import main
from facilitator.diff import diff_plans
from facilitator.export.context import build_context
from facilitator.export.html import render_html
from facilitator.model import Plan
from facilitator.store import PlanStore

TODAY = dt.date(2026, 11, 22)


def _plan(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


def _load(folder: Path) -> Plan:
    with PlanStore.open(folder, read_only=True) as store:
        return store.plan


def _replace(folder: Path, old: str, new: str) -> None:
    path = folder / "plan.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _html(folder: Path, sections: set[str], lang: str = "en") -> str:
    with PlanStore.open(folder, read_only=True) as store:
        plan = store.plan
        sessions = [s.session for s in store.session_summaries() if s.session is not None]
    with i18n.in_language(lang):
        return render_html(build_context(plan, sessions, lang, today=TODAY, sections=sections))


def _section(html: str, sid: str) -> str:
    start = html.index(f'id="{sid}"')
    return html[start:html.index("</section>", start)]


# --- the data and the checks --------------------------------------------------------------------------------------

def test_scores_levels_and_the_heat_map() -> None:
    plan = Plan.model_validate({"cluster": {"name": "C"}, "risks": [
        {"id": "rsk-aaaaaa", "code": "R1", "risk": "a", "likelihood": 4, "impact": 3},
        {"id": "rsk-bbbbbb", "code": "R2", "risk": "b", "likelihood": 4, "impact": 3},
        {"id": "rsk-cccccc", "code": "R3", "risk": "c", "likelihood": 1, "impact": 4},
        {"id": "rsk-dddddd", "code": "R4", "risk": "d", "impact": 5}]})
    assert [risks.level(r) for r in plan.risks] == ["high", "high", "low", None]
    assert risks.level_of(11) == "medium" and risks.level_of(5) == "medium" and risks.level_of(4) == "low"
    grid = risks.heat_map(plan)
    assert [c.likelihood for c in grid[0]] == [5] * 5 and [c.impact for c in grid[0]] == [1, 2, 3, 4, 5]
    assert grid[1][2].codes == ("R1", "R2") and grid[4][3].codes == ("R3",)
    assert sum(len(c.codes) for row in grid for c in row) == 3, "an unrated risk is in no cell"
    assert [r.code for r in risks.ranked(plan)] == ["R1", "R2", "R3", "R4"]


def test_old_plans_without_risks_or_assumptions_load(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "plan.toml").write_text('format = "cluster-facilitator/plan/1"\n[cluster]\nname = "Old"\n'
                                      '[strategy]\nvision = "V"\n[[actions]]\nid = "act-aaaaaa"\ncode = "A1"\n'
                                      'title = "T"\n', encoding="utf-8")
    plan = _load(folder)
    assert plan.risks == [] and plan.strategy.assumptions == "" and plan.actions[0].assumptions == ""
    assert not [p for p in check_folder(folder) if p.check in ("unknown-key", "risk-unrated", "risk-unmitigated")]


def test_the_example_has_a_rated_and_mitigated_risk_matrix(example_plan: Path) -> None:
    data = _plan(example_plan)
    assert 6 <= len(data["risks"]) <= 10
    actions = {a["id"] for a in data["actions"]}
    for r in data["risks"]:
        assert r["id"].startswith("rsk-") and 1 <= r["likelihood"] <= 5 and 1 <= r["impact"] <= 5
        assert r["mitigation"] and r["owner"] and r["action"] in actions
    assert any(r["likelihood"] * r["impact"] >= risks.HIGH for r in data["risks"])
    assert not [p for p in check_folder(example_plan) if p.check.startswith("risk") or p.check == "dangling-id"]


def test_a_high_risk_without_mitigation_an_unrated_one_and_a_dangling_action(example_plan: Path) -> None:
    text = (example_plan / "plan.toml").read_text(encoding="utf-8")
    start = text.index('code = "R7"')
    mitigation = text.index("mitigation = ", start)
    end = text.index("\n", mitigation) + 1
    text = text[:mitigation] + text[end:]  # R7 (3 × 4) loses its mitigation
    r8 = text.index('code = "R8"')
    text = text[:r8] + text[r8:].replace("likelihood = 2\n", "", 1).replace('action = "act-vkhj2w"',
                                                                             'action = "act-zzzzzz"', 1)
    (example_plan / "plan.toml").write_text(text, encoding="utf-8")
    problems = {(p.check, p.record): p for p in check_folder(example_plan)}
    high = problems[("risk-unmitigated", "R7")]
    assert "3 × impact 4 = 12" in high.message and "mitigation" in high.message and high.line is not None
    assert text.splitlines()[high.line - 1] == "[[risks]]"
    assert "no likelihood" in problems[("risk-unrated", "R8")].message
    dangling = problems[("dangling-id", "R8")]
    assert "act-zzzzzz" in dangling.message and text.splitlines()[dangling.line - 1] == 'action = "act-zzzzzz"'
    assert main(["check", str(example_plan)]) == 1, "a dangling reference is an error"


def test_diff_and_merge_match_risks_by_id(example_plan: Path, tmp_path: Path) -> None:
    old = _load(example_plan)
    assert main(["revision", str(example_plan), "-m", "Risk matrix drafted"]) == 0
    theirs = tmp_path / "theirs"
    shutil.copytree(example_plan, theirs)
    # ours re-rates R1 and moves it to the end of the list; theirs adds a risk and writes R3's owner
    text = (example_plan / "plan.toml").read_text(encoding="utf-8")
    block_start = text.index("[[risks]]")
    block_end = text.index("[[risks]]", block_start + 1)
    r1 = text[block_start:block_end].replace("likelihood = 4", "likelihood = 5")
    governance = text.index("# Who runs the plan")
    text = text[:block_start] + text[block_end:governance] + r1 + text[governance:]
    (example_plan / "plan.toml").write_text(text, encoding="utf-8")
    _replace(theirs, 'owner = "Departmental Tourism Directorate"',
             'owner = "Departmental Tourism Directorate and the port committee"')
    _replace(theirs, "# Who runs the plan", '[[risks]]\nid = "rsk-n3wn3w"\ncode = "R9"\n'
             'risk = "Wine harvest festival moves to another department"\nlikelihood = 2\nimpact = 2\n\n'
             "# Who runs the plan")
    diff = diff_plans(old, _load(example_plan))
    r1_change = diff.find("risks", "R1")
    assert r1_change is not None and [(f.field, f.old, f.new) for f in r1_change.fields] == [("likelihood", 4, 5)]
    assert len(diff.of("risks")) == 1, "a moved risk is not a change"
    assert main(["merge", str(example_plan), str(theirs)]) == 0
    merged = {r["code"]: r for r in _plan(example_plan)["risks"]}
    assert merged["R1"]["likelihood"] == 5 and merged["R9"]["impact"] == 2
    assert merged["R3"]["owner"] == "Departmental Tourism Directorate and the port committee"
    assert "CONFLICT" not in (example_plan / "plan.toml").read_text(encoding="utf-8")


# --- the editor ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pilot_test
async def test_a_risk_added_in_the_risk_view(example_plan: Path, size: tuple[int, int]) -> None:
    from textual.widgets import Input, Static, TextArea

    from facilitator import app as app_module
    from facilitator.app import ClusterApp
    from facilitator.screens.record_form import RecordForm
    from facilitator.screens.risks import RisksScreen
    from facilitator.screens.widgets import RecordTable

    app_module.DISK_CHECK_SECONDS = 3600.0
    before = _plan(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, RisksScreen))
        summary = plain(app.screen.query_one("#summary", Static))
        assert "8 risks" in summary and "high 4" in summary, summary
        table = app.screen.query_one(RecordTable)
        assert table.select_key("R7")
        await pilot.pause()
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert form.query_one("#field-code", Input).value == "R9"
        area = form.query_one("#field-risk", TextArea)
        area.load_text("Cruise calls fall <b>[bold]by half[/bold]</b>")
        likelihood = form.query_one("#field-likelihood", Input)
        likelihood.value = "7"
        form.query_one("#field-impact", Input).value = "4"
        likelihood.focus()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "a likelihood of 7 keeps the form open"
        assert "5" in plain(form.query_one("#err-likelihood", Static))
        assert _plan(example_plan) == before, "nothing written"
        likelihood.value = "4"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RisksScreen))
        await pilot.pause()
        row = app.screen.query_one(RecordTable).current()
        assert row is not None and row.key == "R9"
    after = _plan(example_plan)["risks"]
    added = after[7]  # after the selected R7
    assert (added["code"], added["risk"], added["likelihood"], added["impact"]) == (
        "R9", "Cruise calls fall <b>[bold]by half[/bold]</b>", 4, 4)
    assert added["id"].startswith("rsk-")
    assert [(p.check, p.record) for p in check_folder(example_plan)] == [("risk-unmitigated", "R9")]


# --- the PDF ----------------------------------------------------------------------------------------------------------

def test_the_pdf_has_the_four_level_logframe_the_financing_plan_and_the_risk_matrix(example_pdf: Rendered) -> None:
    text = compact(example_pdf.text)
    for heading in ("Goal(impact)", "Purpose(outcome)", "Outputs", "Activities", "Financingplan", "Riskmatrix",
                    "Byyearandsource", "Cashandinkind", "Byexpensecategory", "Co-financing",
                    "Programshareofthecost", "atmost80%", "Likelihood", "almostcertain"):
        assert heading in text, heading
    assert compact("$1,287,000") in text and compact("$1,120,000") in text  # total, cash
    plan = _load(example_pdf.folder)
    for r in plan.risks:
        assert r.code in text
    assert compact(plan.strategy.assumptions[:60]) in text


def test_the_logframe_shows_every_level_from_the_plan(example_plan: Path) -> None:
    plan = _load(example_plan)
    html = _section(_html(example_plan, {"logframe"}), "logframe")
    assert html.count('class="lf-goal"') == 1
    assert html.count('class="lf-purpose"') == html.count('class="lf-outputs"') == len(plan.objectives)
    assert html.count('class="lf-activities"') == len(plan.objectives)
    assert str(escape(plan.strategy.assumptions)) in html
    for ind in plan.indicators:
        assert ind.code in html and str(escape(ind.source)) in html
    for a in plan.actions:
        if a.objectives and a.status != "cancelled":
            assert f'<span class="code">{a.code}</span> {escape(a.title)}' in html
        if a.assumptions:
            assert str(escape(a.assumptions)) in html
    goal = html[html.index('class="lf-goal"'):html.index("</tr>", html.index('class="lf-goal"'))]
    impact = [i.code for i in plan.indicators if i.level == "impact"]
    assert impact and all(code in goal for code in impact)
    assert not [i.code for i in plan.indicators if i.level != "impact" and f">{i.code}<" in goal]


def test_financing_section_totals_add_up_and_breaches_are_listed(example_plan: Path) -> None:
    plan = _load(example_plan)
    html = _section(_html(example_plan, {"financing"}), "financing")
    assert "Every action meets the program's co-financing rules." in html
    lines = [b for a in plan.actions for b in a.budget_lines]
    assert f"${sum(b.amount for b in lines):,.0f}" in html
    assert f"${sum(b.amount for b in lines if b.kind == 'in_kind'):,.0f}" in html
    for year in {b.year for b in lines}:
        assert f"<td>{year}</td>" in html
    assert "no budget lines yet" not in html
    # an action funded without lines is named (its money is not in these tables), and a breach typed into the
    # budget shows with the check's message
    text = (example_plan / "plan.toml").read_text(encoding="utf-8")
    a12 = text.index('code = "A12"')
    lines_at = text.index("[[actions.budget_lines]]", a12)
    next_action = text.index("[[actions]]", a12)
    (example_plan / "plan.toml").write_text(text[:lines_at] + text[next_action:], encoding="utf-8")
    assert "Actions with funding but no budget lines yet, not in these tables: A12." in _section(
        _html(example_plan, {"financing"}), "financing")
    _replace(example_plan, "max_program_share = 80", "max_program_share = 40")
    html = _section(_html(example_plan, {"financing"}), "financing")
    assert "Actions outside the co-financing rules" in html and "its rules allow at most 40%" in html


def test_risk_section_escapes_participant_text(example_plan: Path) -> None:
    _replace(example_plan, 'risk = "Firms stop sending', 'risk = "<script>x</script> {{ 7*7 }} Firms stop sending')
    html = _section(_html(example_plan, {"risks"}), "risks")
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt; {{ 7*7 }}" in html
    assert html.count('class="hm-cell') == 25
    assert '<td class="hm-cell hm-high">R5</td>' in html  # likelihood 4 × impact 4


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_new_sections_render_in_the_other_languages(example_plan: Path, lang: str) -> None:
    html = _html(example_plan, {"logframe", "financing", "risks"}, lang)
    for sid in ("logframe", "financing", "risks"):
        assert f'id="{sid}"' in html
    assert "R5" in _section(html, "risks") and "lf-activities" in _section(html, "logframe")


# --- the kit's risk step ---------------------------------------------------------------------------------------------

def test_the_risk_step_checks_its_cells_as_the_adopt_step_will(example_plan: Path) -> None:
    from facilitator.engine import table
    from facilitator.kits import load_kits

    kit = load_kits(example_plan).kits["action-plan"]
    step = kit.step("risks")
    assert step is not None and table.adopting_step(kit, step).into == "risks"  # type: ignore[union-attr]
    plan = _load(example_plan)
    cols = {c.name: c for c in table.columns(kit, step, plan)}
    assert cols["risk"].required and cols["action"].kind == table.REFERENCE
    assert {c.value for c in cols["action"].choices} == {a.code for a in plan.actions}
    assert table.check_cell(cols["likelihood"], "7", "en").problem
    assert table.check_cell(cols["likelihood"], "4", "en") == table.Cell(4)
    assert table.check_cell(cols["impact"], "0", "en").problem


# --- the risks CSV ---------------------------------------------------------------------------------------------------

def test_risks_csv_round_trip_and_located_errors_with_nothing_written(example_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "risks.csv"
    assert main(["csv", "export", str(example_plan), "risks", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "id,code,risk,likelihood,impact,mitigation,owner,action"
    assert ",4,4," in text and text.splitlines()[1].endswith(",A1")
    before = (example_plan / "plan.toml").read_bytes()
    assert main(["csv", "import", str(example_plan), "risks", str(out)]) == 0
    assert (example_plan / "plan.toml").read_bytes() == before, "an unchanged file changes nothing"
    bad = tmp_path / "bad.csv"
    bad.write_text("code,risk,likelihood,impact,action\nR1,Data stops,9,3,A1\nR9,Rain,1,1,A99\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "risks", str(bad)]) == 1
    assert (example_plan / "plan.toml").read_bytes() == before, "nothing written"
    good = tmp_path / "good.csv"
    good.write_text("code,risk,likelihood,impact,action\nR9,Port strike,2,4,A14\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "risks", str(good)]) == 0
    data = _plan(example_plan)
    added = data["risks"][-1]
    assert (added["code"], added["risk"], added["likelihood"], added["impact"]) == ("R9", "Port strike", 2, 4)
    assert added["id"].startswith("rsk-")
    assert added["action"] == next(a["id"] for a in data["actions"] if a["code"] == "A14")
    assert len(data["risks"]) == 9
