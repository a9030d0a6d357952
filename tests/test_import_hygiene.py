"""The layer rule, enforced: the core never imports Textual; nothing imports WeasyPrint until an export."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CORE = ["facilitator.cli", "facilitator.store", "facilitator.checks", "facilitator.model", "facilitator.tomlio",
        "facilitator.kits", "facilitator.example", "facilitator.recent", "facilitator.export", "facilitator.editing",
        "facilitator.numbers"]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return set(out.split())


def test_core_imports_neither_textual_nor_weasyprint() -> None:
    modules = _modules_after("\n".join(f"import {m}" for m in CORE))
    assert not {m for m in modules if m.split(".")[0] in ("textual", "weasyprint")}


def test_import_linter_contract_holds() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    proc = subprocess.run([exe, str(ROOT / "pyproject.toml")], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 kept, 0 broken" in proc.stdout


UI_MODULES = {"app", "cli", "__main__", "screens"}
"""Modules of `facilitator` allowed to import Textual (cli starts the app lazily; see pyproject)."""


def test_the_contract_lists_every_core_module() -> None:
    """A new core module is covered by the layer contract, not forgotten by it."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        contract = tomllib.load(fh)["tool"]["importlinter"]["contracts"][0]
    listed = {m.removeprefix("facilitator.") for m in contract["source_modules"]}
    on_disk = {p.stem for p in (ROOT / "facilitator").iterdir()
               if (p.suffix == ".py" or (p / "__init__.py").is_file()) and p.stem != "__init__"}
    assert on_disk - UI_MODULES == listed


WRITES = re.compile(r"\.(write_text|write_bytes|mkdir|unlink|rmdir|touch|chmod)\(|\bos\.(replace|rename|remove|unlink|"
                    r"makedirs|mkdir|rmdir|chmod|write|open)\(|\bopen\([^)]*['\"][wax]")


def test_screens_never_write_files() -> None:
    """Screens call the store; every write goes through its atomic, lock-checked path."""
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in sorted((ROOT / "screens").glob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if WRITES.search(line.split("#", 1)[0])]
    assert not found, "screens must not write files:\n" + "\n".join(found)
