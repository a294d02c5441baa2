"""Demo data: what `flask seed-demo` makes, that it is consistent, fake and repeatable, and its guards."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select

from crm import demo
from crm.demo import ADMIN_EMAIL, DEMO_PASSWORD, DatabaseNotEmpty, Scale, seed
from crm.employers.duplicates import phone_digits, website_domain
from crm.employers.names import normalise_employer_name
from crm.extensions import db
from crm.models import (
    CareerProfile,
    ContactPerson,
    Employer,
    EmployerContact,
    JobMatch,
    JobStart,
    Opening,
    Participant,
    SupportContact,
    Team,
    User,
    employer_contact_participant,
)
from crm.settings import is_competitive, minimum_hourly_wage
from tests.factories import make_user

TODAY = date(2026, 11, 25)  # a Wednesday: the current week is part-way through
CLINICAL = re.compile(
    r"diagnos|schizo|bipolar|depress|anxi|psychos|psychot|psychiatr|medicat|medicine|symptom|ptsd|adhd|autis|"
    r"disorder|illness|clinical|therap|mental|\bhospital\b|relapse|sectioned|prescri|overdose|suicid",
    re.IGNORECASE,
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def seeded(app) -> str:
    """The demo scale, seeded as of TODAY; returns the summary."""
    return seed(today=TODAY)


def test_demo_scale_counts(seeded):
    roles = Counter(db.session.scalars(select(User.role)))
    assert roles == {"admin": 1, "team_lead": 2, "specialist": 8}
    assert count(Team) == 2
    assert count(Participant) == count(CareerProfile) == 60
    assert count(Employer) == 150
    assert count(Opening) == 300
    assert count(JobStart) == 15
    people = Counter(db.session.scalars(select(ContactPerson.employer_id)))
    assert len(people) == 150 and set(people.values()) <= {1, 2, 3, 4}
    assert count(SupportContact) > 15
    hired = db.session.scalars(select(JobMatch.status).join(JobStart, JobStart.job_match_id == JobMatch.id))
    assert set(hired) == {"hired"}
    assert {s for s in db.session.scalars(select(Participant.status))} >= {"job_search", "working", "closed"}
    assert len(set(db.session.scalars(select(Employer.relationship_stage)))) >= 4


def test_demo_scale_contacts_look_like_twelve_weeks_of_work(seeded):
    rows = db.session.execute(select(EmployerContact.specialist_id, EmployerContact.contacted_at,
                                     EmployerContact.face_to_face)).all()
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert min(r.contacted_at.date() for r in rows) >= monday - timedelta(weeks=11)
    assert max(r.contacted_at.date() for r in rows) < TODAY
    per_week = Counter((r.specialist_id, (r.contacted_at.date() - monday).days // 7) for r in rows)
    full_weeks = [n for (_, week), n in per_week.items() if week < 0]
    assert len(full_weeks) == 8 * 11 and min(full_weeks) >= 4 and max(full_weeks) <= 9
    assert sum(r.face_to_face for r in rows) > 0.6 * len(rows)
    overdue = db.session.scalar(select(func.count()).where(
        EmployerContact.next_step_due < TODAY, EmployerContact.next_step_done_at.is_(None)))
    assert overdue > 0


def test_on_behalf_contacts_name_people_on_the_specialists_caseload(seeded):
    links = db.session.execute(
        select(EmployerContact.purpose, EmployerContact.specialist_id, Participant.specialist_id,
               EmployerContact.contacted_at, Participant.referral_date)
        .join(employer_contact_participant, employer_contact_participant.c.employer_contact_id == EmployerContact.id)
        .join(Participant, Participant.id == employer_contact_participant.c.participant_id)
    ).all()
    assert links
    assert all(contact_by == caseload_of for _, contact_by, caseload_of, _, _ in links)
    assert all(referred <= at.date() for *_, at, referred in links)
    linked = {purpose for purpose, *_ in links}
    assert "on_behalf" in linked
    on_behalf = db.session.scalar(select(func.count()).where(EmployerContact.purpose == "on_behalf"))
    with_people = db.session.scalar(
        select(func.count(func.distinct(employer_contact_participant.c.employer_contact_id)))
        .join(EmployerContact, EmployerContact.id == employer_contact_participant.c.employer_contact_id)
        .where(EmployerContact.purpose == "on_behalf"))
    assert on_behalf == with_people


def test_derived_columns_are_consistent(seeded):
    for mode, face_to_face in db.session.execute(select(EmployerContact.mode, EmployerContact.face_to_face)):
        assert face_to_face == (mode == "in_person")
    latest = dict(db.session.execute(
        select(EmployerContact.employer_id, func.max(EmployerContact.contacted_at))
        .group_by(EmployerContact.employer_id)).all())
    hiring = set(db.session.scalars(select(JobStart.employer_id)))
    employers = db.session.scalars(select(Employer)).all()
    for employer in employers:
        assert employer.last_contact_at == latest.get(employer.id)
        assert employer.normalized_name == normalise_employer_name(employer.name)
        assert employer.phone_digits == phone_digits(employer.phone)
        assert employer.website_domain == website_domain(employer.website)
        never_seen = employer.id not in latest and employer.id not in hiring
        assert (employer.relationship_stage == "prospect") == never_seen
    assert len(latest) < len(employers)  # some employers were never contacted


def test_openings_competitive_flag_follows_the_settings(seeded):
    wage = minimum_hourly_wage()
    openings = db.session.scalars(select(Opening)).all()
    for opening in openings:
        assert opening.competitive == is_competitive(
            opening.pay_min, set_aside_for_disabled=opening.set_aside_for_disabled,
            time_limited_by_agency=opening.time_limited_by_agency, minimum_wage=wage)
    pays = [o.pay_min for o in openings]
    assert None in pays
    assert any(p is not None and p < wage for p in pays) and any(p is not None and p > wage for p in pays)
    assert any(o.hours_min is None and o.hours_max is None for o in openings)
    assert {o.status for o in openings} == {"open", "filled", "closed"}
    developed = [o for o in openings if o.source == "developed"]
    assert developed and all(o.found_by_contact_id for o in developed)
    for job in db.session.scalars(select(JobStart)):
        assert job.competitive == job.opening.competitive
        assert job.opening.employer_id == job.employer_id


def test_career_profiles_vary_and_some_are_empty(seeded):
    profiles = db.session.scalars(select(CareerProfile)).all()
    empty = [p for p in profiles if not (p.job_goals or p.strengths or p.skills or p.experience or p.avoid)]
    assert 0 < len(empty) < len(profiles) // 2
    assert any(p.hours_max for p in profiles) and any(p.shifts_excluded for p in profiles)


def test_nothing_clinical_and_everything_obviously_fake(seeded):
    skip = {"password_hash", "session_token"}
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if column not in skip and isinstance(value, str | list | dict):
                    assert not CLINICAL.search(str(value)), (table.name, column, value)
    emails = list(db.session.scalars(select(User.email))) + [
        e for e in db.session.scalars(select(ContactPerson.email)) if e]
    assert all(e.endswith(".example.org") or e.endswith("@example.org") for e in emails)
    phones = [p for p in db.session.scalars(select(ContactPerson.phone)) if p]
    phones += [p for p in db.session.scalars(select(Employer.phone)) if p]
    assert all(p.startswith(("01632 960", "07700 900")) for p in phones)
    assert all(p.startswith("XX") for p in db.session.scalars(select(Employer.postcode)))


def test_summary_tells_how_to_sign_in(seeded):
    assert DEMO_PASSWORD in seeded and len(DEMO_PASSWORD) >= 12
    assert ADMIN_EMAIL in seeded and "lead1@" in seeded and "specialist1@" in seeded
    from crm.auth.passwords import verify_password

    admin = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL))
    assert admin.role == "admin" and verify_password(admin.password_hash, DEMO_PASSWORD)


def _snapshot() -> dict[str, list]:
    tables = (Employer, ContactPerson, EmployerContact, Opening, CareerProfile, JobStart, SupportContact)
    snap = {m.__tablename__: [tuple(r) for r in db.session.execute(select(m.__table__).order_by(
        *m.__table__.primary_key.columns))] for m in tables}
    snap["links"] = sorted(tuple(r) for r in db.session.execute(select(employer_contact_participant)))
    snap["users"] = list(db.session.execute(select(User.id, User.email, User.name, User.team_id).order_by(User.id)))
    return snap


def test_same_day_gives_the_same_data(app):
    seed(today=TODAY)
    first = _snapshot()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()
    seed(today=TODAY)
    assert _snapshot() == first


def test_refuses_a_database_with_data(app):
    make_user("specialist")
    db.session.commit()
    with pytest.raises(DatabaseNotEmpty, match="use --force"):
        seed(today=TODAY)
    assert count(Employer) == 0


def test_force_adds_to_a_database_with_data(app):
    seed(today=TODAY)
    summary = seed(force=True, today=TODAY)
    assert DEMO_PASSWORD in summary and "kept their own passwords" in summary
    assert count(Employer) == 300 and count(Participant) == 120
    assert count(User) == 11  # the demo accounts are reused, not duplicated
    # Ids chosen by the seed leave the database able to number its own rows (PostgreSQL sequences).
    extra = make_user("admin")
    db.session.commit()
    assert extra.id == 12


def test_if_empty_seeds_an_empty_database_and_leaves_a_full_one(app):
    first = seed(if_empty=True, today=TODAY)
    assert "Added demo data" in first
    again = seed(if_empty=True, today=TODAY)
    assert "already has data" in again and ADMIN_EMAIL in again and DEMO_PASSWORD in again
    assert count(Employer) == 150


def test_if_empty_without_demo_accounts_points_to_create_user(app):
    make_user("admin")
    db.session.commit()
    message = seed(if_empty=True, today=TODAY)
    assert "already has data" in message and "create-user" in message and DEMO_PASSWORD not in message
    assert count(Employer) == 0


def test_exact_totals_and_progress_of_the_benchmark_scales(app, monkeypatch):
    monkeypatch.setitem(demo.SCALES, "mini", Scale(2, 2, 30, 40, 100, 80, 2_000, 10, 12))
    said = []
    summary = seed(scale="mini", echo=said.append, today=TODAY)
    assert "scale mini" in summary
    assert count(ContactPerson) == 100 and count(EmployerContact) == 2_000 and count(JobStart) == 12
    assert count(Opening) == 80 and count(Participant) == 30
    assert any("employers" in line for line in said)


def test_unknown_scale(app):
    with pytest.raises(ValueError, match="unknown scale"):
        seed(scale="huge")


def test_cli_seed_demo(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output and ADMIN_EMAIL in result.output
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1 and "use --force" in result.output
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and "already has data" in result.output and DEMO_PASSWORD in result.output
    result = runner.invoke(args=["seed-demo", "--force"])
    assert result.exit_code == 0, result.output
    assert count(Employer) == 300
