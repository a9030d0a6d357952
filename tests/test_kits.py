"""The built-in workshop kits: all nine load, speak three languages, hang together; a plan's own kits are
validated with located errors and override the built-in ones."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.kits import load_kits
from facilitator.model import LANGUAGES, ConsolidateInto, Kit, LocalText, StepKind

ROOT = Path(__file__).resolve().parent.parent
NINE = {"joint-diagnosis", "benchmarking", "vision", "mission", "objectives", "indicators", "action-plan",
        "governance", "review"}


@pytest.fixture(scope="module")
def kits() -> dict[str, Kit]:
    found = load_kits()
    assert found.problems == []
    return found.kits


def _texts(kit: Kit) -> list[tuple[str, LocalText | None]]:
    out: list[tuple[str, LocalText | None]] = [("title", kit.title), ("purpose", kit.purpose)]
    for step in kit.steps:
        out += [(f"{step.id}.title", step.title), (f"{step.id}.prompt", step.prompt)]
    return out


def test_all_nine_kits_load_without_problems(kits: dict[str, Kit]) -> None:
    assert set(kits) == NINE
    files = {p.stem for p in (ROOT / "workshops").glob("*.toml")}
    assert files == NINE  # one file per kit, named by its id
    assert all(load_kits().origin[k] == "built-in" for k in NINE)


@pytest.mark.parametrize("kit_id", sorted(NINE))
def test_every_text_is_in_english_spanish_and_portuguese(kits: dict[str, Kit], kit_id: str) -> None:
    for where, local in _texts(kits[kit_id]):
        assert local is not None, f"{kit_id}: {where} is missing"
        for lang in LANGUAGES:
            value = getattr(local, lang)
            assert value.strip(), f"{kit_id}: {where} has no {lang} text"
            assert value == value.strip() and "  " not in value, f"{kit_id}: {where}.{lang} has stray spaces"
        # a prompt tells the facilitator what to say and do: more than a label
        if where.endswith(".prompt"):
            assert len(local.en.split()) >= 12, f"{kit_id}: {where} is too thin to guide a room"


@pytest.mark.parametrize("kit_id", sorted(NINE))
def test_steps_hang_together(kits: dict[str, Kit], kit_id: str) -> None:
    kit = kits[kit_id]
    ids = [s.id for s in kit.steps]
    assert len(ids) == len(set(ids)), f"{kit_id}: duplicate step ids"
    kinds = {s.kind for s in kit.steps}
    assert kinds <= set(StepKind)
    for i, step in enumerate(kit.steps):
        earlier = {s.id: s for s in kit.steps[:i]}
        for source in step.inputs():
            assert source in earlier, f"{kit_id}.{step.id}: source {source} is not an earlier step"
        if step.kind in ("group", "vote", "matrix", "consolidate"):
            assert step.inputs(), f"{kit_id}.{step.id}: a {step.kind} step needs a source"
        if step.kind == "consolidate":
            assert step.into in set(ConsolidateInto), f"{kit_id}.{step.id}: consolidate without `into`"
        else:
            assert step.into is None and step.top is None
        if step.kind == "vote":
            assert step.dots_per_person, f"{kit_id}.{step.id}: a vote step needs dots_per_person"
            assert not step.max_per_item or step.max_per_item <= step.dots_per_person
            # the votes go on notes or drafts of the steps it reads
            assert all(earlier[s].kind in ("brainstorm", "statement", "table") for s in step.inputs())
        if step.kind == "matrix":
            assert step.criteria and set(step.weights) <= set(step.criteria)
        if step.kind == "table":
            assert step.columns and len(step.columns) == len(set(step.columns))
        if step.kind == "brainstorm":
            assert len(step.categories) == len(set(step.categories))
        if step.quorum is not None:
            assert step.kind == "statement", f"{kit_id}.{step.id}: quorum only applies to adopting statements"
    assert 60 <= sum(s.minutes for s in kit.steps) <= 240, f"{kit_id}: not a half-day workshop"
    assert kit.steps[-1].kind in ("decide", "consolidate"), f"{kit_id}: ends without closing the loop"


def test_kits_follow_the_method(kits: dict[str, Kit]) -> None:
    """What the issue asks of each kit, checked on the data."""
    def step(kit_id: str, step_id: str):  # type: ignore[no-untyped-def]
        found = kits[kit_id].step(step_id)
        assert found is not None, f"{kit_id} has no step {step_id}"
        return found

    def into(kit_id: str) -> set[str]:
        return {str(s.into) for s in kits[kit_id].steps if s.kind == "consolidate"}

    # joint diagnosis: figures, SWOT and diamond walls, problem tree, a vote over both walls, findings
    assert step("joint-diagnosis", "figures").kind == "briefing"
    assert step("joint-diagnosis", "swot").categories == ["strength", "weakness", "opportunity", "threat"]
    assert step("joint-diagnosis", "diamond").categories == [
        "factor", "demand", "related", "strategy", "government", "chance"]
    assert step("joint-diagnosis", "problem-tree").categories == ["problem", "cause", "effect"]
    vote = step("joint-diagnosis", "vote-swot")
    assert vote.inputs() == ["swot", "diamond"]
    consolidate = step("joint-diagnosis", "consolidate")
    assert consolidate.into == "findings" and consolidate.top and "problem-tree" in consolidate.inputs()
    # benchmarking: gap table, the six areas, TOWS, impact x feasibility
    assert step("benchmarking", "gap-table").columns == [
        "metric", "unit", "value", "reference", "reference_value", "year", "source"]
    assert step("benchmarking", "self-assessment").categories == [
        "structure", "governance", "financing", "services", "interaction", "achievements"]
    assert step("benchmarking", "tows").categories == ["so", "st", "wo", "wt"]
    assert step("benchmarking", "matrix").criteria == ["impact", "feasibility"]
    assert into("benchmarking") == {"benchmarks"}
    # vision and mission: drafts adopted with a quorum
    for kit_id in ("vision", "mission"):
        drafts = [s for s in kits[kit_id].steps if s.kind == "statement"]
        assert drafts and all(s.quorum for s in drafts)
    assert into("vision") == {"vision"} and into("mission") == {"mission", "values"}
    assert into("objectives") == {"lines", "objectives"}
    assert {"title", "findings", "owner"} <= set(step("objectives", "smart").columns)
    assert step("indicators", "sheets").columns == [
        "objective", "name", "definition", "level", "unit", "baseline", "baseline_year", "target", "target_year",
        "direction", "source", "frequency", "responsible"]
    assert into("indicators") == {"indicators"}
    # action plan: project cards and weighted, pre-agreed criteria
    assert step("action-plan", "cards").columns == [
        "title", "objective", "kind", "lead", "partners", "start", "end", "program", "public", "private", "priority"]
    scoring = step("action-plan", "scoring")
    assert scoring.kind == "matrix" and scoring.criteria == ["collective_benefit", "sustainability", "co_financing"]
    assert set(scoring.weights) == set(scoring.criteria)
    assert into("action-plan") == {"actions", "risks"}
    assert step("action-plan", "risks").columns == ["risk", "action", "likelihood", "impact", "mitigation", "owner"]
    assert into("governance") == {"governance"}
    assert step("governance", "bodies").kind == "table"
    # review: measurements, action status, parking-lot follow-up
    assert step("review", "measurements").kind == "table" and step("review", "action-status").kind == "table"
    assert step("review", "parking-lot").kind == "decide"


def test_the_example_sessions_still_match_their_kits(kits: dict[str, Kit], example_plan: Path) -> None:
    """Every step the example's sessions name is a step of their kit (and holds what that kind holds)."""
    for path in sorted((example_plan / "sessions").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        kit = kits[data["workshop"]]
        kinds = {s.id: s.kind for s in kit.steps}
        named = {s["id"] for s in data.get("steps", [])}
        for table in ("contributions", "groups", "drafts", "decisions"):
            named |= {r["step"] for r in data.get(table, []) if "step" in r}
        assert named <= set(kinds), f"{path.name}: {named - set(kinds)}"
        for c in data.get("contributions", []):
            assert kinds[c["step"]] in ("brainstorm", "table", "matrix"), (path.name, c["step"])
            if "category" in c:
                assert c["category"] in kit.step(c["step"]).categories, (path.name, c["category"])  # type: ignore[union-attr]
        for d in data.get("drafts", []):
            assert kinds[d["step"]] == "statement", (path.name, d["step"])
        for g in data.get("groups", []):
            assert kinds[g["step"]] == "group", (path.name, g["step"])


def test_the_example_checks_clean_with_the_kits(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(example_plan)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "no problems found" in out.err


# --- a plan's own kits -----------------------------------------------------------------------------------------

MINIMAL = '''format = "cluster-facilitator/workshop/1"
id = "{id}"
title = {{ en = "{title}" }}
purpose = {{ en = "Testing" }}

[[steps]]
id = "wall"
kind = "brainstorm"
minutes = 10
'''


def _own(folder: Path, name: str, text: str) -> Path:
    (folder / "workshops").mkdir(exist_ok=True)
    path = folder / "workshops" / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def test_a_plan_kit_overrides_the_built_in_one_and_adds_its_own(empty_plan: Path) -> None:
    _own(empty_plan, "my-diagnosis.toml", MINIMAL.format(id="joint-diagnosis", title="Our own diagnosis"))
    _own(empty_plan, "co-design.toml", MINIMAL.format(id="co-design", title="Co-design"))
    found = load_kits(empty_plan)
    assert found.problems == []
    assert found.kits["joint-diagnosis"].title.en == "Our own diagnosis"
    assert found.origin["joint-diagnosis"] == "workshops/my-diagnosis.toml"
    assert found.origin["co-design"] == "workshops/co-design.toml"
    assert found.origin["vision"] == "built-in" and set(found.kits) == NINE | {"co-design"}


@pytest.mark.parametrize(("case", "edit", "needle", "words"), [
    ("unknown key", lambda t: t + 'colour = "red"\n', "colour", "colour"),
    ("unknown step kind", lambda t: t.replace('kind = "brainstorm"', 'kind = "hackathon"'), "hackathon",
     "hackathon"),
    ("missing minutes", lambda t: t.replace("minutes = 10\n", 'title = { en = "Wall" }\n'), "[[steps]]",
     "minutes"),
])
def test_a_broken_plan_kit_is_refused_with_its_location(empty_plan: Path, capsys: pytest.CaptureFixture[str],
                                                       case: str, edit, needle: str, words: str) -> None:  # type: ignore[no-untyped-def]
    path = _own(empty_plan, "broken.toml", edit(MINIMAL.format(id="joint-diagnosis", title="Broken")))
    before = path.read_bytes()
    found = load_kits(empty_plan)
    # refused whole: the built-in kit with the same id stays in force
    assert found.origin["joint-diagnosis"] == "built-in", case
    (problem,) = found.problems
    assert problem.file == "workshops/broken.toml" and problem.level == "error"
    assert problem.line == _line_of(path, needle), (case, problem)
    assert words in problem.message or words in (problem.key or ""), (case, problem)
    # `check` reports it as FILE:LINE, exit 1, and changes nothing
    assert main(["check", str(empty_plan)]) == 1
    err = capsys.readouterr().out
    assert re.search(rf"workshops/broken\.toml:{problem.line}: error: ", err), err
    assert path.read_bytes() == before


def test_a_plan_kit_with_a_syntax_error_is_located(empty_plan: Path) -> None:
    path = _own(empty_plan, "typo.toml", MINIMAL.format(id="vision", title="Typo") + "minutes = = 3\n")
    found = load_kits(empty_plan)
    (problem,) = found.problems
    assert problem.file == "workshops/typo.toml" and problem.line == len(path.read_text().splitlines())
    assert found.origin["vision"] == "built-in"
