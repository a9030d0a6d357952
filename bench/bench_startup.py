"""Start-up benchmark: process start to the dashboard, against a minimal Textual app.

Both programs run in a real pseudo-terminal (80×24), as a user would start them. The clock stops when
the terminal output first contains a marker text, twice for the facilitator:

- **first frame**: "Plan sections", the title of the dashboard's sections box; the dashboard draws it
  before the plan is read (the plan opens in a worker after that frame);
- **plan shown**: "● complete", a section's completeness, which exists only once the plan has been read,
  validated and summarized with its sessions (every section of the example plan is complete).

The reference is a Textual app with a Header, a Static and a Footer (its Static is its marker), measured
in the same run, interleaved. Goal: first frame ≤ 1.5× the minimal app. Both ratios are printed.

    .venv/bin/python bench/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("MINIMAL READY")
        yield Footer()

Minimal().run()
"""

FIRST_FRAME = "Plan sections"
"""The dashboard's box title: on screen before the plan is read."""
PLAN_SHOWN = "● complete"
"""A section's completeness: on screen only once the plan is open."""

ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\\\)|\x1b[@-_]")


def time_to_markers(cmd: list[str], markers: list[str], env: dict[str, str], timeout: float = 20.0) -> list[float]:
    """Seconds from spawning ``cmd`` in an 80×24 pty until each of ``markers`` is first on the screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    elapsed: dict[str, float] = {}
    try:
        while time.perf_counter() - start < timeout and len(elapsed) < len(markers):
            ready, _w, _x = select.select([master], [], [], 0.05)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            now = time.perf_counter() - start
            seen += chunk
            text = ANSI.sub(b"", seen)
            for marker in markers:
                if marker not in elapsed and marker.encode() in text:
                    elapsed[marker] = now
    finally:
        _quit(proc, master)
    missing = [m for m in markers if m not in elapsed]
    if missing:
        tail = ANSI.sub(b"", seen).decode("utf-8", "replace")[-500:]
        raise RuntimeError(f"{missing[0]!r} never appeared; the program printed:\n{tail}")
    return [elapsed[m] for m in markers]


def _quit(proc: subprocess.Popen[bytes], master: int) -> None:
    """Ctrl+Q (a clean exit releases the plan's lock), reading the pty meanwhile so the app's last
    writes do not block; killed if it does not exit within a few seconds."""
    try:
        os.write(master, b"\x11")
    except OSError:
        pass
    deadline = time.perf_counter() + 5
    while proc.poll() is None and time.perf_counter() < deadline:
        ready, _w, _x = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    os.close(master)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from facilitator.example import copy_example

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        tmpdir = Path(tmp)
        plan = copy_example(tmpdir / "plan")
        minimal = tmpdir / "minimal.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor",
                   CLUSTER_FACILITATOR_HOME=str(tmpdir / "home"), TEXTUAL_ANIMATIONS="none")
        env.pop("TEXTUAL", None)
        exe = shutil.which("facilitator", path=str(Path(sys.executable).parent)) or "facilitator"
        programs = {
            "minimal Textual app": ([sys.executable, str(minimal)], ["MINIMAL READY"]),
            "facilitator": ([sys.executable, "-m", "facilitator", str(plan)], [FIRST_FRAME, PLAN_SHOWN]),
        }
        # One untimed run each warms the OS file cache (bytecode, fonts of nothing: just disk).
        for cmd, markers in programs.values():
            time_to_markers(cmd, markers, env)
        times: dict[str, list[float]] = {"minimal Textual app": [], "dashboard, first frame": [],
                                         "dashboard, plan shown": []}
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            times["minimal Textual app"] += time_to_markers(*programs["minimal Textual app"], env)
            first, shown = time_to_markers(*programs["facilitator"], env)
            times["dashboard, first frame"].append(first)
            times["dashboard, plan shown"].append(shown)

    print(f"start-up, {args.runs} runs each (80×24 pty), seconds:")
    for name, values in times.items():
        print(f"  {name:24s} median {statistics.median(values):.3f}  min {min(values):.3f}  "
              f"max {max(values):.3f}")
    minimal_median = statistics.median(times["minimal Textual app"])
    for name, goal in (("dashboard, first frame", "  (goal ≤ 1.5)"), ("dashboard, plan shown", "")):
        ratio = statistics.median(times[name]) / minimal_median
        print(f"ratio {name} / minimal (medians): {ratio:.2f}{goal}")
    print(f"(the console script is {exe}; the benchmark runs `python -m facilitator`, the same code)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
