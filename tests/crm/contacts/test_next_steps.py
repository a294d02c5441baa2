"""Next steps, the calendar file, and the contact log list."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.contacts.calendar import _fold, next_steps_calendar
from crm.extensions import db
from crm.models import EmployerContact
from tests.factories import make_contact, make_employer, make_participant, make_team, make_user


@pytest.fixture
def specialist(app):
    return make_user("specialist")


def test_next_steps_page_and_done(client, signed_in, specialist):
    employer = make_employer("Step Employer")
    today = date.today()
    overdue = make_contact(specialist, employer, next_step="Phone back", next_step_due=today - timedelta(days=2))
    make_contact(specialist, employer, next_step="Far away", next_step_due=today + timedelta(days=60))
    make_contact(make_user("specialist"), employer, next_step="Not mine", next_step_due=today)
    signed_in(specialist)
    body = client.get("/contacts/next-steps").get_data(as_text=True)
    assert "Phone back" in body and "Overdue" in body and "Far away" not in body and "Not mine" not in body
    response = client.post(f"/contacts/{overdue.id}/next-step-done", data={"then": "log"})
    assert response.headers["Location"] == f"/contacts/log?employer_id={employer.id}&purpose=follow_up"
    db.session.refresh(overdue)
    assert overdue.next_step_done_at is not None
    assert "Phone back" not in client.get("/contacts/next-steps").get_data(as_text=True)


def test_cannot_mark_someone_elses_step(client, signed_in, specialist):
    theirs = make_contact(make_user("specialist"), make_employer(), next_step="x", next_step_due=date.today())
    signed_in(specialist)
    assert client.post(f"/contacts/{theirs.id}/next-step-done").status_code == 403
    assert client.post("/contacts/999999/next-step-done").status_code == 404


def test_calendar_file(client, signed_in, specialist):
    employer = make_employer("Cal, Employer; Ltd")
    due = date.today() + timedelta(days=10)
    make_contact(specialist, employer, next_step="Bring CVs\nand references", next_step_due=due)
    signed_in(specialist)
    response = client.get("/contacts/next-steps.ics")
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}" in text
    assert f"DTEND;VALUE=DATE:{due + timedelta(days=1):%Y%m%d}" in text
    assert "Cal\\, Employer\\; Ltd: Bring CVs\\nand references" in text.replace("\r\n ", "")


def test_fold_long_lines_at_75_octets():
    line = "SUMMARY:" + "é" * 100
    folded = _fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_calendar_of_nothing_is_valid():
    assert next_steps_calendar([]).count("BEGIN:VCALENDAR") == 1


def test_contact_log_shows_own_team_or_all(client, signed_in):
    team, other_team = make_team(), make_team()
    me = make_user("specialist", team=team, name="Me Myself")
    colleague = make_user("specialist", team=team, name="Col League")
    stranger = make_user("specialist", team=other_team, name="Str Anger")
    lead = make_user("team_lead", team=team)
    employer = make_employer("Log Place")
    for who in (me, colleague, stranger):
        make_contact(who, employer, notes=f"by {who.name}")

    def who_is_listed(user):
        client.post("/logout")
        signed_in(user)
        body = client.get("/contacts/").get_data(as_text=True)
        return {u.name for u in (me, colleague, stranger) if f">{u.name}</td>" in body}

    assert who_is_listed(me) == {"Me Myself"}
    assert who_is_listed(lead) == {"Me Myself", "Col League"}
    assert who_is_listed(make_user("admin")) == {"Me Myself", "Col League", "Str Anger"}
    # A lead cannot widen the list to another team by asking for a specialist id.
    client.post("/logout")
    signed_in(lead)
    body = client.get(f"/contacts/?specialist={stranger.id}").get_data(as_text=True)
    assert "Str Anger" not in body


def test_contact_log_filters(client, signed_in, specialist):
    employer = make_employer("Filter Place")
    pat = make_participant(specialist, name="Pat Visible")
    make_contact(specialist, employer, mode="phone", purpose="follow_up")
    make_contact(specialist, employer, mode="in_person", purpose="on_behalf", participants=[pat])
    signed_in(specialist)
    assert client.get("/contacts/?f2f=1").get_data(as_text=True).count("<td>Phone</td>") == 0
    assert "Pat Visible" in client.get("/contacts/?purpose=on_behalf").get_data(as_text=True)
    for hostile in ("from=2026-13-45", "to=abc", "mode=%3Cscript%3E", "specialist=-1", "page=zz"):
        assert client.get(f"/contacts/?{hostile}").status_code == 200
    assert db.session.scalar(select(EmployerContact.id)) is not None
