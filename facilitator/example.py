"""The embedded example plan (an illustrative cluster): copied out for newcomers, docs, tests and benchmarks."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

from facilitator import paths
from facilitator.i18n import _
from facilitator.problems import Level, PlanError, Problem


def copy_example(target: str | Path) -> Path:
    """Copy the example plan folder to ``target`` (which must not hold a plan yet) and return it."""
    target = Path(target).expanduser().resolve()
    if (target / paths.PLAN_FILE).exists():
        raise PlanError(Problem("plan-exists", Level.error, str(target / paths.PLAN_FILE), _(
            "a plan already exists here; choose an empty folder")))
    if target.exists() and not target.is_dir():
        raise PlanError(Problem("not-a-folder", Level.error, str(target), _("exists and is not a folder")))
    try:
        with as_file(files("facilitator") / "example") as source:
            shutil.copytree(source, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".lock"))
        (target / paths.EXPORTS_DIR).mkdir(exist_ok=True)
        (target / paths.WORKSHOPS_DIR).mkdir(exist_ok=True)
    except OSError as exc:
        raise PlanError(Problem("write-failed", Level.error, str(target), _(
            "could not copy the example plan: {reason}").format(reason=exc.strerror or exc))) from None
    return target


def personal_example() -> tuple[Path, bool]:
    """The user's own copy of the example (made on first use). Returns (folder, created_now)."""
    folder = paths.example_copy_dir()
    if (folder / paths.PLAN_FILE).exists():
        return folder, False
    return copy_example(folder), True
