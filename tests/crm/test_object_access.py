"""Object-level access: other staff try S1's records by id, in the URL and in the form, and get nothing.

S2 (same team), S3 (another team) and the lead of the other team try every page and change of S1's participant with
valid forms: each gets 404, a "denied" audit event naming the participant, a page without the person's name, and
no change; S1 sending the same requests is let through and changes things, which shows the forms were good.
Then: a contact S1 logged (only S1 changes it; others never see the participant's name), exports (the contact log,
the team review, imports, the participant's record), and ids swapped inside forms. Tests whose answer depends on a
query's filter run on both databases; the rest on SQLite (access by id does not depend on the database).
The data set is in tests/crm/access_data.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.formatting import local_today, local_zone
from crm.models import AuditEvent, EmployerContact, ImportBatch, Participant
from tests.conftest import sign_in
from tests.crm.access_data import (
    OTHER_ACTORS,
    PARTICIPANT_NAME,
    AccessData,
    denied_count,
    make_access_data,
    snapshot,
)
from tests.factories import make_contact, make_job_match, make_opening, make_participant

sqlite_only = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)


@pytest.fixture
def data(app) -> AccessData:
    return make_access_data()


def client_for(app, user):
    """A client of its own (its own cookies), signed in as user."""
    client = app.test_client()
    response = sign_in(client, user)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def body_of(response) -> str:
    """The whole answer as text (a streamed export runs to its end), the response closed."""
    text = response.get_data(as_text=True)
    response.close()
    return text


def last_denial(user) -> tuple[str, str] | None:
    """(object type, object id) of the newest "denied" audit event of user."""
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "denied", AuditEvent.user_id == user.id)
                               .order_by(AuditEvent.id.desc()).limit(1)).first()
    return (event.object_type, event.object_id) if event else None


def moment(hours_ago: int = 1) -> str:
    """A local date and time as the forms take it."""
    return (datetime.now(local_zone()) - timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M")


# --- S1's participant: every page and change, with valid forms --------------------------------------------


def participant_requests(d: AccessData) -> list[tuple[str, str, dict | None]]:
    """(method, URL, form) for every page and change of S1's participant; each form is one S1 may send."""
    employer = db.session.get(EmployerContact, d.contact).employer
    decided, by_hand = make_opening(employer, title="Counter assistant"), make_opening(employer, title="Packer")
    applied = make_job_match(db.session.get(Participant, d.participant), make_opening(employer, title="Driver"),
                             "applied")
    today, p, s, c = local_today(), d.participant, d.start, d.support
    job = {"job_title": "Bakery assistant", "start_date": today.isoformat(), "hours_per_week": "20",
           "hourly_pay": "12.50"}
    support = {"contacted_at": moment(), "mode": "phone", "with_whom": ["participant"], "notes": "Going well"}
    return [
        ("GET", f"/participants/{p}", None),
        ("GET", f"/participants/{p}/edit", None),
        ("POST", f"/participants/{p}/edit", {"name": PARTICIPANT_NAME, "status": "job_search",
                                             "referral_date": (today - timedelta(days=90)).isoformat()}),
        ("GET", f"/participants/{p}/profile", None),
        ("POST", f"/participants/{p}/profile", {"job_goals": "baker\nbarista", "hours_min": "10",
                                                "hours_max": "25", "remote": "ok", "disclosure": "no"}),
        ("GET", f"/participants/{p}/record.json", None),
        ("GET", f"/participants/{p}/record.csv", None),
        ("GET", f"/participants/{p}/suggestions", None),
        ("GET", f"/participants/{p}/suggestions/together", None),
        ("POST", f"/participants/{p}/suggestions/{decided.id}", {"decision": "interested"}),
        ("GET", f"/jobs/participants/{p}", None),
        ("GET", f"/jobs/participants/{p}/matches/new", None),
        ("POST", f"/jobs/participants/{p}/matches/new", {"opening_id": str(by_hand.id)}),
        ("POST", f"/jobs/matches/{applied.id}/step", {"status": "interview"}),
        ("GET", f"/jobs/matches/{d.match}/hire", None),
        ("POST", f"/jobs/matches/{d.match}/hire", job),
        ("GET", f"/jobs/participants/{p}/starts/new", None),
        ("POST", f"/jobs/participants/{p}/starts/new", {**job, "employer_query": employer.name,
                                                        "employer_id": str(employer.id)}),
        ("GET", f"/jobs/starts/{s}", None),
        ("GET", f"/jobs/starts/{s}/support/new", None),
        ("POST", f"/jobs/starts/{s}/support/new", support),
        ("GET", f"/jobs/support/{c}/edit", None),
        ("POST", f"/jobs/support/{c}/edit", {**support, "notes": "Changed by someone"}),
        ("POST", f"/jobs/starts/{s}/stop", {}),
        ("POST", f"/jobs/starts/{s}/resume", {}),
        ("GET", f"/jobs/starts/{s}/end", None),
        ("POST", f"/jobs/starts/{s}/end", {"end_date": today.isoformat(), "end_reason": "Moved away"}),
    ]


