"""Hired creates a job start (prefilled from the opening, competitive worked out); a job start without a match."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import CareerProfile, JobMatchEvent, JobStart, Participant
from tests.crm.jobs.conftest import audit_events
from tests.factories import make_employer, make_job_match


def hire_data(today, **changes):
    return {"job_title": "Bakery assistant", "start_date": today.isoformat(), "hours_per_week": "30",
            "hourly_pay": "12.50", **changes}


def nice(day):
    return f"{day:%a} {day.day} {day:%b %Y}"


def test_hire_form_is_prefilled_from_the_opening(client, signed_in, specialist, participant, opening, today):
    match = make_job_match(participant, opening, "offer")
    signed_in(specialist)
    body = client.get(f"/jobs/matches/{match.id}/hire").get_data(as_text=True)
    assert "Hired: Bakery assistant" in body and "Maple Street Bakery" in body
    assert 'value="Bakery assistant"' in body and 'value="30"' in body and 'value="12.50"' in body
    assert f'value="{today.isoformat()}"' in body and 'id="employer_query"' not in body
    assert "£12.21" in body  # the minimum wage that decides "competitive"


def test_hire_records_the_job_start_and_the_first_support_falls_due(client, signed_in, specialist, participant,
                                                                   opening, today):
    match = make_job_match(participant, opening, "offer")
    signed_in(specialist)
    response = client.post(f"/jobs/matches/{match.id}/hire", data=hire_data(today))
    start = db.session.scalar(select(JobStart))
    assert response.headers["Location"] == f"/jobs/starts/{start.id}?new=1"
    assert (start.participant_id, start.employer_id, start.opening_id, start.job_match_id) == (
        participant.id, opening.employer_id, opening.id, match.id)
    assert start.job_title == "Bakery assistant" and start.start_date == today
    assert start.hours_per_week == 30 and start.hourly_pay == Decimal("12.50") and start.competitive is True
    assert start.created_by_id == specialist.id
    db.session.refresh(match)
    db.session.refresh(participant)
    assert match.status == "hired" and participant.status == "working"
    last = db.session.scalars(select(JobMatchEvent).order_by(JobMatchEvent.id.desc())).first()
    assert (last.status, last.recorded_by_id) == ("hired", specialist.id)
    [created] = audit_events("create", "job_start")
    assert created.object_id == str(start.id) and "hourly_pay" in created.fields
    # One event for the person: the job match, the job start and the status change (crm.audit folds them).
    [person] = audit_events("update", "participant")
    assert person.fields == ["job_matches", "job_starts", "status"]

    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Next: a benefits review" in body
    assert f"The next support contact is due by {nice(today + timedelta(days=3))}" in body
    assert "No support contact yet" in body and "Competitive: open to anyone" in body


def test_benefits_reminder_warns_of_hours_over_the_profile_limit(client, signed_in, specialist, participant, opening,
                                                                today):
    db.session.add(CareerProfile(participant_id=participant.id, hours_max=16,
                                 benefits_notes="Keep under 16 hours until the review"))
    match = make_job_match(participant, opening, "offer")
    signed_in(specialist)
    location = client.post(f"/jobs/matches/{match.id}/hire", data=hire_data(today)).headers["Location"]
    body = client.get(location).get_data(as_text=True)
    assert "The job is 30 hours a week: more than the\n      16 hours in their career profile" in body
    assert "Keep under 16 hours until the review" in body
    assert "benefits review" not in client.get(location.replace("?new=1", "")).get_data(as_text=True)


@pytest.mark.parametrize("changes, competitive, why", [
    ({"hourly_pay": "12.21"}, True, "Competitive"),
    ({"hourly_pay": "11.00"}, False, "pays £11.00 an hour, less than the minimum wage of £12.21"),
    ({"hourly_pay": ""}, False, "the pay is not known"),
    ({"set_aside_for_disabled": "y"}, False, "set aside for disabled people or time-limited"),
    ({"time_limited_by_agency": "y"}, False, "set aside for disabled people or time-limited"),
])
def test_competitive_is_worked_out(client, signed_in, specialist, participant, opening, today, changes, competitive,
                                   why):
    match = make_job_match(participant, opening, "offer")
    signed_in(specialist)
    location = client.post(f"/jobs/matches/{match.id}/hire", data=hire_data(today, **changes)).headers["Location"]
    assert db.session.scalar(select(JobStart.competitive)) is competitive
    assert why in client.get(location).get_data(as_text=True)


@pytest.mark.app_config()
def test_competitive_follows_the_configured_minimum_wage(client, signed_in, specialist, participant, opening, today):
    from crm.settings import save_settings

    save_settings({"minimum_hourly_wage": "13.00"}, specialist)
    match = make_job_match(participant, opening, "offer")
    signed_in(specialist)
    client.post(f"/jobs/matches/{match.id}/hire", data=hire_data(today))
    assert db.session.scalar(select(JobStart.competitive)) is False


@pytest.mark.parametrize("status", ["interested", "applied", "interview", "hired", "ended"])
def test_only_an_offer_leads_to_a_hire(client, signed_in, specialist, participant, opening, today, status):
    match = make_job_match(participant, opening, status)
    signed_in(specialist)
    response = client.get(f"/jobs/matches/{match.id}/hire", follow_redirects=True)
    assert "only an offer leads to a hire" in response.get_data(as_text=True)
    client.post(f"/jobs/matches/{match.id}/hire", data=hire_data(today))
    assert db.session.scalar(select(JobStart.id)) is None
    db.session.refresh(participant)
    assert participant.status == "job_search"


@pytest.mark.parametrize("changes, message", [
    ({"hours_per_week": "-5"}, "more than 0 and at most 168"),
    ({"hours_per_week": "0"}, "more than 0 and at most 168"),
    ({"hours_per_week": "200"}, "more than 0 and at most 168"),
    ({"hours_per_week": "lots"}, "Enter a number, like 16"),
    ({"hourly_pay": "-1"}, "Pay cannot be negative"),
    ({"hourly_pay": "0"}, "A job start is paid work"),
    ({"hourly_pay": "25000"}, "not per week or year"),
    ({"hourly_pay": "12.505"}, "at most two decimal places"),
    ({"hourly_pay": "NaN"}, "Enter a number"),
    ({"job_title": "  "}, "Enter the job title"),
    ({"job_title": "x" * 201}, "Use at most 200 characters"),
    ({"start_date": "31/02/2026"}, "Enter a real date"),
    ({"start_date": ""}, "Enter the start date"),
    ({"start_date": "1899-01-01"}, "Check the year"),
])
def test_hire_bad_input_keeps_what_was_typed(client, signed_in, specialist, participant, opening, today, changes,
                                            message):
    match = make_job_match(participant, opening, "offer")
    signed_in(specialist)
    response = client.post(f"/jobs/matches/{match.id}/hire", data=hire_data(today, job_title="Baker <b>", **changes)
                           if "job_title" not in changes else hire_data(today, **changes))
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body and 'aria-invalid="true"' in body
    assert "Please correct the problem" in body
    if "job_title" not in changes:
        assert 'value="Baker &lt;b&gt;"' in body
    assert db.session.scalar(select(JobStart.id)) is None
    db.session.refresh(match)
    assert match.status == "offer"


def test_start_date_far_ahead_or_before_referral(client, signed_in, specialist, participant, opening, today):
    match = make_job_match(participant, opening, "offer")
    signed_in(specialist)
    far = (today + timedelta(days=100)).isoformat()
    assert "more than three months ahead" in client.post(
        f"/jobs/matches/{match.id}/hire", data=hire_data(today, start_date=far)).get_data(as_text=True)
    early = (participant.referral_date - timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(f"/jobs/matches/{match.id}/hire", data=hire_data(today, start_date=early))
    assert response.status_code == 400 and "cannot be before Pat Example was referred" in response.get_data(True)
    db.session.refresh(match)
    assert match.status == "offer" and db.session.scalar(select(JobStart.id)) is None
    # Next Monday (agreed at the offer) is fine.
    soon = (today + timedelta(days=5)).isoformat()
    assert client.post(f"/jobs/matches/{match.id}/hire", data=hire_data(today, start_date=soon)).status_code == 302


def test_record_a_job_start_they_found_themselves(client, signed_in, specialist, participant, today):
    cafe = make_employer("Corner Cafe")
    signed_in(specialist)
    body = client.get(f"/jobs/participants/{participant.id}/starts/new").get_data(as_text=True)
    assert 'id="employer_query"' in body and f'value="{today.isoformat()}"' in body
    data = {"employer_query": "Corner Cafe", "employer_id": cafe.id, "job_title": "Barista",
            "start_date": today.isoformat(), "hours_per_week": "20", "hourly_pay": "£13"}
    response = client.post(f"/jobs/participants/{participant.id}/starts/new", data=data)
    assert response.status_code == 302
    start = db.session.scalar(select(JobStart))
    assert (start.employer_id, start.opening_id, start.job_match_id, start.competitive) == (cafe.id, None, None, True)
    assert db.session.get(Participant, participant.id).status == "working"


def test_record_a_job_start_by_typed_employer_name(client, signed_in, specialist, participant, today):
    cafe = make_employer("Corner Cafe")
    signed_in(specialist)
    data = {"employer_query": "corner cafe", "job_title": "Barista", "start_date": today.isoformat()}
    assert client.post(f"/jobs/participants/{participant.id}/starts/new", data=data).status_code == 302
    start = db.session.scalar(select(JobStart))
    assert start.employer_id == cafe.id and start.competitive is False  # pay not known


@pytest.mark.parametrize("employer, message", [
    ("Nowhere Ltd", "No employer called “Nowhere Ltd”"),
    ("", "Choose the employer"),
    ("Old Mill", "is archived"),
])
def test_record_a_job_start_needs_a_known_employer(client, signed_in, specialist, participant, today, employer,
                                                  message):
    from crm.models.types import utcnow

    make_employer("Old Mill", archived_at=utcnow())
    signed_in(specialist)
    data = {"employer_query": employer, "job_title": "Barista", "start_date": today.isoformat()}
    response = client.post(f"/jobs/participants/{participant.id}/starts/new", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(JobStart.id)) is None
    assert db.session.get(Participant, participant.id).status == "job_search"
