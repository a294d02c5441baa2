"""Obviously fake demo data for trying the app (`flask seed-demo`) and for the benchmarks (`make bench`).

Every person, business, address and phone number is invented: surnames such as "Sampleton", email addresses
on example.org, phone numbers from Ofcom's drama ranges (01632 960xxx, 07700 900xxx), postcodes in the
non-existent "XX" area of the fictional town of Sampleford. Career profiles hold preferences and limits
only; nothing clinical, ever.

The data is deterministic (one seeded random generator) and dated relative to today, so it always looks
current and the same day always gives the same rows. Rows go in through Core executemany in chunks, with
ids chosen here so that later rows can point at earlier ones without a round trip: that is what loads the
large benchmark set (half a million employer contacts) in minutes rather than hours.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import exists, select

from crm.auth.passwords import verify_password
from crm.demo.base import SCALES, SEED, Scale
from crm.demo.seeder import Seeder
from crm.demo.staff import ADMIN_EMAIL, DEMO_DOMAIN, DEMO_PASSWORD
from crm.extensions import db
from crm.models import Employer, Participant, User

__all__ = ["ADMIN_EMAIL", "DEMO_DOMAIN", "DEMO_PASSWORD", "SCALES", "SEED", "DatabaseNotEmpty", "Scale", "seed"]


class DatabaseNotEmpty(Exception):
    """The database already has staff, employers or participants; demo data would mix with real data."""


def seed(scale: str = "demo", force: bool = False, if_empty: bool = False,
         echo: Callable[[str], object] = print, *, today: date | None = None) -> str:
    """Add the demo data of one scale and commit; return a summary to print, with the demo logins.

    Refuses (DatabaseNotEmpty) a database that already has staff, employers or participants unless force;
    with if_empty such a database is left alone and the summary only says how to sign in.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if _has_data():
        if if_empty:
            message = _already_seeded_message()
            db.session.rollback()
            return message
        if not force:
            db.session.rollback()
            raise DatabaseNotEmpty("The database already has data; use --force to add the demo data anyway.")
    started = clock.perf_counter()
    seeder = Seeder(SCALES[scale], today or datetime.now(UTC).date(),
                    echo if scale != "demo" else (lambda _message: None))
    try:
        counts = seeder.run()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    summary = _summary(scale, counts, seeder.staff, clock.perf_counter() - started)
    if seeder.reused_staff:
        summary += "\nDemo accounts that were already there kept their own passwords."
    return summary


def _has_data() -> bool:
    return any(db.session.scalar(select(exists().where(model.id.is_not(None)))) for model in
               (User, Employer, Participant))


def _already_seeded_message() -> str:
    lines = ["The database already has data, so no demo data was added."]
    admin = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL, User.active))
    if admin is not None and verify_password(admin.password_hash, DEMO_PASSWORD):
        lines.append(f"Sign in as {ADMIN_EMAIL}, lead1@{DEMO_DOMAIN} or specialist1@{DEMO_DOMAIN} "
                     f"with the password {DEMO_PASSWORD}")
        lines.append(_two_step_note())
    else:
        lines.append("Sign in with your own account (`flask --app wsgi create-user` creates one).")
    return "\n".join(lines)


_SUMMARY_WORDS = {
    "team": "teams", "user": "staff accounts", "participant": "participants", "employer": "employers",
    "contact_person": "contact people", "employer_contact": "employer contacts", "opening": "openings",
    "job_match": "job matches", "job_start": "job starts", "support_contact": "support contacts",
}


def _summary(scale: str, counts: dict[str, int], staff: list[tuple[str, str]], seconds: float) -> str:
    made = ", ".join(f"{counts.get(table, 0):,} {words}" for table, words in _SUMMARY_WORDS.items())
    lines = [f"Added demo data (scale {scale}) in {seconds:.1f} s: {made}.",
             f"Every demo account has the password {DEMO_PASSWORD}"]
    shown = staff if len(staff) <= 16 else [s for s in staff if not s[0].startswith("specialist")] + [
        s for s in staff if s[0].startswith("specialist")][:3]
    lines += [f"  {email:<32} {label}" for email, label in shown]
    if len(shown) < len(staff):
        lines.append(f"  ... up to specialist{sum(e.startswith('specialist') for e, _ in staff)}@{DEMO_DOMAIN}")
    lines.append(_two_step_note())
    lines.append("All of it is made up: never add demo data to a database with real people's records.")
    return "\n".join(lines)


def _two_step_note() -> str:
    """What the demo administrator meets at first sign-in, as the configuration says."""
    if not current_app.config["TOTP_REQUIRED_FOR_ADMINS"]:
        return "Two-step sign-in is not required for administrators here (TOTP_REQUIRED_FOR_ADMINS = False)."
    return (f"Administrators must use two-step sign-in: at the first sign-in, {ADMIN_EMAIL} is asked to add the "
            "app to an authenticator app (FreeOTP, Google or Microsoft Authenticator...) and type its code.\n"
            "To try the admin pages without one, add TOTP_REQUIRED_FOR_ADMINS = False to instance/config.py.")
