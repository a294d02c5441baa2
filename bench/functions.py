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


def suggestions_at_scale(app, openings: int = 50_000, profiles: int = 50) -> dict:
    """Index build (the refresh) over `openings` openings treated as open, and one participant's ranking.

    The large data set has about half its 50,000 openings open; this times the index over all of them, as
    if every one were open, with the CRM's own conversion of rows to matching records.
    """
    from sqlalchemy import select

    from crm.extensions import db
    from crm.models import Employer, Opening, Participant
    from crm.suggestions.index import _OPENING_COLUMNS, opening_record, profile_record
    from matching import Matcher, validate_opening

    with app.app_context():
        started = time.perf_counter()
        rows = db.session.execute(select(*_OPENING_COLUMNS).join(Employer, Employer.id == Opening.employer_id)
                                  .order_by(Opening.id).limit(openings)).all()
        records = [validate_opening(opening_record(row)) for row in rows]
        matcher = Matcher().fit(records)
        build = time.perf_counter() - started
        people = db.session.scalars(select(Participant).order_by(Participant.id).limit(profiles)).all()
        times = []
        for person in people:
            record = profile_record(person)
            started = time.perf_counter()
            matcher.rank(record, top=10)
            times.append((time.perf_counter() - started) * 1000)
        db.session.remove()
    times.sort()
    return {"openings": len(records), "build_s": build, "rank_p50_ms": times[len(times) // 2],
            "rank_p95_ms": times[int(len(times) * 0.95) - 1]}
