"""The setuptools mapping: the wheel holds one `facilitator` package with screens, templates, workshops,
the example plan and the compiled catalog, and the resources are found through importlib."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_every_part_of_the_package(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("cluster_facilitator-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        "facilitator/cli.py", "facilitator/app.py", "facilitator/export/pdf.py",
        "facilitator/screens/dashboard.py", "facilitator/screens/app.tcss",
        "facilitator/templates/plan.html", "facilitator/templates/plan.css", "facilitator/templates/fonts/OFL.txt",
        "facilitator/workshops/joint-diagnosis.toml", "facilitator/workshops/indicators.toml",
        "facilitator/example/plan.toml", "facilitator/example/history/plan-r1.toml",
        "facilitator/example/sessions/2026-03-12-joint-diagnosis.toml",
        "facilitator/example_l10n/es/plan.toml", "facilitator/example_l10n/pt/history/plan-r1.toml",
        "facilitator/example_l10n/pt/sessions/2026-03-12-joint-diagnosis.toml",
        "facilitator/locale/en/LC_MESSAGES/facilitator.mo",
    ]
    assert [n for n in expected if n not in names] == []
    # every module and every template, in subpackages and template folders too (the templates reach the wheel
    # through the package-data patterns of facilitator.templates)
    sources = [f"facilitator/{p.relative_to(ROOT / 'facilitator').as_posix()}"
               for p in (ROOT / "facilitator").rglob("*.py") if "__pycache__" not in p.parts]
    templates = [f"facilitator/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
                 for p in (ROOT / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert "facilitator/diff/changes.py" in sources and "facilitator/templates/plan/summary.html" in templates
    assert [n for n in sources + templates if n not in names] == []
    assert any(n.startswith("facilitator/templates/fonts/") and n.endswith(".ttf") for n in names)
    assert not any(n.startswith(("screens/", "templates/", "workshops/", "tests/")) for n in names)


def test_every_subpackage_is_listed_in_pyproject() -> None:
    # setuptools still copies an unlisted subpackage into the wheel (as data, warning "Package would be
    # ignored", which a future version makes true), so the wheel test alone cannot catch a missing entry.
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    core = ROOT / "facilitator"
    found = {".".join(("facilitator", *p.parent.relative_to(core).parts)) for p in core.rglob("__init__.py")
             if "__pycache__" not in p.parts and "screens" not in p.relative_to(core).parts}
    assert {"facilitator.diff", "facilitator.export.context", "facilitator.export.minutes"} <= found
    assert sorted(found - listed) == []


def test_resources_are_found_through_importlib() -> None:
    assert (files("facilitator.templates") / "plan.html").is_file()
    assert (files("facilitator.workshops") / "vision.toml").is_file()
    assert (files("facilitator.screens") / "app.tcss").is_file()
    assert (files("facilitator") / "example" / "plan.toml").is_file()
