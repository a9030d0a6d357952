"""Problems found in plan files: one located, human message each (file, line, key, what to do)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Level(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in a file of the plan folder."""

    check: str
    """A stable id of the check that found it, such as ``toml-syntax`` or ``dangling-id``."""
    level: Level
    file: str
    """The file, relative to the plan folder when it is inside one."""
    message: str
    """What is wrong and what to do, in the user's language."""
    line: int | None = None
    key: str | None = None
    """The dotted key path, such as ``indicators[2].baseline``."""
    record: str | None = None
    """The code or id of the record concerned."""
    advice: str | None = None
    """What to do about it, when the message does not already say (the plan checks keep it apart)."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.level}: {self.text()}"

    def text(self) -> str:
        """The message followed by its advice: what is wrong; what to do."""
        return f"{self.message}; {self.advice}" if self.advice else self.message

    def as_dict(self) -> dict[str, object]:
        return {"check": self.check, "level": str(self.level), "file": self.file, "line": self.line,
                "key": self.key, "record": self.record, "message": self.message, "advice": self.advice}


class PlanError(Exception):
    """A user-facing failure with the problems that caused it; the CLI prints them, the TUI shows them."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str | Path = "") -> None:
        if isinstance(problems, str):
            problems = [Problem("error", Level.error, str(file), problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(str(p) for p in problems))


class LockedError(PlanError):
    """The plan is held by another instance of the tool."""


class ChangedOnDiskError(PlanError):
    """A file changed on disk since it was read: the tool will not write over it."""
