"""Opening services: the competitive flag, saving with audit events, found-by rules, status changes."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, Opening, Setting
from crm.models.types import utcnow
from crm.openings.services import (
    OpeningError,
    choose_employer,
    create_opening,
    explain_competitive,
    linkable_contact,
    lowest_stated_pay,
    refresh_competitive_flags,
    set_opening_status,
    update_opening,
    works_out_competitive,
)
from crm.settings import forget_cached_settings
from tests.factories import make_contact, make_employer, make_opening, make_user

MINIMUM = Decimal("12.21")


def events(action=None):
    query = select(AuditEvent).where(AuditEvent.object_type == "opening").order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query).all()


# --- competitive ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("pay_min, pay_max, lowest", [
    (None, None, None),
    (Decimal("12.21"), None, Decimal("12.21")),
    (None, Decimal("14"), Decimal("14")),  # the only figure stated
    (Decimal("11"), Decimal("14"), Decimal("11")),
    (12.5, None, Decimal("12.5")),
])
def test_lowest_stated_pay(pay_min, pay_max, lowest):
    assert lowest_stated_pay(pay_min, pay_max) == lowest


@pytest.mark.parametrize("facts, competitive", [
    ({"pay_min": MINIMUM}, True),  # exactly the minimum
    ({"pay_min": MINIMUM - Decimal("0.01")}, False),  # a penny under
    ({"pay_min": MINIMUM + Decimal("0.01")}, True),
    ({}, False),  # unknown pay is never competitive
    ({"pay_max": Decimal("20")}, True),  # one figure stated, above the minimum
    ({"pay_min": Decimal("11"), "pay_max": Decimal("20")}, False),  # the lowest stated pay counts
    ({"pay_min": Decimal("15"), "set_aside_for_disabled": True}, False),
    ({"pay_min": Decimal("15"), "time_limited_by_agency": True}, False),
    ({"pay_min": Decimal("15"), "set_aside_for_disabled": True, "time_limited_by_agency": True}, False),
])
def test_competitive_edge_cases(app, facts, competitive):
    opening = Opening(**{"title": "Job", "set_aside_for_disabled": False, "time_limited_by_agency": False,
                         "pay_min": None, "pay_max": None, **facts})
    assert works_out_competitive(opening, MINIMUM) is competitive


@pytest.mark.parametrize("facts, expected", [
    ({"pay_min": MINIMUM}, "Competitive: open to anyone and pays at least £12.21 an hour."),
    ({}, "Not competitive: the pay is not known, so it cannot be shown to be at least £12.21 an hour (ask the "
         "employer)."),
    ({"pay_min": Decimal("10")}, "Not competitive: it pays £10.00 an hour, less than the minimum wage of £12.21."),
    ({"pay_min": Decimal("15"), "set_aside_for_disabled": True},
     "Not competitive: it is set aside for disabled people, so it is not open to anyone."),
    ({"pay_min": Decimal("9"), "time_limited_by_agency": True},
     "Not competitive: it is time-limited by the agency; it pays £9.00 an hour, less than the minimum wage of "
     "£12.21."),
])
def test_explanation_in_plain_words(app, facts, expected):
    opening = Opening(**{"title": "Job", "set_aside_for_disabled": False, "time_limited_by_agency": False,
                         "pay_min": None, "pay_max": None, **facts})
    assert explain_competitive(opening, MINIMUM) == expected


def test_competitive_follows_the_configured_minimum_wage(app):
    user, employer = make_user(), make_employer()
    db.session.add(Setting(key="minimum_hourly_wage", value="13.00"))
    db.session.flush()
    forget_cached_settings()
    below = create_opening(user, employer, title="Below", pay_min=Decimal("12.99"), source="advertised")
    at = create_opening(user, employer, title="At", pay_min=Decimal("13.00"), source="advertised")
    assert (below.competitive, at.competitive) == (False, True)
    assert "at least £13.00 an hour" in explain_competitive(at)


def test_refresh_competitive_flags_after_the_minimum_wage_changed(app):
    at_old = make_opening(pay_min=Decimal("12.21"), competitive=True)
    range_above = make_opening(pay_min=Decimal("13"), pay_max=Decimal("14"), competitive=True)
    only_max = make_opening(pay_max=Decimal("13.50"), competitive=True)
    set_aside = make_opening(pay_min=Decimal("20"), set_aside_for_disabled=True, competitive=False)
    unknown = make_opening(competitive=False)
    wrongly_off = make_opening(pay_min=Decimal("15"), competitive=False)
    before = {o.id: o.updated_at for o in (at_old, range_above)}
    assert refresh_competitive_flags(Decimal("13.00")) == 2
    db.session.expire_all()
    assert [o.competitive for o in (at_old, range_above, only_max, set_aside, unknown, wrongly_off)] == [
        False, True, True, False, False, True]
    assert {o.id: o.updated_at for o in (at_old, range_above)} == before
    (event,) = events("update")
    assert event.fields == ["competitive"] and event.detail.startswith("2 openings")
    assert refresh_competitive_flags(Decimal("13.00")) == 0


# --- creating and updating -------------------------------------------------------------------------------

def test_create_opening_stores_every_field_and_audits_names_only(app):
    user, employer = make_user(), make_employer()
    opening = create_opening(
        user, employer, title="Kitchen porter", description="Secret note body", requirements=["Food hygiene"],
        industry="Hospitality", hours_min=Decimal("16"), hours_max=Decimal("30"), shifts=["weekend", "day"],
        pay_min=Decimal("12.5"), pay_max=None, place="", latitude=Decimal("51.5"), longitude=Decimal("-0.1"),
        remote=False, source="advertised", set_aside_for_disabled=False, time_limited_by_agency=False)
    db.session.commit()
    db.session.expire_all()
    opening = db.session.get(Opening, opening.id)
    assert opening.status == "open" and opening.created_by_id == user.id and opening.competitive
    assert opening.shifts == ["day", "weekend"]  # in the usual order
    assert opening.hours_min == 16.0 and opening.pay_min == Decimal("12.50") and opening.place is None
    assert opening.requirements == ["Food hygiene"]
    (event,) = events("create")
    assert event.object_id == str(opening.id) and event.user_id == user.id
    assert set(event.fields) == {"employer_id", "status", "title", "description", "requirements", "industry",
                                 "hours_min", "hours_max", "shifts", "pay_min", "latitude", "longitude", "source",
                                 "competitive"}
    assert "Secret" not in (event.detail or "")


def test_update_records_only_changed_fields_and_recomputes_competitive(app):
    user, employer = make_user(), make_employer()
    opening = create_opening(user, employer, title="Porter", pay_min=Decimal("15"), source="advertised")
    values = {"title": "Porter", "pay_min": Decimal("15.00"), "source": "advertised", "description": "",
              "requirements": [], "shifts": [], "remote": False}
    assert update_opening(opening, employer, **values) == []
    changed = update_opening(opening, employer, **{**values, "set_aside_for_disabled": True, "title": "Night porter"})
    assert set(changed) == {"title", "set_aside_for_disabled", "competitive"}
    assert opening.competitive is False
    update = events("update")[-1]
    assert set(update.fields) == {"title", "set_aside_for_disabled", "competitive"}


def test_update_with_some_fields_leaves_the_others_alone(app):
    user, employer = make_user(), make_employer()
    opening = create_opening(user, employer, title="Porter", source="developed", pay_min=Decimal("13"))
    assert update_opening(opening, employer, title="Head porter") == ["title"]
    assert opening.source == "developed" and opening.pay_min == Decimal("13.00") and opening.competitive


def test_update_can_move_an_opening_to_another_employer(app):
    user, employer, other = make_user(), make_employer(), make_employer()
    opening = create_opening(user, employer, title="Porter", source="advertised")
    assert update_opening(opening, other, title="Porter", source="advertised") == ["employer_id"]
    assert opening.employer_id == other.id


# --- found by a logged contact ----------------------------------------------------------------------------

def test_found_by_own_contact_at_the_same_employer(app):
    user, employer = make_user(), make_employer()
    contact = make_contact(user, employer)
    opening = create_opening(user, employer, found_by_contact_id=str(contact.id), title="Porter", source="developed")
    assert opening.found_by_contact_id == contact.id and opening.source == "developed"
    assert "found_by_contact_id" in events("create")[0].fields


@pytest.mark.parametrize("whose, where, field", [
    ("someone else's", "same", "source"),
    ("own", "other", "employer_query"),
    ("missing", "same", "source"),
])
def test_found_by_refused(app, whose, where, field):
    user, employer, other_employer = make_user(), make_employer(), make_employer()
    colleague = make_user()
    contact = make_contact(colleague if whose == "someone else's" else user,
                           other_employer if where == "other" else employer)
    contact_id = 999_999 if whose == "missing" else contact.id
    with pytest.raises(OpeningError) as caught:
        create_opening(user, employer, found_by_contact_id=contact_id, title="Porter", source="developed")
    assert caught.value.field == field
    assert db.session.scalar(select(Opening)) is None


def test_found_by_needs_the_developed_source(app):
    user, employer = make_user(), make_employer()
    contact = make_contact(user, employer)
    with pytest.raises(OpeningError, match="found through job development") as caught:
        create_opening(user, employer, found_by_contact_id=contact.id, title="Porter", source="advertised")
    assert caught.value.field == "source"


def test_moving_to_another_employer_drops_the_found_by_link(app):
    user, employer, other = make_user(), make_employer(), make_employer()
    contact = make_contact(user, employer)
    opening = create_opening(user, employer, found_by_contact_id=contact.id, title="Porter", source="developed")
    changed = update_opening(opening, other, title="Porter", source="developed")
    assert set(changed) == {"employer_id", "found_by_contact_id"}
    assert opening.found_by_contact_id is None


def test_a_colleague_may_edit_an_opening_found_by_someone_else(app):
    user, colleague, employer = make_user(), make_user(), make_employer()
    contact = make_contact(user, employer)
    opening = create_opening(user, employer, found_by_contact_id=contact.id, title="Porter", source="developed")
    assert update_opening(opening, employer, title="Head porter", source="developed") == ["title"]
    assert opening.found_by_contact_id == contact.id
    with pytest.raises(OpeningError):
        linkable_contact(colleague, contact.id)


# --- choosing the employer -------------------------------------------------------------------------------

def test_choose_employer_by_id_or_exact_name(app):
    employer = make_employer("Maple Street Bakery Ltd")
    assert choose_employer(str(employer.id), "Maple Street Bakery Ltd") is employer
    assert choose_employer("", "maple street bakery") is employer  # typed without choosing from the list
    # A name typed over the chosen employer wins.
    other = make_employer("Harbour Café")
    assert choose_employer(str(employer.id), "Harbour Cafe") is other


@pytest.mark.parametrize("typed, message", [
    ("Nobody Here", "No employer called “Nobody Here”"),
    ("Twin Shop", "Several employers have this name"),
    ("Old Mill", "Old Mill is archived"),
])
def test_choose_employer_refusals(app, typed, message):
    make_employer("Twin Shop")
    make_employer("Twin Shop Ltd")
    make_employer("Old Mill", archived_at=utcnow())
    with pytest.raises(OpeningError, match=message) as caught:
        choose_employer("", typed)
    assert caught.value.field == "employer_query"


def test_archived_employer_refused_unless_it_is_already_the_openings(app):
    archived = make_employer("Old Mill", archived_at=utcnow())
    with pytest.raises(OpeningError, match="archived"):
        choose_employer(str(archived.id), "Old Mill")
    assert choose_employer(str(archived.id), "Old Mill", keep=archived) is archived


@pytest.mark.parametrize("raw, expected", [
    ("12", 12), (12, 12), ("", None), (None, None), ("0", None), ("-1", None), ("1.5", None), ("abc", None),
    ("²", None), ("٣", None), ("99999999999999999999", None), (str(2**31), None), (" 12", None),
])
def test_parse_id(raw, expected):
    from crm.forms import parse_id

    assert parse_id(raw) == expected


# --- status ----------------------------------------------------------------------------------------------

def test_fill_close_and_reopen(app):
    opening = make_opening()
    assert set_opening_status(opening, "filled") is True
    assert opening.status == "filled" and opening.closed_at is not None
    assert set_opening_status(opening, "filled") is False
    set_opening_status(opening, "closed")
    assert opening.status == "closed" and opening.closed_at is not None
    set_opening_status(opening, "open")
    assert opening.status == "open" and opening.closed_at is None
    updates = events("update")
    assert [e.detail for e in updates] == ["status filled", "status closed", "status open"]
    assert all(set(e.fields) == {"status", "closed_at"} for e in updates)


def test_status_refusals(app):
    opening = make_opening(make_employer(archived_at=utcnow()), status="closed", closed_at=utcnow())
    with pytest.raises(OpeningError, match="restore it"):
        set_opening_status(opening, "open")
    with pytest.raises(OpeningError):
        set_opening_status(opening, "deleted")
    assert opening.status == "closed"
