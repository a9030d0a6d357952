"""Format versions: read the `format` key, refuse newer files, migrate older ones step by step.

Each file names its format on its first key (``cluster-facilitator/plan/1``). A migration is a function
that edits a tomlkit document from version N to N+1 in place; the store keeps the old file as
``*.bak-vN`` before writing the migrated one. Version 1 is the first published format, so the table
below is empty today; the mechanism is exercised by the tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from facilitator.i18n import _
from facilitator.problems import Level, PlanError, Problem

CURRENT = {"plan": 1, "session": 1, "workshop": 1}

Migration = Callable[[Any], None]
MIGRATIONS: dict[str, dict[int, Migration]] = {"plan": {}, "session": {}, "workshop": {}}
"""``MIGRATIONS[kind][n]`` turns a version-n document into version n+1."""

_FORMAT = re.compile(r"^cluster-facilitator/(plan|session|workshop)/(\d+)$")


def format_version(data: dict[str, Any], kind: str, rel: str) -> int:
    """The format version of a parsed file of ``kind``; refuses a missing, foreign or newer format."""
    expected = f"cluster-facilitator/{kind}/{CURRENT[kind]}"
    value = data.get("format")
    if value is None:
        raise PlanError(Problem("format-missing", Level.error, rel, _(
            "the file has no `format` key; add format = \"{expected}\" as its first line").format(
                expected=expected), line=1, key="format"))
    m = _FORMAT.match(value) if isinstance(value, str) else None
    if not m:
        raise PlanError(Problem("format-unknown", Level.error, rel, _(
            "format = {value!r} is not a Cluster Facilitator format; expected \"{expected}\"").format(
                value=value, expected=expected), line=1, key="format"))
    if m.group(1) != kind:
        raise PlanError(Problem("format-kind", Level.error, rel, _(
            "this is a {found} file, expected a {kind} file").format(found=m.group(1), kind=kind),
            line=1, key="format"))
    version = int(m.group(2))
    if version > CURRENT[kind]:
        raise PlanError(Problem("format-newer", Level.error, rel, _(
            "written in format {kind}/{version} by a newer Cluster Facilitator; this version reads "
            "{kind}/{current} and older — update the tool to open it (the file was not changed)").format(
                kind=kind, version=version, current=CURRENT[kind]), line=1, key="format"))
    if version < CURRENT[kind] and any(n not in MIGRATIONS[kind] for n in range(version, CURRENT[kind])):
        raise PlanError(Problem("format-old", Level.error, rel, _(
            "format {kind}/{version} cannot be migrated by this version of the tool").format(
                kind=kind, version=version), line=1, key="format"))
    return version


def migrate(doc: Any, kind: str, version: int) -> None:
    """Bring the tomlkit document ``doc`` from ``version`` to the current one, in place."""
    for n in range(version, CURRENT[kind]):
        MIGRATIONS[kind][n](doc)
    doc["format"] = f"cluster-facilitator/{kind}/{CURRENT[kind]}"
