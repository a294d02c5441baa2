"""Small builders for matching tests: openings and profiles with only the fields a test cares about."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_sequence = iter(range(1, 10**9))


def opening(**fields) -> dict:
    """An opening dict with a unique id unless one is given."""
    return {"id": f"o-{next(_sequence):05d}", **fields}


def profile(**fields) -> dict:
    """A profile dict with id ``p-1`` unless one is given."""
    return {"id": "p-1", **fields}


def write_jsonl(path: Path, rows: list) -> Path:
    """Write rows (dicts, or raw strings written as they are) one per line."""
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``python -m matching`` in a subprocess from the project root."""
    return subprocess.run([sys.executable, "-m", "matching", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=timeout, check=False)
