"""The user's settings kept between sessions, in the user data folder: today, the theme."""

from __future__ import annotations

import tomllib

from facilitator import paths


def theme() -> str | None:
    """The theme chosen last time, or None. A broken file is ignored, not fatal."""
    try:
        data = tomllib.loads(paths.settings_file().read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    value = data.get("theme")
    return value if isinstance(value, str) else None


def remember_theme(name: str) -> None:
    """Keep ``name`` for the next start. Failing to write it is not worth bothering the user."""
    import tomlkit  # imported here, as in `recent.remember`: reading the settings stays light

    from facilitator import tomlio
    from facilitator.problems import PlanError

    doc = tomlkit.document()
    doc.add(tomlkit.comment("Cluster Facilitator's settings, kept between sessions."))
    doc["theme"] = name
    try:
        paths.data_dir().mkdir(parents=True, exist_ok=True)
        tomlio.atomic_write(paths.settings_file(), tomlkit.dumps(doc).encode())
    except (OSError, PlanError):
        pass
