"""The layer rule, enforced: the core never imports Textual; nothing imports WeasyPrint until an export."""

from __future__ import annotations

import shutil
import subprocess
import sys
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
    proc = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout
