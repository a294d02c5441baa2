"""Timings of single operations that have their own targets, outside any page."""

from __future__ import annotations

import time

from sqlalchemy import select


def duplicate_check(app, checks: int = 60) -> tuple[float, float, int]:
    """(p50, p95) ms of one employer duplicate check against every employer, and how many employers."""
    from crm.employers.duplicates import find_similar_employers
    from crm.extensions import db
    from crm.models import Employer

    with app.app_context():
        names = db.session.scalars(select(Employer.name).order_by(Employer.id).limit(checks)).all()
        total = db.session.query(Employer).count()
        find_similar_employers("warm up the name cache")
        times = []
        for name in names:
            typed = name.replace("a", "e", 1) + " Ltd"  # a typo and a legal suffix, as people type them
            started = time.perf_counter()
            find_similar_employers(typed, postcode="XX1 1AA", phone="01632 960000")
            times.append((time.perf_counter() - started) * 1000)
        db.session.remove()
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.95) - 1], total
