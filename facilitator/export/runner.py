"""Run an export in a separate process, with progress, cancel and a time-out (for the TUI).

WeasyPrint holds the GIL for long stretches, so exporting in a thread would stall the interface; a
process keeps it smooth, can be killed, and cannot take the app down. The API is plain and blocking so
that a Textual ``@work(thread=True)`` worker can drive it::

    job = ExportJob.start(folder, output=None, lang="es")
    for message in job.messages():          # blocks; ends after one Done or Failed
        if isinstance(message, Progress): ...
        elif isinstance(message, Done): ... message.path
        elif isinstance(message, Failed): ... message.lines

`cancel()` may be called from any thread; the iteration then ends with ``Failed`` (cancelled).
``ExportJob.start(session_file, kind="minutes")`` exports the minutes of one session the same way.

A warm worker: `prewarm()` starts a spare export process that imports WeasyPrint and the export code
and lays out a small page with the plan's fonts, then waits for its arguments on stdin. The next
`ExportJob.start` hands its arguments to that spare instead of starting a process, so a keypress pays
for the render only. The spare serves one export (then it is an ordinary job's process: cancel and the
time-out kill it like any other), it exits by itself when its stdin closes (the app ended, even killed),
and `discard_spare()` ends it at once. The TUI calls `prewarm()` a few seconds after start-up and when
an export ends; nothing else does, so the CLI and the tests start cold processes as before. While an
export runs, `prewarm()` starts nothing: a spare warming up then competes with the render (on this
two-core machine, the example exported from the app's first seconds took 7.24-7.34 s, now 6.98-7.19 s).
"""

from __future__ import annotations

import glob
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from facilitator.i18n import _, language

DEFAULT_TIMEOUT = 180.0


@dataclass(frozen=True)
class Progress:
    """A step of the export, to show as it happens."""

    text: str


@dataclass(frozen=True)
class Done:
    """The PDF was written."""

    path: Path


@dataclass(frozen=True)
class Failed:
    """The export did not produce a PDF: one line per problem, for the user."""

    lines: tuple[str, ...]
    cancelled: bool = False
    timed_out: bool = False


Message = Progress | Done | Failed


_spare_lock = threading.Lock()
_spare: tuple[subprocess.Popen[bytes], IO[bytes]] | None = None
"""The warm process waiting for its arguments, with the file that receives its stderr."""
_exporting: set[ExportJob] = set()
"""The jobs whose process has not ended yet (under `_spare_lock`)."""


def _spawn(cmd: list[str], *, stdin: int) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    # Nobody reads stderr while the child runs, so it goes to a file, not to a pipe that could fill up.
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the reader thread when the child ends)
    process = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=stderr, env=env)
    return process, stderr


def prewarm() -> int | None:
    """Start the spare export process unless one is already waiting; returns its pid. Cheap to call
    again: the spare is started once and used by the next `ExportJob.start`. While an export runs, it
    starts nothing and returns None (call it again when that export has ended)."""
    global _spare
    with _spare_lock:
        if _spare is not None and _spare[0].poll() is None:
            return _spare[0].pid
        if _exporting:
            return None
        _discard(_spare)
        _spare = _spawn([sys.executable, "-m", "facilitator.export.worker", "--warm"], stdin=subprocess.PIPE)
        return _spare[0].pid


def spare_pid() -> int | None:
    """The pid of the waiting spare process, if there is one."""
    with _spare_lock:
        return _spare[0].pid if _spare is not None and _spare[0].poll() is None else None


def discard_spare() -> None:
    """End the waiting spare process, if any (the app is closing)."""
    global _spare
    with _spare_lock:
        spare, _spare = _spare, None
    _discard(spare)


def _discard(spare: tuple[subprocess.Popen[bytes], IO[bytes]] | None) -> None:
    if spare is None:
        return
    process, stderr = spare
    try:
        process.kill()
        process.wait(5)
    except (OSError, subprocess.TimeoutExpired):
        pass
    for stream in (process.stdin, process.stdout, stderr):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass


def _take_spare(args: list[str]) -> tuple[subprocess.Popen[bytes], IO[bytes]] | None:
    """The spare process, given ``args`` as its command line, or None if there is no live one."""
    global _spare
    with _spare_lock:
        spare, _spare = _spare, None
    if spare is None or spare[0].poll() is not None:
        _discard(spare)
        return None
    process = spare[0]
    assert process.stdin is not None
    try:
        process.stdin.write(json.dumps(args).encode("utf-8") + b"\n")
        process.stdin.close()
    except OSError:  # it died meanwhile: a cold process does the job
        _discard(spare)
        return None
    return spare


