"""The team review's figures, each one aggregate SQL over a set of staff ids. Definitions: docs/metrics.md.

Times are compared as aware datetimes (local week boundaries, converted to UTC by the column type), so the
weeks follow the configured time zone and first day of the week on SQLite and PostgreSQL alike. Nothing here
loops over employer contacts in Python: the contact table is only ever counted by the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from crm.extensions import db
from crm.models import Employer, EmployerContact, JobStart, Participant, employer_contact_participant
from crm.models.participant import ACTIVE_STATUSES
from crm.participants.services import first_face_to_face_on_behalf

RETENTION_DAYS = 90
STALE_EMPLOYER_DAYS = 60


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# --- job development: employer contacts --------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """One specialist's employer contacts in one week."""

    face_to_face: int = 0
    contacts: int = 0
    employers: int = 0
    new_employers: int = 0
    on_behalf: int = 0

    @property
    def general(self) -> int:
        """Contacts on behalf of nobody in particular."""
        return self.contacts - self.on_behalf


def week_activity(staff_ids: list[int], start: datetime, end: datetime) -> dict[int, Activity]:
    """Each staff member's contacts from start to end: face-to-face, all, employers, new employers, on behalf."""
    if not staff_ids:
        return {}
    ec, earlier = EmployerContact, aliased(EmployerContact)
    ecp = employer_contact_participant
    on_behalf = exists().where(ecp.c.employer_contact_id == ec.id)
    # New to this specialist: they had never contacted the employer before the week began.
    # "+ 0" keeps SQLite on the employer's index (a few rows) rather than the specialist's whole history.
    seen_before = (exists().where(earlier.employer_id == ec.employer_id,
                                  earlier.specialist_id + 0 == ec.specialist_id, earlier.contacted_at < start))
    query = (select(ec.specialist_id, _count_if(ec.face_to_face.is_(True)), func.count(ec.id),
                    func.count(func.distinct(ec.employer_id)),
                    func.count(func.distinct(case((~seen_before, ec.employer_id)))), _count_if(on_behalf))
             .where(ec.specialist_id.in_(staff_ids), ec.contacted_at >= start, ec.contacted_at < end)
             .group_by(ec.specialist_id))
    return {row[0]: Activity(*(int(value) for value in row[1:])) for row in db.session.execute(query)}


def weekly_counts(staff_ids: list[int], boundaries: list[datetime]) -> dict[tuple[int, int], tuple[int, int]]:
    """{(staff id, week number): (face-to-face, all contacts)} for the weeks between consecutive boundaries.

    One query: a CASE on the week boundaries numbers each contact's week, so daylight-saving changes and the
    configured first day of the week are exactly those of ``week_bounds``.
    """
    if not staff_ids or len(boundaries) < 2:
        return {}
    ec = EmployerContact
    week = case(*[(ec.contacted_at < boundary, n) for n, boundary in enumerate(boundaries[1:])])
    query = (select(ec.specialist_id, week.label("week"), _count_if(ec.face_to_face.is_(True)), func.count(ec.id))
             .where(ec.specialist_id.in_(staff_ids), ec.contacted_at >= boundaries[0],
                    ec.contacted_at < boundaries[-1])
             .group_by(ec.specialist_id, week))
    return {(row[0], int(row[1])): (int(row[2]), int(row[3])) for row in db.session.execute(query)}


def overdue_next_steps(staff_ids: list[int], today: date) -> dict[int, int]:
    """{staff id: open next steps whose due date is before today}."""
    if not staff_ids:
        return {}
    ec = EmployerContact
    query = (select(ec.specialist_id, func.count(ec.id))
             .where(ec.specialist_id.in_(staff_ids), ec.next_step_due < today, ec.next_step_done_at.is_(None))
             .group_by(ec.specialist_id))
    return {row[0]: int(row[1]) for row in db.session.execute(query)}


def stale_employers(staff_ids: list[int], now: datetime, limit: int) -> tuple[int, list[Employer]]:
    """(how many, the first limit) employers owned by staff_ids with no contact for STALE_EMPLOYER_DAYS or more."""
    if not staff_ids:
        return 0, []
    where = (Employer.owner_id.in_(staff_ids), Employer.archived_at.is_(None), Employer.merged_into_id.is_(None),
             Employer.last_contact_at <= now - timedelta(days=STALE_EMPLOYER_DAYS))
    count = db.session.scalar(select(func.count(Employer.id)).where(*where)) or 0
    query = (select(Employer).where(*where).options(selectinload(Employer.owner))
             .order_by(Employer.last_contact_at, Employer.id))
    rows = db.session.scalars(query.limit(limit) if limit else query).all()
    return count, list(rows)


# --- the caseload -----------------------------------------------------------------------------------------


def caseload_sizes(staff_ids: list[int]) -> dict[int, int]:
    """{staff id: active participants} (erased people still count: their figures stay)."""
    if not staff_ids:
        return {}
    query = (select(Participant.specialist_id, func.count(Participant.id))
             .where(Participant.specialist_id.in_(staff_ids), Participant.status.in_(ACTIVE_STATUSES))
             .group_by(Participant.specialist_id))
    return {row[0]: int(row[1]) for row in db.session.execute(query)}


def first_contacts(staff_ids: list[int], referred_since: date):
    """Active participants (not erased) referred since referred_since, or still looking for work without any
    face-to-face employer contact on their behalf, with their first such contact."""
    ecp = employer_contact_participant
    met_employer = (exists().where(ecp.c.participant_id == Participant.id,
                                   ecp.c.employer_contact_id == EmployerContact.id,
                                   EmployerContact.face_to_face.is_(True)))
    return db.session.execute(
        select(Participant.id, Participant.name, Participant.specialist_id, Participant.referral_date,
               Participant.status, first_face_to_face_on_behalf().label("first_face_to_face"))
        .where(Participant.specialist_id.in_(staff_ids or [-1]), Participant.status.in_(ACTIVE_STATUSES),
               Participant.erased_at.is_(None),
               or_(Participant.referral_date >= referred_since,
                   and_(Participant.status == "job_search", ~met_employer)))
        .order_by(Participant.referral_date, Participant.id)).all()


