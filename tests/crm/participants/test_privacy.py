"""Erasing a participant: every text column is accounted for, the review's figures stay, nothing names them after.

The figures test runs on SQLite and PostgreSQL (the erasure is bulk SQL and the figures are aggregate SQL); the
column walks and the pure helpers need no database.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import JSON, String, select

from crm.extensions import db
from crm.models import (
    AuditEvent,
    CareerProfile,
    EmployerContact,
    JobMatch,
    JobMatchEvent,
    JobStart,
    Participant,
    SupportContact,
)
from crm.participants import record
from crm.participants.privacy import (
    ERASED,
    KEPT,
    NAME_REMOVED,
    PARTICIPANT_TABLES,
    REMOVED_TEXT,
    ErasureRefused,
    erase_participant,
    months_before,
    redact_name,
)
from crm.review import services
from crm.review.periods import Quarter, week_of
from tests.crm.review.conftest import TODAY, WEEK_DAY, utc, world  # noqa: F401 - the review's hand-built team
from tests.factories import (
    make_contact,
    make_job_match,
    make_opening,
    make_participant,
    make_support_contact,
    make_user,
)

OWN_ROWS = (Participant, JobMatch, JobMatchEvent, JobStart, SupportContact, EmployerContact)


def text_columns(model) -> set[str]:
    """Columns that can hold words: strings, texts and JSON."""
    return {c.name for c in model.__table__.columns if isinstance(c.type, String | JSON)}


@pytest.mark.parametrize("model", OWN_ROWS, ids=lambda m: m.__tablename__)
def test_every_text_column_is_erased_or_declared_kept(model):
    declared = set(ERASED.get(model.__tablename__, ())) | set(KEPT.get(model.__tablename__, {}))
    assert text_columns(model) == declared, (
        f"{model.__tablename__}: add the new text column to ERASED or KEPT in crm/participants/privacy.py")


def test_every_table_that_points_at_participants_is_handled():
    pointing = {table.name for table in db.metadata.sorted_tables for fk in table.foreign_keys
                if fk.column.table.name == "participant"}
    assert pointing == set(PARTICIPANT_TABLES)


@pytest.mark.parametrize("model, columns", [
    (Participant, record.PARTICIPANT), (CareerProfile, record.PROFILE), (JobMatch, record.JOB_MATCHES),
    (JobMatchEvent, record.JOB_MATCH_STEPS), (JobStart, record.JOB_STARTS), (SupportContact, record.SUPPORT_CONTACTS),
], ids=lambda value: getattr(value, "__tablename__", ""))
def test_the_download_has_every_column(model, columns):
    """Every column but the links (shown by name instead) is in the download."""
    own = {c.name for c in model.__table__.columns if not c.foreign_keys} - {"erased_at"}
    assert own <= {key for key, _ in columns}


def test_redact_name():
    assert redact_name("Met PAT  two, then Two's manager.", "Pat Two") == \
        f"Met {NAME_REMOVED}, then {NAME_REMOVED}'s manager."
    # Words of the other people's names on the contact stay; parts of longer words are never touched.
    assert redact_name("Pat One and Pat Two; Twofold", "Pat Two", {"Pat", "One"}) == \
        f"Pat One and {NAME_REMOVED}; Twofold"
    assert redact_name("Nothing to see", "") == "Nothing to see"


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 11, 23), 84, date(2019, 11, 23)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2024, 3, 31), 1, date(2024, 2, 29)),
    (date(2026, 1, 15), 1, date(2025, 12, 15)),
    (date(2026, 1, 15), 0, date(2026, 1, 15)),
])
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


# --- erasing on the review's team ------------------------------------------------------------------------


def figures(w) -> dict:
    """Every figure of the team review for the hand-built team, for the week and three quarters."""
    scope = services.review_scope(w.lead, None)
    week = week_of(WEEK_DAY)
    found = {"week": services.week_rows(scope, week, TODAY), "trend": services.trend(scope, week, 6),
             "rapid": services.rapid_job_search(scope, TODAY, 30),
             "supports": services.overdue_supports(scope.ids, TODAY)}
    for quarter in (Quarter(2026, 2), Quarter(2026, 3), Quarter(2026, 4)):
        found[quarter.key] = services.quarter_outcomes(scope, quarter, TODAY)
    return found


def _give_pat_two_and_four_a_history(w):
    """Pat Two (closed now) and Pat Four get a profile, notes everywhere, and contacts alone and shared."""
    two, four = w.people[2], w.people[4]
    two.status, two.closed_on = "closed", date(2026, 11, 1)
    two.profile = CareerProfile(job_goals=["cook"], strengths=["calm"], travel_from="Sampleford", latitude=52.1,
                                longitude=0.1, benefits_notes="Pat Two keeps under 16 hours",
                                min_hourly_wage=Decimal("11.00"), disclosure="yes")
    match = make_job_match(two, make_opening(w.employers[1]), "not_for_me", reasons=["Pat Two wants cooking"])
    match.history[0].reason = "Too far for Pat Two"
    start = db.session.scalar(select(JobStart).where(JobStart.participant_id == two.id,
                                                     JobStart.end_reason.is_not(None)))
    make_support_contact(start, w.ana, notes="Pat Two likes the job")
    shared = db.session.scalar(select(EmployerContact).where(EmployerContact.employer_id == w.employers[2].id,
                                                             EmployerContact.purpose == "on_behalf"))
    shared.notes, shared.outcome = "Introduced Pat One and Pat Two. Two starts Monday.", "Both to send CVs"
    alone = make_contact(w.ana, w.employers[4], contacted_at=utc(2026, 10, 23, 10), participants=[four],
                         purpose="on_behalf", notes="Pat Four's CV handed over", outcome="Interview for Pat Four",
                         next_step="Ring about Pat Four", next_step_due=date(2026, 11, 2))
    db.session.flush()
    return two, four, shared, alone


def test_erasing_keeps_every_figure_of_the_review_and_removes_every_personal_field(world):  # noqa: F811
    two, four, shared, alone = _give_pat_two_and_four_a_history(world)
    before = figures(world)
    events_before = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
    erase_participant(two)
    erase_participant(four)
    db.session.commit()
    db.session.expire_all()
    assert figures(world) == before

    erased = (two.id, four.id)
    for pid in erased:
        person = db.session.get(Participant, pid)
        assert person.name == f"Erased person #{pid}" and person.erased_at is not None
        assert person.status == "closed" and person.referral_date and person.profile is None
    # Every text column of every row, everywhere these people appear, is free of their names.
    for model in OWN_ROWS:
        for row in db.session.scalars(select(model)):
            for column in text_columns(model):
                value = str(getattr(row, column) or "")
                assert "Pat Two" not in value and "Pat Four" not in value, (model.__tablename__, column, value)
    # What belonged to them alone is empty, not merely without the name.
    assert db.session.scalars(select(JobMatch.reasons).where(JobMatch.participant_id == two.id)).all() == [[]]
    assert all(e.reason is None for m in db.session.scalars(select(JobMatch).where(JobMatch.participant_id == two.id))
               for e in m.history)
    assert not db.session.scalars(select(JobStart.end_reason).where(
        JobStart.participant_id.in_(erased), JobStart.end_reason.is_not(None))).all()
    assert not db.session.scalars(select(SupportContact.notes).where(
        SupportContact.participant_id.in_(erased), SupportContact.notes.is_not(None))).all()
    assert (alone.notes, alone.outcome, alone.next_step) == (REMOVED_TEXT,) * 3
    assert alone.next_step_due == date(2026, 11, 2) and [p.id for p in alone.participants] == [four.id]
    # Shared with Pat One: only Pat Two's name is taken out.
    assert shared.notes == f"Introduced Pat One and {NAME_REMOVED}. {NAME_REMOVED} starts Monday."
    assert shared.outcome == "Both to send CVs" and len(shared.participants) == 2
    # One event each, naming nobody; the earlier events are untouched.
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > events_before)).all()
    assert [(e.action, e.object_id) for e in events] == [("participant_erased", str(two.id)),
                                                          ("participant_erased", str(four.id))]
    assert "Pat" not in str([(e.fields, e.detail) for e in events])


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_only_a_closed_participant_not_yet_erased_can_be_erased(app):
    specialist = make_user("specialist")
    person = make_participant(specialist, "Pat Active")
    with pytest.raises(ErasureRefused, match="Close their record first"):
        erase_participant(person)
    person.status, person.closed_on = "closed", date(2026, 1, 1)
    erase_participant(person)
    with pytest.raises(ErasureRefused, match="already erased"):
        erase_participant(person)
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "participant_erased")).all()) == 1
