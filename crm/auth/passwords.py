"""Password hashing with argon2id (argon2-cffi), cost taken from the settings."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

COMMON_PASSWORDS = frozenset({
    "password", "password1", "password123", "passw0rd", "123456789012", "qwertyuiop", "letmein123",
    "welcome123", "changeme123", "iloveyou123", "administrator", "employment", "specialist",
})


def _hasher() -> PasswordHasher:
    config = current_app.config
    hasher = current_app.extensions.get("crm_password_hasher")
    if hasher is None:
        hasher = PasswordHasher(
            time_cost=config["PASSWORD_HASH_TIME_COST"],
            memory_cost=config["PASSWORD_HASH_MEMORY_KIB"],
            parallelism=config["PASSWORD_HASH_PARALLELISM"],
            type=Type.ID,
        )
        current_app.extensions["crm_password_hasher"] = hasher
    return hasher


def hash_password(password: str) -> str:
    """An argon2id hash of password."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when password matches the hash; never raises for a wrong or malformed hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def dummy_verify(password: str) -> None:
    """Spend the time of one verification, so an unknown account takes as long as a wrong password."""
    hasher = _hasher()
    dummy = current_app.extensions.get("crm_dummy_hash")
    if dummy is None:
        dummy = current_app.extensions["crm_dummy_hash"] = hasher.hash("not a real password")
    verify_password(dummy, password)


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other cost settings than the current ones."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why a new password is too weak, in plain words, or None when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return f"Use at least {minimum} characters."
    if len(password) > 1000:
        return "Use at most 1,000 characters."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(password)) < 5:
        return "This password is too easy to guess. Try a few unrelated words together."
    for part in (email.split("@")[0].lower(), name.lower().replace(" ", "")):
        if len(part) >= 4 and part in lowered.replace(" ", ""):
            return "Do not use your name or email address in your password."
    return None
