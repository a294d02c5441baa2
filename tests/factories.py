"""Tiny factories for test data, with unique sequences. They add and flush; the test commits if needed."""

from __future__ import annotations

import itertools

from crm.auth.passwords import hash_password
from crm.extensions import db
from crm.models import Team, User

DEFAULT_PASSWORD = "correct horse battery staple"  # noqa: S105 - test-only password
_seq = itertools.count(1)


def make_team(name: str | None = None, **fields) -> Team:
    """A team with a unique name."""
    team = Team(name=name or f"Team {next(_seq)}", **fields)
    db.session.add(team)
    db.session.flush()
    return team


def make_user(role: str = "specialist", team: Team | None = None, password: str = DEFAULT_PASSWORD,
              **fields) -> User:
    """A staff member; specialists and team leads get a new team unless one is given."""
    n = next(_seq)
    if team is None and role != "admin":
        team = make_team()
    fields.setdefault("name", f"{role.replace('_', ' ').title()} {n}")
    fields.setdefault("email", f"{role}{n}@example.org")
    user = User(role=role, team_id=team.id if team else None, password_hash=hash_password(password), **fields)
    db.session.add(user)
    db.session.flush()
    return user


def make_employer(name: str | None = None, **fields):
    """An employer with a unique name (normalised name derived as the app does)."""
    from crm.employers.names import normalise_employer_name
    from crm.models import Employer

    name = name or f"Sample Business {next(_seq)}"
    employer = Employer(name=name, normalized_name=normalise_employer_name(name), **fields)
    db.session.add(employer)
    db.session.flush()
    return employer


def make_participant(specialist: User, name: str | None = None, **fields):
    """A participant on specialist's caseload, referred today unless said otherwise."""
    from datetime import date

    from crm.models import Participant

    fields.setdefault("referral_date", date.today())
    participant = Participant(name=name or f"Pat Sample {next(_seq)}", specialist_id=specialist.id, **fields)
    db.session.add(participant)
    db.session.flush()
    return participant


def make_contact(specialist: User, employer, **fields):
    """A logged employer contact (in person, introduce, now unless said otherwise)."""
    from crm.models import EmployerContact
    from crm.models.contact import FACE_TO_FACE_MODES
    from crm.models.types import utcnow

    fields.setdefault("contacted_at", utcnow())
    fields.setdefault("mode", "in_person")
    fields.setdefault("purpose", "introduce")
    participants = fields.pop("participants", [])
    contact = EmployerContact(specialist_id=specialist.id, employer_id=employer.id,
                              face_to_face=fields["mode"] in FACE_TO_FACE_MODES, **fields)
    contact.participants = participants
    db.session.add(contact)
    db.session.flush()
    return contact


def make_opening(employer=None, **fields):
    """An open opening (at a new employer unless one is given); competitive is taken as given, not worked out."""
    from crm.models import Opening

    employer = employer or make_employer()
    fields.setdefault("title", f"Sample job {next(_seq)}")
    opening = Opening(employer_id=employer.id, **fields)
    db.session.add(opening)
    db.session.flush()
    return opening


# --- job matches, job starts and follow-along (crm/jobs) ---


def make_job_match(participant, opening, status: str = "interested", **fields):
    """A job match at status, with one history step recording it (by the participant's specialist)."""
    from crm.models import JobMatch, JobMatchEvent

    match = JobMatch(participant_id=participant.id, opening_id=opening.id, status=status, **fields)
    db.session.add(match)
    db.session.flush()
    db.session.add(JobMatchEvent(job_match_id=match.id, status=status, recorded_by_id=participant.specialist_id))
    db.session.flush()
    return match


def make_job_start(participant, employer=None, **fields):
    """A job start for participant (at a new employer unless one is given), starting today unless said otherwise."""
    from datetime import date

    from crm.models import JobStart

    employer = employer or make_employer()
    fields.setdefault("job_title", f"Sample job {next(_seq)}")
    fields.setdefault("start_date", date.today())
    start = JobStart(participant_id=participant.id, employer_id=employer.id, **fields)
    db.session.add(start)
    db.session.flush()
    return start


def make_support_contact(job_start, specialist, **fields):
    """A follow-along support contact with the person (in person, now unless said otherwise)."""
    from crm.models import SupportContact
    from crm.models.types import utcnow

    fields.setdefault("contacted_at", utcnow())
    fields.setdefault("mode", "in_person")
    support = SupportContact(job_start_id=job_start.id, participant_id=job_start.participant_id,
                             specialist_id=specialist.id, **fields)
    db.session.add(support)
    db.session.flush()
    return support
