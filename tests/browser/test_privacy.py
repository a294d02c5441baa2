"""Privacy requests in Chromium on a phone (360 px): an admin finds a closed participant due for erasure, downloads
everything held about them as JSON, erases them, and sees them shown as erased."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import PHONE, assert_fits_width, sign_in


def visit(page: Page, click_target) -> None:
    """Follow a link or submit a form by clicking, wait for the new page, and check it fits the width."""
    with page.expect_navigation():
        click_target.click()
    assert_fits_width(page)


def _closed_participant(specialist_id: int) -> int:
    from crm.extensions import db
    from crm.models import CareerProfile, User
    from tests.factories import make_contact, make_employer, make_participant

    specialist = db.session.get(User, specialist_id)
    person = make_participant(specialist, "Robin Longname-Example", referral_date=date(2017, 2, 1),
                              status="closed", closed_on=date(2018, 6, 30))
    person.profile = CareerProfile(job_goals=["bookbinder"], benefits_notes="Keep under 16 hours")
    make_contact(specialist, make_employer("Paper Works"), participants=[person], purpose="on_behalf",
                 notes="Robin showed the manager a portfolio")
    return person.id


def _state(participant_id: int) -> tuple:
    from crm.extensions import db
    from crm.models import Participant

    person = db.session.get(Participant, participant_id)
    return person.name, person.erased_at is not None, person.profile is None


def test_admin_downloads_then_erases_a_participant_on_a_phone(live_server, page: Page, screenshot):
    specialist = live_server.make_user("specialist", name="Sam Specialist")
    admin = live_server.make_user("admin", name="Ada Admin")
    person_id = live_server.run(_closed_participant, specialist.id)
    page.set_viewport_size(PHONE)
    sign_in(page, admin.email, admin.password)

    page.goto("/admin/due-for-erasure")
    assert_fits_width(page)
    row = page.get_by_role("row", name="Robin Longname-Example")
    expect(row).to_contain_text("Sat 30 Jun 2018")
    visit(page, row.get_by_role("link", name="Robin Longname-Example", exact=True))

    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything as JSON").click()
    assert download.value.suggested_filename.startswith(f"participant-{person_id}-record-")
    record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert record["participant"]["name"] == "Robin Longname-Example"
    assert record["career_profile"]["job_goals"] == ["bookbinder"]
    assert record["employer_contacts"][0]["notes"] == "Robin showed the manager a portfolio"

    visit(page, page.get_by_role("link", name="Erase their details…"))
    expect(page.get_by_role("heading", name="What is kept")).to_be_visible()
    screenshot(page, "erase", {"phone": PHONE})
    visit(page, page.get_by_role("button", name="Erase this person's details"))  # not confirmed yet
    expect(page.get_by_text("Tick the box to confirm")).to_be_visible()
    page.get_by_label("I understand that their name").check()
    visit(page, page.get_by_role("button", name="Erase this person's details"))

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Erased person #{person_id}")
    expect(page.get_by_text("Erased", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Edit details")).to_have_count(0)
    assert "Robin" not in page.content()
    assert live_server.run(_state, person_id) == (f"Erased person #{person_id}", True, True)

    page.goto("/admin/due-for-erasure")
    expect(page.get_by_text("No one is due for erasure.")).to_be_visible()
