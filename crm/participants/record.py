"""Everything held about one participant, for them to take away: as JSON, and as one CSV file with a section per
kind of record.

One CSV file rather than a zip of several: it opens with a double click in any spreadsheet or text editor, on a
phone too, and reads top to bottom like a report (each section has its own title and column names). The JSON
holds the same sections for anyone who wants to load them into another program.

Left out on purpose: the people the specialist spoke to at employers and the other people a contact was made for
(their details are theirs, not this person's), and staff members' IP addresses from the audit trail.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.formatting import to_local
from crm.models import (
    AuditEvent,
    EmployerContact,
    JobMatch,
    JobMatchEvent,
    JobStart,
    Opening,
    Participant,
    SupportContact,
    User,
    employer_contact_participant,
)
from crm.models.contact import CONTACT_MODES, CONTACT_PURPOSES
from crm.models.match import MATCH_STATUSES
from crm.models.opening import SHIFTS
from crm.models.participant import DISCLOSURE_CHOICES, PARTICIPANT_STATUSES, REMOTE_CHOICES
from crm.transfer.csvio import BOM, neutralise


@dataclass
class Section:
    """One kind of record: its key (JSON), title (CSV), columns as (key, label), and rows keyed like the columns."""

    key: str
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: list[dict] = field(default_factory=list)
    single: bool = False  # one record (the participant, the profile) rather than a list


PARTICIPANT = (("id", "Participant id"), ("name", "Name"), ("status", "Status"), ("referral_date", "Referral date"),
               ("closed_on", "Closed on"), ("specialist", "Employment specialist"), ("created_at", "Added"),
               ("updated_at", "Last changed"))
PROFILE = (("job_goals", "Jobs or kinds of work wanted"), ("industries", "Industries"), ("strengths", "Strengths"),
           ("skills", "Skills, licences and certificates"), ("experience", "Past jobs"),
           ("avoid", "Things not wanted in a job"), ("hours_min", "Fewest hours a week"),
           ("hours_max", "Most hours a week"), ("shifts_excluded", "Shifts not worked"),
           ("min_hourly_wage", "Lowest hourly pay accepted"), ("travel_from", "Travels from"),
           ("latitude", "Latitude"), ("longitude", "Longitude"), ("max_travel_km", "Furthest travel (km)"),
           ("remote", "Working from home"), ("disclosure", "May the specialist tell employers about the condition"),
           ("benefits_notes", "Benefits notes"), ("updated_at", "Last changed"))
JOB_MATCHES = (("id", "Job match id"), ("opening", "Opening"), ("employer", "Employer"), ("status", "Status"),
               ("score", "Score when suggested"), ("reasons", "Reasons shown"), ("created_at", "Suggested or added"),
               ("updated_at", "Last changed"))
JOB_MATCH_STEPS = (("id", "Step id"), ("job_match_id", "Job match id"), ("opening", "Opening"), ("status", "Step"),
                   ("reason", "Reason given"), ("recorded_by", "Recorded by"), ("recorded_at", "Recorded at"))
JOB_STARTS = (("id", "Job start id"), ("employer", "Employer"), ("job_title", "Job title"), ("opening", "Opening"),
              ("start_date", "Start date"), ("hours_per_week", "Hours a week"), ("hourly_pay", "Hourly pay"),
              ("competitive", "Competitive job"), ("end_date", "End date"), ("end_reason", "Why it ended"),
              ("support_stopped_on", "Follow-along support stopped at their request on"),
              ("created_by", "Recorded by"), ("created_at", "Recorded at"), ("updated_at", "Last changed"))
SUPPORT_CONTACTS = (("id", "Support contact id"), ("job_start_id", "Job start id"), ("contacted_at", "Date and time"),
                    ("mode", "How"), ("with_participant", "With the person"), ("with_employer", "With the employer"),
                    ("specialist", "Specialist"), ("notes", "Notes"), ("created_at", "Recorded at"))
EMPLOYER_CONTACTS = (("id", "Contact id"), ("contacted_at", "Date and time"), ("employer", "Employer"),
                     ("mode", "How"), ("face_to_face", "Face-to-face"), ("purpose", "Purpose"),
                     ("specialist", "Specialist"), ("participant_present", "The person was there too"),
                     ("notes", "Notes"), ("outcome", "Outcome"), ("next_step", "Next step"),
                     ("next_step_due", "Next step due"), ("next_step_done_at", "Next step done"),
                     ("for_others_too", "Also made on behalf of other people"))
AUDIT_EVENTS = (("at", "When"), ("staff", "Staff member"), ("role", "Role"), ("action", "What they did"),
                ("record", "Which record"), ("fields", "Fields (names only)"), ("detail", "Detail"))


def participant_record(participant: Participant) -> list[Section]:
    """Every section of what is held about participant, oldest first within each."""
    matches = _job_matches(participant.id)
    starts = list(db.session.scalars(select(JobStart).where(JobStart.participant_id == participant.id)
                                     .options(selectinload(JobStart.employer), selectinload(JobStart.opening))
                                     .order_by(JobStart.start_date, JobStart.id)))
    recorders = dict(db.session.execute(select(User.id, User.name).where(
        User.id.in_({start.created_by_id for start in starts if start.created_by_id}))).all())
    supports = list(db.session.scalars(select(SupportContact).where(SupportContact.participant_id == participant.id)
                                       .options(selectinload(SupportContact.specialist))
                                       .order_by(SupportContact.contacted_at, SupportContact.id)))
    related = {"job_match": [m.id for m in matches], "job_start": [s.id for s in starts],
               "support_contact": [s.id for s in supports]}
    return [
        Section("participant", "The person", PARTICIPANT, [_participant_row(participant)], single=True),
        Section("career_profile", "Career profile", PROFILE,
                [_profile_row(participant.profile)] if participant.profile else [], single=True),
        Section("job_matches", "Job matches (openings suggested or pursued)", JOB_MATCHES,
                [_match_row(match) for match in matches]),
        Section("job_match_steps", "Steps of the job matches", JOB_MATCH_STEPS,
                [_step_row(match, step) for match in matches for step in match.history]),
        Section("job_starts", "Job starts", JOB_STARTS, [_start_row(start, recorders) for start in starts]),
        Section("support_contacts", "Follow-along support contacts", SUPPORT_CONTACTS,
                [_support_row(support) for support in supports]),
        Section("employer_contacts", "Employer contacts made on their behalf", EMPLOYER_CONTACTS,
                _employer_contact_rows(participant.id)),
        Section("audit_events", "Who looked at or changed the record, and when", AUDIT_EVENTS,
                _audit_rows(participant.id, related)),
    ]


def _participant_row(p: Participant) -> dict:
    return {"id": p.id, "name": p.name, "status": PARTICIPANT_STATUSES.get(p.status, p.status),
            "referral_date": p.referral_date, "closed_on": p.closed_on, "specialist": p.specialist.name,
            "created_at": p.created_at, "updated_at": p.updated_at}


def _profile_row(profile) -> dict:
    row = {key: getattr(profile, key) for key, _ in PROFILE}
    row["shifts_excluded"] = [SHIFTS.get(shift, shift) for shift in profile.shifts_excluded or []]
    row["remote"] = REMOTE_CHOICES.get(profile.remote or "", "Not stated")
    row["disclosure"] = DISCLOSURE_CHOICES.get(profile.disclosure, profile.disclosure)
    return row


def _job_matches(participant_id: int) -> list[JobMatch]:
    return list(db.session.scalars(
        select(JobMatch).where(JobMatch.participant_id == participant_id)
        .options(selectinload(JobMatch.opening).selectinload(Opening.employer),
                 selectinload(JobMatch.history).selectinload(JobMatchEvent.recorded_by))
        .order_by(JobMatch.created_at, JobMatch.id)))


def _match_row(match: JobMatch) -> dict:
    return {"id": match.id, "opening": match.opening.title, "employer": match.opening.employer.name,
            "status": MATCH_STATUSES.get(match.status, match.status), "score": match.score,
            "reasons": list(match.reasons or []), "created_at": match.created_at, "updated_at": match.updated_at}


def _step_row(match: JobMatch, step: JobMatchEvent) -> dict:
    return {"id": step.id, "job_match_id": match.id, "opening": match.opening.title,
            "status": MATCH_STATUSES.get(step.status, step.status), "reason": step.reason,
            "recorded_by": step.recorded_by.name if step.recorded_by else None, "recorded_at": step.recorded_at}


def _start_row(start: JobStart, recorders: dict[int, str]) -> dict:
    return {"id": start.id, "employer": start.employer.name, "job_title": start.job_title,
            "opening": start.opening.title if start.opening else None, "start_date": start.start_date,
            "hours_per_week": start.hours_per_week, "hourly_pay": start.hourly_pay, "competitive": start.competitive,
            "end_date": start.end_date, "end_reason": start.end_reason, "support_stopped_on": start.support_stopped_on,
            "created_by": recorders.get(start.created_by_id), "created_at": start.created_at,
            "updated_at": start.updated_at}


def _support_row(support: SupportContact) -> dict:
    return {"id": support.id, "job_start_id": support.job_start_id, "contacted_at": support.contacted_at,
            "mode": CONTACT_MODES.get(support.mode, support.mode), "with_participant": support.with_participant,
            "with_employer": support.with_employer, "specialist": support.specialist.name, "notes": support.notes,
            "created_at": support.created_at}


def _employer_contact_rows(participant_id: int) -> list[dict]:
    ecp, other = employer_contact_participant, employer_contact_participant.alias("other")
    people = (select(func.count()).select_from(other).where(other.c.employer_contact_id == EmployerContact.id)
              .correlate(EmployerContact).scalar_subquery())
    rows = db.session.execute(
        select(EmployerContact, people).join(ecp, ecp.c.employer_contact_id == EmployerContact.id)
        .where(ecp.c.participant_id == participant_id)
        .options(selectinload(EmployerContact.employer), selectinload(EmployerContact.specialist))
        .order_by(EmployerContact.contacted_at, EmployerContact.id)).all()
    return [{"id": c.id, "contacted_at": c.contacted_at, "employer": c.employer.name,
             "mode": CONTACT_MODES.get(c.mode, c.mode), "face_to_face": c.face_to_face,
             "purpose": CONTACT_PURPOSES.get(c.purpose, c.purpose), "specialist": c.specialist.name,
             "participant_present": c.participant_present, "notes": c.notes, "outcome": c.outcome,
             "next_step": c.next_step, "next_step_due": c.next_step_due, "next_step_done_at": c.next_step_done_at,
             "for_others_too": count > 1} for c, count in rows]


def _audit_rows(participant_id: int, related: dict[str, list[int]]) -> list[dict]:
    """Events about the participant, and about their job matches, job starts and support contacts."""
    about = [and_(AuditEvent.object_type == "participant", AuditEvent.object_id == str(participant_id))]
    about += [and_(AuditEvent.object_type == kind, AuditEvent.object_id.in_([str(i) for i in ids]))
              for kind, ids in related.items() if ids]
    rows = db.session.execute(
        select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.user_id).where(or_(*about))
        .order_by(AuditEvent.at, AuditEvent.id))
    return [{"at": event.at, "staff": name, "role": event.user_role, "action": event.action,
             "record": f"{event.object_type.replace('_', ' ')} {event.object_id}", "fields": list(event.fields or []),
             "detail": event.detail} for event, name in rows]


# --- writing ----------------------------------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, datetime):
        return to_local(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record_json(sections: Iterable[Section], exported_at: datetime) -> str:
    """The sections as one JSON document (single-record sections as an object or null, the others as lists)."""
    document: dict = {"exported_at": _json_value(exported_at)}
    for section in sections:
        rows = [{key: _json_value(row.get(key)) for key, _ in section.columns} for row in section.rows]
        document[section.key] = (rows[0] if rows else None) if section.single else rows
    return json.dumps(document, ensure_ascii=False, indent=2)


def _csv_value(value) -> str:
    """A cell: local date and time, a list joined by semicolons, formula-like text neutralised."""
    if isinstance(value, datetime):
        value = to_local(value).strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    return neutralise(value)


def record_csv(sections: Iterable[Section], title: str, exported_at: datetime) -> str:
    """The sections as one CSV file: a title, then each section's title, column names and rows, then a blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(title)])
    writer.writerow(["Exported on", _csv_value(exported_at)])
    for section in sections:
        writer.writerow([])
        writer.writerow([section.title])
        writer.writerow([label for _, label in section.columns])
        for row in section.rows:
            writer.writerow([_csv_value(row.get(key)) for key, _ in section.columns])
        if not section.rows:
            writer.writerow(["None"])
    return buffer.getvalue()
