"""Support contacts, the due list for a caseload, ending a job, and stopping follow-along."""

import html
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.formatting import local_zone
from crm.jobs.follow_along import due_supports
from crm.models import JobStart, Participant, SupportContact
from crm.models.types import utcnow
from tests.crm.jobs.conftest import QueryCounter, audit_events
from tests.factories import make_employer, make_job_start, make_participant, make_support_contact, make_user


def at(day, hour=10):
    """An aware moment on day, in the deployment's time zone."""
    return datetime.combine(day, time(hour)).replace(tzinfo=local_zone())


def support_data(moment, **changes):
    return {"contacted_at": moment.strftime("%Y-%m-%dT%H:%M"), "mode": "phone", "with_whom": ["participant"],
            "notes": "Talked about the first week.", **changes}


def nice(day):
    return f"{day:%a} {day.day} {day:%b %Y}"


@pytest.fixture
def start(participant, bakery, today):
    participant.status = "working"
    return make_job_start(participant, bakery, job_title="Bakery assistant", start_date=today - timedelta(days=2))


def test_log_a_support_contact_and_the_next_falls_due_a_week_later(client, signed_in, specialist, participant,
                                                                  start, today):
    signed_in(specialist)
    body = client.get(f"/jobs/starts/{start.id}/support/new").get_data(as_text=True)
    assert '<input checked class="form-check-input" id="with_whom-0"' in body
    assert "Pat Example" in body and "Maple Street Bakery" in body
    response = client.post(f"/jobs/starts/{start.id}/support/new",
                           data=support_data(at(today), with_whom=["participant", "employer"]),
                           follow_redirects=True)
    body = response.get_data(as_text=True)
    assert f"Support contact saved. The next is due by {nice(today + timedelta(days=7))}." in body
    support = db.session.scalar(select(SupportContact))
    assert (support.job_start_id, support.participant_id, support.specialist_id) == (start.id, participant.id,
                                                                                    specialist.id)
    assert support.with_participant and support.with_employer and support.mode == "phone"
    [created] = audit_events("create", "support_contact")
    assert "notes" in created.fields and "first week" not in str(created.detail)
    assert audit_events("update", "participant")[-1].fields == ["support_contacts"]


def test_log_support_returns_to_where_it_was_started(client, signed_in, specialist, participant, start, today):
    signed_in(specialist)
    response = client.post(f"/jobs/starts/{start.id}/support/new?next=/", data=support_data(at(today)))
    assert response.headers["Location"] == "/"
    response = client.post(f"/jobs/starts/{start.id}/support/new?next=/jobs/starts/{start.id}",
                           data=support_data(at(today)))
    assert response.headers["Location"] == f"/jobs/starts/{start.id}"


@pytest.mark.parametrize("changes, message", [
    ({"with_whom": []}, "Tick who the contact was with"),
    ({"with_whom": ["manager"]}, "not a valid choice"),
    ({"mode": "telepathy"}, "Not a valid choice"),
    ({"contacted_at": "2026-02-30T10:00"}, "Enter the date and time"),
    ({"contacted_at": ""}, "Enter the date and time"),
    ({"contacted_at": "1999-12-31T10:00"}, "Check the year"),
    ({"notes": "x" * 5001}, "Use at most 5,000 characters"),
])
def test_support_contact_bad_input(client, signed_in, specialist, start, today, changes, message):
    signed_in(specialist)
    response = client.post(f"/jobs/starts/{start.id}/support/new", data=support_data(at(today), **changes))
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message.lower() in body.lower()
    if "notes" not in changes:
        assert "Talked about the first week." in body
    assert db.session.scalar(select(SupportContact.id)) is None


def test_support_contact_in_the_future_is_refused(client, signed_in, specialist, start):
    signed_in(specialist)
    tomorrow = datetime.now(local_zone()) + timedelta(hours=2)
    response = client.post(f"/jobs/starts/{start.id}/support/new", data=support_data(tomorrow))
    assert response.status_code == 400 and "cannot be logged in the future" in response.get_data(as_text=True)


def test_support_contact_dates_must_fit_the_job(client, signed_in, specialist, participant, bakery, today):
    early = make_job_start(participant, bakery, start_date=today - timedelta(days=10))
    signed_in(specialist)
    long_before = at(early.start_date - timedelta(days=40))
    assert "more than a month before the job started" in client.post(
        f"/jobs/starts/{early.id}/support/new", data=support_data(long_before)).get_data(as_text=True)
    early.end_date, early.end_reason = today - timedelta(days=5), "Contract ended"
    body = client.post(f"/jobs/starts/{early.id}/support/new", data=support_data(at(today))).get_data(as_text=True)
    assert "The job ended on" in body
    # Before the end: fine (a contact not logged at the time).
    assert client.post(f"/jobs/starts/{early.id}/support/new",
                       data=support_data(at(today - timedelta(days=6)))).status_code == 302


