"""Default settings, and the checks every layer of configuration must pass.

Layers, each overriding the one before: these defaults, then ``instance/config.py``, then the environment
(``DATABASE_URL``, ``SECRET_KEY``, and ``CRM_<NAME>`` for any other setting, its value read as JSON when it
parses as JSON, e.g. ``CRM_LOGIN_MAX_FAILURES=10``), then the dict a test passes to ``create_app``.
"""

from __future__ import annotations

import secrets
from pathlib import Path

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - the known value the app refuses outside debug/testing


class ConfigError(RuntimeError):
    """A setting is missing or has a value the app cannot use; the message names the setting."""


DEFAULTS: dict[str, object] = {
    "SECRET_KEY": DEV_SECRET_KEY,
    # Filled in by create_app with the SQLite file in the instance folder unless set.
    "SQLALCHEMY_DATABASE_URI": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "SQLITE_BUSY_TIMEOUT_MS": 15000,
    # Staff sessions. The cookie is only sent over HTTPS; Chromium also sends it to http://127.0.0.1 and
    # http://localhost (`make run`). Plain HTTP from another machine needs SESSION_COOKIE_SECURE = False.
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_NAME": "crm_session",
    # Signed out after this long without a request, and this long after signing in whatever happens; checked on
    # the server from times kept in the signed session (the cookie's own lifetime follows the absolute limit).
    "SESSION_IDLE_MINUTES": 30,
    "SESSION_ABSOLUTE_HOURS": 12,
    # Two-step sign-in (TOTP codes from an authenticator app): administrators must set it up when True.
    "TOTP_REQUIRED_FOR_ADMINS": True,
    # The name authenticator apps show beside the account.
    "TOTP_ISSUER": "Job development CRM",
    # Login throttling: this many failures for one account name within the window locks it for the window.
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
    # argon2id cost (RFC 9106 "low memory" profile by default; tests lower it to stay fast).
    "PASSWORD_HASH_TIME_COST": 3,
    "PASSWORD_HASH_MEMORY_KIB": 65536,
    "PASSWORD_HASH_PARALLELISM": 4,
    "PASSWORD_MIN_LENGTH": 12,
    # Forms
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    # Phones keep stylesheets and scripts for an hour instead of asking again on every page.
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,
    # Deployment facts (see DESIGN.md §2); admins change the ones that are also settings rows.
    "DEFAULT_TIMEZONE": "Europe/London",
    "PER_PAGE": 25,
    # Rebuild the suggestion index in a background thread when openings change (requests keep the old one).
    "SUGGESTIONS_REFRESH_IN_BACKGROUND": True,
}

# Expected type of each setting that may come from instance/config.py or the environment.
_TYPES: dict[str, type | tuple[type, ...]] = {
    "SECRET_KEY": str,
    "SQLALCHEMY_DATABASE_URI": str,
    "SQLALCHEMY_ENGINE_OPTIONS": dict,
    "SQLITE_BUSY_TIMEOUT_MS": int,
    "SESSION_COOKIE_SECURE": bool,
    "SESSION_IDLE_MINUTES": int,
    "SESSION_ABSOLUTE_HOURS": int,
    "TOTP_REQUIRED_FOR_ADMINS": bool,
    "TOTP_ISSUER": str,
    "LOGIN_MAX_FAILURES": int,
    "LOGIN_FAILURE_WINDOW_SECONDS": int,
    "PASSWORD_HASH_TIME_COST": int,
    "PASSWORD_HASH_MEMORY_KIB": int,
    "PASSWORD_HASH_PARALLELISM": int,
    "PASSWORD_MIN_LENGTH": int,
    "MAX_CONTENT_LENGTH": int,
    "DEFAULT_TIMEZONE": str,
    "PER_PAGE": int,
    "SUGGESTIONS_REFRESH_IN_BACKGROUND": bool,
}

_POSITIVE = {
    "SQLITE_BUSY_TIMEOUT_MS", "SESSION_IDLE_MINUTES", "SESSION_ABSOLUTE_HOURS", "LOGIN_MAX_FAILURES",
    "LOGIN_FAILURE_WINDOW_SECONDS", "PASSWORD_HASH_TIME_COST", "PASSWORD_HASH_MEMORY_KIB",
    "PASSWORD_HASH_PARALLELISM", "PASSWORD_MIN_LENGTH", "MAX_CONTENT_LENGTH", "PER_PAGE",
}


def check_settings(config, *, source_of) -> None:
    """Raise ConfigError naming the first setting whose value is unusable."""
    for name, expected in _TYPES.items():
        value = config.get(name)
        if value is None and name == "SQLALCHEMY_DATABASE_URI":
            continue
        # bool is an int in Python; an int setting given True is still a mistake.
        wrong_bool = isinstance(value, bool) and expected is not bool
        if not isinstance(value, expected) or wrong_bool:
            raise ConfigError(
                f"Setting {name} from {source_of(name)} must be {_type_name(expected)}, got {value!r}."
            )
        if name in _POSITIVE and value <= 0:
            raise ConfigError(f"Setting {name} from {source_of(name)} must be above 0, got {value!r}.")
    if not config["SECRET_KEY"].strip():
        raise ConfigError(f"Setting SECRET_KEY from {source_of('SECRET_KEY')} is empty.")
    _check_timezone(config["DEFAULT_TIMEZONE"], source_of("DEFAULT_TIMEZONE"))


def _check_timezone(name: str, source: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"Setting DEFAULT_TIMEZONE from {source} is not a known time zone: {name!r}.") from exc


def _type_name(expected) -> str:
    names = {str: "text", int: "a whole number", bool: "True or False", dict: "a dict"}
    if isinstance(expected, tuple):
        return " or ".join(names.get(t, t.__name__) for t in expected)
    return names.get(expected, expected.__name__)


def normalise_database_url(url: str) -> str:
    """Map the URL forms hosting platforms hand out to the psycopg 3 driver SQLAlchemy should use."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def write_instance_config(instance_path: Path) -> bool:
    """Write instance/config.py with a fresh random SECRET_KEY (mode 0600); False if it already exists."""
    import os

    instance_path.mkdir(parents=True, exist_ok=True)
    target = instance_path / "config.py"
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(
            '"""Settings of this deployment (see crm/config.py for every setting). Keep this file private."""\n\n'
            f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
            "\n# Only to try the app from another machine over plain HTTP (never in production):\n"
            "# SESSION_COOKIE_SECURE = False\n"
            "# Only to try the demo administrator without an authenticator app:\n"
            "# TOTP_REQUIRED_FOR_ADMINS = False\n"
        )
    return True
