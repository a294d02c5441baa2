"""One small service for the access tests: two teams, their staff, an admin, and one specialist's records.

Team A: lead A, specialists S1 and S2. Team B: lead B, specialist S3. An admin in no team. S1 has a participant
(with a career profile) and, on their behalf, a job match at "offer", a job start with a support contact S1 logged,
and an employer contact S1 logged at an employer S1 owns (with a person there and an open opening). Lead A ran an
import of one employer. Every other actor is tried against these records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from crm.extensions import db
from crm.formatting import local_today
from crm.models import AuditEvent, CareerProfile, ContactPerson, ImportBatch, User
from crm.models.types import utcnow
from tests.factories import (
    make_contact,
    make_employer,
    make_job_match,
    make_job_start,
    make_opening,
    make_participant,
    make_support_contact,
    make_team,
    make_user,
)

PARTICIPANT_NAME = "Robin Quillfeather"  # rare enough to search for in any page or file
OTHER_ACTORS = ("s2", "s3", "lead_b")  # may never reach S1's participant


@dataclass
class AccessData:
    """The staff (by actor name) and the ids of S1's records."""

    staff: dict[str, User]
    team_a: int
    team_b: int
    employer: int
    person: int
    opening: int
    participant: int
    match: int
    start: int
    support: int
    contact: int
    batch: int

    def actor(self, name: str) -> User | None:
        """The staff member called name ("s1", "lead_b"…), or None for "anonymous"."""
        return None if name == "anonymous" else self.staff[name]

    def url_values(self) -> dict[str, object]:
        """A value for every URL argument (and query argument) the access tests fill in, naming S1's records."""
        return {"participant_id": self.participant, "match_id": self.match, "start_id": self.start,
                "support_id": self.support, "contact_id": self.contact, "employer_id": self.employer,
                "person_id": self.person, "opening_id": self.opening, "batch_id": self.batch,
                "user_id": self.staff["s1"].id, "team_id": self.team_a, "team": self.team_a, "kind": "employers",
                "table": "rapid-job-search"}


def make_access_data() -> AccessData:
    """Create the teams, staff and S1's records described in the module docstring."""
    team_a, team_b = make_team("Team A"), make_team("Team B")
    staff = {"lead_a": make_user("team_lead", team=team_a, name="Lead A"),
             "s1": make_user("specialist", team=team_a, name="Specialist One"),
             "s2": make_user("specialist", team=team_a, name="Specialist Two"),
             "lead_b": make_user("team_lead", team=team_b, name="Lead B"),
             "s3": make_user("specialist", team=team_b, name="Specialist Three"),
             "admin": make_user("admin", name="Admin")}
    s1, today = staff["s1"], local_today()
    employer = make_employer("Maple Street Bakery", owner_id=s1.id, town="Sampleford")
    person = ContactPerson(employer_id=employer.id, name="Morgan Manager", job_title="Hiring manager")
    db.session.add(person)
    opening = make_opening(employer, title="Bakery assistant", hours_min=16, hours_max=30,
                           pay_min=Decimal("12.50"), competitive=True)
    participant = make_participant(s1, PARTICIPANT_NAME, referral_date=today - timedelta(days=60))
    db.session.add(CareerProfile(participant_id=participant.id, job_goals=["baker"], disclosure="no"))
    match = make_job_match(participant, opening, "offer")
    start = make_job_start(participant, employer, start_date=today - timedelta(days=5))
    support = make_support_contact(start, s1, notes="Settling in well")
    contact = make_contact(s1, employer, purpose="on_behalf", participants=[participant],
                           outcome="Trial shift agreed", next_step="Call back", next_step_due=today)
    imported = make_employer("Imported Business")
    batch = ImportBatch(kind="employers", filename="team-a-employers.csv", user_id=staff["lead_a"].id,
                        created_at=utcnow() + timedelta(seconds=1), counts={"rows": 1, "created": 1},
                        created_ids=[imported.id])
    db.session.add(batch)
    db.session.flush()
    return AccessData(staff, team_a.id, team_b.id, employer.id, person.id, opening.id, participant.id, match.id,
                      start.id, support.id, contact.id, batch.id)


def denied_count(user: User) -> int:
    """How many refusals the audit log holds for user."""
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "denied",
                                                                     AuditEvent.user_id == user.id))


UNWATCHED = {"audit_event", "login_failure"}  # written by refusals and sign-ins themselves


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table but the audit log and failed sign-ins, to show that nothing changed."""
    db.session.commit()  # read in a new transaction: a SQLite reader keeps seeing the database as it began
    return {table.name: [tuple(row) for row in db.session.execute(
        select(table).order_by(*table.primary_key.columns))]
        for table in db.metadata.sorted_tables if table.name not in UNWATCHED}
