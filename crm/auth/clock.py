"""The time that session limits and one-time codes are judged by (tests replace ``now``)."""

from __future__ import annotations

import time


def now() -> float:
    """Seconds since the epoch, as time.time()."""
    return time.time()
