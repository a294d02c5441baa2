"""``python -m matching``: see :mod:`matching.cli`."""

from matching.cli import main

raise SystemExit(main())
