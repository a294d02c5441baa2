"""Job matches from interested to hired, job starts, and ending them. Callers commit.

Every change writes a history step where the model keeps one (``JobMatchEvent``) and audit events: one on the
changed object and one on the participant, whose record it is (as the contact log does).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from crm import audit
from crm.extensions import db
from crm.formatting import money
from crm.models import Employer, JobMatch, JobMatchEvent, JobStart, Opening, Participant, User
from crm.models.match import MATCH_STATUSES
from crm.models.types import utcnow
from crm.openings.services import lowest_stated_pay
from crm.participants.services import update_participant
from crm.settings import is_competitive, minimum_hourly_wage

# Where a job match may go from each status. "Suggested" is decided on the suggestions page first; "hired" is
# reached only by recording the job start (``hire``); "ended" and "hired" are final.
PIPELINE: dict[str, tuple[str, ...]] = {
    "suggested": (),
    "interested": ("applied", "ended"),
    "maybe_later": ("interested", "ended"),
    "not_for_me": ("interested",),
    "applied": ("interview", "offer", "ended"),
    "interview": ("offer", "ended"),
    "offer": ("hired", "ended"),
    "hired": (),
    "ended": (),
}
# What the buttons say, in the words of the step.
STEP_LABELS = {"interested": "Interested now", "applied": "Applied", "interview": "Interview arranged",
               "offer": "Offered the job", "hired": "Hired", "ended": "End this match"}
# The order job matches are listed in: those moving first, furthest along first.
LIST_ORDER = ("offer", "interview", "applied", "interested", "maybe_later", "suggested", "hired", "not_for_me",
              "ended")
HAND_ADDED = "Found by the person themselves"
JOB_START_FIELDS = ("employer_id", "opening_id", "job_match_id", "job_title", "start_date", "hours_per_week",
                    "hourly_pay", "competitive")


class JobError(Exception):
    """A change was refused; field names the form field (or "status"), the message is safe to show."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def status_label(status: str) -> str:
    """The plain name of a job match status."""
    return MATCH_STATUSES.get(status, status)


def _refusal(match: JobMatch, status: str) -> str:
    title, now = match.opening.title, status_label(match.status)
    if status == match.status:
        return f"“{title}” is already at {now}."
    allowed = [status_label(s) for s in PIPELINE.get(match.status, ())]
    where = f" From {now} it can move to {' or '.join(allowed)}." if allowed else f" {now} is a final step."
    return f"“{title}” cannot move from {now} to {status_label(status)}.{where}"


def _step(match: JobMatch, status: str, by: User, reason: str | None) -> JobMatchEvent:
    """Move the match one step (checked against PIPELINE) and record the step and its audit events."""
    if status not in PIPELINE.get(match.status, ()):
        raise JobError("status", _refusal(match, status))
    old = match.status
    match.status, match.updated_at = status, utcnow()
    event = JobMatchEvent(job_match_id=match.id, status=status, reason=reason or None, recorded_by_id=by.id,
                          recorded_at=utcnow())
    db.session.add(event)
    db.session.flush()
    audit.record("update", "job_match", match.id, fields=["status"] + (["reason"] if reason else []),
                 detail=f"{old} to {status}")
    audit.record("update", "participant", match.participant_id, fields=["job_matches"],
                 detail=f"job match {match.id} moved to {status}")
    return event


def move_job_match(match: JobMatch, status: str, by: User, reason: str | None = None) -> JobMatchEvent:
    """Move a job match to its next status; a reason is kept only when it ends."""
    if status == "hired" and "hired" in PIPELINE.get(match.status, ()):
        raise JobError("status", "Record the job start to mark them hired.")
    return _step(match, status, by, reason if status == "ended" else None)


def add_job_match_by_hand(participant: Participant, opening: Opening, by: User) -> JobMatch:
    """An opening the person found themselves, as a job match at Interested (or an old match brought back)."""
    match = db.session.scalar(select(JobMatch).where(JobMatch.participant_id == participant.id,
                                                     JobMatch.opening_id == opening.id))
    if match is not None:
        if "interested" not in PIPELINE.get(match.status, ()):
            raise JobError("opening_id", f"{participant.name} already has a job match for “{opening.title}”, "
                                         f"at {status_label(match.status)}.")
        _step(match, "interested", by, HAND_ADDED)
        return match
    if opening.status != "open":
        raise JobError("opening_id", f"“{opening.title}” is {opening.status}: choose an open opening.")
    match = JobMatch(participant_id=participant.id, opening_id=opening.id, status="interested", score=None,
                     reasons=[])
    db.session.add(match)
    db.session.flush()
    db.session.add(JobMatchEvent(job_match_id=match.id, status="interested", reason=HAND_ADDED,
                                 recorded_by_id=by.id, recorded_at=utcnow()))
    audit.record("create", "job_match", match.id, fields=["participant_id", "opening_id", "status"])
    audit.record("update", "participant", participant.id, fields=["job_matches"],
                 detail=f"job match {match.id} added by hand")
    return match


