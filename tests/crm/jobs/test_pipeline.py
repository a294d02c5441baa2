"""Job matches move interested → applied → interview → offer → hired, or end, or come back; wrong moves are refused."""

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import JobMatch, JobMatchEvent, JobStart
from tests.crm.jobs.conftest import audit_events
from tests.factories import make_job_match, make_opening


def step(client, match, status, follow=False, **data):
    return client.post(f"/jobs/matches/{match.id}/step", data={"status": status, **data},
                       follow_redirects=follow)


def history(match):
    return db.session.scalars(select(JobMatchEvent).where(JobMatchEvent.job_match_id == match.id)
                              .order_by(JobMatchEvent.id)).all()


def test_interested_to_offer_one_step_at_a_time(client, signed_in, specialist, participant, opening):
    match = make_job_match(participant, opening, "interested")
    signed_in(specialist)
    for status in ("applied", "interview", "offer"):
        response = step(client, match, status)
        assert response.status_code == 302
        assert response.headers["Location"] == f"/participants/{participant.id}#jobs"
    db.session.refresh(match)
    assert match.status == "offer"
    steps = history(match)
    assert [e.status for e in steps] == ["interested", "applied", "interview", "offer"]
    assert all(e.recorded_by_id == specialist.id and e.recorded_at is not None for e in steps[1:])
    updates = audit_events("update", "job_match")
    assert [e.detail for e in updates] == ["interested to applied", "applied to interview", "interview to offer"]
    assert all(e.object_id == str(match.id) and e.user_id == specialist.id for e in updates)
    assert len([e for e in audit_events("update", "participant") if e.fields == ["job_matches"]]) == 3


def test_an_offer_can_come_straight_after_applying(client, signed_in, specialist, participant, opening):
    match = make_job_match(participant, opening, "applied")
    signed_in(specialist)
    step(client, match, "offer")
    db.session.refresh(match)
    assert match.status == "offer"


@pytest.mark.parametrize("start", ["interested", "applied", "interview", "offer", "maybe_later"])
def test_end_with_a_reason(client, signed_in, specialist, participant, opening, start):
    match = make_job_match(participant, opening, start)
    signed_in(specialist)
    body = step(client, match, "ended", follow=True, reason="  The shifts changed to nights  ").get_data(as_text=True)
    assert "moved to Ended" in body
    db.session.refresh(match)
    assert match.status == "ended"
    assert history(match)[-1].reason == "The shifts changed to nights"
    [update] = audit_events("update", "job_match")
    assert "nights" not in str(update.detail) and update.fields == ["reason", "status"]


def test_end_without_a_reason(client, signed_in, specialist, participant, opening):
    match = make_job_match(participant, opening, "interview")
    signed_in(specialist)
    step(client, match, "ended")
    assert history(match)[-1].status == "ended" and history(match)[-1].reason is None


@pytest.mark.parametrize("start", ["maybe_later", "not_for_me"])
def test_back_to_interested(client, signed_in, specialist, participant, opening, start):
    match = make_job_match(participant, opening, start)
    signed_in(specialist)
    step(client, match, "interested", reason="ignored unless it ends")
    db.session.refresh(match)
    assert match.status == "interested" and history(match)[-1].reason is None


