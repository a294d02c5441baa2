"""Field validators shared by the forms: phone numbers, web addresses, lengths with plain messages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from wtforms.validators import Length, ValidationError

PHONE = re.compile(r"^\+?[0-9 ()\-.]{7,25}$")


def max_length(limit: int) -> Length:
    """A Length validator whose message says the limit in plain words."""
    return Length(max=limit, message=f"Use at most {limit:,} characters.")


def phone_number(_form, field) -> None:
    """A phone number: digits with spaces, dashes, brackets or a leading +, 7 to 15 digits."""
    value = (field.data or "").strip()
    if not value:
        return
    digits = re.sub(r"\D", "", value)
    if not PHONE.match(value) or not 7 <= len(digits) <= 15:
        raise ValidationError("Enter a phone number using digits, like 01632 960123 or +44 7700 900123.")


def web_address(_form, field) -> None:
    """An http(s) web address; a bare host such as example.org is accepted and given https://."""
    value = (field.data or "").strip()
    if not value:
        return
    if "://" not in value:
        value = f"https://{value}"
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:  # e.g. "[Beeeep]" reads as a broken IPv6 address
        parts, host = None, ""
    if parts is None or parts.scheme not in ("http", "https") or "." not in host or any(ch.isspace() for ch in value):
        raise ValidationError("Enter a web address like https://example.org (only http and https addresses).")
    field.data = value
