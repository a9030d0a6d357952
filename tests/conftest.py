"""Shared fixtures: an isolated user data folder for every test, fresh copies of the example plan, the
example plan's PDF rendered once for the session, and the grouping that keeps each shared render in one
xdist worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import textual._wait as textual_wait
from pdfs import Rendered

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
os.environ["FACILITATOR_UI_LANG"] = "en"  # the tests read English messages, whatever the machine's locale

# Pilot's idle check sleeps 20 ms, then calls the app idle if it used under 1 ms of CPU meanwhile; every
# `pilot.press` makes two such checks and every `pilot.pause` one. The sleeps are most of a UI test's time
# and leave a core unused. A 5 ms window with the same ratio (0.25 ms) detects the same idleness (the app
# runs in the test's event loop, so its work happens during the sleep). A test that clicks one button twice
# must then wait for the first click's 0.2 s "pressed" look to end, as a person's second click would.
textual_wait.SLEEP_GRANULARITY = 0.005
textual_wait.SLEEP_IDLE = textual_wait.SLEEP_GRANULARITY / 20

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
