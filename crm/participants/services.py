"""Participants and their career profiles: queries and writes. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm import audit
from crm.extensions import db
from crm.models import (
    CareerProfile,
    EmployerContact,
    JobMatch,
    JobMatchEvent,
    JobStart,
    Participant,
    SupportContact,
    User,
    employer_contact_participant,
)
from crm.models.match import MATCH_STATUSES
from crm.models.participant import ACTIVE_STATUSES
from crm.queries import escape_like

PARTICIPANT_FIELDS = ("name", "referral_date", "status")


class ParticipantError(Exception):
    """A change was refused; field names the form field, the message is safe to show."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def last_contact_on_behalf():
    """A correlated subquery: the latest employer contact on the participant's behalf."""
    ecp = employer_contact_participant
    return (select(func.max(EmployerContact.contacted_at))
            .select_from(ecp.join(EmployerContact, EmployerContact.id == ecp.c.employer_contact_id))
            .where(ecp.c.participant_id == Participant.id).correlate(Participant).scalar_subquery())


def first_face_to_face_on_behalf():
    """A correlated subquery: the first face-to-face employer contact on the participant's behalf."""
    ecp = employer_contact_participant
    return (select(func.min(EmployerContact.contacted_at))
            .select_from(ecp.join(EmployerContact, EmployerContact.id == ecp.c.employer_contact_id))
            .where(ecp.c.participant_id == Participant.id, EmployerContact.face_to_face.is_(True))
            .correlate(Participant).scalar_subquery())


def visible_participants(viewer: User) -> Select:
    """Participants the viewer may see: their own, their team's (team lead), everyone's (admin)."""
    query = select(Participant).where(Participant.erased_at.is_(None))
    if viewer.role == "admin":
        return query
    if viewer.role == "team_lead" and viewer.team_id is not None:  # no team is not a team (policy.may_view_caseload)
        team = select(User.id).where(User.team_id == viewer.team_id)
        return query.where(or_(Participant.specialist_id == viewer.id, Participant.specialist_id.in_(team)))
    return query.where(Participant.specialist_id == viewer.id)


def caseload_query(viewer: User, *, status: str = "active", q: str = "") -> Select:
    """The caseload list: participants with their last and first face-to-face contact on their behalf."""
    query = visible_participants(viewer).add_columns(
        last_contact_on_behalf().label("last_contact"), first_face_to_face_on_behalf().label("first_face_to_face"),
    ).options(joinedload(Participant.specialist))
    if status == "active":
        query = query.where(Participant.status.in_(ACTIVE_STATUSES))
    elif status:
        query = query.where(Participant.status == status)
    if q:
        query = query.where(Participant.name.ilike(f"%{escape_like(q.strip())}%", escape="\\"))
    return query.order_by(Participant.name, Participant.id)


def create_participant(specialist: User, *, name: str, referral_date: date, status: str = "job_search") -> Participant:
    """Add a person to the specialist's caseload, with an empty career profile."""
    participant = Participant(name=name, referral_date=referral_date, status=status, specialist_id=specialist.id)
    participant.profile = CareerProfile()
    db.session.add(participant)
    db.session.flush()
    audit.record("create", "participant", participant.id, fields=list(PARTICIPANT_FIELDS))
    return participant


def update_participant(participant: Participant, **values) -> list[str]:
    """Change name, referral date or status; return and audit the changed field names."""
    changed = [key for key in PARTICIPANT_FIELDS if key in values and getattr(participant, key) != values[key]]
    for key in changed:
        setattr(participant, key, values[key])
    if "status" in changed:
        participant.closed_on = date.today() if participant.status == "closed" else None
    if changed:
        audit.record("update", "participant", participant.id, fields=changed)
    return changed


def save_profile(participant: Participant, values: dict) -> list[str]:
    """Store the career profile; return and audit the names of the fields that changed (never their values)."""
    profile = participant.profile or CareerProfile(participant_id=participant.id)
    if participant.profile is None:
        db.session.add(profile)
    changed = []
    for key, value in values.items():
        value = None if value == "" else value
        if isinstance(value, list):
            value = list(value)
        if getattr(profile, key) != value:
            setattr(profile, key, value)
            changed.append(key)
    if changed:
        audit.record("update", "participant", participant.id, fields=[f"profile.{k}" for k in changed])
    return changed


