"""kill -9 in the middle of rapid capture never leaves a broken file nor loses an item whose save returned."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
        # Killed after a few confirmed saves, counted rather than timed (a loaded machine saves slower), then
        # a random moment later, so that the kill lands anywhere in the next save.
        for _save in range(rng.randint(2, 5)):
            confirmed = max(confirmed, int(proc.stdout.readline()))
        time.sleep(rng.uniform(0.0, 0.05))
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


# --- a folder the tool may not write into -------------------------------------------------------------------------

def deny_writes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` read-only: chmod for a normal user; and since root ignores permission bits (the CI
    container runs as root), also refuse, as the OS would, every open for writing of a file in it."""
    import errno
    import os

    os.chmod(folder, 0o555)
    monkeypatch.setattr(Path, "_denied_for_test", folder, raising=False)  # undone with the monkeypatch
    if os.geteuid() != 0:
        return
    real_open = os.open
    denied = folder.resolve()

    def guarded_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        writes = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writes and kwargs.get("dir_fd") is None and Path(os.fsdecode(path)).resolve().parent == denied:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)


@pytest.fixture
def writable_again() -> Iterator[list[Path]]:
    """Folders a test made read-only, given back their write bit at the end (so pytest can clean up)."""
    import os

    folders: list[Path] = []
    yield folders
    for folder in folders:
        os.chmod(folder, 0o755)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` and its bytes, but the lock (whose holder line changes with each opening)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


# --- revisions: all or nothing --------------------------------------------------------------------------------------

def test_a_revision_whose_snapshot_cannot_be_written_changes_nothing(
        example_plan: Path, monkeypatch: pytest.MonkeyPatch, writable_again: list[Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    from facilitator import cli

    before = _files(example_plan)
    writable_again.append(example_plan / "history")
    deny_writes(example_plan / "history", monkeypatch)
    assert cli.main(["revision", str(example_plan), "-m", "Board meeting"]) == 1
    err = capsys.readouterr().err
    assert "history/plan-r7.toml" in err and "Permission denied" in err and "nothing was written" in err, err
    monkeypatch.undo()
    assert _files(example_plan) == before  # plan.toml still says revision 6, no snapshot, no temp file


def test_a_revision_whose_plan_write_fails_takes_its_snapshot_back(
        example_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from facilitator.problems import PlanError
    from facilitator.store import PlanStore

    before = _files(example_plan)
    real_replace = os.replace

    def plan_disk_full(src: Any, dst: Any) -> None:
        if Path(dst).name == "plan.toml":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    with PlanStore.open(example_plan) as store:
        monkeypatch.setattr(os, "replace", plan_disk_full)
        with pytest.raises(PlanError, match="No space left on device"):
            store.record_revision("Board meeting")
        monkeypatch.undo()
        assert store.plan.revision == 6 and len(store.plan.revisions) == 6
        assert _files(example_plan) == before
        assert store.record_revision("Board meeting").number == 7  # and a retry works
    assert (example_plan / "history" / "plan-r7.toml").read_bytes() == (example_plan / "plan.toml").read_bytes()


KILLED_AFTER_THE_SNAPSHOT = r'''
import os, sys
from pathlib import Path
from facilitator import tomlio
from facilitator.store import PlanStore

real = tomlio.atomic_write
def write_then_die(path, data, rel=""):
    real(path, data, rel)
    os._exit(9)  # killed right after the first of the revision's two writes
tomlio.atomic_write = write_then_die
with PlanStore.open(Path(sys.argv[1])) as store:
    store.record_revision("Killed")
'''


def test_a_revision_killed_between_its_two_writes_leaves_a_consistent_plan(
        example_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from facilitator import cli

    script = tmp_path / "killed.py"
    script.write_text(KILLED_AFTER_THE_SNAPSHOT, encoding="utf-8")
    plan_before = (example_plan / "plan.toml").read_bytes()
    assert subprocess.run([sys.executable, str(script), str(example_plan)], check=False).returncode == 9
    # Never "revision 7" in plan.toml without its snapshot: the snapshot is written first.
    assert (example_plan / "plan.toml").read_bytes() == plan_before
    # The snapshot left behind holds exactly this plan plus the revision that did not make it, so the next
    # revision takes its place instead of refusing.
    assert cli.main(["revision", str(example_plan), "-m", "Board meeting"]) == 0, capsys.readouterr().err
    data = tomllib.loads((example_plan / "plan.toml").read_text(encoding="utf-8"))
    assert data["revision"] == 7 and data["revisions"][-1]["summary"] == "Board meeting"
    assert (example_plan / "history" / "plan-r7.toml").read_bytes() == (example_plan / "plan.toml").read_bytes()


def test_a_snapshot_that_is_not_a_leftover_is_never_written_over(example_plan: Path) -> None:
    from facilitator.problems import PlanError
    from facilitator.store import PlanStore

    other = (example_plan / "history" / "plan-r6.toml").read_bytes()
    (example_plan / "history" / "plan-r7.toml").write_bytes(other)
    with PlanStore.open(example_plan) as store, pytest.raises(PlanError, match="already exists"):
        store.record_revision("Board meeting")
    assert (example_plan / "history" / "plan-r7.toml").read_bytes() == other


def test_closing_a_session_whose_revision_fails_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writable_again: list[Path]) -> None:
    import datetime as dt

    from facilitator.engine import agenda, capture, sessions
    from facilitator.kits import load_kits
    from facilitator.problems import PlanError
    from facilitator.store import PlanStore

    kit = load_kits().kits["joint-diagnosis"]
    with PlanStore.create(tmp_path / "plan", "Close Cluster") as store:
        handle = sessions.start(store, kit, dt.date(2026, 11, 22))
        first = kit.steps[0].id
        agenda.start_step(handle.model, kit, first, dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC))
        capture.add(handle.model, first, "Ferry prices", "threat")
        store.save_session(handle)
        before = _files(store.folder)
        session_before = handle.model.model_dump()
        writable_again.append(store.folder / "history")
        deny_writes(store.folder / "history", monkeypatch)
        with pytest.raises(PlanError, match="Permission denied"):
            sessions.close(store, handle, kit, at=dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC))
        monkeypatch.undo()
        assert _files(store.folder) == before  # the session is still open on disk, the plan unchanged
        assert handle.model.model_dump() == session_before and store.plan.revision == 0
        sessions.close(store, handle, kit, at=dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC))  # a retry works
        assert store.plan.revision == 1 and handle.model.status == "closed"
        assert tomllib.loads(handle.path.read_text(encoding="utf-8"))["status"] == "closed"
        assert (store.folder / "history" / "plan-r1.toml").read_bytes() == (store.folder / "plan.toml").read_bytes()


# --- disk full, read-only folders, leftovers ---------------------------------------------------------------------

def _disk_full(monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """Every fsync after the first ``after`` ones fails as on a full disk (the data never reached it)."""
    import errno
    import os

    real, calls = os.fsync, [0]

    def fsync(fd: int) -> None:
        calls[0] += 1
        if calls[0] > after:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("after", [0, 1])  # plan.toml fails; .gitignore fails after plan.toml was written
@pytest.mark.parametrize("exists", [False, True])
def test_new_on_a_full_disk_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], after: int, exists: bool) -> None:
    from facilitator import cli

    target = tmp_path / "parent" / "my-cluster"
    if exists:
        target.mkdir(parents=True)
    _disk_full(monkeypatch, after)
    assert cli.main(["new", str(target), "--name", "Cluster X"]) == 1
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert "No space left on device" in err and "nothing was created" in err, err
    assert "previous version" not in err  # there was none
    if exists:
        assert list(target.iterdir()) == []  # the user's empty folder stays, empty
    else:
        assert not (tmp_path / "parent").exists()  # no half-created plan folder (nor its parent)
    assert cli.main(["new", str(target), "--name", "Cluster X"]) == 0  # and it works once there is room


def test_a_failed_first_write_does_not_claim_a_previous_version(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator import tomlio
    from facilitator.problems import PlanError

    _disk_full(monkeypatch)
    with pytest.raises(PlanError) as err:
        tomlio.atomic_write(tmp_path / "new.toml", b"a = 1\n", "new.toml")
    assert "previous version" not in str(err.value) and "nothing was written" in str(err.value)
    monkeypatch.undo()
    (tmp_path / "old.toml").write_bytes(b"a = 1\n")
    _disk_full(monkeypatch)
    with pytest.raises(PlanError, match="previous version of the file is intact"):
        tomlio.atomic_write(tmp_path / "old.toml", b"a = 2\n", "old.toml")
    assert (tmp_path / "old.toml").read_bytes() == b"a = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.toml"]


def test_a_read_only_plan_folder_says_so(example_plan: Path, monkeypatch: pytest.MonkeyPatch,
                                          writable_again: list[Path]) -> None:
    from facilitator.problems import LockedError
    from facilitator.store import PlanStore

    (example_plan / ".lock").unlink(missing_ok=True)
    writable_again.append(example_plan)
    deny_writes(example_plan, monkeypatch)
    with PlanStore.open(example_plan) as store:
        assert store.read_only and store.holder is None
        reason = store.read_only_reason()
        assert "not writable" in reason and "nobody" not in reason and "held by" not in reason
        with pytest.raises(LockedError) as err:
            store.record_revision("x")
    message = str(err.value)
    assert "not writable" in message and "nobody" not in message and "held by" not in message, message


def test_a_plan_held_elsewhere_still_names_its_holder(example_plan: Path) -> None:
    from facilitator.store import PlanStore

    with PlanStore.open(example_plan) as first, PlanStore.open(example_plan) as second:
        assert not first.read_only and second.read_only
        assert f"pid {__import__('os').getpid()}" in second.read_only_reason()


def test_stale_temp_files_are_removed_when_the_plan_is_opened_for_writing(example_plan: Path) -> None:
    import os
    import time

    from facilitator.store import PlanStore

    old = time.time() - 3600
    stale = [example_plan / ".plan.toml.k3j_x9q2.tmp", example_plan / "sessions" / ".2026-03-12-x.toml.abcd1234.tmp",
             example_plan / "history" / ".plan-r7.toml.zz99yy88.tmp"]
    fresh = example_plan / ".plan.toml.fresh123.tmp"  # maybe another process writing right now: kept
    others = [example_plan / "notes.tmp", example_plan / ".plan.toml.tmp", example_plan / "sessions" / "mine.tmp"]
    for path in [*stale, fresh, *others]:
        path.write_text("half a file")
        if path is not fresh:
            os.utime(path, (old, old))
    with PlanStore.open(example_plan, read_only=True):
        assert all(p.exists() for p in stale)  # read-only: never removes anything
    with PlanStore.open(example_plan):
        pass
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and all(p.exists() for p in others)  # not ours, or not stale: left alone


def test_the_app_says_a_read_only_folder_is_not_writable(example_plan: Path, monkeypatch: pytest.MonkeyPatch,
                                                          writable_again: list[Path]) -> None:
    import asyncio

    from pilot import plain, settle

    from facilitator.app import ClusterApp
    from facilitator.screens.profile import ProfileScreen
    from facilitator.screens.widgets import ReadOnlyBanner

    (example_plan / ".lock").unlink(missing_ok=True)
    writable_again.append(example_plan)
    deny_writes(example_plan, monkeypatch)

    async def run() -> None:
        app = ClusterApp(example_plan)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.state is not None and app.state.read_only
            banner = plain(app.screen.query_one(ReadOnlyBanner))
            assert "not writable" in banner and "nobody" not in banner and "open in" not in banner, banner
            await pilot.press("e")
            await pilot.pause()
            assert not isinstance(app.screen, ProfileScreen)
            notes = [n.message for n in app._notifications]
            assert any("not writable" in n for n in notes) and not any("held by" in n for n in notes), notes

    asyncio.run(run())
