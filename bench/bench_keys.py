"""The facilitator's key counts (issue 10): attendance, grouping and dot totals, each run through the real
app in Spanish at 80×24 and 160×45, against its target and the figure before the change.

Run: python bench/bench_keys.py   (each `bench/keys_*.py` scenario also runs on its own)
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from keycount import run

SIZES = ((80, 24), (160, 45))


def main() -> None:
    for path in sorted(Path(__file__).resolve().parent.glob("keys_*.py")):
        module = importlib.import_module(path.stem)
        before = getattr(module, "BEFORE", None)
        for size in SIZES:
            result = run(module.scenario(size))
            was = f"   (before: {before})" if before is not None else ""
            print(result.line() + was)


if __name__ == "__main__":
    main()