def reassign(participant: Participant, new_specialist: User, by: User) -> None:
    """Move the participant to another specialist (of the lead's team, unless an admin does it)."""
    if new_specialist.role != "specialist" or not new_specialist.active:
        raise ParticipantError("specialist_id", "Choose an active specialist.")
    if by.role != "admin" and (by.team_id is None or new_specialist.team_id != by.team_id):
        raise ParticipantError("specialist_id", "Choose a specialist in your own team.")
    if participant.specialist_id != new_specialist.id:
        participant.specialist_id = new_specialist.id
        audit.record("update", "participant", participant.id, fields=["specialist_id"])


def reassign_choices(viewer: User) -> list[tuple[int, str]]:
    """Active specialists a participant can be moved to by viewer."""
    query = select(User.id, User.name).where(User.active, User.role == "specialist").order_by(User.name)
    if viewer.role != "admin":
        query = query.where(User.team_id == viewer.team_id, User.team_id.is_not(None))
    return [(row.id, row.name) for row in db.session.execute(query)]


@dataclass
class TimelineEntry:
    """One thing that happened for a participant, for their timeline."""

    at: datetime | date
    kind: str
    title: str
    detail: str = ""
    link: tuple[str, dict] | None = None


def _sort_key(entry: TimelineEntry):
    moment = entry.at
    return moment.date() if isinstance(moment, datetime) else moment, isinstance(moment, datetime), str(moment)


def timeline(participant: Participant, limit: int = 60) -> list[TimelineEntry]:
    """Employer contacts on their behalf, decisions on job matches, job starts and support contacts, newest first."""
    ecp = employer_contact_participant
    entries = []
    contacts = db.session.scalars(
        select(EmployerContact).join(ecp, ecp.c.employer_contact_id == EmployerContact.id)
        .where(ecp.c.participant_id == participant.id).options(selectinload(EmployerContact.employer))
        .order_by(EmployerContact.contacted_at.desc()).limit(limit))
    for c in contacts:
        kind = "Face-to-face employer contact" if c.face_to_face else "Employer contact"
        entries.append(TimelineEntry(c.contacted_at, "contact", f"{kind}: {c.employer.name}", c.outcome or "",
                                     ("employers.page", {"employer_id": c.employer_id})))
    events = db.session.execute(
        select(JobMatchEvent, JobMatch).join(JobMatch, JobMatch.id == JobMatchEvent.job_match_id)
        .where(JobMatch.participant_id == participant.id).options(selectinload(JobMatch.opening))
        .order_by(JobMatchEvent.recorded_at.desc()).limit(limit)).all()
    for event, match in events:
        status = MATCH_STATUSES.get(event.status, event.status)
        entries.append(TimelineEntry(event.recorded_at, "decision", f"{match.opening.title}: {status}",
                                     event.reason or "", ("openings.page", {"opening_id": match.opening_id})))
    for start in db.session.scalars(select(JobStart).where(JobStart.participant_id == participant.id)
                                    .options(selectinload(JobStart.employer)).limit(limit)):
        entries.append(TimelineEntry(start.start_date, "job_start", f"Started work: {start.job_title}",
                                     start.employer.name))
        if start.end_date:
            entries.append(TimelineEntry(start.end_date, "job_end", f"Job ended: {start.job_title}",
                                         start.end_reason or ""))
    for support in db.session.scalars(select(SupportContact).where(SupportContact.participant_id == participant.id)
                                      .order_by(SupportContact.contacted_at.desc()).limit(limit)):
        entries.append(TimelineEntry(support.contacted_at, "support", "Follow-along support contact"))
    return sorted(entries, key=_sort_key, reverse=True)[:limit]


def contact_dates(participant: Participant) -> tuple[datetime | None, datetime | None]:
    """(last employer contact on their behalf, first face-to-face one) for the participant."""
    row = db.session.execute(
        select(last_contact_on_behalf(), first_face_to_face_on_behalf()).where(Participant.id == participant.id)
    ).one()
    return row[0], row[1]
