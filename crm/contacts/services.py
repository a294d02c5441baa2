"""Logging employer contacts, their next steps, and who else works with an employer. Callers commit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from crm import audit
from crm.employers.services import note_contact, refresh_last_contact, save_contact_person
from crm.extensions import db
from crm.formatting import local_zone
from crm.forms import parse_day, parse_id
from crm.models import Employer, EmployerContact, Participant, User
from crm.models.contact import CONTACT_MODES, CONTACT_PURPOSES, FACE_TO_FACE_MODES
from crm.models.participant import ACTIVE_STATUSES
from crm.models.types import utcnow

CONTACT_FIELDS = ("employer_id", "contact_person_id", "contacted_at", "mode", "purpose", "participant_present",
                  "notes", "outcome", "next_step", "next_step_due")


class ContactError(Exception):
    """A contact could not be logged as given; field names the form field, the message is safe to show."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def caseload(specialist: User) -> list[Participant]:
    """The specialist's active participants, for "on behalf of"."""
    return list(db.session.scalars(
        select(Participant).where(Participant.specialist_id == specialist.id, Participant.status.in_(ACTIVE_STATUSES),
                                  Participant.erased_at.is_(None))
        .options(selectinload(Participant.profile)).order_by(Participant.name, Participant.id)))


def may_disclose(participant: Participant) -> bool:
    """True only when the person agreed that employers may be told about their condition."""
    return participant.profile is not None and participant.profile.disclosure == "yes"


def _own_participants(specialist: User, participant_ids: list[int]) -> list[Participant]:
    if not participant_ids:
        return []
    found = list(db.session.scalars(select(Participant).where(
        Participant.id.in_(participant_ids), Participant.specialist_id == specialist.id)))
    if len(found) != len(set(participant_ids)):
        raise ContactError("participant_ids", "Choose only people on your own caseload.")
    return found


def _person_id(employer: Employer, contact_person_id: int | None, new_person_name: str | None) -> int | None:
    if new_person_name:
        return save_contact_person(employer, None, name=new_person_name).id
    if not contact_person_id:
        return None
    from crm.models import ContactPerson

    person = db.session.get(ContactPerson, contact_person_id)
    if person is None or person.employer_id != employer.id:
        raise ContactError("contact_person_id", "Choose someone who works at this employer.")
    return person.id


def log_employer_contact(specialist: User, employer: Employer, *, contacted_at: datetime, mode: str, purpose: str,
                         participant_ids: list[int] = (), contact_person_id: int | None = None,
                         new_person_name: str | None = None, participant_present: bool = False,
                         notes: str | None = None, outcome: str | None = None, next_step: str | None = None,
                         next_step_due: date | None = None) -> EmployerContact:
    """Record one employer contact by specialist, and bring the employer's last contact up to date."""
    if employer.archived_at is not None:
        raise ContactError("employer_query", "This employer is archived; restore it before logging contacts.")
    contact = EmployerContact(
        specialist_id=specialist.id, employer_id=employer.id,
        contact_person_id=_person_id(employer, contact_person_id, new_person_name),
        contacted_at=contacted_at, mode=mode, face_to_face=mode in FACE_TO_FACE_MODES, purpose=purpose,
        participant_present=participant_present, notes=notes or None, outcome=outcome or None,
        next_step=next_step or None, next_step_due=next_step_due,
    )
    contact.participants = _own_participants(specialist, list(participant_ids))
    db.session.add(contact)
    db.session.flush()
    note_contact(employer.id, contacted_at)
    audit.record("create", "employer_contact", contact.id,
                 fields=[f for f in CONTACT_FIELDS if getattr(contact, f) not in (None, False, "")])
    for participant in contact.participants:
        audit.record("update", "participant", participant.id, fields=["employer_contacts"],
                     detail=f"employer contact {contact.id} logged on their behalf")
    return contact