class ExportJob:
    """One export running in a child process. Create with `ExportJob.start`."""

    def __init__(self, process: subprocess.Popen[bytes], timeout: float, stderr: IO[bytes],
                 output: Path | None = None, warm: bool = False) -> None:
        self.warm = warm
        """The job was handed to the spare process started by `prewarm`."""
        self._process = process
        self._output = output
        self._timeout = timeout
        self._stderr = stderr
        self._queue: queue.Queue[Message | None] = queue.Queue()
        self._lock = threading.Lock()
        self._cancelled = False
        self._timed_out = False
        self._result: Done | Failed | None = None
        self._finished = threading.Event()
        self._started = time.monotonic()
        self._watchdog = threading.Timer(timeout, self._on_timeout)
        self._watchdog.daemon = True
        self._watchdog.start()
        with _spare_lock:
            _exporting.add(self)
        self._reader = threading.Thread(target=self._read, name="export-reader", daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, folder: str | Path, output: str | Path | None = None, lang: str | None = None,
              timeout: float = DEFAULT_TIMEOUT, ui_lang: str | None = None, kind: str = "plan", *,
              sections: Collection[str] | None = None, participants: bool = False,
              draft: bool = False, full_folder: bool = False) -> ExportJob:
        """Start exporting the plan in ``folder`` (``kind="minutes"``: the minutes of the session file
        ``folder``); returns at once. ``sections``, ``participants`` and ``draft`` are `export_plan`'s
        options (plan only); ``full_folder`` attaches the files with personal data (plan or minutes).
        After ``timeout`` seconds the process is killed and the job fails with a message saying so. The
        spare process of `prewarm` does the job if one is waiting."""
        cmd = [str(Path(folder).expanduser().resolve()), "--ui-lang", ui_lang or language()]
        if kind != "plan":
            cmd += ["--kind", kind]
        target = Path(output).expanduser().resolve() if output is not None else None
        if target is not None:
            cmd += ["--output", str(target)]
        if lang is not None:
            cmd += ["--lang", lang]
        if sections is not None:
            cmd += ["--sections", ",".join(sections)]
        if participants:
            cmd.append("--participants")
        if draft:
            cmd.append("--draft")
        if full_folder:
            cmd.append("--attach-full-folder")
        spare = _take_spare(cmd)
        process, stderr = spare or _spawn([sys.executable, "-m", "facilitator.export.worker", *cmd],
                                          stdin=subprocess.DEVNULL)
        return cls(process, timeout, stderr, target, warm=spare is not None)

    # --- reading the child ----------------------------------------------------------------------------

    def _read(self) -> None:
        result: Done | Failed | None = None
        assert self._process.stdout is not None
        for raw in self._process.stdout:
            try:
                data = json.loads(raw.decode("utf-8", "replace"))
            except ValueError:
                continue  # not a protocol line (a stray print): ignore it
            if not isinstance(data, dict):
                continue
            if "progress" in data:
                self._queue.put(Progress(str(data["progress"])))
            elif "done" in data and result is None:
                result = Done(Path(str(data["done"])))
            elif "error" in data and result is None:
                lines = data["error"] if isinstance(data["error"], list) else [data["error"]]
                result = Failed(tuple(str(x) for x in lines))
        code = self._process.wait()
        with _spare_lock:
            _exporting.discard(self)  # before the result is told: whoever hears it may start a spare
        self._watchdog.cancel()
        if code != 0:
            self._remove_temp_files()
        with self._lock:
            if self._cancelled:
                result = Failed((_("the export was cancelled"),), cancelled=True)
            elif self._timed_out:
                result = Failed((_("the export took longer than {n} seconds and was stopped").format(
                    n=f"{self._timeout:g}"), _(
                    "nothing was written; try again, or export from the command line (facilitator export PLAN), "
                    "which has no time limit")), timed_out=True)
            elif result is None or (isinstance(result, Done) and code != 0):
                result = Failed((_("the export process stopped unexpectedly (exit code {code}){detail}").format(
                    code=code, detail=self._last_stderr_line()),))
            self._result = result
        self._stderr.close()
        self._queue.put(result)
        self._finished.set()
        self._queue.put(None)  # after `finished`: when the iteration ends, `running` is already False

    def _remove_temp_files(self) -> None:
        """A process killed while it wrote leaves its temporary file (`tomlio.atomic_write` names it
        ``.NAME.*.tmp`` beside the target); the target itself is never partial."""
        if self._output is None or self._output.is_dir():
            return
        for tmp in self._output.parent.glob(f".{glob.escape(self._output.name)}.*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass

    def _last_stderr_line(self) -> str:
        try:
            self._stderr.seek(0)
            lines = [ln for ln in self._stderr.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        except (OSError, ValueError):
            return ""
        return f": {lines[-1][:300]}" if lines else ""

    def _on_timeout(self) -> None:
        with self._lock:
            if self._process.poll() is not None or self._cancelled:
                return
            self._timed_out = True
        self._kill()

    def _kill(self) -> None:
        try:
            self._process.kill()
        except OSError:
            pass

    # --- the public side ----------------------------------------------------------------------------------

    def messages(self) -> Iterator[Message]:
        """Every message as it comes, blocking; ends after the one final Done or Failed.

        Use it from one consumer (thread) only; `poll` is the non-blocking alternative.
        """
        while True:
            message = self._queue.get()
            if message is None:
                return
            yield message

    def __iter__(self) -> Iterator[Message]:
        return self.messages()

    def poll(self) -> list[Message]:
        """The messages that arrived since the last call, without waiting."""
        out: list[Message] = []
        while True:
            try:
                message = self._queue.get_nowait()
            except queue.Empty:
                return out
            if message is not None:
                out.append(message)

    def cancel(self) -> None:
        """Stop the export (kill the process); the messages then end with Failed(cancelled=True)."""
        with self._lock:
            if self._process.poll() is not None:
                return
            self._cancelled = True
        self._kill()

    def wait(self, timeout: float | None = None) -> Done | Failed | None:
        """Block until the job ends (or ``timeout`` seconds pass) and return its result."""
        self._finished.wait(timeout)
        return self._result

    @property
    def result(self) -> Done | Failed | None:
        """The final message once the job has ended, else None."""
        return self._result

    @property
    def running(self) -> bool:
        return not self._finished.is_set()

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started
