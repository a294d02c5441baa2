"""Rows for tests/crm/test_query_counts.py: a small team, and rows of each kind a main page lists.

Each ``grow(world, first, stop)`` adds rows first to stop - 1 of one shape, marked with ``mark(kind, i)`` so that the
test can count which of them a page shows. Every row gets related objects of its own (employer, owner, specialist…):
a lazy load of an object already in the session issues no SQL, so shared ones would hide an N+1.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from crm.extensions import db
from crm.formatting import local_today
from crm.main.services import week_bounds
from crm.models import AuditEvent, CareerProfile, ContactPerson, ImportBatch, JobMatchEvent
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

MARKER = re.compile(r"Zq([a-z])(\d{3})z")


def mark(kind: str, i: int) -> str:
    """A marker naming row i of a kind; the checks count the distinct markers in the page."""
    return f"Zq{kind}{i:03d}z"


@dataclass
class World:
    """A team with a specialist (me), their lead and an admin; scenarios add rows and the page's subject."""

    team: object
    me: object
    lead: object
    admin: object
    today: date
    subject: object = None
    _seq: itertools.count = field(default_factory=lambda: itertools.count(1))

    def staff(self, name: str | None = None):
        """Another specialist in the team."""
        return make_user("specialist", team=self.team, name=name or f"Colleague {next(self._seq)}")

    def person(self, specialist=None, name: str | None = None, **fields):
        """A participant (on my caseload unless said otherwise) who wants barista work, never at night."""
        profile = CareerProfile(job_goals=["barista"], shifts_excluded=["night"])
        return make_participant(specialist or self.me, name, profile=profile, **fields)


def new_world() -> World:
    """A team with a specialist (me) and a team lead, and an admin."""
    team = make_team()
    return World(team, make_user("specialist", team=team, name="Sam Specialist"),
                 make_user("team_lead", team=team), make_user("admin"), local_today())


# --- rows of each kind (grow(world, first, stop) adds rows first..stop-1) --------------------------------


def caseload_week(w: World, first: int, stop: int) -> None:
    """People waiting for a first face-to-face contact, each with a job start due support, and next steps (each
    person's at another employer)."""
    for i in range(first, stop):
        person = w.person(name=mark("c", i), referral_date=w.today - timedelta(days=60))
        employer = make_employer()
        make_job_start(person, employer, job_title=mark("s", i), start_date=w.today - timedelta(days=10))
        for kind, due in (("u", w.today + timedelta(days=2)), ("o", w.today - timedelta(days=3))):
            make_contact(w.me, employer, mode="phone", purpose="on_behalf", participants=[person],
                         next_step=mark(kind, i), next_step_due=due)


def employers(w: World, first: int, stop: int) -> None:
    """Employers with an open opening each, all owned by different colleagues and last contacted 40 days ago."""
    for i in range(first, stop):
        employer = make_employer(f"Bakery {mark('e', i)}", industry="Bakery", relationship_stage="introduced",
                                 owner_id=w.staff().id, last_contact_at=utcnow() - timedelta(days=40))
        make_opening(employer)


def employer_subject(w: World) -> None:
    w.subject = make_employer("Maple Street Bakery", owner_id=w.me.id)


def employer_page(w: World, first: int, stop: int) -> None:
    """People, openings and contacts (by different colleagues, with different people, on behalf of someone)."""
    for i in range(first, stop):
        person = ContactPerson(employer_id=w.subject.id, name=mark("p", i), job_title="Manager")
        db.session.add(person)
        db.session.flush()
        make_opening(w.subject, title=mark("o", i))
        make_contact(w.staff(), w.subject, contact_person_id=person.id, outcome=mark("t", i),
                     participants=[w.person(w.staff(), name=mark("b", i))])


def my_contacts(w: World, first: int, stop: int) -> None:
    """My contacts, each with another employer, contact person and participant."""
    for i in range(first, stop):
        employer = make_employer(mark("e", i))
        person = ContactPerson(employer_id=employer.id, name=f"Manager {i}")
        db.session.add(person)
        db.session.flush()
        make_contact(w.me, employer, contact_person_id=person.id, participants=[w.person(name=mark("b", i))],
                     next_step="Call", next_step_due=w.today + timedelta(days=3))


def team_contacts(w: World, first: int, stop: int) -> None:
    """Contacts by different colleagues, each on behalf of someone since moved to yet another colleague."""
    for i in range(first, stop):
        make_contact(w.staff(), make_employer(mark("e", i)), participants=[w.person(w.staff(), name=mark("b", i))])


def openings(w: World, first: int, stop: int) -> None:
    """Open openings, each at another employer."""
    for i in range(first, stop):
        make_opening(make_employer(mark("e", i)), title=f"Assistant {mark('o', i)}")


