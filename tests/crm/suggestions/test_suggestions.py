"""Suggestions through the matching library, decisions, the together view, and who might an opening suit."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, CareerProfile, JobMatch, JobMatchEvent
from crm.models.types import utcnow
from crm.suggestions.index import open_openings_version, suggestion_index
from tests.factories import make_employer, make_opening, make_participant, make_team, make_user


@pytest.fixture
def specialist(app):
    return make_user("specialist", team=make_team())


@pytest.fixture
def person(specialist):
    person = make_participant(specialist, name="Pat Barista")
    person.profile = CareerProfile(job_goals=["barista"], shifts_excluded=["night"],
                                   min_hourly_wage=Decimal("11.00"))
    db.session.flush()
    return person


@pytest.fixture
def openings(app):
    cafe, bar, kennels = make_employer("Bean There Cafe"), make_employer("Red Lion"), make_employer("Happy Paws")
    return {
        "barista": make_opening(cafe, title="Coffee Shop Barista", shifts=["day"], pay_min=Decimal("12.00")),
        "night": make_opening(bar, title="Night barista", shifts=["night"], pay_min=Decimal("12.00")),
        "kennel": make_opening(kennels, title="Kennel assistant"),
        "closed": make_opening(cafe, title="Barista (filled)", status="filled"),
    }


def test_suggestions_rank_with_reasons_and_checks(client, signed_in, specialist, person, openings):
    signed_in(specialist)
    body = client.get(f"/participants/{person.id}/suggestions").get_data(as_text=True)
    assert "Coffee Shop Barista" in body and "Matches your goal" in body and "barista" in body
    assert "Kennel assistant" in body and "Ask the employer" in body
    assert "Night barista" not in body and "Barista (filled)" not in body
    assert "1 opening was left out by their own limits" in body
    everything = client.get(f"/participants/{person.id}/suggestions?all=1").get_data(as_text=True)
    assert "Night barista" in everything and "Breaks: night shifts" in everything
    assert body.index("Coffee Shop Barista") < body.index("Kennel assistant")


def test_viewing_suggestions_is_audited(client, signed_in, specialist, person, openings):
    signed_in(specialist)
    client.get(f"/participants/{person.id}/suggestions")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "view"))
    assert event.object_id == str(person.id) and event.detail == "suggestions"


def test_empty_profile_still_gets_suggestions(client, signed_in, specialist, openings):
    nobody = make_participant(specialist)
    signed_in(specialist)
    body = client.get(f"/participants/{nobody.id}/suggestions").get_data(as_text=True)
    assert "Coffee Shop Barista" in body and "Kennel assistant" in body


def test_decisions_are_recorded_and_not_for_me_is_not_suggested_again(client, signed_in, specialist, person,
                                                                      openings):
    signed_in(specialist)
    barista, kennel = openings["barista"], openings["kennel"]
    response = client.post(f"/participants/{person.id}/suggestions/{barista.id}",
                           data={"decision": "interested", "score": "0.8", "reasons": ["Matches your goal"]})
    assert response.status_code == 302
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Plan an employer contact on their behalf" in flashed
    assert f"employer_id={barista.employer_id}" in flashed and f"participant_id={person.id}" in flashed
    response = client.post(f"/participants/{person.id}/suggestions/{kennel.id}",
                           data={"decision": "not_for_me", "reason": "Allergic to dogs", "view": "together"})
    assert response.headers["Location"].startswith(f"/participants/{person.id}/suggestions/together")
    assert "Saved: Not for me" in client.get(response.headers["Location"]).get_data(as_text=True)
    matches = {m.opening_id: m for m in db.session.scalars(select(JobMatch))}
    assert matches[barista.id].status == "interested" and matches[barista.id].reasons == ["Matches your goal"]
    assert matches[kennel.id].status == "not_for_me"
    event = db.session.scalar(select(JobMatchEvent).where(JobMatchEvent.job_match_id == matches[kennel.id].id))
    assert event.reason == "Allergic to dogs" and event.recorded_by_id == specialist.id and event.recorded_at
    body = client.get(f"/participants/{person.id}/suggestions").get_data(as_text=True)
    assert "Kennel assistant" not in body and "1 opening they said was not for them is hidden" in body
    assert "Decided: Interested" in body
    assert "Kennel assistant" in client.get(f"/participants/{person.id}/suggestions?declined=1").get_data(
        as_text=True)


def test_bad_decision_is_refused(client, signed_in, specialist, person, openings):
    signed_in(specialist)
    response = client.post(f"/participants/{person.id}/suggestions/{openings['barista'].id}",
                           data={"decision": "hire them now"})
    assert response.status_code == 302 and db.session.scalar(select(JobMatch)) is None
    assert client.post(f"/participants/{person.id}/suggestions/999999",
                       data={"decision": "interested"}).status_code == 404


def test_a_match_in_the_pipeline_is_not_reset_by_a_decision(client, signed_in, specialist, person, openings):
    """A hired (or applied, interviewed...) match stays where it is; the specialist is told where to change it."""
    signed_in(specialist)
    match = JobMatch(participant_id=person.id, opening_id=openings["barista"].id, status="hired")
    db.session.add(match)
    db.session.flush()
    response = client.post(f"/participants/{person.id}/suggestions/{openings['barista'].id}",
                           data={"decision": "not_for_me", "reason": "changed my mind"}, follow_redirects=True)
    assert "already at “Hired”" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(JobMatch, match.id).status == "hired"
    assert db.session.scalar(select(JobMatchEvent)) is None


def test_other_specialists_cannot_see_or_decide(client, signed_in, person, openings):
    signed_in(make_user("specialist"))
    assert client.get(f"/participants/{person.id}/suggestions").status_code == 404
    assert client.get(f"/participants/{person.id}/suggestions/together").status_code == 404
    response = client.post(f"/participants/{person.id}/suggestions/{openings['barista'].id}",
                           data={"decision": "interested"})
    assert response.status_code == 404 and db.session.scalar(select(JobMatch)) is None


def test_together_view_is_plain(client, signed_in, specialist, person, openings):
    signed_in(specialist)
    body = client.get(f"/participants/{person.id}/suggestions/together").get_data(as_text=True)
    assert "Jobs that might suit you, Pat Barista" in body and "Coffee Shop Barista" in body
    assert "Match " not in body and "%" not in body.split("<main")[1].split("</main>")[0]
    assert "fit-bar" in body and "Print this list" in body


def test_index_refreshes_when_openings_change(client, signed_in, specialist, person, openings):
    signed_in(specialist)
    assert "Latte Maker" not in client.get(f"/participants/{person.id}/suggestions").get_data(as_text=True)
    make_opening(make_employer("New Cafe"), title="Latte Maker and Barista", updated_at=utcnow())
    assert "Latte Maker" in client.get(f"/participants/{person.id}/suggestions").get_data(as_text=True)
    openings["barista"].status = "filled"
    openings["barista"].updated_at = utcnow()
    db.session.flush()
    assert "Coffee Shop Barista" not in client.get(f"/participants/{person.id}/suggestions").get_data(as_text=True)


def test_index_is_not_rebuilt_when_nothing_changed(app, openings):
    first = suggestion_index.matcher()
    assert suggestion_index.matcher() is first
    assert open_openings_version()[0] == 3


def test_who_might_this_suit(client, signed_in, specialist, person, openings):
    other = make_participant(specialist, name="Pat Nights")
    other.profile = CareerProfile(job_goals=["bar work"])
    make_participant(make_user("specialist"), name="Pat Elsewhere")
    signed_in(specialist)
    body = client.get(f"/openings/{openings['barista'].id}/who-might-this-suit").get_data(as_text=True)
    assert "Pat Barista" in body and "Pat Elsewhere" not in body
    assert body.index("Pat Barista") < body.index("Pat Nights")
    night = client.get(f"/openings/{openings['night'].id}/who-might-this-suit").get_data(as_text=True)
    assert "1 person is left out because it breaks their own limits" in night


def test_naughty_profiles_never_break_suggestions(client, signed_in, specialist, openings, blns):
    person = make_participant(specialist)
    person.profile = CareerProfile(job_goals=blns[:40], strengths=blns[40:80], avoid=blns[80:100])
    signed_in(specialist)
    response = client.get(f"/participants/{person.id}/suggestions")
    assert response.status_code == 200 and "<script>alert" not in response.get_data(as_text=True)
