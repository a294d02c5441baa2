"""Opening pages: add (from an employer or a logged contact), edit, the page itself, status changes, access."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.formatting import local_today
from crm.models import AuditEvent, Opening, Setting
from crm.models.types import utcnow
from tests.factories import DEFAULT_PASSWORD, make_contact, make_employer, make_opening, make_user


def page_text(response) -> str:
    """The HTML of a response with runs of white space as one space."""
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def form_data(employer, **changes):
    """A complete, valid opening form for employer, with changes."""
    return {
        "title": "Kitchen porter", "employer_query": employer.name, "employer_id": str(employer.id),
        "description": "Washing up & keeping the kitchen <clean>.", "requirements": "• Food hygiene\n\nEarly starts\n",
        "industry": "Hospitality", "hours_min": "16", "hours_max": "30", "shifts": ["day", "weekend"],
        "pay_min": "£12.50", "pay_max": "13", "place": "1 Maple Street, Northtown", "latitude": "51.5",
        "longitude": "-0.12", "source": "advertised", "opened_on": "2026-11-02", "closes_on": "30/11/2026",
        **changes,
    }


def only_opening() -> Opening:
    (opening,) = db.session.scalars(select(Opening)).all()
    return opening


def test_new_from_an_employer_page_is_filled_in(as_specialist, employer):
    body = as_specialist.get(f"/openings/new?employer_id={employer.id}").get_data(as_text=True)
    assert 'value="Maple Street Bakery"' in body and f'name="employer_id" type="hidden" value="{employer.id}"' in body
    assert 'value="Hospitality"' in body and 'value="1 Maple Street, Northtown"' in body
    assert 'value="51.5"' in body and 'value="-0.12"' in body
    assert f'value="{local_today():%Y-%m-%d}"' in body
    assert "at least the minimum wage of £12.21 an hour" in body
    assert f'href="/employers/{employer.id}">Cancel' in body


def test_create_an_opening_and_see_it(as_specialist, specialist, employer):
    response = as_specialist.post(f"/openings/new?employer_id={employer.id}", data=form_data(employer))
    assert response.status_code == 302
    opening = only_opening()
    assert response.headers["Location"] == f"/openings/{opening.id}"
    assert opening.requirements == ["Food hygiene", "Early starts"]
    assert (opening.pay_min, opening.pay_max, opening.hours_min, opening.hours_max) == (
        Decimal("12.50"), Decimal("13.00"), 16.0, 30.0)
    assert opening.shifts == ["day", "weekend"] and opening.competitive and opening.created_by_id == specialist.id
    assert str(opening.closes_on) == "2026-11-30"
    body = as_specialist.get(response.headers["Location"]).get_data(as_text=True)
    assert "Opening “Kitchen porter” added at Maple Street Bakery." in body
    for text in ("Kitchen porter", f'href="/employers/{employer.id}">Maple Street Bakery</a>',
                 "£12.50 to £13.00 an hour", "16 to 30 hours a week", "Day, Weekend", "1 Maple Street, Northtown",
                 "Washing up &amp; keeping the kitchen &lt;clean&gt;.", "<li class=\"text-break\">Food hygiene</li>",
                 "Competitive: open to anyone and pays at least £12.21 an hour.", "Mon 30 Nov 2026", "Advertised",
                 "Mark as filled", "Close: no longer available", f'href="/openings/{opening.id}/edit"'):
        assert text in body, text
    assert "Reopen" not in body
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "create",
                                                       AuditEvent.object_type == "opening"))
    assert event.user_id == specialist.id and "pay_min" in event.fields and "description" in event.fields


def test_employer_typed_without_choosing_from_the_list(as_specialist, employer):
    response = as_specialist.post("/openings/new", data=form_data(employer, employer_id="",
                                                                  employer_query="maple street bakery ltd"))
    assert response.status_code == 302
    assert only_opening().employer_id == employer.id


def test_unknown_pay_is_not_competitive_and_says_why(as_specialist, employer):
    as_specialist.post("/openings/new", data=form_data(employer, pay_min="", pay_max=""))
    opening = only_opening()
    assert opening.competitive is False
    body = as_specialist.get(f"/openings/{opening.id}").get_data(as_text=True)
    assert "Not competitive: the pay is not known" in body and "Not known: ask the employer." in body


def test_set_aside_opening_is_not_competitive(as_specialist, employer):
    as_specialist.post("/openings/new", data=form_data(employer, set_aside_for_disabled="y"))
    body = as_specialist.get(f"/openings/{only_opening().id}").get_data(as_text=True)
    assert "Not competitive: it is set aside for disabled people" in body
    assert "Disabled people only (set aside)" in body


def test_page_notes_a_flag_out_of_date_after_the_minimum_wage_changed(as_specialist, employer):
    opening = make_opening(employer, pay_min=Decimal("12.50"), competitive=True)
    db.session.add(Setting(key="minimum_hourly_wage", value="13.00"))
    body = as_specialist.get(f"/openings/{opening.id}").get_data(as_text=True)
    assert "Not competitive: it pays £12.50 an hour, less than the minimum wage of £13.00." in body
    assert "Lists still show it as competitive" in body


# --- found through job development ---------------------------------------------------------------------

def test_add_an_opening_found_in_a_logged_contact(as_specialist, specialist, employer):
    contact = make_contact(specialist, employer)
    body = as_specialist.get(f"/openings/new?found_by={contact.id}").get_data(as_text=True)
    assert 'value="Maple Street Bakery"' in body
    assert f'name="found_by" type="hidden" value="{contact.id}"' in body
    assert '<option selected value="developed">' in body
    assert "Found through job development, in your" in body
    data = form_data(employer, source="developed", found_by=str(contact.id))
    assert as_specialist.post(f"/openings/new?employer_id={employer.id}&found_by={contact.id}",
                              data=data).status_code == 302
    opening = only_opening()
    assert opening.found_by_contact_id == contact.id and opening.source == "developed"
    body = page_text(as_specialist.get(f"/openings/{opening.id}"))
    assert "Found through job development, in your in person contact on" in body
    assert f'href="/contacts/{contact.id}/edit">Open that contact' in body


def test_a_colleague_sees_who_found_it(client, signed_in, specialist, employer):
    contact = make_contact(specialist, employer)
    opening = make_opening(employer, source="developed", found_by_contact_id=contact.id)
    signed_in(make_user())
    body = page_text(client.get(f"/openings/{opening.id}"))
    assert "Found through job development, in Sam Specialist’s in person contact" in body
    assert f'href="/employers/{employer.id}#timeline">See the contacts' in body


@pytest.mark.parametrize("case", ["someone else's", "other employer", "missing", "not a number"])
def test_found_by_that_cannot_be_linked_is_left_out_with_a_notice(as_specialist, specialist, employer, case):
    colleague, other = make_user(), make_employer("Harbour Café")
    contact = make_contact(colleague if case == "someone else's" else specialist,
                           other if case == "other employer" else employer)
    found_by = {"missing": "424242", "not a number": "x<script>"}.get(case, str(contact.id))
    response = as_specialist.get(f"/openings/new?employer_id={employer.id}&found_by={found_by}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="form-notice"' in body and "This opening will not be linked to it." in body
    assert 'name="found_by" type="hidden" value=""' in body
    assert 'value="Maple Street Bakery"' in body  # the employer asked for stays


def test_found_by_tampered_on_saving_is_refused(as_specialist, employer):
    contact = make_contact(make_user(), employer)
    response = as_specialist.post("/openings/new", data=form_data(employer, source="developed",
                                                                  found_by=str(contact.id)))
    assert response.status_code == 400
    assert "Only a contact you logged yourself" in response.get_data(as_text=True)
    assert db.session.scalar(select(Opening)) is None


# --- editing -------------------------------------------------------------------------------------------

def test_edit_shows_the_saved_values_and_saves_changes(as_specialist, employer):
    as_specialist.post("/openings/new", data=form_data(employer))
    opening = only_opening()
    body = as_specialist.get(f"/openings/{opening.id}/edit").get_data(as_text=True)
    for text in ('value="Kitchen porter"', 'value="Maple Street Bakery"', "\nFood hygiene\nEarly starts</textarea>",
                 'value="16"', 'value="30"', 'value="12.50"', 'value="13.00"', 'value="2026-11-30"',
                 'checked class="form-check-input" id="shifts-0"'):
        assert text in body, text
    response = as_specialist.post(f"/openings/{opening.id}/edit", data=form_data(employer, title="Chef", pay_min="11"))
    assert response.status_code == 302
    db.session.expire_all()
    assert opening.title == "Chef" and opening.competitive is False
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert set(event.fields) == {"title", "pay_min", "competitive"}
    response = as_specialist.post(f"/openings/{opening.id}/edit", data=form_data(employer, title="Chef", pay_min="11"),
                                  follow_redirects=True)
    assert "Nothing was changed." in response.get_data(as_text=True)


def test_moving_an_opening_found_in_a_contact_to_another_employer(as_specialist, specialist, employer):
    contact = make_contact(specialist, employer)
    opening = make_opening(employer, source="developed", found_by_contact_id=contact.id)
    other = make_employer("Harbour Café")
    response = as_specialist.post(f"/openings/{opening.id}/edit", follow_redirects=True,
                                  data=form_data(other, source="developed"))
    assert "It is no longer linked to the contact that found it" in response.get_data(as_text=True)
    db.session.expire_all()
    assert opening.employer_id == other.id and opening.found_by_contact_id is None


def test_an_opening_may_stay_at_an_employer_archived_since(as_specialist, employer):
    opening = make_opening(employer, title="Baker")
    employer.archived_at = utcnow()
    response = as_specialist.post(f"/openings/{opening.id}/edit", data=form_data(employer, title="Head baker"))
    assert response.status_code == 302


def test_no_new_opening_at_an_archived_employer(as_specialist, employer):
    employer.archived_at = utcnow()
    body = as_specialist.get(f"/openings/new?employer_id={employer.id}").get_data(as_text=True)
    assert "Maple Street Bakery is archived: restore it before adding openings there." in body
    response = as_specialist.post("/openings/new", data=form_data(employer))
    assert response.status_code == 400
    assert "Maple Street Bakery is archived. Restore it on its page first" in response.get_data(as_text=True)
    assert db.session.scalar(select(Opening)) is None


@pytest.mark.parametrize("path", ["/openings/9999", "/openings/9999/edit"])
def test_missing_opening(as_specialist, path):
    assert as_specialist.get(path).status_code == 404


# --- status --------------------------------------------------------------------------------------------

def test_fill_then_reopen(as_specialist, employer):
    opening = make_opening(employer, title="Baker")
    response = as_specialist.post(f"/openings/{opening.id}/status", data={"status": "filled"}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "“Baker” marked as filled." in body and "Reopen" in body and "Mark as filled" not in body
    db.session.expire_all()
    assert opening.status == "filled" and opening.closed_at is not None
    as_specialist.post(f"/openings/{opening.id}/status", data={"status": "open"})
    db.session.expire_all()
    assert opening.status == "open" and opening.closed_at is None
    fields = db.session.scalars(select(AuditEvent.fields).where(AuditEvent.object_type == "opening")).all()
    assert fields == [["closed_at", "status"], ["closed_at", "status"]]


@pytest.mark.parametrize("status", ["", "deleted", "OPEN"])
def test_unknown_status_is_refused(as_specialist, employer, status):
    opening = make_opening(employer)
    assert as_specialist.post(f"/openings/{opening.id}/status", data={"status": status}).status_code == 400
    db.session.expire_all()
    assert opening.status == "open"


def test_reopen_at_an_archived_employer_is_refused(as_specialist, employer):
    opening = make_opening(employer, status="closed", closed_at=utcnow() - timedelta(days=1))
    employer.archived_at = utcnow()
    body = as_specialist.post(f"/openings/{opening.id}/status", data={"status": "open"},
                              follow_redirects=True).get_data(as_text=True)
    assert "restore it before reopening" in body
    db.session.expire_all()
    assert opening.status == "closed"


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_status_change_needs_the_form_token(client, specialist, employer):
    opening = make_opening(employer)
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": specialist.email, "password": DEFAULT_PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    assert client.post(f"/openings/{opening.id}/status", data={"status": "closed"}).status_code == 400
    db.session.expire_all()
    assert opening.status == "open"


# --- access --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["specialist", "team_lead", "admin"])
def test_all_staff_may_work_with_openings(client, signed_in, employer, role):
    opening = make_opening(employer)
    signed_in(make_user(role))
    for path in ("/openings/", f"/openings/new?employer_id={employer.id}", f"/openings/{opening.id}",
                 f"/openings/{opening.id}/edit"):
        assert client.get(path).status_code == 200, path
    assert client.post(f"/openings/{opening.id}/status", data={"status": "filled"}).status_code == 302


def test_signed_out_people_are_sent_to_sign_in(client, employer):
    opening = make_opening(employer)
    for path in ("/openings/", "/openings/new", f"/openings/{opening.id}", f"/openings/{opening.id}/edit"):
        assert client.get(path).headers["Location"].startswith("/login?next=")
    assert client.post(f"/openings/{opening.id}/status", data={"status": "filled"}).status_code == 302
    db.session.expire_all()
    assert opening.status == "open"


def test_pages_have_no_inline_script_or_style(as_specialist, employer):
    opening = make_opening(employer)
    for path in ("/openings/", "/openings/new", f"/openings/{opening.id}", f"/openings/{opening.id}/edit"):
        body = as_specialist.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", body), path
        assert "<style" not in body and " style=" not in body, path
