"""A fake clock for session limits and one-time codes, and helpers for two-step sign-in."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from crm.auth import clock as auth_clock

START = 1_800_000_000.0  # 2027-01-15 08:00 UTC, the start of a 30-second step


class FakeClock:
    """Stands in for crm.auth.clock.now: a time that moves only when the test says so."""

    def __init__(self, at: float):
        self.at = at

    def __call__(self) -> float:
        return self.at

    def advance(self, **delta) -> None:
        """Move the time on, e.g. advance(minutes=29)."""
        self.at += timedelta(**delta).total_seconds()


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    """The time the session limits and code checks see, frozen at START until advanced."""
    fake = FakeClock(START + 10)
    monkeypatch.setattr(auth_clock, "now", fake)
    return fake


def code_at(secret: str, at: float, steps: int = 0) -> str:
    """The code an authenticator app shows at the moment at, shifted by steps time steps."""
    return pyotp.TOTP(secret).generate_otp(int(at // 30) + steps)
