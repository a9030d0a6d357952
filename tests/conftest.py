"""Shared fixtures: an isolated user data folder for every test, fresh copies of the example plan, the
example plan's PDF rendered once for the session, and the grouping that keeps each shared render in one
xdist worker."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
import textual._wait as textual_wait
from pdfs import Rendered

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
os.environ["FACILITATOR_UI_LANG"] = "en"  # the tests read English messages, whatever the machine's locale

# Pilot's idle check sleeps 20 ms, then calls the app idle if it used under 1 ms of CPU meanwhile; every
# `pilot.press` makes two such checks and every `pilot.pause` one. The sleeps are most of a UI test's time
# and leave a core unused. Here the window is 2 ms and the app is idle if it used under 0.25 ms of it: the
# app runs in the test's event loop, so any work it has queued runs during the sleep and shows as CPU. Two
# consequences, both as a person would see the screen: a test that clicks one button twice waits for the
# first click's 0.2 s "pressed" look to end, and a test that reads an animated scroll waits (`until`) for
# it to arrive. (Measured on the whole suite, -n 2: 20 ms 242 s, 5 ms 196 s, 2 ms 180 s.)
textual_wait.SLEEP_GRANULARITY = 0.002
textual_wait.SLEEP_IDLE = 0.00025

SHARED_RENDERS = {"example_pdf"}
"""Session-scoped render fixtures read by tests in several modules (their xdist group is the fixture name)."""


@pytest.hookimpl(tryfirst=True)  # before xdist's worker hook, which turns the mark into the node id's @group
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that read the same rendered PDF (a fixture named ``*_pdf``) go to the same xdist worker.

    A render takes seconds of CPU; under ``--dist loadgroup`` (set in pyproject) the tests of one group run
    in one worker, so a module- or session-scoped render is made once instead of once per worker that
    happens to get one of its tests.
    """
    for item in items:
        renders = sorted(name for name in getattr(item, "fixturenames", ()) if name.endswith("_pdf"))
        if renders:
            module = item.nodeid.split("::")[0]
            item.add_marker(pytest.mark.xdist_group(
                "+".join(name if name in SHARED_RENDERS else f"{module}::{name}" for name in renders)))


GC_EVERY = 20
"""Tests between two collections of the cyclic garbage collector (see `pytest_runtest_logfinish`)."""
_finished = 0


def pytest_collection_finish(session: pytest.Session) -> None:
    """The garbage collector, tuned for a test worker.

    A worker's heap keeps growing through the run: what outlives a test (Textual's and Rich's caches of
    rendered lines, parsed documents, the session fixtures' renders) reached 450,000-900,000 objects by the
    end of half the suite, and every full collection scanned all of it: 8-10 s of a 60 s half-suite per
    worker. (Until the fix in screens/base.py `unfollow`, every app and closed form stayed alive too.) Now
    what is alive after collection (modules, test items) is frozen, so no collection scans it again; the
    youngest generation is collected every 20,000 allocations instead of 700; and every `GC_EVERY` tests a
    collection frees that stretch's garbage and freezes what survived. Measured, -n 2: half the suite
    60-65 s -> 51-54 s, the whole suite 175 s -> 151 s, and a worker exits in 0.2 s instead of 7 (it had
    all that heap to free). The product is not affected: it runs one app per process.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


def pytest_runtest_logfinish(nodeid: str, location: tuple[str, int | None, str]) -> None:
    global _finished
    _finished += 1
    if _finished % GC_EVERY == 0:
        gc.collect()
        gc.freeze()


@pytest.fixture(autouse=True)
def user_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data folder (recent plans, example copy, error log)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CLUSTER_FACILITATOR_HOME", str(home))
    return home


@pytest.fixture
def example_plan(tmp_path: Path) -> Path:
    """A fresh, writable copy of the embedded example plan folder."""
    from facilitator.example import copy_example

    return copy_example(tmp_path / "example-plan")


@pytest.fixture
def empty_plan(tmp_path: Path) -> Path:
    """A new plan folder with only a cluster name."""
    from facilitator.store import PlanStore

    with PlanStore.create(tmp_path / "new-plan", "Test Cluster") as store:
        return store.folder


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The example plan exported once in English, as a draft with participant names and the complete folder
    attached (``--attach-full-folder``), to its default path.

    One render serves the content, structure and font checks of tests/test_export.py and the draft and
    participant checks of tests/test_export_document.py (the plain, non-draft document is rendered by the
    Spanish and Portuguese exports of tests/test_export_options.py).
    """
    from facilitator.example import copy_example
    from facilitator.export import export_plan

    folder = copy_example(tmp_path_factory.mktemp("example-pdf") / "example")
    messages: list[str] = []
    path = export_plan(folder, progress=messages.append, draft=True, participants=True, full_folder=True)
    return Rendered(folder, path, messages)
