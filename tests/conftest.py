"""Shared fixtures: an isolated user data folder for every test, and fresh copies of the example plan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
os.environ["FACILITATOR_UI_LANG"] = "en"  # the tests read English messages, whatever the machine's locale


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