@sqlite_only
@pytest.mark.parametrize("actor", OTHER_ACTORS)
def test_others_get_nothing_of_the_participant(app, data, actor):
    user = data.actor(actor)
    client = client_for(app, user)
    requests = participant_requests(data)
    before = snapshot()
    for method, url, form in requests:
        denied = denied_count(user)
        response = client.open(url, method=method, data=form)
        body = body_of(response)
        assert response.status_code == 404, (method, url, response.status_code)
        assert PARTICIPANT_NAME not in body, (method, url)
        assert denied_count(user) == denied + 1, (method, url)
        assert last_denial(user) == ("participant", str(data.participant)), (method, url)
    assert snapshot() == before
    recorded = db.session.scalars(select(AuditEvent.action).where(AuditEvent.user_id == user.id)).all()
    assert set(recorded) == {"login", "denied"}  # no view, export or change of the person was recorded


@sqlite_only
def test_the_same_requests_from_s1_get_through_and_change_things(app, data):
    client = client_for(app, data.actor("s1"))
    for method, url, form in participant_requests(data):
        before = snapshot() if method == "POST" else None
        response = client.open(url, method=method, data=form)
        body_of(response)
        assert response.status_code in (200, 302), (method, url, response.status_code)
        if method == "POST":
            assert snapshot() != before, f"{method} {url} changed nothing: its form is not one S1 may send"


@sqlite_only
def test_only_the_lead_of_the_team_reassigns_and_only_within_it(app, data):
    url, s3 = f"/participants/{data.participant}/reassign", data.staff["s3"].id
    for actor, status in (("s2", 403), ("s3", 403), ("lead_b", 404)):
        user = data.actor(actor)
        client = client_for(app, user)
        before = snapshot()
        response = client.post(url, data={"specialist_id": s3})
        assert response.status_code == status, actor
        assert PARTICIPANT_NAME not in body_of(response)
        assert snapshot() == before
        assert last_denial(user) == (("endpoint", "participants.reassign_view") if status == 403
                                     else ("participant", str(data.participant)))
    client = client_for(app, data.actor("lead_a"))
    before = snapshot()
    for target in ("s3", "lead_b", "lead_a", "admin"):
        assert client.post(url, data={"specialist_id": data.staff[target].id}).status_code == 400, target
    assert snapshot() == before
    assert client.post(url, data={"specialist_id": data.staff["s2"].id}).status_code == 302


# --- an employer contact S1 logged on behalf of their participant -------------------------------------------


def contact_form(d: AccessData, **changes) -> dict:
    """A valid edit of S1's contact (at the same employer)."""
    return {"employer_query": "Maple Street Bakery", "employer_id": str(d.employer), "contacted_at": moment(2),
            "mode": "phone", "purpose": "follow_up", "outcome": "Changed by someone", "participant_ids": [],
            **changes}


@sqlite_only
def test_only_its_author_changes_a_contact(app, data):
    calls = ((f"/contacts/{data.contact}/edit", None), (f"/contacts/{data.contact}/edit", contact_form(data)),
             (f"/contacts/{data.contact}/next-step-done", {"then": "log"}))
    for actor in ("s2", "s3", "lead_a", "lead_b", "admin"):
        user = data.actor(actor)
        client = client_for(app, user)
        before = snapshot()
        for url, form in calls:
            response = client.open(url, method="POST" if form is not None else "GET", data=form)
            assert response.status_code == 403, (actor, url)
            assert PARTICIPANT_NAME not in body_of(response)
            assert last_denial(user) == ("employer_contact", str(data.contact))
        assert snapshot() == before
    client = client_for(app, data.actor("s1"))
    assert client.post(f"/contacts/{data.contact}/edit", data=contact_form(data)).status_code == 302
    assert snapshot() != before


def pages_naming_the_contact(d: AccessData) -> list[str]:
    """Every page and file where S1's contact, or the participant it was for, could show."""
    s1, p = d.staff["s1"].id, d.participant
    return [f"/employers/{d.employer}", "/contacts/", f"/contacts/?specialist={s1}", "/transfer/export/contacts.csv",
            f"/transfer/export/contacts.csv?specialist={s1}", f"/contacts/log?logged={d.contact}&participant_id={p}",
            f"/contacts/log?employer_id={d.employer}&participant_id={p}&purpose=on_behalf", "/contacts/next-steps",
            "/contacts/next-steps.ics", f"/openings/new?found_by={d.contact}", f"/openings/{d.opening}",
            "/participants/", "/participants/?status=&q=Robin", "/", "/review/",
            "/review/export/rapid-job-search.csv", "/review/export/caseload.csv",
            f"/openings/{d.opening}/who-might-this-suit"]


