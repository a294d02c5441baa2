"""Employer pages: list, create with the duplicate guard, edit, archive, merge, people."""

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEvent, ContactPerson, Employer, EmployerContact
from crm.models.types import utcnow
from tests.factories import make_contact, make_employer, make_participant, make_user

VALID = {"name": "Willow Tea Rooms", "industry": "Hospitality", "town": "Sampleford", "postcode": "xx1 9zz",
         "phone": "01632 960555", "website": "willow.example", "size": "micro", "relationship_stage": "introduced",
         "owner_id": 0, "notes": ""}


@pytest.fixture
def specialist(app):
    return make_user("specialist")


@pytest.fixture
def client_in(client, signed_in, specialist):
    return signed_in(specialist)


def employer_named(name):
    return db.session.scalar(select(Employer).where(Employer.name == name))


def test_create_employer(client_in, specialist):
    response = client_in.post("/employers/new", data={**VALID, "owner_id": specialist.id})
    assert response.status_code == 302
    employer = employer_named("Willow Tea Rooms")
    assert employer.postcode == "XX1 9ZZ" and employer.website == "https://willow.example"
    assert employer.phone_digits == "1632960555" and employer.website_domain == "willow.example"
    assert employer.owner_id == specialist.id and employer.created_by_id == specialist.id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "employer")).action == "create"


def test_duplicate_warning_then_create_anyway(client_in):
    existing = make_employer("Willow Tea Rooms Ltd")
    response = client_in.post("/employers/new", data=VALID)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Did you mean" in body
    assert f"/employers/{existing.id}" in body and 'value="Willow Tea Rooms"' in body
    assert db.session.scalar(select(func.count()).select_from(Employer)) == 1
    response = client_in.post("/employers/new", data={**VALID, "create_anyway": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Employer)) == 2


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Enter the name of the business"),
    ({"name": "x" * 201}, "at most 200"),
    ({"phone": "call me maybe"}, "Enter a phone number"),
    ({"website": "javascript:alert(1)"}, "only http and https"),
    ({"website": "ftp://files.example"}, "only http and https"),
    ({"latitude": "95", "longitude": "1"}, "Between -90 and 90"),
    ({"latitude": "52.1"}, "Give both latitude and longitude"),
    ({"relationship_stage": "best friends"}, "Not a valid choice"),
    ({"notes": "n" * 5001}, "at most 5,000"),
])
def test_create_employer_bad_input(client_in, changes, message):
    response = client_in.post("/employers/new", data={**VALID, **changes})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body and 'aria-invalid="true"' in body
    assert db.session.scalar(select(func.count()).select_from(Employer)) == 0


def test_script_in_fields_is_shown_as_text(client_in):
    response = client_in.post("/employers/new", data={**VALID, "name": "<script>alert(1)</script> Cafe",
                                                      "notes": "<img src=x onerror=alert(1)>"})
    employer = db.session.scalar(select(Employer))
    page = client_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Cafe" in page
    assert "<img src=x" not in page
    listing = client_in.get("/employers/?q=cafe").get_data(as_text=True)
    assert employer.name not in listing and "&lt;script&gt;" in listing


def test_edit_employer_audits_changed_fields(client_in):
    employer = make_employer("Old Name", town="Sampleford")
    data = {**VALID, "name": "New Name", "town": "Sampleford"}
    assert client_in.post(f"/employers/{employer.id}/edit", data=data).status_code == 302
    db.session.refresh(employer)
    assert employer.name == "New Name" and employer.normalized_name == "new name"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert "name" in event.fields and "town" not in event.fields


@pytest.mark.parametrize(("website", "linked"), [("https://birch.example", True), ("javascript:alert(1)", False),
                                                  ("JAVASCRIPT:alert(1)", False), ("data:text/html,x", False)])
def test_only_web_addresses_become_links(client_in, website, linked):
    """A website that arrived some other way than the form (which refuses these) is shown, never made a link."""
    employer = make_employer("Birch Hardware", website=website)
    body = client_in.get(f"/employers/{employer.id}").get_data(as_text=True)
    assert (f'href="{website}"' in body) is linked


def test_employer_page_shows_everything(client_in, specialist):
    employer = make_employer("Birch Hardware", owner_id=specialist.id, last_contact_at=utcnow())
    db.session.add(ContactPerson(employer_id=employer.id, name="Hana Hiring", job_title="Manager"))
    mine = make_participant(specialist, name="Pat Mine")
    other_specialist = make_user("specialist")
    theirs = make_participant(other_specialist, name="Pat Theirs")
    make_contact(specialist, employer, purpose="on_behalf", participants=[mine], next_step="Send CV",
                 next_step_due=utcnow().date())
    make_contact(other_specialist, employer, purpose="on_behalf", participants=[theirs])
    body = client_in.get(f"/employers/{employer.id}").get_data(as_text=True)
    assert "Birch Hardware" in body and "Hana Hiring" in body and "Send CV" in body
    assert "Pat Mine" in body and "Pat Theirs" not in body and "1 job seeker on another caseload" in body
    assert "Today" in body