def test_edit_a_support_contact(client, signed_in, specialist, start, today):
    support = make_support_contact(start, specialist, contacted_at=at(today - timedelta(days=1)), notes="First")
    signed_in(specialist)
    assert "First" in client.get(f"/jobs/support/{support.id}/edit").get_data(as_text=True)
    data = support_data(at(today - timedelta(days=1)), notes="Corrected", with_whom=["employer"], mode="in_person")
    assert client.post(f"/jobs/support/{support.id}/edit", data=data).status_code == 302
    db.session.refresh(support)
    assert (support.notes, support.with_participant, support.with_employer) == ("Corrected", False, True)
    [update] = audit_events("update", "support_contact")
    assert set(update.fields) == {"notes", "with_employer", "with_participant"}


def test_only_the_author_edits_a_support_contact(client, signed_in, team, specialist, start):
    support = make_support_contact(start, specialist)
    lead = make_user("team_lead", team=team)
    signed_in(lead)
    assert client.get(f"/jobs/starts/{start.id}").status_code == 200
    assert client.get(f"/jobs/support/{support.id}/edit").status_code == 403


def test_start_page_shows_contacts_and_due_state(client, signed_in, specialist, participant, bakery, today):
    late = make_job_start(participant, bakery, start_date=today - timedelta(days=10))
    signed_in(specialist)
    body = client.get(f"/jobs/starts/{late.id}").get_data(as_text=True)
    assert "Overdue" in body and f"was due by {nice(late.start_date + timedelta(days=3))}" in body
    make_support_contact(late, specialist, contacted_at=at(today - timedelta(days=7)), notes="Went well")
    body = client.get(f"/jobs/starts/{late.id}").get_data(as_text=True)
    assert "Due today" in body and "Went well" in body and "Support contacts (1)" in body
    assert audit_events("view", "job_start")[0].object_id == str(late.id)


def test_due_supports_for_a_caseload(app, specialist, today, bakery):
    other = make_user("specialist")
    people = {name: make_participant(specialist, name, referral_date=today - timedelta(days=200), status="working")
              for name in ("Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gus")}
    overdue = make_job_start(people["Bob"], bakery, start_date=today - timedelta(days=20))
    make_support_contact(overdue, specialist, contacted_at=at(today - timedelta(days=9)))
    make_job_start(people["Ann"], bakery, start_date=today - timedelta(days=3))
    soon = make_job_start(people["Cat"], bakery, start_date=today - timedelta(days=60))
    make_support_contact(soon, specialist, contacted_at=at(today - timedelta(days=25)))
    later = make_job_start(people["Dan"], bakery, start_date=today - timedelta(days=60))
    make_support_contact(later, specialist, contacted_at=at(today - timedelta(days=2)))
    make_job_start(people["Eve"], bakery, start_date=today - timedelta(days=30), end_date=today - timedelta(days=1))
    make_job_start(people["Fay"], bakery, start_date=today - timedelta(days=30), support_stopped_on=today)
    people["Gus"].status = "closed"
    make_job_start(people["Gus"], bakery, start_date=today - timedelta(days=30))
    make_job_start(make_participant(other), bakery, start_date=today - timedelta(days=30))
    db.session.commit()
    db.session.expire_all()
    specialist = db.session.get(type(specialist), specialist.id)

    with QueryCounter() as queries:
        found = due_supports(specialist, today)
        names = [(d.participant.name, d.job_start.employer.name) for d in found]
    assert queries.n <= 2
    assert names == [("Bob", "Maple Street Bakery"), ("Ann", "Maple Street Bakery"), ("Cat", "Maple Street Bakery")]
    participant, job_start, due, is_overdue = found[0]
    assert (participant.name, job_start.id, due, is_overdue) == ("Bob", overdue.id, today - timedelta(days=2), True)
    assert found[1][2:] == (today, False) and found[2].overdue is False
    assert [d.participant.name for d in due_supports(specialist, today, days_ahead=60)][-1] == "Dan"


