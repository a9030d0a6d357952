"""The embedded example plan (an illustrative cluster): copied out for newcomers, docs, tests and benchmarks.

It exists in English (``example/``, the source) and in Spanish and Portuguese (``example_l10n/es``, ``pt``,
generated from the English one and the catalogs ``example_l10n/*.po`` by ``scripts/localize-example``)."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

from facilitator import i18n, paths
from facilitator.i18n import _
from facilitator.problems import Level, PlanError, Problem

EXAMPLE_LANGUAGES = ("en", "es", "pt")


def example_source(language: str) -> str:
    """The package folder of the example written in ``language`` (the English one for any other)."""
    return f"example_l10n/{language}" if language in EXAMPLE_LANGUAGES and language != "en" else "example"


def copy_example(target: str | Path, language: str = "en") -> Path:
    """Copy the example plan folder written in ``language`` (en, es, pt) to ``target`` (which must not hold
    a plan yet) and return it."""
    target = Path(target).expanduser().resolve()
    if (target / paths.PLAN_FILE).exists():
        raise PlanError(Problem("plan-exists", Level.error, str(target / paths.PLAN_FILE), _(
            "a plan already exists here; choose an empty folder")))
    if target.exists() and not target.is_dir():
        raise PlanError(Problem("not-a-folder", Level.error, str(target), _("exists and is not a folder")))
    try:
        resource = files("facilitator")
        for part in example_source(language).split("/"):
            resource = resource / part
        with as_file(resource) as source:
            shutil.copytree(source, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".lock"))
        (target / paths.EXPORTS_DIR).mkdir(exist_ok=True)
        (target / paths.WORKSHOPS_DIR).mkdir(exist_ok=True)
    except OSError as exc:
        raise PlanError(Problem("write-failed", Level.error, str(target), _(
            "could not copy the example plan: {reason}").format(reason=exc.strerror or exc))) from None
    return target


def personal_example(language: str | None = None) -> tuple[Path, bool]:
    """The user's own copy of the example in ``language`` (default: the UI's), made on first use: one copy
    per language, so switching the UI language never overwrites edits. Returns (folder, created_now)."""
    language = language if language in EXAMPLE_LANGUAGES else i18n.language()
    if language not in EXAMPLE_LANGUAGES:
        language = "en"
    folder = paths.example_copy_dir(language)
    if (folder / paths.PLAN_FILE).exists():
        return folder, False
    return copy_example(folder, language), True