def job_start_prefill(opening: Opening) -> dict:
    """Job start form values taken from the opening: title, hours, the lowest stated pay and the two flags."""
    hours = opening.hours_max if opening.hours_max is not None else opening.hours_min
    return {"job_title": opening.title, "hours_per_week": hours,
            "hourly_pay": lowest_stated_pay(opening.pay_min, opening.pay_max),
            "set_aside_for_disabled": opening.set_aside_for_disabled,
            "time_limited_by_agency": opening.time_limited_by_agency}


def record_job_start(participant: Participant, by: User, *, employer: Employer, job_title: str, start_date: date,
                     hours_per_week: float | None, hourly_pay: Decimal | None, set_aside_for_disabled: bool,
                     time_limited_by_agency: bool, opening: Opening | None = None,
                     match: JobMatch | None = None) -> JobStart:
    """Record that the person starts a job; competitive is worked out here; the person is now working."""
    if start_date < participant.referral_date:
        raise JobError("start_date", f"The start cannot be before {participant.name} was referred "
                                     f"({participant.referral_date:%d/%m/%Y}).")
    competitive = is_competitive(hourly_pay, set_aside_for_disabled=set_aside_for_disabled,
                                 time_limited_by_agency=time_limited_by_agency, minimum_wage=minimum_hourly_wage())
    start = JobStart(participant_id=participant.id, employer_id=employer.id, opening_id=opening.id if opening else None,
                     job_match_id=match.id if match else None, job_title=job_title, start_date=start_date,
                     hours_per_week=hours_per_week, hourly_pay=hourly_pay, competitive=competitive,
                     created_by_id=by.id)
    db.session.add(start)
    db.session.flush()
    audit.record("create", "job_start", start.id,
                 fields=[f for f in JOB_START_FIELDS if getattr(start, f) is not None])
    audit.record("update", "participant", participant.id, fields=["job_starts"],
                 detail=f"job start {start.id} recorded")
    if participant.status != "working":
        update_participant(participant, status="working")
    return start


def explain_competitive(start: JobStart) -> str:
    """One plain sentence: whether the job start is competitive and, as far as is known, why not."""
    if start.competitive:
        return "Competitive: open to anyone, not time-limited by an agency, and paying at least the minimum wage."
    minimum = minimum_hourly_wage()
    if start.hourly_pay is None:
        reason = f"the pay is not known, so it cannot be shown to be at least {money(minimum)} an hour"
    elif Decimal(str(start.hourly_pay)) < minimum:
        reason = f"it pays {money(start.hourly_pay)} an hour, less than the minimum wage of {money(minimum)}"
    else:
        reason = "it is set aside for disabled people or time-limited by an agency"
    return f"Not competitive: {reason}."


def hire(match: JobMatch, by: User, **values) -> JobStart:
    """Mark the job match hired and record its job start (employer and opening from the match)."""
    _step(match, "hired", by, None)
    return record_job_start(match.participant, by, employer=match.opening.employer, opening=match.opening,
                            match=match, **values)


def _has_other_current_job(start: JobStart) -> bool:
    return db.session.scalar(select(JobStart.id).where(
        JobStart.participant_id == start.participant_id, JobStart.id != start.id,
        JobStart.end_date.is_(None)).limit(1)) is not None


def end_job_start(start: JobStart, *, end_date: date, reason: str, back_to_job_search: bool) -> None:
    """End a job; the person goes back to job search or stays in follow-along (working, if they have another job)."""
    if start.end_date is not None:
        raise JobError("end_date", f"This job already ended on {start.end_date:%d/%m/%Y}.")
    if end_date < start.start_date:
        raise JobError("end_date", f"The job cannot end before it started ({start.start_date:%d/%m/%Y}).")
    start.end_date, start.end_reason = end_date, reason
    audit.record("update", "job_start", start.id, fields=["end_date", "end_reason"])
    audit.record("update", "participant", start.participant_id, fields=["job_starts"],
                 detail=f"job start {start.id} ended")
    participant = start.participant
    if participant.status != "closed" and not _has_other_current_job(start):
        update_participant(participant, status="job_search" if back_to_job_search else "follow_along")


def stop_follow_along(start: JobStart, on: date) -> None:
    """The person asked for no more follow-along support for this job, from the date on."""
    if start.end_date is not None:
        raise JobError("status", "This job has ended: there is no follow-along support to stop.")
    if start.support_stopped_on is None:
        start.support_stopped_on = on
        audit.record("update", "job_start", start.id, fields=["support_stopped_on"])
        audit.record("update", "participant", start.participant_id, fields=["job_starts"],
                     detail=f"follow-along for job start {start.id} stopped at their request")


def resume_follow_along(start: JobStart) -> None:
    """The person wants follow-along support again after stopping it."""
    if start.end_date is not None:
        raise JobError("status", "This job has ended: follow-along support cannot start again for it.")
    if start.support_stopped_on is not None:
        start.support_stopped_on = None
        audit.record("update", "job_start", start.id, fields=["support_stopped_on"])
        audit.record("update", "participant", start.participant_id, fields=["job_starts"],
                     detail=f"follow-along for job start {start.id} resumed")
