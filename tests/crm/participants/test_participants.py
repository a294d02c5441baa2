"""Participants: caseload access, create and edit, career profile, reassignment, timeline, audit."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, Participant
from tests.factories import make_contact, make_employer, make_participant, make_team, make_user

PROFILE = {"job_goals": "barista\nsomething with animals\n\n", "industries": "hospitality", "strengths": "reliable",
           "skills": "food hygiene level 2", "experience": "kitchen porter", "avoid": "heavy lifting",
           "hours_min": "10", "hours_max": "25", "shifts_excluded": ["night"], "min_hourly_wage": "11.50",
           "travel_from": "Sampleford", "latitude": "52.2", "longitude": "0.12", "max_travel_km": "10",
           "remote": "ok", "disclosure": "no", "benefits_notes": "Keep under 16 hours until the review"}


@pytest.fixture
def team(app):
    return make_team()


@pytest.fixture
def specialist(team):
    return make_user("specialist", team=team)


def events(action, object_type="participant"):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action,
                                                       AuditEvent.object_type == object_type)).all()


def test_create_then_profile(client, signed_in, specialist):
    signed_in(specialist)
    response = client.post("/participants/new", data={"name": "Pat Example", "referral_date": "2026-11-01",
                                                     "status": "job_search"})
    person = db.session.scalar(select(Participant))
    assert response.headers["Location"] == f"/participants/{person.id}/profile"
    assert person.specialist_id == specialist.id and person.profile is not None
    response = client.post(f"/participants/{person.id}/profile", data=PROFILE)
    assert response.status_code == 302
    db.session.expire_all()
    profile = db.session.get(Participant, person.id).profile
    assert profile.job_goals == ["barista", "something with animals"] and profile.shifts_excluded == ["night"]
    assert profile.hours_max == 25 and str(profile.min_hourly_wage) == "11.50" and profile.disclosure == "no"
    [update] = events("update")
    assert "profile.job_goals" in update.fields and "barista" not in str(update.fields)
    assert "Keep under 16" not in str(update.detail)


@pytest.mark.parametrize("changes, message", [
    ({"hours_min": "30", "hours_max": "20"}, "cannot be fewer than the fewest"),
    ({"hours_max": "-1"}, "Between 0 and 168"),
    ({"min_hourly_wage": "-2"}, "Between 0 and 1,000"),
    ({"latitude": "200", "longitude": "0"}, "Between -90 and 90"),
    ({"latitude": "52", "longitude": ""}, "Give both latitude and longitude"),
    ({"max_travel_km": "0"}, "Between 0.1 and 1,000"),
    ({"shifts_excluded": ["nights"]}, "not a valid choice"),
    ({"job_goals": "x" * 201}, "Keep each line to 200"),
    ({"job_goals": "\n".join(f"goal {n}" for n in range(31))}, "Keep to 30 lines"),
    ({"remote": "sometimes"}, "Not a valid choice"),
])
def test_profile_bad_input(client, signed_in, specialist, changes, message):
    person = make_participant(specialist)
    signed_in(specialist)
    response = client.post(f"/participants/{person.id}/profile", data={**PROFILE, **changes})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message.lower() in body.lower() and "Sampleford" in body


def test_empty_profile_is_fine(client, signed_in, specialist):
    person = make_participant(specialist)
    signed_in(specialist)
    assert client.post(f"/participants/{person.id}/profile", data={"disclosure": "undecided"}).status_code == 302


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Enter the person"),
    ({"referral_date": (date.today() + timedelta(days=2)).isoformat()}, "cannot be in the future"),
    ({"referral_date": "31/02/2026"}, "Enter the referral date"),
    ({"status": "ready"}, "Not a valid choice"),
])
def test_participant_bad_input(client, signed_in, specialist, changes, message):
    signed_in(specialist)
    data = {"name": "Pat", "referral_date": "2026-11-01", "status": "job_search", **changes}
    response = client.post("/participants/new", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_no_clinical_fields_anywhere():
    from crm.models import CareerProfile

    columns = {c.name for table in (Participant.__table__, CareerProfile.__table__) for c in table.columns}
    for word in ("diagnos", "symptom", "medication", "condition", "clinical", "hospital"):
        assert not any(word in column for column in columns)


def test_access_is_by_caseload_and_team(app, client, signed_in, team, specialist):
    mine = make_participant(specialist, name="Pat Mine")
    colleague = make_user("specialist", team=team)
    theirs = make_participant(colleague, name="Pat Theirs")
    other_team_lead = make_user("team_lead", team=make_team())
    lead = make_user("team_lead", team=team)
    signed_in(specialist)
    assert client.get(f"/participants/{mine.id}").status_code == 200
    for path in (f"/participants/{theirs.id}", f"/participants/{theirs.id}/edit", f"/participants/{theirs.id}/profile"):
        assert client.get(path).status_code == 404
    assert client.post(f"/participants/{theirs.id}/profile", data=PROFILE).status_code == 404
    listing = client.get("/participants/").get_data(as_text=True)
    assert "Pat Mine" in listing and "Pat Theirs" not in listing
    assert events("denied")
    client.post("/logout")
    signed_in(lead)
    assert client.get(f"/participants/{theirs.id}").status_code == 200
    listing = client.get("/participants/").get_data(as_text=True)
    assert "Pat Mine" in listing and "Pat Theirs" in listing
    client.post("/logout")
    signed_in(other_team_lead)
    assert client.get(f"/participants/{mine.id}").status_code == 404
    assert "Pat Mine" not in client.get("/participants/").get_data(as_text=True)


def test_viewing_a_participant_is_audited(client, signed_in, specialist):
    person = make_participant(specialist)
    signed_in(specialist)
    client.get(f"/participants/{person.id}")
    [view] = events("view")
    assert view.object_id == str(person.id) and view.user_id == specialist.id


def test_reassign_within_team_only(client, signed_in, team, specialist):
    person = make_participant(specialist)
    colleague = make_user("specialist", team=team, name="Col League")
    outsider = make_user("specialist", team=make_team())
    lead = make_user("team_lead", team=team)
    signed_in(specialist)
    assert client.get(f"/participants/{person.id}/reassign").status_code == 403
    client.post("/logout")
    signed_in(lead)
    assert "Col League" in client.get(f"/participants/{person.id}/reassign").get_data(as_text=True)
    assert client.post(f"/participants/{person.id}/reassign", data={"specialist_id": outsider.id}).status_code == 400
    assert client.post(f"/participants/{person.id}/reassign", data={"specialist_id": colleague.id}).status_code == 302
    db.session.refresh(person)
    assert person.specialist_id == colleague.id


def test_page_shows_days_and_timeline(client, signed_in, specialist):
    person = make_participant(specialist, referral_date=date.today() - timedelta(days=40))
    signed_in(specialist)
    body = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert "40 days" in body and "No face-to-face employer contact in 40 days" in body
    employer = make_employer("Timeline Cafe")
    make_contact(specialist, employer, purpose="on_behalf", participants=[person], outcome="They will call back")
    body = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert "Face-to-face employer contact: Timeline Cafe" in body and "They will call back" in body
    assert "No face-to-face employer contact" not in body