@pytest.mark.parametrize("start, target, message", [
    ("interested", "offer", "cannot move from Interested to Offer. From Interested it can move to Applied or Ended."),
    ("interested", "hired", "cannot move from Interested to Hired"),
    ("applied", "interested", "cannot move from Applied to Interested"),
    ("offer", "applied", "cannot move from Offer to Applied"),
    ("hired", "ended", "Hired is a final step"),
    ("ended", "applied", "Ended is a final step"),
    ("suggested", "applied", "cannot move from Suggested to Applied"),
    ("not_for_me", "applied", "From Not for me it can move to Interested"),
    ("applied", "applied", "is already at Applied"),
    ("applied", "promoted", "cannot move from Applied to promoted"),
    ("offer", "hired", "Record the job start to mark them hired"),
])
def test_wrong_moves_are_refused_with_a_clear_message(client, signed_in, specialist, participant, opening, start,
                                                      target, message):
    match = make_job_match(participant, opening, start)
    signed_in(specialist)
    response = step(client, match, target, follow=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and message in body.replace("&#34;", '"')
    db.session.refresh(match)
    assert match.status == start and len(history(match)) == 1
    assert not audit_events("update", "job_match") and not db.session.scalar(select(JobStart.id))


def test_a_step_without_a_status_is_refused(client, signed_in, specialist, participant, opening):
    match = make_job_match(participant, opening, "interested")
    signed_in(specialist)
    assert "This field is required" in step(client, match, "", follow=True).get_data(as_text=True)
    assert len(history(match)) == 1


def test_reason_too_long_is_refused(client, signed_in, specialist, participant, opening):
    match = make_job_match(participant, opening, "interested")
    signed_in(specialist)
    body = step(client, match, "ended", follow=True, reason="x" * 501).get_data(as_text=True)
    assert "Use at most 500 characters" in body
    db.session.refresh(match)
    assert match.status == "interested"


def test_buttons_come_back_to_the_page_they_were_on(client, signed_in, specialist, participant, opening):
    match = make_job_match(participant, opening, "interested")
    signed_in(specialist)
    jobs_page = f"/jobs/participants/{participant.id}"
    response = client.post(f"/jobs/matches/{match.id}/step?next={jobs_page}", data={"status": "applied"})
    assert response.headers["Location"] == jobs_page
    response = client.post(f"/jobs/matches/{match.id}/step?next=https://example.com/", data={"status": "interview"})
    assert response.headers["Location"] == f"/participants/{participant.id}#jobs"


def test_the_list_shows_every_match_with_its_buttons_and_history(client, signed_in, specialist, participant,
                                                                 opening):
    interested = make_job_match(participant, opening, "interested")
    offer = make_job_match(participant, make_opening(title="Shelf stacker"), "offer")
    ended = make_job_match(participant, make_opening(title="Night porter"), "ended")
    signed_in(specialist)
    body = client.get(f"/jobs/participants/{participant.id}").get_data(as_text=True)
    assert body.index("Shelf stacker") < body.index("Bakery assistant") < body.index("Night porter")
    assert f'/jobs/matches/{offer.id}/hire"' in body
    assert f'/jobs/matches/{interested.id}/step?next=/jobs/participants/{participant.id}"' in body
    assert f"/jobs/matches/{ended.id}/step" not in body
    assert "Maple Street Bakery" in body and "History (1 step)" in body and "Sam Specialist" in body


def test_add_a_job_they_found_by_hand(client, signed_in, specialist, participant, opening):
    make_opening(title="Bakery van driver", status="filled")
    signed_in(specialist)
    body = client.get(f"/jobs/participants/{participant.id}/matches/new?q=bakery").get_data(as_text=True)
    assert "1 open opening found" in body and "Bakery assistant" in body and "van driver" not in body
    response = client.post(f"/jobs/participants/{participant.id}/matches/new?q=bakery",
                           data={"opening_id": opening.id})
    assert response.status_code == 302
    match = db.session.scalar(select(JobMatch))
    assert (match.participant_id, match.opening_id, match.status, match.score) == (participant.id, opening.id,
                                                                                   "interested", None)
    [event] = history(match)
    assert event.reason == "Found by the person themselves" and event.recorded_by_id == specialist.id
    assert audit_events("create", "job_match")[0].object_id == str(match.id)
    # Twice: refused, nothing added.
    body = client.post(f"/jobs/participants/{participant.id}/matches/new", data={"opening_id": opening.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "already has a job match for “Bakery assistant”, at Interested" in body
    assert len(history(match)) == 1


def test_by_hand_brings_back_a_maybe_later(client, signed_in, specialist, participant, opening):
    match = make_job_match(participant, opening, "maybe_later")
    signed_in(specialist)
    client.post(f"/jobs/participants/{participant.id}/matches/new", data={"opening_id": opening.id})
    db.session.refresh(match)
    assert match.status == "interested"


@pytest.mark.parametrize("opening_id", ["999999", "abc", "", "-1"])
def test_by_hand_with_a_bad_opening(client, signed_in, specialist, participant, opening_id):
    signed_in(specialist)
    response = client.post(f"/jobs/participants/{participant.id}/matches/new", data={"opening_id": opening_id})
    assert response.status_code == 400 and "could not be found" in response.get_data(as_text=True)
    assert db.session.scalar(select(JobMatch.id)) is None