def update_employer_contact(contact: EmployerContact, *, employer: Employer, participant_ids: list[int],
                            new_person_name: str | None = None, **values) -> list[str]:
    """Change a logged contact (its author only: the view checks); return and audit the changed field names."""
    old_employer_id = contact.employer_id
    values["employer_id"] = employer.id
    values["contact_person_id"] = _person_id(employer, values.get("contact_person_id"), new_person_name)
    for key in ("notes", "outcome", "next_step"):
        if key in values:
            values[key] = values[key] or None  # an empty box is no text, as when logged: not a change
    changed = [key for key in CONTACT_FIELDS if key in values and getattr(contact, key) != values[key]]
    for key in changed:
        setattr(contact, key, values[key])
    contact.face_to_face = contact.mode in FACE_TO_FACE_MODES
    participants = _own_participants(contact.specialist, participant_ids)
    if {p.id for p in participants} != {p.id for p in contact.participants}:
        changed.append("participants")
        for participant in set(participants) ^ set(contact.participants):
            audit.record("update", "participant", participant.id, fields=["employer_contacts"],
                         detail=f"employer contact {contact.id} changed")
        contact.participants = participants
    if changed:
        db.session.flush()
        for employer_id in {old_employer_id, employer.id}:
            refresh_last_contact(employer_id)
        audit.record("update", "employer_contact", contact.id, fields=changed)
    return changed


@dataclass
class OwnershipNotice:
    """Another specialist leads the relationship with this employer."""

    owner_name: str
    last_visit: datetime | None


def ownership_notice(employer: Employer, user: User) -> OwnershipNotice | None:
    """Who owns the employer relationship and when they last had contact, when it is someone else."""
    if employer.owner_id in (None, user.id) or employer.owner is None:
        return None
    last = db.session.scalar(select(EmployerContact.contacted_at).where(
        EmployerContact.employer_id == employer.id, EmployerContact.specialist_id == employer.owner_id)
        .order_by(EmployerContact.contacted_at.desc()).limit(1))
    return OwnershipNotice(employer.owner.name, last)


def _open_next_steps(specialist: User) -> Select:
    return (select(EmployerContact)
            .where(EmployerContact.specialist_id == specialist.id, EmployerContact.next_step_due.is_not(None),
                   EmployerContact.next_step_done_at.is_(None))
            .options(selectinload(EmployerContact.employer)))


@dataclass
class NextSteps:
    """A specialist's open next steps: the most recent overdue ones (and how many in all), and those coming up."""

    overdue: list[EmployerContact]
    overdue_count: int
    upcoming: list[EmployerContact]


def due_next_steps(specialist: User, today: date, days_ahead: int = 14, overdue_shown: int = 50) -> NextSteps:
    """Overdue next steps (latest first, at most overdue_shown) and those due from today to days_ahead."""
    overdue_query = _open_next_steps(specialist).where(EmployerContact.next_step_due < today)
    overdue = db.session.scalars(overdue_query.order_by(EmployerContact.next_step_due.desc(), EmployerContact.id)
                                 .limit(overdue_shown)).all()
    count = len(overdue)
    if count == overdue_shown:
        count = db.session.scalar(select(func.count()).select_from(overdue_query.subquery()))
    upcoming = db.session.scalars(
        _open_next_steps(specialist).where(EmployerContact.next_step_due >= today,
                                           EmployerContact.next_step_due <= today + timedelta(days=days_ahead))
        .order_by(EmployerContact.next_step_due, EmployerContact.id).limit(500)).all()
    return NextSteps(list(overdue), count, list(upcoming))


def mark_next_step_done(contact: EmployerContact) -> None:
    """Record that the contact's next step was done."""
    if contact.next_step_done_at is None:
        contact.next_step_done_at = utcnow()
        audit.record("update", "employer_contact", contact.id, fields=["next_step_done_at"])


