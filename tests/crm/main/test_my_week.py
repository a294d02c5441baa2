"""My week: face-to-face contacts this week against the target, what is due, the caseload."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm.main.services import week_bounds
from crm.models import Setting
from tests.factories import make_contact, make_employer, make_participant, make_user

LONDON = ZoneInfo("Europe/London")


def test_week_bounds_default_monday(app):
    start, end = week_bounds(date(2026, 11, 26))  # a Thursday
    assert start == datetime(2026, 11, 23, tzinfo=LONDON) and end == datetime(2026, 11, 30, tzinfo=LONDON)


def test_week_bounds_follow_settings(app):
    from crm.extensions import db
    from crm.settings import forget_cached_settings

    db.session.add(Setting(key="week_starts_on", value=6))
    db.session.flush()
    forget_cached_settings()
    start, _ = week_bounds(date(2026, 11, 26))
    assert start.date() == date(2026, 11, 22)  # Sunday


@pytest.fixture
def specialist(app):
    return make_user("specialist", name="Sam Specialist")


def test_home_counts_face_to_face_this_week(client, signed_in, specialist):
    employer = make_employer()
    now = datetime.now(LONDON)
    start, _ = week_bounds(now.date())
    for minutes in (1, 2, 3):
        make_contact(specialist, employer, contacted_at=max(start, now - timedelta(minutes=minutes)))
    make_contact(specialist, employer, mode="phone", contacted_at=now - timedelta(minutes=4))
    make_contact(specialist, employer, contacted_at=start - timedelta(minutes=1))  # last week
    make_contact(make_user("specialist"), employer, contacted_at=now)  # someone else
    signed_in(specialist)
    body = client.get("/").get_data(as_text=True)
    assert "Face-to-face employer contacts this week" in body
    assert '3 <span class="fs-5 text-body-secondary">of 6</span>' in body and "3 more to reach the target" in body


def test_home_lists_caseload_and_who_is_waiting(client, signed_in, specialist):
    waiting = make_participant(specialist, name="Pat Waiting", referral_date=date.today() - timedelta(days=45))
    seen = make_participant(specialist, name="Pat Seen", referral_date=date.today() - timedelta(days=45))
    make_participant(specialist, name="Pat New", referral_date=date.today() - timedelta(days=3))
    make_contact(specialist, make_employer(), purpose="on_behalf", participants=[seen])
    make_participant(make_user("specialist"), name="Pat Elsewhere", referral_date=date.today() - timedelta(days=90))
    signed_in(specialist)
    body = client.get("/").get_data(as_text=True)
    section = body.split("Waiting too long")[1].split("</section>")[0]
    assert "Pat Waiting" in section and "45 days" in section and "Pat Seen" not in section
    assert "Pat New" not in section and "Pat Elsewhere" not in body
    assert body.index("Pat Waiting", body.index("My caseload")) < body.index("Pat Seen", body.index("My caseload"))
    assert waiting.id


def test_home_for_team_leads_and_admins(client, signed_in):
    signed_in(make_user("team_lead"))
    body = client.get("/").get_data(as_text=True)
    assert "Face-to-face employer contacts this week" not in body and "Caseloads" in body