def current_job_starts(staff_ids: list[int]):
    """(staff id, job start dates, last support contact) of the caseload's jobs with follow-along still going."""
    from crm.models import SupportContact

    last_support = (select(func.max(SupportContact.contacted_at)).where(SupportContact.job_start_id == JobStart.id)
                    .correlate(JobStart).scalar_subquery())
    return db.session.execute(
        select(Participant.specialist_id, JobStart.start_date, last_support.label("last_at"))
        .join(Participant, Participant.id == JobStart.participant_id)
        .where(Participant.specialist_id.in_(staff_ids or [-1]), Participant.erased_at.is_(None),
               Participant.status != "closed", JobStart.end_date.is_(None), JobStart.support_stopped_on.is_(None))
    ).all()


# --- outcomes ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcomes:
    """One staff member's (or the team's) outcomes for a quarter; see docs/metrics.md."""

    job_starts: int = 0
    people_starting: int = 0
    first_job_starts: int = 0
    competitive_starts: int = 0
    reached_90_days: int = 0
    retained_90_days: int = 0
    caseload_at_end: int = 0
    working_competitive: int = 0


def _on_or_after(day_column, start_column, days: int):
    """SQL: day_column is at least days after start_column (dates; each database's own date arithmetic)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return day_column >= func.date(start_column, f"+{days} days")
    return day_column >= start_column + days


def outcomes(staff_ids: list[int], first: date, last: date, today: date) -> dict[int, Outcomes]:
    """{staff id: Outcomes} for participants on their caseload, from first to last (at most today)."""
    if not staff_ids:
        return {}
    last = min(last, today)
    js, p = JobStart, Participant
    reached = js.start_date <= today - timedelta(days=RETENTION_DAYS)
    retained = and_(reached, or_(js.end_date.is_(None), _on_or_after(js.end_date, js.start_date, RETENTION_DAYS)))
    starts = db.session.execute(
        select(p.specialist_id, func.count(js.id), func.count(func.distinct(js.participant_id)),
               _count_if(js.competitive.is_(True)), _count_if(reached), _count_if(retained))
        .join(p, p.id == js.participant_id)
        .where(p.specialist_id.in_(staff_ids), js.start_date >= first, js.start_date <= last)
        .group_by(p.specialist_id)).all()
    firsts = select(js.participant_id, func.min(js.start_date).label("first")).group_by(js.participant_id).subquery()
    first_starts = db.session.execute(
        select(p.specialist_id, func.count(p.id)).join(firsts, firsts.c.participant_id == p.id)
        .where(p.specialist_id.in_(staff_ids), firsts.c.first >= first, firsts.c.first <= last)
        .group_by(p.specialist_id)).all()
    working = exists().where(js.participant_id == p.id, js.competitive.is_(True), js.start_date <= last,
                             or_(js.end_date.is_(None), js.end_date >= last))
    active_at_end = and_(p.referral_date <= last,
                         or_(p.closed_on > last, and_(p.closed_on.is_(None), p.status != "closed")))
    caseload = db.session.execute(
        select(p.specialist_id, func.count(p.id), _count_if(working))
        .where(p.specialist_id.in_(staff_ids), active_at_end).group_by(p.specialist_id)).all()
    found: dict[int, dict] = {}
    for row in starts:
        names = ("job_starts", "people_starting", "competitive_starts", "reached_90_days", "retained_90_days")
        found.setdefault(row[0], {}).update(zip(names, map(int, row[1:]), strict=True))
    for row in first_starts:
        found.setdefault(row[0], {})["first_job_starts"] = int(row[1])
    for row in caseload:
        found.setdefault(row[0], {}).update(caseload_at_end=int(row[1]), working_competitive=int(row[2]))
    return {staff_id: Outcomes(**values) for staff_id, values in found.items()}


@dataclass(frozen=True)
class Diversity:
    """How spread the quarter's job starts are over employers and job types."""

    job_starts: int = 0
    employers: int = 0
    top_employer_id: int | None = None
    top_employer_starts: int = 0
    job_types: int = 0
    top_job_type: str | None = None
    top_job_type_starts: int = 0


def diversity(staff_ids: list[int], first: date, last: date, today: date) -> Diversity:
    """Distinct employers and job types (job titles, ignoring case and spaces around) of the job starts."""
    if not staff_ids:
        return Diversity()
    js, p = JobStart, Participant
    job_type = func.lower(func.trim(js.job_title))
    where = (p.specialist_id.in_(staff_ids), js.start_date >= first, js.start_date <= min(last, today))

    def spread(column) -> list[tuple]:
        """(key, job starts) per key, most first: grouped rows, a handful per quarter."""
        return db.session.execute(
            select(column, func.count(js.id).label("n")).join(p, p.id == js.participant_id).where(*where)
            .group_by(column).order_by(func.count(js.id).desc(), column)).all()

    by_employer, by_type = spread(js.employer_id), spread(job_type)
    total = sum(int(row[1]) for row in by_employer)
    top_employer = by_employer[0] if by_employer else None
    top_type = by_type[0] if by_type else None
    employers, types = len(by_employer), len(by_type)
    return Diversity(total, employers, top_employer[0] if top_employer else None,
                     int(top_employer[1]) if top_employer else 0, types, top_type[0] if top_type else None,
                     int(top_type[1]) if top_type else 0)
