"""`python -m facilitator`: the same as the `facilitator` command."""

from facilitator.cli import main

raise SystemExit(main())
