"""The plan checks: one crafted plan per check (its id, level, record and line), the SMART wording rules in
en/es/pt, `check --format json`, the judged scenario (a deleted baseline line), and docs/checks.md."""

from __future__ import annotations

import json
import re
import textwrap
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.checks import CHECKS, check_folder, has_timeframe, measurable
from facilitator.cli import main
from facilitator.problems import Level
from facilitator.store import PlanStore

ROOT = Path(__file__).resolve().parent.parent

BASE = textwrap.dedent("""\
    format = "cluster-facilitator/plan/1"
    language = "en"
    currency = "USD"

    [cluster]
    name = "Test Cluster"

    [[objectives]]
    id = "obj-aaaaaa"
    code = "O1"
    title = "Raise exports by 20% by 2029"

    [[indicators]]
    id = "ind-aaaaaa"
    code = "I1"
    objective = "obj-aaaaaa"
    name = "Exports"
    direction = "increase"
    baseline = 100
    baseline_year = 2025
    targets = [{ year = 2027, value = 110 }, { year = 2029, value = 120 }]
    source = "Customs"
    frequency = "annual"
    responsible = "Observatory"

    [[actions]]
    id = "act-aaaaaa"
    code = "A1"
    title = "Export promotion"
    objectives = ["obj-aaaaaa"]
    start = 2026-01-01
    end = 2027-01-01
    funding = [{ source = "program", amount = 1000 }]
    justification = "Exporters lack buyers abroad"
    beneficiaries = { small = 4, women = 3, men = 2 }
    """)

SECOND_OBJECTIVE = textwrap.dedent("""
    [[objectives]]
    id = "obj-bbbbbb"
    code = "O2"
    title = "{title}"
    """)


def plan_folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "plan"
    (folder / "sessions").mkdir(parents=True)
    (folder / "plan.toml").write_text(text, encoding="utf-8")
    return folder


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line of ``text`` that contains ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[nth - 1]


def replace(old: str, new: str) -> Callable[[str], str]:
    def apply(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)
    return apply


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


def test_the_base_plan_checks_clean(tmp_path: Path) -> None:
    assert check_folder(plan_folder(tmp_path, BASE)) == []


# (case, change to the base plan, check id, record, where the problem is: (text in the line, which occurrence))
CASES: list[tuple[str, Callable[[str], str], str, str, tuple[str, int]]] = [
    ("objective without indicator", append(SECOND_OBJECTIVE.format(title="Sell 10% more by 2028")),
     "objective-no-indicator", "O2", ("[[objectives]]", 2)),
    ("objective without action", append(SECOND_OBJECTIVE.format(title="Sell 10% more by 2028")),
     "objective-no-action", "O2", ("[[objectives]]", 2)),
    ("baseline deleted", replace("baseline = 100\n", ""), "indicator-incomplete", "I1", ("[[indicators]]", 1)),
    ("increase below baseline", replace("value = 110 }", "value = 90 }"), "target-direction", "I1",
     ("targets =", 1)),
    ("decrease above baseline", replace('direction = "increase"', 'direction = "decrease"'), "target-direction",
     "I1", ("targets =", 1)),
    ("targets the wrong way between years", replace("value = 120 }", "value = 105 }"), "target-direction", "I1",
     ("targets =", 1)),
    ("not measurable", append(SECOND_OBJECTIVE.format(title="Improve the quality of services by 2029")),
     "objective-not-measurable", "O2", ('title = "Improve', 1)),
    ("no time frame", replace("by 20% by 2029", "by 20%"), "objective-no-timeframe", "O1", ("title =", 1)),
    ("action linked to nothing", replace('objectives = ["obj-aaaaaa"]', "objectives = []"), "action-no-objective",
     "A1", ("[[actions]]", 1)),
    ("action ends before it starts", replace("end = 2027-01-01", "end = 2025-12-31"), "dates-order", "A1",
     ("end =", 1)),
    ("target before the baseline year", replace("year = 2027, value = 110", "year = 2024, value = 105"),
     "target-before-baseline", "I1", ("targets =", 1)),
    ("measurement before the baseline year",
     replace('responsible = "Observatory"\n',
             'responsible = "Observatory"\n\n[[indicators.measurements]]\ndate = 2024-06-30\nvalue = 101\n'),
     "measurement-before-baseline", "I1", ("[[indicators.measurements]]", 1)),
    ("declared budget differs from the funding", replace("funding = [", "budget = 2000\nfunding = ["),
     "budget-mismatch", "A1", ("budget =", 1)),
    ("funding in another currency", replace("funding = [", 'currency = "EUR"\nfunding = ['), "currency-mismatch",
     "A1", ('currency = "EUR"', 1)),
    ("reference to no objective", replace('objectives = ["obj-aaaaaa"]', 'objectives = ["obj-zzzzzz"]'),
     "dangling-id", "A1", ('objectives = ["obj-zzzzzz"]', 1)),
    ("duplicate code", append('\n[[actions]]\nid = "act-bbbbbb"\ncode = "A1"\ntitle = "Another"\n'
                              'objectives = ["obj-aaaaaa"]\n'), "duplicate-code", "A1", ('code = "A1"', 2)),
    ("duplicate id", append('\n[[actions]]\nid = "act-aaaaaa"\ncode = "A2"\ntitle = "Another"\n'
                            'objectives = ["obj-aaaaaa"]\n'), "duplicate-id", "act-aaaaaa", ('id = "act-aaaaaa"', 2)),
    ("unknown key from a hand edit", replace('title = "Export promotion"', 'title = "Export promotion"\ncolour = 1'),
     "unknown-key", None, ("colour = 1", 1)),
    ("merge conflict left in the file",
     replace('title = "Export promotion"', '# CONFLICT theirs: title = "Exports"\ntitle = "Export promotion"'),
     "merge-conflict", None, ("# CONFLICT", 1)),
]


