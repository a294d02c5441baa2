"""Follow-along support: logging support contacts, and which are due, for one job or a whole caseload. Callers commit.

The due dates come from ``crm.jobs.schedule``; here they are fed with each job start's last support contact,
read with the job starts in the same query (a correlated MAX over ix_support_contact_job_start_at).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from crm import audit
from crm.extensions import db
from crm.formatting import to_local
from crm.jobs.schedule import is_overdue, next_support_due, support_state
from crm.jobs.services import LIST_ORDER, PIPELINE, STEP_LABELS, JobError, status_label
from crm.models import JobMatch, JobMatchEvent, JobStart, Opening, Participant, SupportContact, User

SUPPORT_FIELDS = ("contacted_at", "mode", "with_participant", "with_employer", "notes")
# A support contact may come shortly before the job starts (DESIGN.md §2: "before or within 3 days").
EARLIEST_BEFORE_START = timedelta(days=31)


def _last_support_at():
    """A correlated subquery: when the job start's latest support contact was."""
    return (select(func.max(SupportContact.contacted_at)).where(SupportContact.job_start_id == JobStart.id)
            .correlate(JobStart).scalar_subquery())


def _local_date(moment: datetime | None) -> date | None:
    return to_local(moment).date() if moment is not None else None


def _due(start: JobStart, last_contact: date | None) -> date | None:
    return next_support_due(start.start_date, last_contact, end_date=start.end_date,
                            stopped_on=start.support_stopped_on)


class DueSupport(NamedTuple):
    """A follow-along support contact falling due for someone on a caseload."""

    participant: Participant
    job_start: JobStart
    due: date
    overdue: bool


def due_supports(specialist: User, today: date, days_ahead: int = 7) -> list[DueSupport]:
    """Overdue support contacts and those due within days_ahead, for the specialist's caseload, soonest first.

    One query: the caseload's current job starts, with their participant, employer and last support contact.
    """
    rows = db.session.execute(
        select(JobStart, Participant, _last_support_at().label("last_at"))
        .join(Participant, Participant.id == JobStart.participant_id)
        .where(Participant.specialist_id == specialist.id, Participant.erased_at.is_(None),
               Participant.status != "closed", JobStart.end_date.is_(None), JobStart.support_stopped_on.is_(None))
        .options(joinedload(JobStart.employer))).all()
    found = []
    for start, participant, last_at in rows:
        due = _due(start, _local_date(last_at))
        if due is not None and due <= today + timedelta(days=days_ahead):
            found.append(DueSupport(participant, start, due, is_overdue(due, today)))
    return sorted(found, key=lambda d: (d.due, d.participant.name, d.job_start.id))


@dataclass
class StartSummary:
    """A job start with where its follow-along stands."""

    job_start: JobStart
    last_contact: date | None
    due: date | None
    state: str  # crm.jobs.schedule.support_state: stopped, overdue, due, soon, later


def _summary(start: JobStart, last_at: datetime | None, today: date) -> StartSummary:
    last = _local_date(last_at)
    due = _due(start, last)
    return StartSummary(start, last, due, support_state(due, today))


def job_start_summary(start: JobStart, today: date) -> StartSummary:
    """Where one job start's follow-along stands."""
    last_at = db.session.scalar(select(func.max(SupportContact.contacted_at))
                                .where(SupportContact.job_start_id == start.id))
    return _summary(start, last_at, today)


@dataclass
class ParticipantJobs:
    """What the participant page shows about jobs: job matches with their history, and job starts."""

    matches: list[JobMatch]
    starts: list[StartSummary]
    today: date

    @staticmethod
    def next_steps(match: JobMatch) -> list[tuple[str, str]]:
        """(status, button label) of the steps the match may take next."""
        return [(status, STEP_LABELS[status]) for status in PIPELINE.get(match.status, ())]

    @staticmethod
    def label(status: str) -> str:
        """The plain name of a job match status."""
        return status_label(status)


def participant_jobs(participant: Participant, today: date) -> ParticipantJobs:
    """The participant's job matches (any status, with opening, employer and history) and job starts; 3 queries."""
    matches = db.session.scalars(
        select(JobMatch).where(JobMatch.participant_id == participant.id)
        .options(joinedload(JobMatch.opening).joinedload(Opening.employer),
                 selectinload(JobMatch.history).joinedload(JobMatchEvent.recorded_by))).unique().all()
    order = {status: n for n, status in enumerate(LIST_ORDER)}
    matches = sorted(matches, key=lambda m: (order.get(m.status, len(order)), -m.updated_at.timestamp(), m.id))
    rows = db.session.execute(
        select(JobStart, _last_support_at()).where(JobStart.participant_id == participant.id)
        .options(joinedload(JobStart.employer)).order_by(JobStart.start_date.desc(), JobStart.id.desc())).all()
    return ParticipantJobs(matches, [_summary(start, last_at, today) for start, last_at in rows], today)


def support_contacts_query(start: JobStart) -> Select:
    """The job start's support contacts, newest first, with who logged them."""
    return (select(SupportContact).where(SupportContact.job_start_id == start.id)
            .options(joinedload(SupportContact.specialist))
            .order_by(SupportContact.contacted_at.desc(), SupportContact.id.desc()))


def _check_support(start: JobStart, contacted_at: datetime, with_participant: bool, with_employer: bool) -> None:
    if not (with_participant or with_employer):
        raise JobError("with_whom", "Tick who the contact was with: the person, their employer, or both.")
    day = to_local(contacted_at).date()
    if day < start.start_date - EARLIEST_BEFORE_START:
        raise JobError("contacted_at", f"That is more than a month before the job started "
                                       f"({start.start_date:%d/%m/%Y}). Check the date.")
    if start.end_date is not None and day > start.end_date:
        raise JobError("contacted_at", f"The job ended on {start.end_date:%d/%m/%Y}: support after that is not "
                                       "follow-along for this job.")
    if start.support_stopped_on is not None and day > start.support_stopped_on:
        raise JobError("contacted_at", f"Follow-along stopped on {start.support_stopped_on:%d/%m/%Y} at the person's "
                                       "request. If they want support again, restart it first.")


def log_support_contact(start: JobStart, by: User, *, contacted_at: datetime, mode: str, with_participant: bool,
                        with_employer: bool, notes: str | None = None) -> SupportContact:
    """Record a follow-along support contact with the person and/or their employer."""
    _check_support(start, contacted_at, with_participant, with_employer)
    support = SupportContact(job_start_id=start.id, participant_id=start.participant_id, specialist_id=by.id,
                             contacted_at=contacted_at, mode=mode, with_participant=with_participant,
                             with_employer=with_employer, notes=notes or None)
    db.session.add(support)
    db.session.flush()
    audit.record("create", "support_contact", support.id,
                 fields=[f for f in SUPPORT_FIELDS if getattr(support, f) not in (None, False, "")])
    audit.record("update", "participant", start.participant_id, fields=["support_contacts"],
                 detail=f"support contact {support.id} logged")
    return support


def update_support_contact(support: SupportContact, **values) -> list[str]:
    """Correct a logged support contact; return and audit the names of the changed fields."""
    values["notes"] = values.get("notes") or None
    _check_support(support.job_start, values["contacted_at"], values["with_participant"], values["with_employer"])
    changed = [key for key in SUPPORT_FIELDS if getattr(support, key) != values[key]]
    for key in changed:
        setattr(support, key, values[key])
    if changed:
        audit.record("update", "support_contact", support.id, fields=changed)
        audit.record("update", "participant", support.participant_id, fields=["support_contacts"],
                     detail=f"support contact {support.id} changed")
    return changed
