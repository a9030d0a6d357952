"""Start-up benchmark: process start to the first dashboard frame, against a minimal Textual app.

Both programs run in a real pseudo-terminal (80×24), as a user would start them; the clock stops when
the terminal output first contains the screen's marker text (the dashboard's "Plan sections" box
title, or the minimal app's Static). The reference is a Textual app with a Header, a Static and a
Footer, measured in the same run. Goal: ratio of the medians ≤ 1.5.

    /work/venv/bin/python bench/bench_startup.py [--runs 7]
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

ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\\\)|\x1b[@-_]")


def time_to_marker(cmd: list[str], marker: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from spawning ``cmd`` in an 80×24 pty until ``marker`` is on the screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    elapsed = None
    try:
        while time.perf_counter() - start < timeout:
            ready, _w, _x = select.select([master], [], [], 0.05)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen += chunk
            if marker.encode() in ANSI.sub(b"", seen):
                elapsed = time.perf_counter() - start
                break
    finally:
        _quit(proc, master)
    if elapsed is None:
        tail = ANSI.sub(b"", seen).decode("utf-8", "replace")[-500:]
        raise RuntimeError(f"{marker!r} never appeared; the program printed:\n{tail}")
    return elapsed


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
            "minimal Textual app": ([sys.executable, str(minimal)], "MINIMAL READY"),
            "facilitator dashboard": ([sys.executable, "-m", "facilitator", str(plan)], "Plan sections"),
        }
        # One untimed run each warms the OS file cache (bytecode, fonts of nothing: just disk).
        for cmd, marker in programs.values():
            time_to_marker(cmd, marker, env)
        times: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(args.runs):
            for name, (cmd, marker) in programs.items():  # interleaved, so drift hits both alike
                times[name].append(time_to_marker(cmd, marker, env))

    print(f"start-up to first frame, {args.runs} runs each (80×24 pty), seconds:")
    for name, values in times.items():
        print(f"  {name:24s} median {statistics.median(values):.3f}  min {min(values):.3f}  "
              f"max {max(values):.3f}")
    ratio = statistics.median(times["facilitator dashboard"]) / statistics.median(times["minimal Textual app"])
    print(f"ratio (median facilitator / median minimal): {ratio:.2f}  (goal ≤ 1.5)")
    print(f"(the console script is {exe}; the benchmark runs `python -m facilitator`, the same code)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
