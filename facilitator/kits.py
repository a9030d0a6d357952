"""Workshop kits: the built-in ones (package `facilitator.workshops`) and a plan's own `workshops/` folder.

A kit in the plan's folder with the same id overrides the built-in one; a broken kit is reported with
its location and left out, never half-loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from facilitator import paths
from facilitator.model import Kit, Plan
from facilitator.problems import PlanError, Problem
from facilitator.store import data_files, load_model


@dataclass
class KitSet:
    kits: dict[str, Kit] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    """Where each kit came from: ``built-in`` or its path relative to the plan folder."""
    problems: list[Problem] = field(default_factory=list)

    def get(self, kit_id: str) -> Kit | None:
        return self.kits.get(kit_id)


def load_kit(path: Path, rel: str) -> Kit:
    kit, _data, _text = load_model(path, Kit, "workshop", rel)
    return kit


def load_kits(plan_folder: Path | None = None) -> KitSet:
    """The built-in kits, then those of ``plan_folder``/workshops (which override by id)."""
    result = KitSet()
    builtin = files("facilitator.workshops")
    for entry in sorted(builtin.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _add(result, Path(str(entry)), f"workshops/{entry.name} (built-in)", "built-in")
    if plan_folder is not None:
        for path in data_files(plan_folder, paths.WORKSHOPS_DIR):  # links out of the folder are not read
            rel = f"{paths.WORKSHOPS_DIR}/{path.name}"
            _add(result, path, rel, rel)
    return result


def _add(result: KitSet, path: Path, rel: str, origin: str) -> None:
    try:
        kit = load_kit(path, rel)
    except PlanError as err:
        result.problems.extend(err.problems)
        return
    result.kits[kit.id] = kit
    result.origin[kit.id] = origin


def missing(kit: Kit, plan: Plan) -> list[str]:
    """The prerequisites of ``kit`` (its `requires`) that ``plan`` has none of, in the kit's order."""
    held = {"stakeholders": plan.stakeholders, "findings": plan.findings, "benchmarks": plan.benchmarks,
            "lines": plan.strategy.lines, "objectives": plan.objectives, "indicators": plan.indicators,
            "actions": plan.actions}
    return [str(need) for need in kit.requires if not held[str(need)]]
