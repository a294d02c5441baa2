"""Access: only the participant's specialist, their team lead and admins reach a participant's jobs; audit events."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, JobMatch, JobStart, SupportContact
from tests.crm.jobs.conftest import audit_events
from tests.factories import make_job_match, make_job_start, make_support_contact, make_team, make_user

# (method, URL template); {p} participant, {m} job match, {s} job start, {c} support contact.
ENDPOINTS = [
    ("get", "/jobs/participants/{p}"),
    ("post", "/jobs/matches/{m}/step"),
    ("get", "/jobs/participants/{p}/matches/new"),
    ("post", "/jobs/participants/{p}/matches/new"),
    ("get", "/jobs/matches/{m}/hire"),
    ("post", "/jobs/matches/{m}/hire"),
    ("get", "/jobs/participants/{p}/starts/new"),
    ("post", "/jobs/participants/{p}/starts/new"),
    ("get", "/jobs/starts/{s}"),
    ("get", "/jobs/starts/{s}/support/new"),
    ("post", "/jobs/starts/{s}/support/new"),
    ("get", "/jobs/support/{c}/edit"),
    ("post", "/jobs/support/{c}/edit"),
    ("get", "/jobs/starts/{s}/end"),
    ("post", "/jobs/starts/{s}/end"),
    ("post", "/jobs/starts/{s}/stop"),
    ("post", "/jobs/starts/{s}/resume"),
]


@pytest.fixture
def records(specialist, participant, opening, bakery, today):
    match = make_job_match(participant, opening, "offer")
    start = make_job_start(participant, bakery, start_date=today - timedelta(days=5))
    support = make_support_contact(start, specialist)
    return {"p": participant.id, "m": match.id, "s": start.id, "c": support.id}


def unchanged(records):
    db.session.expire_all()
    match, start = db.session.get(JobMatch, records["m"]), db.session.get(JobStart, records["s"])
    return (match.status == "offer" and start.end_date is None and start.support_stopped_on is None
            and db.session.scalar(select(db.func.count(SupportContact.id))) == 1
            and db.session.scalar(select(db.func.count(JobStart.id))) == 1)


@pytest.mark.parametrize("method, url", ENDPOINTS)
def test_another_specialist_gets_404(client, signed_in, team, records, today, method, url):
    outsider = make_user("specialist", team=team)
    signed_in(outsider)
    data = {"status": "ended", "job_title": "X", "start_date": today.isoformat(), "employer_query": "Maple Street "
            "Bakery", "end_date": today.isoformat(), "end_reason": "x", "opening_id": "1", "mode": "phone",
            "with_whom": ["participant"], "contacted_at": "2026-01-01T10:00"}
    response = getattr(client, method)(url.format(**records), **({"data": data} if method == "post" else {}))
    assert response.status_code == 404
    assert unchanged(records)
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "denied")).all()
    assert [(e.object_type, e.object_id, e.user_id) for e in denied] == [("participant", str(records["p"]),
                                                                          outsider.id)]


@pytest.mark.parametrize("url", ["/jobs/participants/999999", "/jobs/starts/999999", "/jobs/support/999999/edit",
                                 "/jobs/matches/999999/hire", "/jobs/starts/999999/end"])
def test_unknown_ids_are_404(client, signed_in, specialist, url):
    signed_in(specialist)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role, same_team, allowed", [
    ("team_lead", True, True), ("team_lead", False, False), ("admin", False, True), ("specialist", True, False),
])
def test_who_sees_a_job_start(client, signed_in, team, records, role, same_team, allowed):
    user = make_user(role, team=team if same_team else (make_team() if role != "admin" else None))
    signed_in(user)
    assert client.get(f"/jobs/starts/{records['s']}").status_code == (200 if allowed else 404)
    assert client.get(f"/jobs/participants/{records['p']}").status_code == (200 if allowed else 404)


def test_anonymous_is_sent_to_sign_in(client, records):
    for method, url in ENDPOINTS:
        response = getattr(client, method)(url.format(**records))
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url


def test_views_and_changes_are_audited(client, signed_in, specialist, records, today):
    signed_in(specialist)
    client.get(f"/jobs/participants/{records['p']}")
    client.get(f"/jobs/starts/{records['s']}")
    client.post(f"/jobs/starts/{records['s']}/stop")
    views = audit_events("view")
    assert [(e.object_type, e.object_id, e.user_id) for e in views] == [
        ("participant", str(records["p"]), specialist.id), ("job_start", str(records["s"]), specialist.id)]
    [stop] = audit_events("update", "job_start")
    assert stop.fields == ["support_stopped_on"] and stop.user_role == "specialist"
    assert audit_events("update", "participant")[-1].detail.startswith("follow-along for job start")


def test_csrf_is_required_on_every_post(app, client, signed_in, specialist, records):
    signed_in(specialist)  # with CSRF off (the suite's default), then on for the posts
    app.config["WTF_CSRF_ENABLED"] = True
    for method, url in ENDPOINTS:
        if method == "post":
            assert client.post(url.format(**records), data={"status": "ended"}).status_code == 400, url
    assert unchanged(records)