def opening_subject(w: World) -> None:
    w.subject = make_opening(make_employer("Bean There Cafe"), title="Coffee shop barista", shifts=["day"])


def around_opening(w: World, first: int, stop: int) -> None:
    """Job matches on the opening and other openings at its employer (the page lists neither)."""
    for i in range(first, stop):
        make_job_match(w.person(name=mark("b", i)), w.subject)
        make_opening(w.subject.employer, title=mark("o", i))


def pat(w: World) -> None:
    w.subject = w.person(name="Pat Example", referral_date=w.today - timedelta(days=400))


def timeline_contacts(w: World, first: int, stop: int) -> None:
    for i in range(first, stop):
        make_contact(w.me, make_employer(mark("e", i)), participants=[w.subject], outcome="Good talk")


def job_matches(w: World, first: int, stop: int) -> None:
    """Matches with openings at different employers, each with two steps recorded by different people."""
    for i in range(first, stop):
        match = make_job_match(w.subject, make_opening(make_employer(mark("e", i)), title=mark("o", i)))
        db.session.add(JobMatchEvent(job_match_id=match.id, status="applied", recorded_by_id=w.staff().id))
        db.session.flush()


def job_starts(w: World, first: int, stop: int) -> None:
    """Job starts at different employers, each with a support contact."""
    for i in range(first, stop):
        start = make_job_start(w.subject, make_employer(mark("e", i)), job_title=mark("s", i),
                               start_date=w.today - timedelta(days=100 + i))
        make_support_contact(start, w.me)


def pipeline(w: World, first: int, stop: int) -> None:
    job_matches(w, first, stop)
    job_starts(w, first + 500, stop + 500)  # markers apart from the matches' employers


def start_subject(w: World) -> None:
    pat(w)
    w.subject = make_job_start(w.subject, make_employer(), start_date=w.today - timedelta(days=300))


def support_contacts(w: World, first: int, stop: int) -> None:
    for i in range(first, stop):
        make_support_contact(w.subject, w.staff(mark("s", i)))


def suggested(w: World, first: int, stop: int) -> None:
    """Barista openings (at different employers, each decided "maybe later") and night ones her limits leave out."""
    for i in range(first, stop):
        opening = make_opening(make_employer(), title=f"Barista {mark('o', i)}", shifts=["day"])
        make_job_match(w.subject, opening, status="maybe_later")
        make_opening(make_employer(), title=f"Night barista {mark('x', i)}", shifts=["night"])


def review_contacts(w: World, first: int, stop: int) -> None:
    """My employer contacts this week, each with another employer."""
    start, _ = week_bounds(w.today)
    for i in range(first, stop):
        make_contact(w.me, make_employer(), contacted_at=start + timedelta(minutes=i + 1))


def review_team(w: World, first: int, stop: int) -> None:
    """Specialists, each with a contact this week, a newly referred participant who started a job this quarter,
    and an employer they own that nobody contacted for 90 days."""
    start, _ = week_bounds(w.today)
    for i in range(first, stop):
        colleague = w.staff(mark("s", i))
        employer = make_employer(mark("e", i), owner_id=colleague.id, last_contact_at=utcnow() - timedelta(days=90))
        person = w.person(colleague, name=mark("p", i), referral_date=w.today - timedelta(days=10))
        make_contact(colleague, employer, contacted_at=start + timedelta(minutes=i + 1), participants=[person])
        make_job_start(person, employer, start_date=w.today)


def import_subject(w: World) -> None:
    w.subject = ImportBatch(kind="employers", filename="employers.csv", user_id=w.lead.id, created_at=utcnow(),
                            created_ids=[], merged={})
    db.session.add(w.subject)


def imported(w: World, first: int, stop: int) -> None:
    """Employers the import added (since contacted, so they stay) and filled in (since changed, so they stay)."""
    created, merged = list(w.subject.created_ids), dict(w.subject.merged)
    for i in range(first, stop):
        employer = make_employer(mark("k", i))
        make_contact(w.me, employer)
        created.append(employer.id)
        merged[str(make_employer(mark("m", i), phone="0111 111").id)] = {"phone": [None, "0222 222"]}
    w.subject.created_ids, w.subject.merged = created, merged
    db.session.flush()


def staff(w: World, first: int, stop: int) -> None:
    """Staff members, each in a team of their own, who each did something audited and imported a file."""
    for i in range(first, stop):
        team = make_team(mark("t", i))
        user = make_user("team_lead", team=team, name=mark("u", i))
        db.session.add(AuditEvent(user_id=user.id, user_role=user.role, action="view", object_type="marker",
                                  object_id=mark("a", i)))
        db.session.add(ImportBatch(kind="employers", filename=f"{mark('f', i)}.csv", user_id=user.id,
                                   counts={"created": 1}))
    db.session.flush()
