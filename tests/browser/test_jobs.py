"""Job matches to hire and follow-along support in Chromium: a specialist on a phone marks a match hired, fills in
the job start, sees the first support contact fall due, and logs it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.helpers import DESKTOP, PHONE, assert_fits_width, sign_in

ZONE = ZoneInfo("Europe/London")  # the browser context's and the deployment's default time zone


def nice(day: date) -> str:
    """A date as the app shows it: "Mon 23 Nov 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def visit(page: Page, click_target) -> None:
    """Follow a link or submit a form by clicking, wait for the new page, and check it fits the width."""
    with page.expect_navigation():
        click_target.click()
    assert_fits_width(page)


# --- test data (run inside live_server.run) ---------------------------------------------------------------


def _participant_with_matches(specialist_id: int) -> dict:
    from decimal import Decimal

    from crm.extensions import db
    from crm.models import User
    from tests.factories import make_employer, make_job_match, make_opening, make_participant

    specialist = db.session.get(User, specialist_id)
    today = datetime.now(ZONE).date()
    person = make_participant(specialist, "Pat Example", referral_date=today - timedelta(days=45))
    bakery = make_employer("Maple Street Bakery")
    opening = make_opening(bakery, title="Bakery assistant", hours_min=16, hours_max=30, pay_min=Decimal("12.50"),
                           competitive=True)
    match = make_job_match(person, opening, "interview")
    other = make_job_match(person, make_opening(title="Night porter with a very long title for a small screen"),
                           "applied")
    return {"participant": person.id, "match": match.id, "other": other.id}


def _outcome(participant_id: int) -> dict:
    from sqlalchemy import select

    from crm.extensions import db
    from crm.models import JobMatch, JobStart, Participant, SupportContact

    start = db.session.scalar(select(JobStart).where(JobStart.participant_id == participant_id))
    supports = db.session.scalars(select(SupportContact).where(SupportContact.participant_id == participant_id)).all()
    matches = {m.opening.title: m.status for m in db.session.scalars(
        select(JobMatch).where(JobMatch.participant_id == participant_id))}
    return {"status": db.session.get(Participant, participant_id).status, "matches": matches,
            "start": (start.job_title, start.start_date, start.hours_per_week, str(start.hourly_pay),
                      start.competitive) if start else None,
            "supports": [(s.mode, s.with_participant, s.with_employer, s.notes) for s in supports]}


# --- the test -----------------------------------------------------------------------------------------


