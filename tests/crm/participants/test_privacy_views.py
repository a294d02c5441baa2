"""Privacy requests through the web: downloading everything held about a person, erasing them, the list of those
due for erasure and its setting. Access is by role and caseload, so most tests run on SQLite only; the download's
and the list's queries run on both databases."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, CareerProfile, Participant, Setting
from crm.models.types import utcnow
from tests.factories import (
    DEFAULT_PASSWORD,
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

sqlite_only = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)


@pytest.fixture
def team(app):
    return make_team()


@pytest.fixture
def specialist(team):
    return make_user("specialist", team=team, name="Sam Specialist")


@pytest.fixture
def closed(specialist):
    """A closed participant with a little of everything."""
    person = make_participant(specialist, "=Pat Closed", referral_date=date(2025, 1, 6), status="closed",
                              closed_on=date(2026, 3, 2))
    person.profile = CareerProfile(job_goals=["gardener"], benefits_notes="Under 16 hours", disclosure="no")
    employer = make_employer("Green Fingers Ltd")
    match = make_job_match(person, make_opening(employer, title="Gardener"), "applied", reasons=["Wants gardening"])
    match.history[0].reason = "Close to home"
    start = make_job_start(person, employer, job_title="Gardener", start_date=date(2025, 4, 1),
                           end_date=date(2025, 12, 1), end_reason="Seasonal work ended")
    make_support_contact(start, specialist, notes="Going well")
    make_contact(specialist, employer, participants=[person], purpose="on_behalf", notes="Talked about Pat's CV",
                 outcome="Interview booked")
    db.session.flush()
    return person


def events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


# --- downloading everything held ------------------------------------------------------------------------


def test_the_json_download_holds_every_kind_of_record(client, signed_in, specialist, closed):
    signed_in(specialist)
    client.get(f"/participants/{closed.id}")  # a view, to be found among the audit events
    response = client.get(f"/participants/{closed.id}/record.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="participant-{closed.id}-record')
    assert "Pat" not in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["participant"]["name"] == "=Pat Closed" and data["participant"]["status"] == "Closed"
    assert data["participant"]["specialist"] == "Sam Specialist"
    assert data["career_profile"]["job_goals"] == ["gardener"]
    assert data["career_profile"]["disclosure"].startswith("No, employers must not be told")
    assert [(m["opening"], m["employer"], m["reasons"]) for m in data["job_matches"]] == [
        ("Gardener", "Green Fingers Ltd", ["Wants gardening"])]
    assert data["job_match_steps"][0]["reason"] == "Close to home"
    assert data["job_starts"][0]["end_reason"] == "Seasonal work ended"
    assert data["support_contacts"][0]["notes"] == "Going well"
    [contact] = data["employer_contacts"]
    assert (contact["employer"], contact["notes"], contact["outcome"], contact["for_others_too"]) == (
        "Green Fingers Ltd", "Talked about Pat's CV", "Interview booked", False)
    assert [(e["action"], e["staff"]) for e in data["audit_events"]] == [("view", "Sam Specialist")]
    [event] = events("privacy_export")
    assert (event.object_type, event.object_id, event.detail) == ("participant", str(closed.id), "json")


@sqlite_only
def test_the_csv_download_is_one_readable_file_with_a_section_per_kind(client, signed_in, specialist, closed):
    signed_in(specialist)
    response = client.get(f"/participants/{closed.id}/record.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["Everything we hold about =Pat Closed"]
    titles = [rows[i + 1][0] for i, row in enumerate(rows[:-1]) if row == []]
    assert titles == ["The person", "Career profile", "Job matches (openings suggested or pursued)",
                      "Steps of the job matches", "Job starts", "Follow-along support contacts",
                      "Employer contacts made on their behalf", "Who looked at or changed the record, and when"]
    person = rows[rows.index(["The person"]) + 2]
    assert person[1] == "'=Pat Closed" and person[3] == "2025-01-06"  # formula-like text is neutralised
    assert ["None"] in rows  # no audit events before this download
    assert [(e.action, e.detail) for e in events("privacy_export")] == [("privacy_export", "csv")]


@sqlite_only
def test_who_may_download(client, signed_in, team, specialist, closed):
    colleague = make_user("specialist", team=team)
    lead, other_lead, admin = make_user("team_lead", team=team), make_user("team_lead"), make_user("admin")
    for user, status in ((colleague, 404), (other_lead, 404), (lead, 200), (admin, 200), (specialist, 200)):
        signed_in(user)
        for kind in ("json", "csv"):
            assert client.get(f"/participants/{closed.id}/record.{kind}").status_code == status, (user.role, kind)
        client.post("/logout")
    assert len(events("privacy_export")) == 6 and len(events("denied")) == 4


@sqlite_only
def test_the_participant_page_links_to_the_downloads_and_for_admins_to_erasure(client, signed_in, specialist,
                                                                               closed):
    signed_in(specialist)
    body = client.get(f"/participants/{closed.id}").get_data(as_text=True)
    assert f"/participants/{closed.id}/record.csv" in body and f"/participants/{closed.id}/record.json" in body
    assert f"/participants/{closed.id}/erase" not in body
    client.post("/logout")
    signed_in(make_user("admin"))
    assert f"/participants/{closed.id}/erase" in client.get(f"/participants/{closed.id}").get_data(as_text=True)


# --- erasing --------------------------------------------------------------------------------------------


@sqlite_only
def test_only_admins_may_erase(client, signed_in, team, specialist, closed):
    for user in (specialist, make_user("team_lead", team=team)):
        signed_in(user)
        assert client.get(f"/participants/{closed.id}/erase").status_code == 403
        assert client.post(f"/participants/{closed.id}/erase", data={"confirm": "y"}).status_code == 403
        client.post("/logout")
    assert db.session.get(Participant, closed.id).erased_at is None


@sqlite_only
def test_admin_erases_after_confirming_once(client, signed_in, closed):
    signed_in(make_user("admin"))
    page = client.get(f"/participants/{closed.id}/erase").get_data(as_text=True)
    assert "What is removed" in page and "What is kept" in page and "Erase this person's details" in page
    response = client.post(f"/participants/{closed.id}/erase", data={})
    assert response.status_code == 400 and "Tick the box" in response.get_data(as_text=True)
    assert db.session.get(Participant, closed.id).erased_at is None
    response = client.post(f"/participants/{closed.id}/erase", data={"confirm": "y"})
    assert response.headers["Location"] == f"/participants/{closed.id}"
    db.session.expire_all()
    person = db.session.get(Participant, closed.id)
    assert person.name == f"Erased person #{closed.id}" and person.erased_at is not None and person.profile is None
    page = client.get(f"/participants/{closed.id}").get_data(as_text=True)
    assert "Erased person #" in page and "Pat Closed" not in page and "Edit details" not in page
    for path in ("edit", "profile", "suggestions", "record.json", "record.csv"):
        assert client.get(f"/participants/{closed.id}/{path}").status_code == 404, path
    assert client.get(f"/jobs/participants/{closed.id}").status_code == 404
    # Not twice: the second try only says so.
    again = client.post(f"/participants/{closed.id}/erase", data={"confirm": "y"}, follow_redirects=True)
    assert "already erased" in again.get_data(as_text=True)
    [event] = events("participant_erased")
    assert event.object_id == str(closed.id) and "Pat" not in f"{event.fields} {event.detail}"


@sqlite_only
def test_a_participant_still_on_a_caseload_cannot_be_erased(client, signed_in, specialist):
    person = make_participant(specialist, "Pat Active")
    signed_in(make_user("admin"))
    page = client.get(f"/participants/{person.id}/erase").get_data(as_text=True)
    assert "Close their record first" in page and "Erase this person" not in page
    assert client.post(f"/participants/{person.id}/erase", data={"confirm": "y"}).status_code == 400
    assert db.session.get(Participant, person.id).name == "Pat Active" and not events("participant_erased")


@sqlite_only
@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_erasing_needs_the_form_token(client, closed):
    admin = make_user("admin")
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"email": admin.email, "password": DEFAULT_PASSWORD,
                                       "csrf_token": token}).status_code == 302
    assert client.post(f"/participants/{closed.id}/erase", data={"confirm": "y"}).status_code == 400
    assert db.session.get(Participant, closed.id).erased_at is None and events("csrf_failed")
    page = client.get(f"/participants/{closed.id}/erase").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(f"/participants/{closed.id}/erase",
                       data={"confirm": "y", "csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, closed.id).erased_at is not None


# --- due for erasure and its setting -------------------------------------------------------------------------


def test_due_for_erasure_lists_closed_people_past_the_retention_period(client, signed_in, specialist):
    today = date.today()
    old = make_participant(specialist, "Pat Old", referral_date=date(2010, 1, 1), status="closed",
                           closed_on=today - timedelta(days=7 * 366))
    make_participant(specialist, "Pat Recent", referral_date=date(2020, 1, 1), status="closed",
                     closed_on=today - timedelta(days=45))
    make_participant(specialist, "Pat Active", referral_date=date(2010, 1, 1))
    make_participant(specialist, "Erased person #99", referral_date=date(2010, 1, 1), status="closed",
                     closed_on=date(2011, 1, 1), erased_at=utcnow())
    signed_in(make_user("admin"))
    body = client.get("/admin/due-for-erasure").get_data(as_text=True)
    assert "Pat Old" in body and f"/participants/{old.id}/erase" in body
    assert "Pat Recent" not in body and "Pat Active" not in body and "Erased person" not in body
    assert "more than 84 months ago" in body
    db.session.add(Setting(key="erase_closed_after_months", value=1))
    body = client.get("/admin/due-for-erasure").get_data(as_text=True)
    assert "Pat Old" in body and "Pat Recent" in body
    db.session.get(Setting, "erase_closed_after_months").value = 0
    body = client.get("/admin/due-for-erasure").get_data(as_text=True)
    assert "nobody is listed" in body and "Pat Old" not in body
    assert len(events("view")) == 3


@sqlite_only
@pytest.mark.app_config(PER_PAGE=2)
def test_due_for_erasure_is_paginated_and_for_admins_only(client, signed_in, team, specialist):
    for n in range(3):
        make_participant(specialist, f"Pat Gone {n}", referral_date=date(2010, 1, 1), status="closed",
                         closed_on=date(2011, 1, 1 + n))
    signed_in(make_user("team_lead", team=team))
    assert client.get("/admin/due-for-erasure").status_code == 403
    client.post("/logout")
    signed_in(make_user("admin"))
    first = client.get("/admin/due-for-erasure").get_data(as_text=True)
    second = client.get("/admin/due-for-erasure?page=2").get_data(as_text=True)
    assert "Pat Gone 0" in first and "Pat Gone 1" in first and "Pat Gone 2" not in first
    assert "Pat Gone 2" in second and "Page 2 of 2" in second


@sqlite_only
def test_the_retention_setting_is_on_the_settings_page(client, signed_in):
    signed_in(make_user("admin"))
    body = client.get("/admin/settings").get_data(as_text=True)
    assert "Erase closed participants after (months)" in body and 'value="84"' in body
    data = {"minimum_hourly_wage": "12.21", "currency_symbol": "£", "face_to_face_target_per_week": "6",
            "first_contact_target_days": "30", "caseload_target": "20", "employer_concentration_flag_percent": "15",
            "week_starts_on": "0", "timezone": "Europe/London", "erase_closed_after_months": "-1"}
    response = client.post("/admin/settings", data=data)
    assert response.status_code == 400 and "Between 0 and 600" in response.get_data(as_text=True)
    assert client.post("/admin/settings", data={**data, "erase_closed_after_months": "72"}).status_code == 302
    assert db.session.get(Setting, "erase_closed_after_months").value == 72
