"""The quick log: logging, validation, employer resolution, coordination, editing."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEvent, ContactPerson, Employer, EmployerContact
from crm.models.types import utcnow
from tests.factories import make_contact, make_employer, make_participant, make_user


def local_now(minutes_ago: int = 0) -> str:
    from zoneinfo import ZoneInfo

    return (datetime.now(ZoneInfo("Europe/London")) - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def specialist(app):
    return make_user("specialist")


@pytest.fixture
def employer(app):
    return make_employer("Maple Street Bakery")


@pytest.fixture
def logged_in(client, signed_in, specialist):
    return signed_in(specialist)


def form(employer=None, **changes):
    data = {"employer_query": employer.name if employer else "", "employer_id": employer.id if employer else "",
            "contacted_at": local_now(5), "mode": "in_person", "purpose": "introduce", "contact_person_id": 0,
            "notes": "Met the owner", "outcome": "", "next_step": "", "next_step_due": ""}
    data.update(changes)
    return data


def contacts():
    return db.session.scalars(select(EmployerContact).order_by(EmployerContact.id)).all()


def test_form_defaults(logged_in, specialist):
    mine = make_participant(specialist, name="Pat Mine")
    make_participant(make_user("specialist"), name="Pat Theirs")
    body = logged_in.get("/contacts/log").get_data(as_text=True)
    assert local_now()[:13] in body  # now by default (to the hour)
    assert "Pat Mine" in body and "Pat Theirs" not in body
    assert f'value="{mine.id}"' in body
    assert 'value="in_person" checked' in body or 'checked id="mode-0"' in body or "checked" in body


def test_log_a_contact(logged_in, specialist, employer):
    person = ContactPerson(employer_id=employer.id, name="Hana")
    db.session.add(person)
    pat = make_participant(specialist)
    response = logged_in.post("/contacts/log", data=form(employer, contact_person_id=person.id, purpose="on_behalf",
                                                        participant_ids=[pat.id], participant_present="y",
                                                        next_step="Bring CV", next_step_due="2099-01-01"))
    assert response.status_code == 302
    [contact] = contacts()
    assert response.headers["Location"] == f"/contacts/log?logged={contact.id}"
    assert contact.face_to_face and contact.specialist_id == specialist.id and contact.contact_person_id == person.id
    assert [p.id for p in contact.participants] == [pat.id] and contact.participant_present
    db.session.refresh(employer)
    assert employer.last_contact_at == contact.contacted_at
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Just saved: in person contact with" in page and "Maple Street Bakery" in page
    actions = db.session.execute(select(AuditEvent.action, AuditEvent.object_type)).all()
    assert ("create", "employer_contact") in actions and ("update", "participant") in actions


def test_phone_is_not_face_to_face(logged_in, employer):
    logged_in.post("/contacts/log", data=form(employer, mode="phone"))
    assert not contacts()[0].face_to_face


def test_employer_found_by_name_without_typeahead(logged_in, employer):
    response = logged_in.post("/contacts/log", data=form(employer_query="maple street bakery ltd", employer_id=""))
    assert response.status_code == 302
    assert contacts()[0].employer_id == employer.id


def test_stale_typeahead_id_is_ignored(logged_in, employer):
    other = make_employer("Riverside Garden Centre")
    logged_in.post("/contacts/log", data=form(employer_query="Riverside Garden Centre", employer_id=employer.id))
    assert contacts()[0].employer_id == other.id


def test_unknown_employer_asks_to_choose_or_create(logged_in, employer):
    response = logged_in.post("/contacts/log", data=form(employer_query="Nowhere Ltd", employer_id=""))
    assert response.status_code == 400
    assert "No employer called “Nowhere Ltd”" in response.get_data(as_text=True)
    assert contacts() == []


def test_new_employer_created_inline(logged_in, specialist, employer):
    response = logged_in.post("/contacts/log", data=form(employer_query="Oak Lane Vets", employer_id="",
                                                        new_employer="y", new_person_name="Dr Sample"))
    assert response.status_code == 302
    new = db.session.scalar(select(Employer).where(Employer.name == "Oak Lane Vets"))
    assert new.owner_id == specialist.id and contacts()[0].employer_id == new.id
    assert contacts()[0].contact_person.name == "Dr Sample"


def test_new_employer_near_duplicate_warns_first(logged_in, employer):
    data = form(employer_query="Maple St Bakery", employer_id="", new_employer="y")
    response = logged_in.post("/contacts/log", data=data)
    assert response.status_code == 200 and "Did you mean" in response.get_data(as_text=True)
    assert contacts() == [] and db.session.scalar(select(func.count()).select_from(Employer)) == 1
    assert logged_in.post("/contacts/log", data={**data, "create_anyway": "y"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Employer)) == 2


@pytest.mark.parametrize("changes, message", [
    ({"contacted_at": "2999-01-01T10:00"}, "cannot be logged in the future"),
    ({"contacted_at": ""}, "Enter the date and time"),
    ({"contacted_at": "yesterday"}, "Enter the date and time"),
    ({"next_step": "Call", "next_step_due": "2000-01-01"}, "cannot be due before the contact"),
    ({"next_step_due": "2099-01-01"}, "Say what the next step is"),
    ({"purpose": "on_behalf"}, "Tick who the contact was for"),
    ({"participant_present": "y"}, "Tick who the contact was for"),
    ({"mode": "carrier pigeon"}, "Not a valid choice"),
    ({"notes": "n" * 5001}, "at most 5,000"),
    ({"employer_query": ""}, "Choose the employer"),
])
def test_bad_input_is_refused_on_the_field_with_input_kept(logged_in, employer, changes, message):
    data = form(employer, **changes)
    data.setdefault("outcome", "")
    data["outcome"] = "Kept <b>outcome</b>"
    response = logged_in.post("/contacts/log", data=data)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body and 'aria-invalid="true"' in body
    assert "Kept &lt;b&gt;outcome&lt;/b&gt;" in body
    assert contacts() == []


def test_cannot_log_on_behalf_of_someone_elses_participant(logged_in, employer):
    theirs = make_participant(make_user("specialist"))
    response = logged_in.post("/contacts/log", data=form(employer, purpose="on_behalf", participant_ids=[theirs.id]))
    assert response.status_code == 400 and contacts() == []


def test_contact_person_must_work_at_the_employer(logged_in, employer):
    elsewhere = ContactPerson(employer_id=make_employer("Elsewhere").id, name="Stranger")
    db.session.add(elsewhere)
    db.session.flush()
    response = logged_in.post("/contacts/log", data=form(employer, contact_person_id=elsewhere.id))
    assert response.status_code == 400 and "works at this employer" in response.get_data(as_text=True)


def test_archived_employer_cannot_be_chosen(logged_in):
    gone = make_employer("Gone Cafe", archived_at=utcnow())
    response = logged_in.post("/contacts/log", data=form(gone))
    assert response.status_code == 400 and contacts() == []


def test_coordination_notice_for_another_owner(logged_in, employer):
    owner = make_user("specialist", name="Olive Owner")
    employer.owner_id = owner.id
    make_contact(owner, employer, contacted_at=utcnow() - timedelta(days=3))
    body = logged_in.get(f"/contacts/log?employer_id={employer.id}").get_data(as_text=True)
    assert "Olive Owner leads the relationship" in body and "was last in touch" in body
    partial = logged_in.get(f"/contacts/employer-notice?employer_id={employer.id}").get_data(as_text=True)
    assert "Olive Owner" in partial
    assert logged_in.post("/contacts/log", data=form(employer)).status_code == 302  # a notice, not a block


def test_no_notice_for_own_or_unowned_employer(logged_in, specialist, employer):
    assert "leads the relationship" not in logged_in.get(f"/contacts/log?employer_id={employer.id}").get_data(
        as_text=True)
    employer.owner_id = specialist.id
    assert "leads the relationship" not in logged_in.get(f"/contacts/log?employer_id={employer.id}").get_data(
        as_text=True)


def test_edit_own_contact_only(app, client, signed_in, specialist, employer):
    contact = make_contact(specialist, employer, notes="before")
    other = make_user("specialist")
    signed_in(other)
    assert client.get(f"/contacts/{contact.id}/edit").status_code == 403
    assert client.post(f"/contacts/{contact.id}/edit", data=form(employer)).status_code == 403
    client.post("/logout")
    signed_in(specialist)
    assert client.get(f"/contacts/{contact.id}/edit").status_code == 200
    moved_to = make_employer("Second Place")
    response = client.post(f"/contacts/{contact.id}/edit", data=form(moved_to, notes="after", mode="phone"))
    assert response.status_code == 302
    db.session.expire_all()
    contact = db.session.get(EmployerContact, contact.id)
    assert contact.notes == "after" and not contact.face_to_face and contact.employer_id == moved_to.id
    assert db.session.get(Employer, moved_to.id).last_contact_at == contact.contacted_at
    assert db.session.get(Employer, employer.id).last_contact_at is None
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "employer_contact",
                                                        AuditEvent.action == "update")).one()
    assert {"notes", "mode", "employer_id"} <= set(event.fields) and "after" not in str(event.fields)


def test_naughty_strings_are_stored_and_shown_as_text(logged_in, employer, blns):
    sample = blns[::7]
    for text in sample:
        response = logged_in.post("/contacts/log", data=form(employer, notes=text, outcome=text[:2000]))
        assert response.status_code in (302, 400), repr(text)
    page = logged_in.get(f"/employers/{employer.id}").get_data(as_text=True)
    assert "<script>alert(" not in page


def test_disclosure_reminder(logged_in, specialist, employer):
    from crm.models import CareerProfile

    agreed = make_participant(specialist, name="Pat Agreed")
    agreed.profile = CareerProfile(disclosure="yes")
    private = make_participant(specialist, name="Pat Private")
    private.profile = CareerProfile(disclosure="no")
    undecided = make_participant(specialist, name="Pat Undecided")
    form_page = logged_in.get("/contacts/log").get_data(as_text=True)
    assert "Pat Private · do not disclose" in form_page and "Pat Undecided · do not disclose" in form_page
    assert "Pat Agreed · do not disclose" not in form_page
    response = logged_in.post("/contacts/log", data=form(employer, purpose="on_behalf",
                                                        participant_ids=[agreed.id, private.id, undecided.id]))
    body = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Remember: Pat Private, Pat Undecided have not agreed that employers may be told" in body