def test_hire_then_log_the_first_support_contact_on_a_phone(live_server, page, screenshot):
    specialist = live_server.make_user("specialist", name="Sam Specialist")
    ids = live_server.run(_participant_with_matches, specialist.id)
    today = datetime.now(ZONE).date()
    page.set_viewport_size(PHONE)
    sign_in(page, specialist.email, specialist.password)

    page.goto(f"/jobs/participants/{ids['participant']}")
    assert_fits_width(page)
    match = page.locator(f"#job-match-{ids['match']}")
    expect(match).to_contain_text("Bakery assistant at Maple Street Bakery")
    expect(match).to_contain_text("Interview")
    expect(page.locator("#job-starts")).to_contain_text("No job starts yet.")

    # The other match ends, with a reason typed in its fold-out form.
    other = page.locator(f"#job-match-{ids['other']}")
    other.get_by_text("End this match").click()
    other.get_by_label("Why it ended (optional)").fill("The job is nights only")
    visit(page, other.get_by_role("button", name=re.compile("^End the match")))
    expect(page.get_by_role("status")).to_contain_text("moved to Ended")
    other.get_by_text(re.compile(r"History \(2 steps\)")).click()
    expect(other).to_contain_text("The job is nights only")

    # Interview → offer → hired.
    visit(page, match.get_by_role("button", name=re.compile("^Offered the job ?: Bakery assistant$")))
    expect(page.get_by_role("status")).to_have_text("“Bakery assistant” moved to Offer.")
    expect(match.locator(".badge")).to_have_text("Offer")
    screenshot(page, "job-matches")
    visit(page, match.get_by_role("link", name=re.compile("^Hired ?: Bakery assistant$")))

    expect(page.get_by_role("heading", level=1)).to_have_text("Hired: Bakery assistant")
    expect(page.get_by_label("Job title")).to_have_value("Bakery assistant")
    expect(page.get_by_label("Start date")).to_have_value(today.isoformat())
    expect(page.get_by_label("Hours a week")).to_have_value("30")
    expect(page.get_by_label("Hourly pay")).to_have_value("12.50")
    hours = page.get_by_label("Hours a week")
    hours.fill("-20")
    visit(page, page.get_by_role("button", name="Save the job start"))
    expect(page.get_by_role("alert")).to_contain_text("Please correct the problem")
    expect(hours).to_have_attribute("aria-invalid", "true")
    expect(hours).to_have_accessible_description(re.compile("more than 0 and at most 168"))
    screenshot(page, "hire-form-errors")
    hours.fill("20")
    visit(page, page.get_by_role("button", name="Save the job start"))

    # The job start: benefits review reminder, and the first support contact due 3 days after the start.
    expect(page.get_by_role("status")).to_contain_text("Job start recorded: Bakery assistant at Maple Street Bakery.")
    expect(page.get_by_role("status")).to_contain_text("status is now “Working”")
    expect(page.locator("#benefits-review")).to_contain_text("Next: a benefits review")
    due = today + timedelta(days=3)
    expect(page.locator("#next-support")).to_have_text(f"The next support contact is due by {nice(due)}.")
    expect(page.locator("#competitive")).to_contain_text("Competitive")
    screenshot(page, "job-start")

    # Log it: with no one ticked first (refused, notes kept), then with Pat.
    visit(page, page.get_by_role("link", name="Log a support contact"))
    expect(page.get_by_role("checkbox", name="Pat Example")).to_be_checked()
    page.get_by_role("group", name="How").get_by_text("Phone", exact=True).click()
    page.get_by_role("checkbox", name="Pat Example").uncheck()
    page.get_by_label("Notes").fill("Talked through the first rota.")
    visit(page, page.get_by_role("button", name="Save this support contact"))
    expect(page.get_by_role("group", name="With")).to_contain_text("Tick who the contact was with")
    expect(page.get_by_label("Notes")).to_have_value("Talked through the first rota.")
    expect(page.get_by_role("radio", name="Phone")).to_be_checked()
    screenshot(page, "support-form-errors")
    page.get_by_role("checkbox", name="Pat Example").check()
    visit(page, page.get_by_role("button", name="Save this support contact"))
    expect(page.get_by_role("status")).to_have_text(
        f"Support contact saved. The next is due by {nice(today + timedelta(days=7))}.")
    expect(page.locator("#next-support")).to_have_text(
        f"The next support contact is due by {nice(today + timedelta(days=7))}.")
    expect(page.locator("#support-contacts")).to_have_text("Support contacts (1)")
    expect(page.locator("main")).to_contain_text("Talked through the first rota.")
    screenshot(page, "job-start-after-support")

    # Back on the jobs page: the job start and its next support contact.
    visit(page, page.get_by_role("link", name="Pat Example"))
    page.goto(f"/jobs/participants/{ids['participant']}")
    start_item = page.locator("#job-starts li").first
    expect(start_item).to_contain_text("Bakery assistant at Maple Street Bakery")
    expect(start_item).to_contain_text(f"Next support contact due by {nice(today + timedelta(days=7))}.")
    expect(match.locator(".badge")).to_have_text("Hired")
    page.set_viewport_size(DESKTOP)
    assert_fits_width(page)
    screenshot(page, "jobs-after-hire")

    assert live_server.run(_outcome, ids["participant"]) == {
        "status": "working",
        "matches": {"Bakery assistant": "hired", "Night porter with a very long title for a small screen": "ended"},
        "start": ("Bakery assistant", today, 20.0, "12.50", True),
        "supports": [("phone", True, False, "Talked through the first rota.")],
    }