def contact_log_query(viewer: User, *, specialist_ids: list[int] | None, employer_id: int | None = None,
                      since: datetime | None = None, until: datetime | None = None, mode: str = "",
                      purpose: str = "", face_to_face: bool = False) -> Select:
    """Employer contacts the viewer may list, newest first, narrowed by the filters."""
    # Each participant's specialist too: a team lead may see the names of their own team's caseloads only.
    query = select(EmployerContact).options(
        selectinload(EmployerContact.employer), selectinload(EmployerContact.specialist),
        selectinload(EmployerContact.participants).selectinload(Participant.specialist),
        selectinload(EmployerContact.contact_person))
    criteria = contact_log_criteria(specialist_ids=specialist_ids, employer_id=employer_id, since=since,
                                    until=until, mode=mode, purpose=purpose, face_to_face=face_to_face)
    return query.where(*criteria).order_by(*CONTACT_LOG_ORDER)


CONTACT_LOG_ORDER = (EmployerContact.contacted_at.desc(), EmployerContact.id.desc())


def contact_log_criteria(*, specialist_ids: list[int] | None, employer_id: int | None = None,
                         since: datetime | None = None, until: datetime | None = None, mode: str = "",
                         purpose: str = "", face_to_face: bool = False) -> list:
    """The WHERE conditions of the contact log's filters (shared by the page and its CSV export)."""
    criteria = []
    if specialist_ids is not None and len(specialist_ids) == 1:
        criteria.append(EmployerContact.specialist_id == specialist_ids[0])
    elif specialist_ids is not None:
        # "+ 0" keeps the planner off the per-specialist index (which would sort a whole team's contacts) and on
        # the newest-first index by date, also on a SQLite database that has never been ANALYZEd.
        criteria.append((EmployerContact.specialist_id + 0).in_(specialist_ids))
    if employer_id:
        criteria.append(EmployerContact.employer_id == employer_id)
    if since:
        criteria.append(EmployerContact.contacted_at >= since)
    if until:
        criteria.append(EmployerContact.contacted_at < until)
    if mode:
        criteria.append(EmployerContact.mode == mode)
    if purpose:
        criteria.append(EmployerContact.purpose == purpose)
    if face_to_face:
        criteria.append(EmployerContact.face_to_face.is_(True))
    return criteria


def _day_start(text: str | None, zone: ZoneInfo) -> datetime | None:
    day = parse_day(text)
    return datetime.combine(day, time.min, tzinfo=zone) if day else None


def contact_log_filters(args: Mapping[str, str], viewer: User) -> tuple[dict, list[str]]:
    """contact_log_query's filters from the contact log's query string (the page and its CSV export), limited to
    what viewer may see, and the names of those in use."""
    zone = local_zone()
    ids = visible_specialist_ids(viewer)
    chosen = parse_id(args.get("specialist"))
    chosen = chosen if chosen and (ids is None or chosen in ids) else None
    ids = [chosen] if chosen else ids
    since, until = _day_start(args.get("from"), zone), _day_start(args.get("to"), zone)
    kwargs = {
        "specialist_ids": ids, "since": since, "until": until + timedelta(days=1) if until else None,
        "mode": args.get("mode", "") if args.get("mode") in CONTACT_MODES else "",
        "purpose": args.get("purpose", "") if args.get("purpose") in CONTACT_PURPOSES else "",
        "face_to_face": args.get("f2f") == "1",
    }
    used = [name for name, value in (("specialist", chosen), ("from", since),
                                     ("to", until), ("mode", kwargs["mode"]), ("purpose", kwargs["purpose"]),
                                     ("f2f", kwargs["face_to_face"])) if value]
    return kwargs, used


def visible_specialist_ids(viewer: User) -> list[int] | None:
    """Whose contacts the viewer may list: their own, their team's (team lead), or everyone's (None, admin)."""
    if viewer.role == "admin":
        return None
    if viewer.role == "team_lead" and viewer.team_id:
        return list(db.session.scalars(select(User.id).where(User.team_id == viewer.team_id)))
    return [viewer.id]