@pytest.mark.parametrize(("change", "check", "record", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_check_finds_its_problem(tmp_path: Path, change: Callable[[str], str], check: str, record: str | None,
                                      where: tuple[str, int]) -> None:
    text = change(BASE)
    tomllib.loads(text)  # the crafted plan is valid TOML
    problems = check_folder(plan_folder(tmp_path, text))
    found = [p for p in problems if p.check == check]
    assert found, problems
    p = found[0] if check != "duplicate-code" else found[-1]
    assert p.level == CHECKS[check].level
    assert p.record == record
    assert p.file == "plan.toml"
    assert p.line == line_of(text, *where)
    assert p.advice and p.message
    # one located line: file:line: level: message; advice
    assert str(p) == f"plan.toml:{p.line}: {p.level}: {p.message}; {p.advice}"
    assert "\n" not in str(p)


def test_levels(tmp_path: Path) -> None:
    """Contradictions are errors (the plan is not exported), gaps warnings, wording and loose ends notes."""
    assert CHECKS["dates-order"].level == Level.error and CHECKS["dangling-id"].level == Level.error
    assert CHECKS["duplicate-code"].level == Level.error
    assert CHECKS["indicator-incomplete"].level == Level.warning
    assert CHECKS["budget-mismatch"].level == Level.warning
    assert CHECKS["objective-not-measurable"].level == Level.info
    assert CHECKS["currency-mismatch"].level == Level.info
    assert CHECKS["session-open"].level == Level.info


def test_an_incomplete_indicator_is_one_problem_naming_every_missing_key(tmp_path: Path) -> None:
    text = BASE
    for line in ("baseline = 100\n", "baseline_year = 2025\n", 'source = "Customs"\n', 'frequency = "annual"\n',
                 'responsible = "Observatory"\n'):
        text = text.replace(line, "")
    text = re.sub(r"targets = .*\n", "", text)
    problems = [p for p in check_folder(plan_folder(tmp_path, text)) if p.record == "I1"]
    assert [p.check for p in problems] == ["indicator-incomplete"]
    for key in ("baseline", "baseline_year", "targets", "source", "frequency", "responsible"):
        assert re.search(rf"\b{key}\b", problems[0].message)
    assert "baseline_year" in (problems[0].advice or "")


def test_targets_in_the_direction_and_maintain_raise_nothing(tmp_path: Path) -> None:
    text = BASE.replace('direction = "increase"', 'direction = "maintain"').replace("value = 110 }", "value = 90 }")
    assert not [p for p in check_folder(plan_folder(tmp_path, text)) if p.check == "target-direction"]


def test_a_budget_that_adds_up_raises_nothing(tmp_path: Path) -> None:
    text = BASE.replace("funding = [", "budget = 1000\nfunding = [")
    assert check_folder(plan_folder(tmp_path, text)) == []


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Raise exports by 20% by 2029"),
    ("en", "Train 600 workers within three years"),
    ("en", "Double the number of certified firms before the end of the programme"),
    ("es", "Aumentar las exportaciones un 20% para 2029"),
    ("es", "Capacitar a doscientos trabajadores en los próximos tres años"),
    ("es", "Duplicar las empresas certificadas al final del programa"),
    ("pt", "Aumentar as exportações em 20% até 2029"),
    ("pt", "Certificar quarenta empresas em um prazo de dois anos"),
    ("pt", "Reduzir pela metade a rotatividade em dois anos"),
])
def test_smart_wording_in_three_languages(lang: str, title: str) -> None:
    assert measurable(title, lang) and has_timeframe(title, lang)


@pytest.mark.parametrize(("lang", "title", "is_measurable", "is_timed"), [
    ("en", "Improve the quality of tourism services", False, False),
    ("en", "Improve the quality of tourism services by 2029", False, True),
    ("es", "Mejorar la calidad de los servicios turísticos", False, False),
    ("es", "Mejorar la calidad de los servicios para 2030", False, True),
    ("pt", "Melhorar a qualidade dos serviços turísticos", False, False),
    ("pt", "Aumentar o número de turistas em 15%", True, False),
    ("en", "Sell more route packages a year", False, False),
])
def test_smart_gaps(lang: str, title: str, is_measurable: bool, is_timed: bool) -> None:
    assert measurable(title, lang) is is_measurable
    assert has_timeframe(title, lang) is is_timed


