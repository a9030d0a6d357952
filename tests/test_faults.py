"""kill -9 in the middle of rapid capture never leaves a broken file nor loses an item whose save returned."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

SAVE_LOOP = r'''
import datetime as dt, sys
from pathlib import Path
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
