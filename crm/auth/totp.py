"""Time-based one-time codes (TOTP, RFC 6238) from an authenticator app: secrets, codes and the set-up QR code.

Pure functions: no database, no request. The time is passed in, so tests can fix it.
"""

from __future__ import annotations

import hmac
import io
import re

import pyotp
import segno

STEP_SECONDS = 30  # RFC 6238's default, the only step every authenticator app supports
DRIFT_STEPS = 1  # a phone's clock may run one step (30 s) ahead of or behind the server's
_SEPARATORS = re.compile(r"[\s-]")


def new_secret() -> str:
    """A fresh random secret in base32 (32 characters: 160 bits, the size RFC 4226 recommends)."""
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four characters, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def clean_code(text: str | None) -> str | None:
    """The six digits of a typed code (spaces and hyphens ignored), or None when it is not six digits."""
    code = _SEPARATORS.sub("", text or "")
    return code if len(code) == 6 and code.isascii() and code.isdigit() else None


def counter_at(at: float) -> int:
    """The RFC 6238 time step of a moment given in seconds since the epoch."""
    return int(at // STEP_SECONDS)


def matching_counter(secret: str, code: str | None, at: float, last_counter: int | None) -> int | None:
    """The time step whose code is code: within DRIFT_STEPS of at and after last_counter; else None.

    Steps up to last_counter are skipped, so a code that was accepted once is refused afterwards.
    """
    code = clean_code(code)
    if code is None:
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = counter_at(at)
    for counter in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_counter is not None and counter <= last_counter:
            continue
        if hmac.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def set_up_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri: str) -> bytes:
    """The QR code of uri as an SVG image (black on white, with its quiet zone), no inline style or script."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=4, dark="#000", light="#fff",
                                    xmldecl=False, title="QR code for your authenticator app")
    return buffer.getvalue()
