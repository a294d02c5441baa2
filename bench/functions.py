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


CONTACT_EXPORT_ROWS = 100_000


def exports_at_scale(app, runs: int = 3) -> list[dict]:
    """Each CSV export streamed whole by the admin: rows, best and worst seconds, peak Python memory.

    The contact log is exported from the date that leaves its newest CONTACT_EXPORT_ROWS contacts (the issue's
    100,000-row figure). Memory is the peak of Python's allocations (tracemalloc) during one more, untimed
    run: a streamed export keeps it flat, a buffered one grows with the rows.
    """
    import tracemalloc

    from bench.measure import sign_in
    from bench.pages import ACCOUNTS
    from crm.extensions import db
    from crm.formatting import local_zone
    from crm.models import EmployerContact

    with app.app_context():
        oldest = db.session.scalar(select(EmployerContact.contacted_at).order_by(EmployerContact.contacted_at.desc())
                                   .offset(CONTACT_EXPORT_ROWS - 1).limit(1))
        since = oldest.astimezone(local_zone()).date() if oldest else None
        db.session.remove()
    contacts = "/transfer/export/contacts.csv" + (f"?from={since.isoformat()}" if since else "")
    client = sign_in(app, ACCOUNTS["admin"])
    found = []
    for label, path in (("contact log", contacts), ("employers", "/transfer/export/employers.csv"),
                        ("openings (open ones)", "/transfer/export/openings.csv")):
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            rows = _stream_lines(client, path)
            seconds.append(time.perf_counter() - started)
        tracemalloc.start()
        _stream_lines(client, path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        found.append({"export": label, "path": path, "rows": rows, "best_s": min(seconds), "worst_s": max(seconds),
                      "peak_mb": peak / 2**20})
    return found


def _stream_lines(client, path: str) -> int:
    """Read the CSV at path chunk by chunk, as a browser downloads it; return its data rows."""
    response = client.get(path, buffered=False)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered HTTP {response.status_code}")
    lines = 0
    for chunk in response.response:
        lines += chunk.count(b"\r\n") if isinstance(chunk, bytes) else chunk.count("\r\n")
    response.close()
    return lines - 1  # the header