def _participant_and_openings(specialist_id: int) -> dict:
    from decimal import Decimal

    from crm.extensions import db
    from crm.models import User
    from tests.factories import make_employer, make_opening, make_participant

    specialist = db.session.get(User, specialist_id)
    today = datetime.now(ZONE).date()
    person = make_participant(specialist, "Robin Example", referral_date=today - timedelta(days=90))
    depot = make_employer("Riverside Depot", town="Porton")
    make_employer("Riverbank Garden Centre")
    opening = make_opening(depot, title="Forklift driver", pay_min=Decimal("13.10"), hours_max=37.5)
    return {"participant": person.id, "opening": opening.id, "depot": depot.id}


def test_record_a_job_they_found_then_end_it(live_server, page, screenshot):
    specialist = live_server.make_user("specialist")
    ids = live_server.run(_participant_and_openings, specialist.id)
    today = datetime.now(ZONE).date()
    page.set_viewport_size(DESKTOP)
    sign_in(page, specialist.email, specialist.password)
    page.goto(f"/jobs/participants/{ids['participant']}")

    # A job they found themselves: first added as a job match, by hand.
    visit(page, page.get_by_role("link", name="Add a job they found"))
    page.get_by_label("Job title or employer").fill("forklift")
    visit(page, page.get_by_role("button", name="Find openings"))
    expect(page.locator("#openings-count")).to_have_text("1 open opening found.")
    screenshot(page, "add-a-job-they-found")
    visit(page, page.get_by_role("button", name=re.compile("They are interested")))
    expect(page.get_by_role("status")).to_contain_text("“Forklift driver” added to Robin Example's job matches")
    expect(page.locator("#job-matches")).to_contain_text("Found by the person themselves")

    # A job start without a match, the employer chosen as you type.
    visit(page, page.get_by_role("link", name="Record a job start"))
    page.get_by_label("Employer", exact=True).press_sequentially("river")
    results = page.get_by_role("listbox", name="Matching employers")
    expect(results.get_by_role("option")).to_have_count(2)
    results.get_by_role("option", name=re.compile("Riverside Depot")).click()
    expect(page.get_by_label("Employer", exact=True)).to_have_value("Riverside Depot")
    page.get_by_label("Job title").fill("Warehouse assistant")
    page.get_by_label("Start date").fill((today - timedelta(days=20)).isoformat())
    page.get_by_label("Hourly pay").fill("11.00")
    screenshot(page, "record-a-job-start")
    visit(page, page.get_by_role("button", name="Save the job start"))
    expect(page.locator("#competitive")).to_contain_text("less than the minimum wage of £12.21")
    expect(page.locator("#next-support")).to_contain_text("Overdue")
    expect(page.locator("#next-support")).to_contain_text(
        f"was due by {nice(today - timedelta(days=17))}")

    # It ends: not before it started, and then back to job search.
    visit(page, page.get_by_role("link", name="End this job"))
    page.get_by_label("Last day of the job").fill((today - timedelta(days=21)).isoformat())
    page.get_by_label("Why it ended").fill("Contract ended")
    visit(page, page.get_by_role("button", name="End the job"))
    expect(page.get_by_label("Last day of the job")).to_have_accessible_description(
        re.compile("cannot end before it started"))
    expect(page.get_by_label("Why it ended")).to_have_value("Contract ended")
    screenshot(page, "end-job-errors")
    page.get_by_label("Last day of the job").fill(today.isoformat())
    page.get_by_label("They want to look for another job now").check()
    visit(page, page.get_by_role("button", name="End the job"))
    expect(page.get_by_role("status")).to_contain_text("status is now “Looking for work”")
    expect(page.locator("#follow-along")).to_contain_text("follow-along support for it has ended")
    page.goto(f"/jobs/participants/{ids['participant']}")
    expect(page.locator("#job-starts")).to_contain_text(f"Ended {nice(today)}: Contract ended")
    expect(page.locator("#job-starts").get_by_role("link", name=re.compile("Log a support contact"))).to_have_count(0)
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    screenshot(page, "jobs-after-end")
