"""Upgrades: a database made at the first schema revision, with data in it, migrates to the newest intact.

Runs on SQLite (a fresh file) and on PostgreSQL (a throwaway database next to the test database, so the
shared test schema is left alone).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, make_url, select, text

from crm import create_app
from crm.extensions import db
from tests.conftest import BASE_TEST_CONFIG, require_or_skip, worker_database

FIRST_REVISION = "0001"
UPGRADE_DATABASE = "test_issue7_upgrade"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """The URL of an empty database (no tables at all)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.db'}"
        return
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        require_or_skip("TEST_DATABASE_URL is not set: PostgreSQL upgrade test not run")
    target = make_url(worker_database(url, UPGRADE_DATABASE))  # this pytest worker's own, created empty
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    try:
        yield target.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def upgrade_app(empty_database, tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CRM_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**BASE_TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _moment(dialect: str, value: str) -> str:
    """A UTC timestamp literal as each database stores it at revision 0001 (SQLite: naive UTC text)."""
    return f"{value}.000000" if dialect == "sqlite" else f"{value}+00"


def _insert_rows_at_first_revision(conn, dialect: str) -> None:
    """A realistic set of rows, written with plain SQL against the 0001 schema."""
    t = lambda value: _moment(dialect, value)  # noqa: E731
    rows = [
        ("team", {"id": 1, "name": "North team", "active": True, "created_at": t("2026-01-05 09:00:00")}),
        ("user", {"id": 1, "email": "admin@example.org", "name": "Ada Admin", "role": "admin", "team_id": None,
                  "password_hash": "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA", "session_token": "a" * 32,
                  "active": True, "created_at": t("2026-01-05 09:00:00"), "last_login_at": t("2026-02-01 08:15:00"),
                  "password_changed_at": None}),
        ("user", {"id": 2, "email": "sam@example.org", "name": "Sam Specialist", "role": "specialist",
                  "team_id": 1, "password_hash": "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA",
                  "session_token": "b" * 32, "active": True, "created_at": t("2026-01-06 10:00:00"),
                  "last_login_at": None, "password_changed_at": None}),
        ("employer", {"id": 1, "name": "Bakery Ltd", "normalized_name": "bakery", "industry": "Food",
                      "address": "1 High St", "town": "Leeds", "postcode": "LS1 1AA", "latitude": 53.8,
                      "longitude": -1.55, "website": "https://bakery.example", "phone": "0113 496 0000",
                      "phone_digits": "01134960000", "website_domain": "bakery.example", "size": "small",
                      "relationship_stage": "engaged", "owner_id": 2, "notes": "Café — “early” starts",
                      "last_contact_at": t("2026-02-10 11:00:00"), "archived_at": None, "merged_into_id": None,
                      "created_at": t("2026-01-10 09:00:00"), "updated_at": t("2026-02-10 11:00:00"),
                      "created_by_id": 2}),
        ("contact_person", {"id": 1, "employer_id": 1, "name": "Pat Manager", "job_title": "Manager",
                            "phone": "0113 496 0001", "email": "pat@bakery.example", "notes": None,
                            "left_at": None, "created_at": t("2026-01-10 09:05:00"),
                            "updated_at": t("2026-01-10 09:05:00")}),
        ("participant", {"id": 1, "name": "Jo Participant", "specialist_id": 2, "referral_date": "2026-01-03",
                         "status": "working", "closed_on": None, "created_at": t("2026-01-03 12:00:00"),
                         "updated_at": t("2026-03-01 12:00:00"), "erased_at": None}),
        ("career_profile", {"participant_id": 1, "job_goals": '["baker"]', "industries": '["Food"]',
                            "strengths": '["punctual"]', "skills": '["baking"]', "experience": '[]',
                            "avoid": '["night shifts"]', "hours_min": 10.0, "hours_max": 25.0,
                            "shifts_excluded": '["night"]', "min_hourly_wage": 11.5, "travel_from": "LS2",
                            "latitude": 53.8, "longitude": -1.54, "max_travel_km": 8.0, "remote": "no",
                            "disclosure": "yes", "benefits_notes": None, "updated_at": t("2026-01-04 10:00:00")}),
        ("employer_contact", {"id": 1, "specialist_id": 2, "employer_id": 1, "contact_person_id": 1,
                              "contacted_at": t("2026-02-10 11:00:00"), "mode": "in_person",
                              "face_to_face": True, "purpose": "placement", "participant_present": True,
                              "notes": "Discussed a trial shift", "outcome": "Trial agreed",
                              "next_step": "Call back", "next_step_due": "2026-02-17", "next_step_done_at": None,
                              "created_at": t("2026-02-10 11:30:00"), "updated_at": t("2026-02-10 11:30:00")}),
        ("employer_contact_participant", {"employer_contact_id": 1, "participant_id": 1}),
        ("opening", {"id": 1, "employer_id": 1, "title": "Baker's assistant", "description": "Early shifts",
                     "requirements": '["food hygiene"]', "industry": "Food", "hours_min": 16.0, "hours_max": 20.0,
                     "shifts": '["morning"]', "pay_min": 11.5, "pay_max": 12.25, "place": "Leeds",
                     "latitude": 53.8, "longitude": -1.55, "remote": False, "source": "developed",
                     "found_by_contact_id": 1, "set_aside_for_disabled": False, "time_limited_by_agency": False,
                     "competitive": True, "status": "filled", "opened_on": "2026-02-10", "closes_on": None,
                     "closed_at": t("2026-03-01 09:00:00"), "created_at": t("2026-02-10 12:00:00"),
                     "updated_at": t("2026-03-01 09:00:00"), "created_by_id": 2}),
        ("job_match", {"id": 1, "participant_id": 1, "opening_id": 1, "status": "hired", "score": 0.82,
                       "reasons": '["goal: baker"]', "created_at": t("2026-02-11 09:00:00"),
                       "updated_at": t("2026-02-28 09:00:00")}),
        ("job_match_event", {"id": 1, "job_match_id": 1, "status": "hired", "reason": None, "recorded_by_id": 2,
                             "recorded_at": t("2026-02-28 09:00:00")}),
        ("job_start", {"id": 1, "participant_id": 1, "employer_id": 1, "opening_id": 1, "job_match_id": 1,
                       "job_title": "Baker's assistant", "start_date": "2026-03-02", "hours_per_week": 18.0,
                       "hourly_pay": 12.0, "competitive": True, "end_date": None, "end_reason": None,
                       "support_stopped_on": None, "created_by_id": 2, "created_at": t("2026-03-01 10:00:00"),
                       "updated_at": t("2026-03-01 10:00:00")}),
        ("support_contact", {"id": 1, "job_start_id": 1, "participant_id": 1, "specialist_id": 2,
                             "contacted_at": t("2026-03-09 15:00:00"), "mode": "phone", "with_participant": True,
                             "with_employer": False, "notes": "First week went well",
                             "created_at": t("2026-03-09 15:10:00")}),
        ("audit_event", {"id": 1, "at": t("2026-03-09 15:10:00"), "user_id": 2, "user_role": "specialist",
                         "action": "create", "object_type": "support_contact", "object_id": "1",
                         "fields": '["mode", "notes"]', "ip": "127.0.0.1", "detail": None}),
        ("setting", {"key": "retention_years", "value": "6", "updated_at": t("2026-01-05 09:00:00"),
                     "updated_by_id": 1}),
    ]
    for table, values in rows:
        columns = ", ".join(f'"{name}"' for name in values)
        params = ", ".join(f":{name}" for name in values)
        # Table and column names are this test's own constants; the values are bound parameters.
        conn.execute(text(f'INSERT INTO "{table}" ({columns}) VALUES ({params})'), values)  # noqa: S608
    if dialect == "postgresql":  # explicit ids leave the sequences behind; move them on as a restore would
        for table, _ in rows:
            if table not in {"career_profile", "employer_contact_participant", "setting"}:
                sequence = f"pg_get_serial_sequence('\"{table}\"', 'id')"
                highest = f'SELECT max(id) FROM "{table}"'  # noqa: S608 - fixed table names
                conn.execute(text(f"SELECT setval({sequence}, ({highest}))"))


def _snapshot(conn, tables: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of each table, limited to the given columns, in a stable order."""
    result = {}
    for table, columns in tables.items():
        names = ", ".join(f'"{c}"' for c in columns)
        rows = conn.execute(text(f'SELECT {names} FROM "{table}"')).all()  # noqa: S608 - names from the schema
        result[table] = sorted((tuple(row) for row in rows), key=repr)
    return result


def test_data_made_at_the_first_revision_survives_the_upgrade_to_the_newest(upgrade_app):
    upgrade(revision=FIRST_REVISION)
    dialect = db.engine.dialect.name
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == FIRST_REVISION
        _insert_rows_at_first_revision(conn, dialect)
    inspector = inspect(db.engine)
    tables = {name: [c["name"] for c in inspector.get_columns(name)]
              for name in inspector.get_table_names() if name != "alembic_version"}
    with db.engine.connect() as conn:
        before = _snapshot(conn, tables)
    assert sum(len(rows) for rows in before.values()) == 16

    upgrade()
    db.engine.dispose()

    with db.engine.connect() as conn:
        after = _snapshot(conn, tables)
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version != FIRST_REVISION
    assert after == before

    from crm.models import (
        AuditEvent,
        CareerProfile,
        ContactPerson,
        Employer,
        EmployerContact,
        JobMatch,
        JobStart,
        Opening,
        Participant,
        Setting,
        SupportContact,
        Team,
        User,
    )

    assert db.session.get(Team, 1).name == "North team"
    sam = db.session.get(User, 2)
    assert (sam.email, sam.role, sam.team_id) == ("sam@example.org", "specialist", 1)
    employer = db.session.get(Employer, 1)
    assert employer.notes == "Café — “early” starts"
    assert employer.last_contact_at == datetime(2026, 2, 10, 11, 0, tzinfo=UTC)
    assert db.session.get(ContactPerson, 1).employer_id == 1
    participant = db.session.get(Participant, 1)
    assert (participant.name, participant.status, participant.referral_date) == (
        "Jo Participant", "working", date(2026, 1, 3))
    profile = db.session.get(CareerProfile, 1)
    assert profile.job_goals == ["baker"] and profile.min_hourly_wage == Decimal("11.50")
    contact = db.session.get(EmployerContact, 1)
    assert contact.face_to_face is True and contact.next_step_due == date(2026, 2, 17)
    assert [p.id for p in contact.participants] == [1]
    opening = db.session.get(Opening, 1)
    assert (opening.status, opening.requirements, opening.found_by_contact_id) == ("filled", ["food hygiene"], 1)
    match = db.session.get(JobMatch, 1)
    assert match.status == "hired" and [e.status for e in match.history] == ["hired"]
    start = db.session.get(JobStart, 1)
    assert start.start_date == date(2026, 3, 2) and start.hourly_pay == Decimal("12.00")
    assert db.session.get(SupportContact, 1).notes == "First week went well"
    event = db.session.scalar(select(AuditEvent))
    assert (event.action, event.fields, event.at) == (
        "create", ["mode", "notes"], datetime(2026, 3, 9, 15, 10, tzinfo=UTC))
    assert db.session.get(Setting, "retention_years").value == 6

    # The upgraded database takes new rows (sequences and constraints still work).
    db.session.add(Team(name="South team"))
    db.session.commit()
    assert db.session.scalar(select(Team.id).where(Team.name == "South team")) == 2


def _audit_triggers(conn, dialect: str) -> list[str]:
    if dialect == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event' ORDER BY name"
    else:
        query = ("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal "
                 "ORDER BY tgname")
    return list(conn.execute(text(query)).scalars())


def test_audit_append_only_downgrades_to_0002_and_back(upgrade_app):
    """0003's triggers go with a downgrade to 0002 (events kept) and come back, refusing changes again."""
    from flask_migrate import downgrade
    from sqlalchemy.exc import DBAPIError

    upgrade()
    dialect = db.engine.dialect.name
    with db.engine.begin() as conn:
        assert _audit_triggers(conn, dialect)
        conn.execute(text("INSERT INTO audit_event (at, action, fields) VALUES (:at, 'view', '[]')"),
                     {"at": _moment(dialect, "2026-03-09 15:10:00")})
    downgrade(revision="0002")
    with db.engine.begin() as conn:
        assert _audit_triggers(conn, dialect) == []
        assert conn.execute(text("SELECT count(*) FROM audit_event")).scalar() == 1
    upgrade()
    with db.engine.begin() as conn:
        assert _audit_triggers(conn, dialect)
    with pytest.raises(DBAPIError, match="audit events cannot be changed or deleted"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event"))
