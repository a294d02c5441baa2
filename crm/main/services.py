"""What "My week" shows a specialist: this week's face-to-face contacts, what is due, and their caseload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from crm.contacts.services import NextSteps, due_next_steps
from crm.extensions import db
from crm.formatting import local_zone
from crm.models import EmployerContact, User
from crm.participants.services import caseload_query
from crm.settings import get_setting


def week_bounds(day: date) -> tuple[datetime, datetime]:
    """The aware start and end of the week holding day, by the configured first day and time zone."""
    first = day - timedelta(days=(day.weekday() - int(get_setting("week_starts_on"))) % 7)
    start = datetime.combine(first, time(), tzinfo=local_zone())
    end = datetime.combine(first + timedelta(days=7), time(), tzinfo=local_zone())
    return start, end


def face_to_face_count(specialist: User, start: datetime, end: datetime) -> int:
    """Face-to-face employer contacts logged by the specialist from start to end (repeat visits each count)."""
    return db.session.scalar(select(func.count(EmployerContact.id)).where(
        EmployerContact.specialist_id == specialist.id, EmployerContact.face_to_face.is_(True),
        EmployerContact.contacted_at >= start, EmployerContact.contacted_at < end)) or 0


@dataclass
class MyWeek:
    """Everything on the specialist's home page."""

    week_start: datetime
    face_to_face: int
    target: int
    next_steps: NextSteps
    supports: list
    caseload: list
    waiting: list  # (participant, days since referral) past the first-contact target without a face-to-face contact
    first_contact_days: int


def my_week(specialist: User, today: date) -> MyWeek:
    """Gather the home page of a specialist."""
    from crm.jobs.follow_along import due_supports

    start, end = week_bounds(today)
    caseload = db.session.execute(caseload_query(specialist)).all()
    limit = int(get_setting("first_contact_target_days"))
    waiting = [(row[0], (today - row[0].referral_date).days) for row in caseload
               if row.first_face_to_face is None and row[0].status == "job_search"
               and (today - row[0].referral_date).days > limit]
    caseload = sorted(caseload, key=lambda row: (row.last_contact is not None, row.last_contact or 0))
    return MyWeek(start, face_to_face_count(specialist, start, end), int(get_setting("face_to_face_target_per_week")),
                  due_next_steps(specialist, today, days_ahead=7, overdue_shown=10),
                  due_supports(specialist, today, days_ahead=7), caseload, waiting, limit)