def test_a_measurable_objective_needs_a_figure_only_when_it_has_no_indicator(tmp_path: Path) -> None:
    text = BASE.replace("by 20% by 2029", "by 2029")  # O1 has an indicator: measurable through it
    assert not [p for p in check_folder(plan_folder(tmp_path, text)) if p.check == "objective-not-measurable"]


def test_session_checks_on_the_example(example_plan: Path) -> None:
    session = example_plan / "sessions" / "2026-07-09-indicators.toml"
    text = session.read_text(encoding="utf-8")
    session.write_text(text.replace('status = "closed"', 'status = "open"', 1), encoding="utf-8")
    plan = example_plan / "plan.toml"
    plan_text = plan.read_text(encoding="utf-8")
    plan.write_text(plan_text.replace('session = "ses-', 'session = "ses-zz', 1), encoding="utf-8")
    problems = check_folder(example_plan)
    open_ = next(p for p in problems if p.check == "session-open")
    assert open_.level == Level.info and open_.file == "sessions/2026-07-09-indicators.toml"
    assert open_.line == line_of(text, 'status = "closed"') and open_.record == "ses-f5npe2"
    dangling = next(p for p in problems if p.check == "dangling-session")
    assert dangling.level == Level.warning and dangling.line == line_of(plan.read_text(encoding="utf-8"),
                                                                        'session = "ses-zz')


def test_every_problem_has_a_known_check_level_and_advice(tmp_path: Path) -> None:
    text = BASE + SECOND_OBJECTIVE.format(title="Improve services") + (
        '\n[[actions]]\nid = "act-bbbbbb"\ncode = "A1"\ntitle = "x"\nbudget = 5\ncurrency = "EUR"\n'
        'start = 2027-01-01\nend = 2026-01-01\nobjectives = ["obj-nothere"]\nodd = true\n')
    problems = check_folder(plan_folder(tmp_path, text))
    assert len({p.check for p in problems}) >= 8
    for p in problems:
        assert p.check in CHECKS and p.level == CHECKS[p.check].level and p.advice, p


# --- the command line -------------------------------------------------------------------------------------------

def test_check_json_reports_a_deleted_baseline(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The judged scenario: delete one indicator's `baseline = ...` line; the JSON names it with file and line."""
    path = example_plan / "plan.toml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    header = line_of(text, 'code = "I2.1"') - 2  # [[indicators]] of I2.1
    assert lines[header - 1].startswith("[[indicators]]")
    baseline = next(n for n in range(header, len(lines)) if lines[n].startswith("baseline ="))
    del lines[baseline]
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["check", "--format", "json", str(example_plan)]) == 0  # a warning, not an error
    problems = json.loads(capsys.readouterr().out)
    assert isinstance(problems, list)
    found = [p for p in problems if p["record"] == "I2.1"]
    assert len(found) == 1
    p = found[0]
    assert p["check"] == "indicator-incomplete" and p["level"] == "warning"
    assert p["file"] == "plan.toml" and p["line"] == header
    assert "baseline" in p["message"] and p["advice"]
    assert {"check", "level", "file", "line", "record", "message", "advice"} <= set(p)


def test_check_text_is_one_located_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = BASE.replace("end = 2027-01-01", "end = 2025-12-31").replace("baseline = 100\n", "")
    folder = plan_folder(tmp_path, text)
    assert main(["check", str(folder)]) == 1  # dates-order is an error
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0] == f"{folder}/plan.toml:{line_of(text, 'end =')}: error: action A1 ends (2025-12-31) before it " \
                     f"starts (2026-01-01); correct the start or the end date"
    assert out[1].startswith(f"{folder}/plan.toml:{line_of(text, '[[indicators]]')}: warning: indicator I1 has no "
                             "baseline; add baseline")


def test_the_example_plan_checks_without_errors_or_warnings(example_plan: Path) -> None:
    problems = check_folder(example_plan)
    assert not [p for p in problems if p.level in (Level.error, Level.warning)], problems


# --- the declared budget ----------------------------------------------------------------------------------------

def test_a_declared_budget_is_written_and_read_back(example_plan: Path) -> None:
    with PlanStore.open(example_plan) as store:
        action = store.plan.actions[0]
        store.update_plan({"budget": 90000}, target=action)
    data = tomllib.loads((example_plan / "plan.toml").read_text(encoding="utf-8"))
    assert data["actions"][0]["budget"] == 90000
    found = [p for p in check_folder(example_plan) if p.check == "budget-mismatch"]
    assert [p.record for p in found] == [data["actions"][0]["code"]]
    assert "85" in found[0].message and "90" in found[0].message


# --- the documentation ---------------------------------------------------------------------------------------------

def test_docs_list_every_check_with_its_level() -> None:
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", doc, flags=re.MULTILINE))
    for check in CHECKS.values():
        assert rows.get(check.id) == str(check.level), check.id
    assert set(rows) >= set(CHECKS)
