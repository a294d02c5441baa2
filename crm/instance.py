"""`python -m crm.instance`: write instance/config.py with a random SECRET_KEY on first run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from crm.config import write_instance_config


def main() -> int:
    """Create the instance folder and its config.py (mode 0600) unless it exists; say what happened."""
    root = Path(__file__).resolve().parent.parent
    instance = Path(os.environ.get("CRM_INSTANCE_PATH") or root / "instance")
    if write_instance_config(instance):
        print(f"Wrote {instance / 'config.py'} with a new random SECRET_KEY (mode 0600).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
