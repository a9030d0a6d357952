"""The command line: new, example, check (text and JSON), and what opening with no PLAN does."""

from __future__ import annotations

import json
import sys
import tomllib
import types
from pathlib import Path

import pytest

from facilitator import recent
from facilitator.cli import main


def test_example_checks_clean(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(example_plan)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "no problems found" in out.err


def test_example_is_complete(example_plan: Path) -> None:
    """The embedded example is the shared fixture of docs, tests and benchmarks: keep it rich."""
    plan = tomllib.loads((example_plan / "plan.toml").read_text(encoding="utf-8"))
    kinds = {s["kind"] for s in plan["stakeholders"]}
    assert len(plan["stakeholders"]) >= 15
    assert kinds == {"firm", "association", "university", "research", "government", "finance", "ngo", "other"}
    assert len(plan["strategy"]["lines"]) == 3 and len(plan["objectives"]) >= 5
    assert len(plan["indicators"]) >= 10 and sum(1 for i in plan["indicators"] if i.get("measurements")) >= 3
    assert len(plan["actions"]) >= 10 and all(a["funding"] and a["start"] and a["end"] for a in plan["actions"])
    assert len(plan["revisions"]) >= 2
    for rev in plan["revisions"]:
        snapshot = tomllib.loads((example_plan / "history" / f"plan-r{rev['number']}.toml").read_text("utf-8"))
        assert snapshot["revision"] == rev["number"]
    workshops = {tomllib.loads(p.read_text("utf-8"))["workshop"] for p in (example_plan / "sessions").glob("*.toml")}
    assert workshops >= {"joint-diagnosis", "benchmarking", "vision", "mission", "objectives", "indicators"}
    assert plan["cluster"]["description"].lstrip().startswith("Illustrative example")


def test_new_creates_a_plan_that_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    assert main(["new", str(folder), "--name", "Cluster de Turismo de Colonia", "--lang", "es"]) == 0
    data = tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))
    assert data["cluster"]["name"] == "Cluster de Turismo de Colonia" and data["language"] == "es"
    assert main(["check", str(folder)]) == 0
    assert main(["new", str(folder), "--name", "Again"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_example_refuses_to_overwrite_a_plan(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    assert main(["example", str(example_plan)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (example_plan / "plan.toml").read_bytes() == before


def test_check_json_lists_located_problems(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (example_plan / "plan.toml").read_text(encoding="utf-8")
    (example_plan / "plan.toml").write_text(text + '\n[[objectives]]\nid = "obj-zzzzzz"\ncode = "O9"\n'
                                            'title = "Orphan"\nline = "lin-nowhere"\ncolour = "red"\n',
                                            encoding="utf-8")
    assert main(["check", "--format", "json", str(example_plan)]) == 1
    problems = json.loads(capsys.readouterr().out)
    by_check = {p["check"]: p for p in problems}
    assert by_check["dangling-id"]["record"] == "O9" and by_check["dangling-id"]["level"] == "error"
    assert by_check["dangling-id"]["line"] == len(text.splitlines()) + 6
    assert by_check["unknown-key"]["level"] == "warning" and by_check["unknown-key"]["key"].endswith("colour")
    assert by_check["objective-no-indicator"]["record"] == "O9"
    assert {"check", "level", "file", "line", "record", "message"} <= set(problems[0])


def test_no_plan_opens_a_personal_copy_of_the_example_then_the_last_plan(
        monkeypatch: pytest.MonkeyPatch, user_home: Path, tmp_path: Path) -> None:
    opened: list[tuple[Path, str | None]] = []
    fake = types.ModuleType("facilitator.app")
    fake.run_app = lambda folder, notice=None: opened.append((folder, notice)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "facilitator.app", fake)

    assert main([]) == 0
    folder, notice = opened[-1]
    assert folder == user_home / "example-plan" and (folder / "plan.toml").exists()
    assert notice and "example" in notice and str(folder) in notice

    other = tmp_path / "other"
    assert main(["new", str(other), "--name", "Other"]) == 0
    recent.remember(other)
    assert main([]) == 0
    assert opened[-1] == (other.resolve(), None)


def test_version_and_module_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and "facilitator" in capsys.readouterr().out
