"""kill -9 in the middle of rapid capture never leaves a broken file nor loses an item whose save returned."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

SAVE_LOOP = r'''
import datetime as dt, sys
from pathlib import Path

import pytest
from facilitator.store import PlanStore
from facilitator.engine import capture
from facilitator.model import Session, new_id

store = PlanStore.open(Path(sys.argv[1]))
paths = store.session_paths()
if paths:
    handle = store.open_session(paths[0])
else:
    handle = store.new_session(Session(id=new_id("ses"), workshop="joint-diagnosis", title="Loop",
                                       date=dt.date(2026, 11, 22), status="open"))
n = len(handle.model.contributions)
print("ready", flush=True)
while True:
    n += 1
    capture.add(handle.model, "swot", f"idea {n} — ñandú “quoted” <b>", "weakness")  # what the runner calls
    store.save_session(handle)
    print(n, flush=True)  # only after the save returned
'''


def test_kill_9_during_rapid_saves(empty_plan: Path, tmp_path: Path) -> None:
    script = tmp_path / "loop.py"
    script.write_text(SAVE_LOOP, encoding="utf-8")
    rng = random.Random(7)
    confirmed = 0
    for _round in range(12):
        proc = subprocess.Popen([sys.executable, str(script), str(empty_plan)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate()
        lines = [line for line in out.split() if line.isdigit()]
        if lines:
            confirmed = max(confirmed, int(lines[-1]))
        sessions = sorted((empty_plan / "sessions").glob("*.toml"))
        assert len(sessions) == 1, "the loop must keep writing the same session file"
        data = tomllib.loads(sessions[0].read_text(encoding="utf-8"))  # always parses
        saved = len(data.get("contributions", []))
        assert saved >= confirmed, f"lost items: {confirmed} confirmed, {saved} on disk"
        leftovers = [p.name for p in (empty_plan / "sessions").iterdir() if p.suffix == ".tmp"]
        for name in leftovers:  # a temp file may remain after a kill; it never replaces the real file
            (empty_plan / "sessions" / name).unlink()
    assert confirmed > 20, "the loop should have saved many items across the rounds"


# --- hostile nesting: a located refusal, never "maximum recursion depth exceeded" --------------------------------

def _deep(kind: str, depth: int) -> str:
    return "[" * depth + "]" * depth if kind == "array" else "{ b = " * depth + "1" + " }" * depth


EXAMPLE_PLAN = (Path(__file__).parent.parent / "facilitator" / "example" / "plan.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("side", ["ours", "theirs"])
@pytest.mark.parametrize(("kind", "depth"), [("array", 150), ("array", 400), ("array", 5000), ("table", 150),
                                             ("table", 5000)])
def test_merge_file_refuses_deep_nesting_with_a_located_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], side: str, kind: str, depth: int) -> None:
    from facilitator import cli

    deep = EXAMPLE_PLAN + f"\n[extra]\nnested = {_deep(kind, depth)}\n"
    line = deep.count("\n", 0, deep.index("nested = ")) + 1
    base, ours, theirs = tmp_path / "base.toml", tmp_path / "ours.toml", tmp_path / "theirs.toml"
    base.write_text(EXAMPLE_PLAN, encoding="utf-8")
    ours.write_text(deep if side == "ours" else EXAMPLE_PLAN, encoding="utf-8")
    theirs.write_text(deep if side == "theirs" else EXAMPLE_PLAN, encoding="utf-8")
    before = ours.read_bytes()
    assert cli.main(["merge-file", str(base), str(ours), str(theirs), "plan.toml"]) == 2
    err = capsys.readouterr().err
    named = "plan.toml (theirs)" if side == "theirs" else "plan.toml"
    assert f"{named}:{line}: error:" in err and "too deeply" in err, err
    assert "internal error" not in err and "recursion" not in err
    assert ours.read_bytes() == before


@pytest.mark.parametrize(("kind", "depth"), [("array", 400), ("table", 150)])
def test_every_reader_refuses_deep_nesting_where_files_are_parsed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, depth: int) -> None:
    from facilitator import cli
    from facilitator.example import copy_example
    from facilitator.problems import PlanError
    from facilitator.store import PlanStore

    plan = copy_example(tmp_path / "plan")
    deep = EXAMPLE_PLAN + f"\n[extra]\nnested = {_deep(kind, depth)}\n"
    (plan / "plan.toml").write_text(deep, encoding="utf-8")
    with pytest.raises(PlanError, match="too deeply"):
        PlanStore.open(plan)  # what the TUI and every command open a plan with
    assert cli.main(["check", str(plan)]) == 1
    assert cli.main(["export", str(plan), "-o", str(tmp_path / "x.pdf")]) != 0
    err = capsys.readouterr()
    assert "too deeply" in err.out + err.err and "internal error" not in err.out + err.err
    assert not (tmp_path / "x.pdf").exists()
    (plan / "plan.toml").write_text(EXAMPLE_PLAN, encoding="utf-8")
    session = min((plan / "sessions").glob("*.toml"))
    session.write_text(session.read_text(encoding="utf-8") + f"\n[extra]\nnested = {_deep(kind, depth)}\n",
                       encoding="utf-8")
    assert cli.main(["check", str(plan)]) == 1
    out = capsys.readouterr().out
    assert f"sessions/{session.name}" in out and "too deeply" in out
