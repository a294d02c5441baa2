"""The one bridge between the CRM and the matching library: rows become matching records here, and only here.

The fitted index of open openings is kept per process and refreshed when openings change, never rebuilt
per request. Each request compares a cheap version of the open openings (how many, and the latest
``updated_at``) with the version the index was built from; when they differ, a background thread builds a
new index while requests keep using the old one, then swaps it in. Every server process does the same
against the shared database, so all servers converge on the same openings within one refresh.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from crm.database import reading
from crm.extensions import db
from crm.models import CareerProfile, Employer, Opening, Participant
from matching import MatchingInputError, validate_opening, validate_profile

log = logging.getLogger(__name__)


def opening_record(row) -> dict:
    """A matching-contract opening from a row of opening columns (see ``_OPENING_COLUMNS``)."""
    record = {
        "id": str(row.id), "title": row.title, "employer": row.employer_name, "industry": row.industry,
        "description": row.description, "requirements": list(row.requirements or []),
        "hours_per_week": {"min": row.hours_min, "max": row.hours_max}, "shifts": list(row.shifts or []),
        "hourly_wage": {"min": _number(row.pay_min), "max": _number(row.pay_max)}, "remote": bool(row.remote),
        "source": row.source,
    }
    if row.latitude is not None and row.longitude is not None:
        record["location"] = {"lat": row.latitude, "lon": row.longitude}
    return record


def profile_record(participant: Participant) -> dict:
    """A matching-contract profile of a participant (an empty profile if none was filled in)."""
    p = participant.profile or CareerProfile()
    record = {
        "id": str(participant.id), "job_goals": list(p.job_goals or []), "industries": list(p.industries or []),
        "strengths": list(p.strengths or []), "skills": list(p.skills or []),
        "experience": list(p.experience or []), "avoid": list(p.avoid or []),
        "hours_per_week": {"min": p.hours_min, "max": p.hours_max}, "shifts_excluded": list(p.shifts_excluded or []),
        "min_hourly_wage": _number(p.min_hourly_wage), "max_travel_km": p.max_travel_km, "remote": p.remote,
    }
    if p.latitude is not None and p.longitude is not None:
        record["location"] = {"lat": p.latitude, "lon": p.longitude}
    return validate_profile(record)


def _number(value):
    return None if value is None else float(value)


_OPENING_COLUMNS = (
    Opening.id, Opening.title, Employer.name.label("employer_name"), Opening.industry, Opening.description,
    Opening.requirements, Opening.hours_min, Opening.hours_max, Opening.shifts, Opening.pay_min, Opening.pay_max,
    Opening.latitude, Opening.longitude, Opening.remote, Opening.source,
)


def open_openings_version() -> tuple:
    """What identifies the set of open openings: their number and the latest change."""
    row = db.session.execute(
        select(func.count(Opening.id), func.max(Opening.updated_at)).where(Opening.status == "open")).one()
    return (row[0], row[1])


def _load_records() -> Iterator:
    """Every open opening as a validated matching record; an opening the contract refuses is logged and skipped.

    A generator over a streamed query, so that the matcher's fit holds one opening's row at a time, not all.
    """
    rows = db.session.execute(
        select(*_OPENING_COLUMNS).join(Employer, Employer.id == Opening.employer_id).where(Opening.status == "open")
        .execution_options(yield_per=5000))
    for row in rows:
        try:
            yield validate_opening(opening_record(row))
        except MatchingInputError as error:
            log.warning("opening %s left out of suggestions: %s", row.id, error)


def _give_back_memory() -> None:
    """Return the heap freed by a build (and the index it replaced) to the system; glibc keeps it otherwise."""
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc: nothing to give back this way
        return None


_LIBC = _glibc()


@dataclass
class _Built:
    matcher: object
    version: tuple
    database: str
    seconds: float


class SuggestionIndex:
    """This process's fitted matcher over the open openings, refreshed when they change."""

    def __init__(self):
        self._built: _Built | None = None
        self._lock = threading.Lock()
        self._refreshing = False

    def matcher(self):
        """The fitted matcher for the current open openings (possibly one refresh behind)."""
        version = open_openings_version()
        database = str(db.engine.url)
        built = self._built
        if built is None or built.database != database:
            with self._lock:
                if self._built is None or self._built.database != database:
                    self._built = self._build(version, database)
                    _give_back_memory()
            return self._built.matcher
        if built.version != version:
            if current_app.config.get("SUGGESTIONS_REFRESH_IN_BACKGROUND", True):
                self._refresh_in_background(current_app._get_current_object())
            else:
                with self._lock:
                    self._built = self._build(version, database)
                    _give_back_memory()
                return self._built.matcher
        return built.matcher

    @staticmethod
    def _build(version: tuple, database: str) -> _Built:
        from matching import Matcher

        started = time.perf_counter()
        matcher = Matcher().fit(_load_records())
        seconds = time.perf_counter() - started
        log.info("suggestion index built over %s open openings in %.1f s", version[0], seconds)
        return _Built(matcher, version, database, seconds)

    def _refresh_in_background(self, app) -> None:
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True

        def work():
            try:
                with app.app_context():
                    # Reads only: on SQLite it must not hold the write lock for the seconds a build takes.
                    with reading(db.session):
                        version, database = open_openings_version(), str(db.engine.url)
                        built = self._build(version, database)
                    db.session.remove()
                self._built = built
                _give_back_memory()  # the old index is gone now too
            except Exception:  # a failed refresh keeps the old index; the next request tries again
                log.exception("refreshing the suggestion index failed")
            finally:
                self._refreshing = False

        threading.Thread(target=work, name="suggestion-index", daemon=True).start()

    def forget(self) -> None:
        """Drop the index (tests; another database)."""
        self._built = None


suggestion_index = SuggestionIndex()
