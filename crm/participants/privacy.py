"""Erasing a participant on request, and which closed participants are due for it. Callers commit.

Erasure removes what identifies or describes the person (name, career profile, every note about them) and keeps
what the team's figures are made of (dates, statuses, counts, links between rows), so that the team review reads
the same before and after. ``ERASED`` and ``KEPT`` name every text column of the rows that belong to a
participant; a test walks the models and fails on a text column that is in neither.

Audit events are never changed (the database refuses): they name a participant only by id, which points at the
erased row once its name is gone.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, delete, select, update
from sqlalchemy.orm import selectinload

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
from crm.models.types import utcnow

# Shown instead of text that was removed from an employer contact, so the specialist sees why it is gone.
REMOVED_TEXT = "[removed when a participant's details were erased]"
NAME_REMOVED = "[name removed]"

# Text columns emptied (the name: replaced by a placeholder). The career profile row is deleted whole.
ERASED: dict[str, frozenset[str]] = {
    "participant": frozenset({"name"}),
    "job_match": frozenset({"reasons"}),
    "job_match_event": frozenset({"reason"}),
    "job_start": frozenset({"end_reason"}),
    "support_contact": frozenset({"notes"}),
    # Contacts on behalf of this person alone: emptied; shared with others: the person's name taken out.
    "employer_contact": frozenset({"notes", "outcome", "next_step"}),
}
# Text columns kept, and why: each is a code or feeds a figure of the team review, and names nobody.
KEPT: dict[str, dict[str, str]] = {
    "participant": {"status": "caseload and outcome figures"},
    "job_match": {"status": "where the job match stands (a code)"},
    "job_match_event": {"status": "the step taken (a code)"},
    "job_start": {"job_title": "diversity of job types in the outcome figures"},
    "support_contact": {"mode": "how the contact was made (a code)"},
    "employer_contact": {"mode": "face-to-face counts", "purpose": "job-development figures"},
}
# Tables with a foreign key to participant, and what erasure does to their rows.
PARTICIPANT_TABLES = {
    "career_profile": "deleted",
    "job_match": "kept, reasons emptied",
    "job_start": "kept, end reason emptied",
    "support_contact": "kept, notes emptied",
    "employer_contact_participant": "kept: the link counts the contact as made on someone's behalf",
}


class ErasureRefused(Exception):
    """The participant cannot be erased (now); the message says why and is safe to show."""


def erased_name(participant_id: int) -> str:
    """The placeholder that replaces an erased person's name."""
    return f"Erased person #{participant_id}"


def erasure_problem(participant: Participant) -> str | None:
    """Why participant cannot be erased now, or None when they can."""
    if participant.erased_at is not None:
        return "This person's details were already erased."
    if participant.status != "closed":
        return ("Close their record first (Edit details, status Closed). Someone still on a caseload would count "
                "in it for ever once their details are gone.")
    return None


def erase_participant(participant: Participant) -> None:
    """Remove the person's name, career profile and every note about them; keep dates, statuses and links."""
    problem = erasure_problem(participant)
    if problem:
        raise ErasureRefused(problem)
    name, pid = participant.name, participant.id
    emptied, redacted = _clean_employer_contacts(pid, name)
    match_ids = select(JobMatch.id).where(JobMatch.participant_id == pid).scalar_subquery()
    for statement in (
        update(JobMatch).where(JobMatch.participant_id == pid).values(reasons=[]),
        update(JobMatchEvent).where(JobMatchEvent.job_match_id.in_(match_ids)).values(reason=None),
        update(JobStart).where(JobStart.participant_id == pid).values(end_reason=None),
        update(SupportContact).where(SupportContact.participant_id == pid).values(notes=None),
        delete(CareerProfile).where(CareerProfile.participant_id == pid),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))
    participant.name = erased_name(pid)
    participant.erased_at = utcnow()
    db.session.flush()
    db.session.expire_all()  # the bulk statements above bypassed the objects already loaded
    erased_fields = [f"{table}.{column}" for table, columns in ERASED.items() if table != "participant"
                     for column in sorted(columns)]
    audit.record("participant_erased", "participant", pid, fields=["name", "career_profile", *erased_fields],
                 detail=f"employer contacts: {emptied} emptied, {redacted} with the name taken out")


def _clean_employer_contacts(participant_id: int, name: str) -> tuple[int, int]:
    """Empty the texts of contacts made for this person alone; take their name out of those shared with others."""
    ecp = employer_contact_participant
    contacts = db.session.scalars(
        select(EmployerContact).join(ecp, ecp.c.employer_contact_id == EmployerContact.id)
        .where(ecp.c.participant_id == participant_id).options(selectinload(EmployerContact.participants)))
    emptied = redacted = 0
    for contact in contacts:
        others = [p for p in contact.participants if p.id != participant_id]
        # Words of the other people's names stay: "Pat" may be one of them too.
        keep = {word for p in others for word in p.name.split()}
        for column in sorted(ERASED["employer_contact"]):
            text = getattr(contact, column)
            if text:
                setattr(contact, column, redact_name(text, name, keep) if others else REMOVED_TEXT)
        emptied, redacted = emptied + (not others), redacted + bool(others)
    return emptied, redacted


def redact_name(text: str, name: str, keep: Iterable[str] = ()) -> str:
    """text without the whole name (in any case) nor each word of it (as written in the name) but those in keep."""
    words = [word for word in name.split() if len(word) > 1]
    if not words:
        return text
    whole = r"\s+".join(re.escape(word) for word in words)
    text = re.sub(rf"(?<!\w){whole}(?!\w)", NAME_REMOVED, text, flags=re.IGNORECASE)
    for word in sorted(set(words) - set(keep), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", NAME_REMOVED, text)
    return text


# --- retention --------------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day of the month, months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def due_for_erasure_query(today: date, months: int) -> Select | None:
    """Closed participants not yet erased whose record was closed more than months ago; None when months is 0."""
    if months <= 0:
        return None
    cutoff = months_before(today, months)
    return (select(Participant, User.name.label("specialist_name"))
            .join(User, User.id == Participant.specialist_id)
            .where(Participant.status == "closed", Participant.erased_at.is_(None), Participant.closed_on < cutoff)
            .order_by(Participant.closed_on, Participant.id))
