"""Settings an admin may change in the app: minimum wage, fidelity targets, week start, time zone and retention.

Each has a default here (DESIGN.md §2); a row in the ``setting`` table overrides it.
"""

from __future__ import annotations

from decimal import Decimal

from flask import g
from sqlalchemy import select

from crm.extensions import db
from crm.models import Setting

DEFAULT_SETTINGS: dict[str, object] = {
    "minimum_hourly_wage": "12.21",  # text, read as Decimal: the deployment's legal minimum hourly pay
    "currency_symbol": "£",
    "face_to_face_target_per_week": 6,
    "first_contact_target_days": 30,
    "caseload_target": 20,
    "employer_concentration_flag_percent": 15,
    "week_starts_on": 0,  # 0 = Monday … 6 = Sunday
    "timezone": "Europe/London",
    # Closed participants are listed as due for erasure this many months after closing (0: never listed). Seven
    # years: the usual "six years after the end of the year closed" of UK records schedules, which outlasts the
    # six-year limitation period for claims and typical funders' audit periods; nobody is erased automatically.
    "erase_closed_after_months": 84,
}


def get_setting(key: str):
    """The current value of a setting (its stored row, else the default); read once per app context."""
    if key not in DEFAULT_SETTINGS:
        raise KeyError(f"unknown setting {key!r}")
    if "settings" not in g:
        g.settings = {row.key: row.value for row in db.session.execute(select(Setting.key, Setting.value))}
    value = g.settings.get(key)
    return DEFAULT_SETTINGS[key] if value is None else value


def forget_cached_settings() -> None:
    """Drop the settings read in this app context (after they were changed)."""
    g.pop("settings", None)


def minimum_hourly_wage() -> Decimal:
    """The configured minimum hourly wage, as a Decimal."""
    return Decimal(str(get_setting("minimum_hourly_wage")))


def is_competitive(pay_min, *, set_aside_for_disabled: bool, time_limited_by_agency: bool,
                   minimum_wage: Decimal) -> bool:
    """A job is competitive when open to anyone, not time-limited by the agency, and paying the minimum wage.

    Unknown pay is not competitive: it cannot be shown to meet the minimum.
    """
    if set_aside_for_disabled or time_limited_by_agency or pay_min is None:
        return False
    return Decimal(str(pay_min)) >= minimum_wage


def save_settings(values: dict, user) -> list[str]:
    """Store changed settings; return (and audit) the names of those that changed."""
    from crm import audit
    from crm.models.types import utcnow

    changed = []
    for key, value in values.items():
        if key not in DEFAULT_SETTINGS:
            continue
        value = str(value) if isinstance(value, Decimal) else value
        if get_setting(key) == value:
            continue
        row = db.session.get(Setting, key) or Setting(key=key)
        row.value, row.updated_by_id, row.updated_at = value, user.id, utcnow()
        db.session.add(row)
        changed.append(key)
    forget_cached_settings()
    if changed:
        audit.record("update", "settings", None, fields=changed)
    return changed
