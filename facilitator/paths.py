"""Every path the tool uses outside a plan folder (user data, recent plans, the example copy), and the
names inside a plan folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP = "cluster-facilitator"

PLAN_FILE = "plan.toml"
SESSIONS_DIR = "sessions"
HISTORY_DIR = "history"
WORKSHOPS_DIR = "workshops"
EXPORTS_DIR = "exports"
LOCK_FILE = ".lock"


def data_dir() -> Path:
    """The user's data folder; ``CLUSTER_FACILITATOR_HOME`` overrides it (tests, portable installs)."""
    override = os.environ.get("CLUSTER_FACILITATOR_HOME")
    return Path(override) if override else user_data_path(APP, appauthor=False)


def recent_file() -> Path:
    return data_dir() / "recent.toml"


def settings_file() -> Path:
    """The user's settings that outlive a session (the theme)."""
    return data_dir() / "settings.toml"


def example_copy_dir(language: str = "en") -> Path:
    """Where a newcomer's personal copy of the example plan in ``language`` lives (the English one keeps the
    name it always had)."""
    return data_dir() / ("example-plan" if language == "en" else f"example-plan-{language}")


def history_file(folder: Path, revision: int) -> Path:
    return folder / HISTORY_DIR / f"plan-r{revision}.toml"