def test_end_a_job_back_to_job_search(client, signed_in, specialist, participant, start, today):
    signed_in(specialist)
    body = client.get(f"/jobs/starts/{start.id}/end").get_data(as_text=True)
    assert f'value="{today.isoformat()}"' in body
    response = client.post(f"/jobs/starts/{start.id}/end", data={
        "end_date": today.isoformat(), "end_reason": "Contract ended", "back_to_job_search": "y"},
        follow_redirects=True)
    message = "Job ended: Bakery assistant. Pat Example's status is now “Looking for work”."
    assert message in html.unescape(response.get_data(as_text=True))
    db.session.refresh(start)
    assert (start.end_date, start.end_reason) == (today, "Contract ended")
    assert db.session.get(Participant, participant.id).status == "job_search"
    assert audit_events("update", "job_start")[0].fields == ["end_date", "end_reason"]
    assert "Follow-along support for it has ended".lower() in client.get(
        f"/jobs/starts/{start.id}").get_data(as_text=True).lower()
    assert not due_supports(participant.specialist, today, days_ahead=400)
    again = client.get(f"/jobs/starts/{start.id}/end", follow_redirects=True).get_data(as_text=True)
    assert "This job already ended" in again


def test_end_a_job_staying_in_follow_along(client, signed_in, specialist, participant, start, today):
    signed_in(specialist)
    client.post(f"/jobs/starts/{start.id}/end", data={"end_date": today.isoformat(), "end_reason": "Moved away"})
    assert db.session.get(Participant, participant.id).status == "follow_along"


def test_end_one_of_two_jobs_stays_working(client, signed_in, specialist, participant, start, today):
    make_job_start(participant, make_employer(), start_date=today - timedelta(days=40))
    signed_in(specialist)
    client.post(f"/jobs/starts/{start.id}/end", data={"end_date": today.isoformat(), "end_reason": "Too far",
                                                      "back_to_job_search": "y"})
    assert db.session.get(Participant, participant.id).status == "working"


@pytest.mark.parametrize("end_date, reason, message", [
    ("before", "Contract ended", "cannot end before it started"),
    ("future", "Contract ended", "cannot be in the future"),
    ("today", "", "Say briefly why the job ended"),
    ("today", "x" * 301, "Use at most 300 characters"),
    ("31/02/2026", "Contract ended", "Enter a real date"),
    ("", "Contract ended", "Enter the date"),
])
def test_end_bad_input(client, signed_in, specialist, participant, start, today, end_date, reason, message):
    day = {"before": start.start_date - timedelta(days=1), "future": today + timedelta(days=1),
           "today": today}.get(end_date)
    signed_in(specialist)
    response = client.post(f"/jobs/starts/{start.id}/end", data={
        "end_date": day.isoformat() if day else end_date, "end_reason": reason})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body
    if reason and len(reason) < 300:
        assert 'value="Contract ended"' in body
    db.session.refresh(start)
    assert start.end_date is None and db.session.get(Participant, participant.id).status == "working"


def test_stop_and_restart_follow_along(client, signed_in, specialist, participant, start, today):
    signed_in(specialist)
    body = client.post(f"/jobs/starts/{start.id}/stop", follow_redirects=True).get_data(as_text=True)
    assert "Follow-along support stopped, as the person asked." in body and "They want support again" in body
    db.session.refresh(start)
    assert start.support_stopped_on == today
    assert not due_supports(specialist, today, days_ahead=400)
    response = client.post(f"/jobs/starts/{start.id}/support/new", data=support_data(at(today) + timedelta(days=1)))
    assert response.status_code == 400
    client.post(f"/jobs/starts/{start.id}/resume")
    db.session.refresh(start)
    assert start.support_stopped_on is None and len(due_supports(specialist, today)) == 1
    assert [e.fields for e in audit_events("update", "job_start")] == [["support_stopped_on"]] * 2


def test_participant_jobs_page_in_few_queries(client, signed_in, specialist, participant, start, opening, today):
    from tests.factories import make_job_match, make_opening

    for n in range(5):
        make_job_match(participant, make_opening(title=f"Job {n}"), "applied")
    make_support_contact(start, specialist, contacted_at=utcnow() - timedelta(days=1))
    signed_in(specialist)
    with QueryCounter() as queries:
        body = client.get(f"/jobs/participants/{participant.id}").get_data(as_text=True)
    assert "Job 4" in body and "Bakery assistant" in body and "Last one yesterday" in body
    assert queries.n <= 12
    assert db.session.scalar(select(JobStart.id)) == start.id


def test_the_partial_renders_in_the_participant_page_context(app, specialist, participant, start, opening, today):
    """participants/page.html passes ``today`` as a date and includes the partial: it must not rely on the global."""
    from flask import render_template_string

    from tests.factories import make_job_match

    match = make_job_match(participant, opening, "offer")
    with app.test_request_context(f"/participants/{participant.id}"):
        body = render_template_string('{% include "jobs/_participant_jobs.html" %}', participant=participant,
                                      today=today, statuses={}, profile=None)
    assert 'id="jobs"' in body and f"/jobs/matches/{match.id}/hire" in body
    assert f"Next support contact due by {nice(today + timedelta(days=1))}." in body
    assert f"/jobs/starts/{start.id}/support/new?next=/participants/{participant.id}" in body
