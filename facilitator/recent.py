"""The list of recently opened plans, kept in the user data folder (newest first)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from facilitator import paths

MAX_RECENT = 12


def recent_plans() -> list[Path]:
    """Recently opened plan folders that still exist, newest first. A broken list is ignored, not fatal."""
    try:
        data = tomllib.loads(paths.recent_file().read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    plans = data.get("plans", [])
    out = []
    for p in plans if isinstance(plans, list) else []:
        if isinstance(p, str) and (Path(p) / paths.PLAN_FILE).exists():
            out.append(Path(p))
    return out


def cluster_name(folder: Path) -> str:
    """The cluster's name in ``folder``'s plan.toml (read with tomllib: no model), or "" when unreadable."""
    try:
        data = tomllib.loads((folder / paths.PLAN_FILE).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return ""
    cluster = data.get("cluster")
    name = cluster.get("name") if isinstance(cluster, dict) else None
    return name.strip() if isinstance(name, str) else ""


def remember(folder: Path) -> None:
    """Put ``folder`` first in the recent list. Failing to write it is not worth bothering the user."""
    # Imported here: `facilitator` with no plan reads the list (recent_plans) before the app's first frame,
    # and tomlio brings pydantic (about 90 ms); remember() runs in the worker that opens the plan.
    import tomlkit

    from facilitator import tomlio
    from facilitator.problems import PlanError

    folder = folder.resolve()
    plans = [folder] + [p for p in recent_plans() if p != folder]
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Plans recently opened by Cluster Facilitator (newest first)."))
    doc["plans"] = [str(p) for p in plans[:MAX_RECENT]]
    try:
        paths.data_dir().mkdir(parents=True, exist_ok=True)
        tomlio.atomic_write(paths.recent_file(), tomlkit.dumps(doc).encode())
    except (OSError, PlanError):
        pass