def test_others_never_see_the_name_of_the_participant(app, data):
    for actor in OTHER_ACTORS:
        client = client_for(app, data.actor(actor))
        for url in pages_naming_the_contact(data):
            response = client.get(url)
            assert response.status_code == 200, (actor, url)
            assert PARTICIPANT_NAME not in body_of(response), (actor, url)
        employer_page = body_of(client.get(f"/employers/{data.employer}"))
        assert "Trial shift agreed" in employer_page and "1 job seeker on another caseload" in employer_page
        assert "Trial shift agreed" not in body_of(client.get("/transfer/export/contacts.csv"))  # not in their log
    for actor in ("s1", "lead_a", "admin"):  # and those who may see the person do see the name
        client = client_for(app, data.actor(actor))
        for url in (f"/employers/{data.employer}", "/contacts/", "/transfer/export/contacts.csv", "/participants/"):
            assert PARTICIPANT_NAME in body_of(client.get(url)), (actor, url)


def test_after_a_reassignment_the_former_specialist_sees_only_a_count(app, data):
    db.session.get(Participant, data.participant).specialist_id = data.staff["s3"].id
    client = client_for(app, data.actor("s1"))
    counted = {"/contacts/": "1 job seeker on another caseload", "/transfer/export/contacts.csv": "1 person",
               f"/employers/{data.employer}": "1 job seeker on another caseload"}
    for url, count in counted.items():
        body = body_of(client.get(url))
        assert count in body and PARTICIPANT_NAME not in body, url
    assert client.get(f"/participants/{data.participant}").status_code == 404


# --- ids swapped inside forms -------------------------------------------------------------------------------


@sqlite_only
def test_a_contact_cannot_be_logged_on_behalf_of_someone_elses_participant(app, data):
    for actor in ("s2", "s3"):
        user = data.actor(actor)
        own = make_participant(user, f"Pat Own {actor}")
        mine = make_contact(user, db.session.get(EmployerContact, data.contact).employer, participants=[own])
        client = client_for(app, user)
        before = snapshot()
        form = contact_form(data, purpose="on_behalf", participant_ids=[str(own.id), str(data.participant)])
        for url in ("/contacts/log", f"/contacts/{mine.id}/edit"):
            response = client.post(url, data=form)
            assert response.status_code == 400, (actor, url)
            assert PARTICIPANT_NAME not in body_of(response), (actor, url)
        assert snapshot() == before


@sqlite_only
def test_a_job_start_form_cannot_name_another_participants_match(app, data):
    """The match and the participant come from the URL only: S2's own hire cannot reach S1's match by form."""
    s2 = data.actor("s2")
    own = make_participant(s2, "Pat Own", referral_date=local_today() - timedelta(days=30))
    client = client_for(app, s2)
    before = snapshot()
    form = {"job_title": "Bakery assistant", "start_date": local_today().isoformat(),
            "employer_query": "Maple Street Bakery", "employer_id": str(data.employer),
            "match_id": str(data.match), "participant_id": str(data.participant)}
    response = client.post(f"/jobs/participants/{own.id}/starts/new", data=form)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, data.participant).status == "job_search"
    after = snapshot()
    assert after["job_match"] == before["job_match"] and after["job_match_event"] == before["job_match_event"]
    assert [row for row in after["job_start"] if row not in before["job_start"]][0][1] == own.id


# --- exports and lists of other teams -------------------------------------------------------------------------


REVIEW = ("/review/", "/review/export/rapid-job-search.csv", "/review/export/caseload.csv",
          "/review/export/specialists.csv")


@sqlite_only
def test_another_teams_review_is_refused(app, data):
    for actor in ("s3", "lead_b"):
        user = data.actor(actor)
        client = client_for(app, user)
        for path in REVIEW:
            response = client.get(f"{path}?team={data.team_a}")
            assert response.status_code == 403, (actor, path)
            assert PARTICIPANT_NAME not in body_of(response)
            assert last_denial(user) == ("team", str(data.team_a))


def test_team_figures_and_imports_are_shown_to_the_team_only(app, data):
    rapid = f"/review/export/rapid-job-search.csv?team={data.team_a}"
    for actor, member in (("s2", False), ("lead_b", False), ("lead_a", True), ("admin", True)):
        client = client_for(app, data.actor(actor))
        if actor != "lead_b":  # a specialist sees only their own figures, even of their own team
            assert (PARTICIPANT_NAME in body_of(client.get(rapid))) is member, actor
        assert ("team-a-employers.csv" in body_of(client.get("/transfer/"))) is member, actor


def test_a_team_lead_without_a_team_sees_only_their_own(app, data):
    """No team is not a team: a lead whose team was never set must not see everyone else without one."""
    lead, loner = data.actor("lead_b"), data.actor("s3")
    lead.team_id = loner.team_id = None
    make_participant(loner, "Casey Teamless")
    own = make_participant(lead, "Drew Own")
    db.session.add(ImportBatch(kind="employers", filename="admins-import.csv", user_id=data.staff["admin"].id))
    client = client_for(app, lead)
    assert "Casey Teamless" not in body_of(client.get("/participants/?status="))
    assert "admins-import.csv" not in body_of(client.get("/transfer/"))
    assert "Specialist Three" not in body_of(client.get(f"/participants/{own.id}/reassign"))
    assert client.post(f"/participants/{own.id}/reassign", data={"specialist_id": loner.id}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Participant, own.id).specialist_id == lead.id