def test_list_filters_search_and_pagination(app, client_in, specialist):
    app.config["PER_PAGE"] = 2
    make_employer("Alpha Cafe", town="Sampleford", industry="Hospitality", last_contact_at=utcnow())
    make_employer("Beta Stores", town="Testwick", industry="Retail", owner_id=specialist.id)
    make_employer("Gamma 100% Stores", town="Testwick", industry="Retail")
    make_employer("Old Archive", archived_at=utcnow())

    def names(query=""):
        return client_in.get(f"/employers/?{query}").get_data(as_text=True)

    assert "Alpha Cafe" in names("q=sampleford") and "Beta Stores" not in names("q=sampleford")
    assert "Alpha Cafe" not in names("industry=Retail")
    assert "Beta Stores" in names(f"owner={specialist.id}") and "Gamma" not in names(f"owner={specialist.id}")
    assert "Alpha Cafe" not in names("stale=1&industry=Hospitality")
    assert "Old Archive" not in names("q=old") and "Old Archive" in names("archived=1")
    assert "Gamma 100% Stores" in names("q=100%25") and "Beta" not in names("q=100%25")
    assert "Page 1 of 2" in names()
    for hostile in ("q=%27%3B+DROP+TABLE+employer%3B--", "owner=abc", "sort=evil", "page=-1", "stage=x", "q=%00"):
        assert client_in.get(f"/employers/?{hostile}").status_code == 200


def test_archive_and_restore_by_owner_only(app, client, signed_in, specialist):
    employer = make_employer("Mine", owner_id=specialist.id)
    other = make_user("specialist")
    theirs = make_employer("Theirs", owner_id=other.id)
    signed_in(specialist)
    assert client.post(f"/employers/{employer.id}/archive").status_code == 302
    db.session.refresh(employer)
    assert employer.archived_at is not None
    assert client.post(f"/employers/{theirs.id}/archive").status_code == 403
    assert client.post(f"/employers/{employer.id}/restore").status_code == 302
    db.session.refresh(employer)
    assert employer.archived_at is None


def test_merge_moves_everything(app, client, signed_in, specialist):
    lead = make_user("team_lead")
    keep = make_employer("Maple Street Bakery")
    duplicate = make_employer("Maple St Bakery", phone="01632 960000", last_contact_at=utcnow())
    db.session.add(ContactPerson(employer_id=duplicate.id, name="Someone"))
    make_contact(specialist, duplicate)
    signed_in(specialist)
    assert client.get(f"/employers/{duplicate.id}/merge").status_code == 403
    client.post("/logout")
    signed_in(lead)
    page = client.get(f"/employers/{duplicate.id}/merge").get_data(as_text=True)
    assert f'value="{keep.id}"' in page
    response = client.post(f"/employers/{duplicate.id}/merge", data={"target_id": keep.id})
    assert response.status_code == 400 and "Tick the box" in response.get_data(as_text=True)
    response = client.post(f"/employers/{duplicate.id}/merge", data={"target_id": keep.id, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(ContactPerson.employer_id)) == keep.id
    assert db.session.scalar(select(EmployerContact.employer_id)) == keep.id
    keep, duplicate = db.session.get(Employer, keep.id), db.session.get(Employer, duplicate.id)
    assert duplicate.merged_into_id == keep.id and duplicate.archived_at is not None
    assert keep.phone == "01632 960000" and keep.last_contact_at is not None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "merge")).object_id == str(duplicate.id)
    assert client.get(f"/employers/{duplicate.id}").headers["Location"] == f"/employers/{keep.id}"


def test_merge_into_itself_is_refused(client, signed_in):
    signed_in(make_user("team_lead"))
    employer = make_employer("Solo")
    response = client.post(f"/employers/{employer.id}/merge", data={"target_id": employer.id, "confirm": "y"})
    assert response.status_code == 400 and "into itself" in response.get_data(as_text=True)


def test_people_add_edit_and_mark_left(client_in):
    employer = make_employer("People Place")
    response = client_in.post(f"/employers/{employer.id}/people/new",
                              data={"name": "Hana", "job_title": "Owner", "phone": "07700 900123", "email": ""})
    assert response.status_code == 302
    person = db.session.scalar(select(ContactPerson))
    response = client_in.post(f"/employers/{employer.id}/people/{person.id}", data={"name": "Hana H", "email": "bad"})
    assert response.status_code == 400 and "Enter an email address" in response.get_data(as_text=True)
    assert client_in.post(f"/employers/{employer.id}/people/{person.id}/left").status_code == 302
    db.session.refresh(person)
    assert person.left_at is not None
    other = make_employer("Other")
    assert client_in.get(f"/employers/{other.id}/people/{person.id}").status_code == 404


def test_typeahead(client_in):
    make_employer("Maple Street Bakery", town="Sampleford")
    make_employer("The Maple Tree Pub")
    make_employer("Gone Maple", archived_at=utcnow())
    body = client_in.get("/employers/typeahead?q=mapl").get_data(as_text=True)
    assert "Maple Street Bakery" in body and "The Maple Tree Pub" in body and "Gone Maple" not in body
    assert body.index("Maple Street Bakery") < body.index("The Maple Tree Pub")
    assert "No employer found" in client_in.get("/employers/typeahead?q=zzzz").get_data(as_text=True)


def test_naughty_strings_in_every_employer_field_never_break_the_form(client_in, blns):
    for text in blns[::3]:
        data = {**VALID, "name": text[:200] or "x", "website": text[:300], "phone": text[:40], "town": text[:100],
                "postcode": text[:20], "notes": text, "create_anyway": "y"}
        response = client_in.post("/employers/new", data=data)
        assert response.status_code in (302, 400), repr(text)
        page = client_in.get("/employers/?q=" + text[:50])
        assert page.status_code == 200, repr(text)


def test_unreadable_web_addresses_are_refused_not_crashing(client_in):
    for website in ("[Beeeep]", "http://[::1", "<img[a]>"):
        response = client_in.post("/employers/new", data={**VALID, "website": website})
        assert response.status_code == 400 and "only http and https" in response.get_data(as_text=True)
