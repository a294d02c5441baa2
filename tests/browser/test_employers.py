"""Employers in Chromium: add one, meet the duplicate warning, find and filter the list, merge the duplicate."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.browser.helpers import DESKTOP, PHONE, assert_fits_width


def sign_in_at(page: Page, user, path: str) -> None:
    """Sign in without rendering the sign-in page (test_login.py covers it), then open path."""
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.request.get("/login").text())
    answer = page.request.post("/login", form={"csrf_token": token.group(1), "email": user.email,
                                               "password": user.password}, max_redirects=0)
    assert answer.status == 302, f"sign-in refused: {answer.status}"
    page.goto(path)


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def look(page: Page, screenshot, name: str) -> None:
    """The page fits a 360 px phone; screenshots at both widths; back at desktop width."""
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    screenshot(page, name)
    page.set_viewport_size(DESKTOP)


def employer_id_in(url: str) -> int:
    return int(re.search(r"/employers/(\d+)", url).group(1))


def listed_names(page: Page) -> list[str]:
    return page.locator("table tbody tr td:first-child a").all_inner_texts()


def test_add_an_employer_see_the_duplicate_warning_filter_and_merge(live_server, page, new_context, screenshot):
    specialist = live_server.make_user("specialist", name="Sasha Specialist")
    lead = live_server.make_user("team_lead", name="Lee Lead")

    def visited_hotel():
        from crm.models.types import utcnow
        from tests.factories import make_employer

        make_employer("Harbour View Hotel", town="Riverside", industry="Hospitality", relationship_stage="learning",
                      owner_id=specialist.id, last_contact_at=utcnow() - timedelta(days=2))

    live_server.run(visited_hotel)
    sign_in_at(page, specialist, "/employers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Employers")

    # Add an employer through the form.
    with page.expect_navigation():
        page.get_by_role("link", name="Add an employer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an employer")
    expect(page.get_by_label("Relationship owner").locator("option:checked")).to_have_text("Sasha Specialist")
    page.get_by_label("Business name").fill("Maple Street Bakery")
    page.get_by_label("Industry").fill("Hospitality")
    page.get_by_label("Town").fill("Riverside")
    page.get_by_label("Postcode").fill("rv1 2ab")
    page.get_by_label("Relationship stage").select_option(label="Introduced")
    submit(page, "Add employer")
    expect(page.get_by_role("status")).to_have_text("Maple Street Bakery added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maple Street Bakery")
    kept_id = employer_id_in(page.url)
    expect(page.locator("main")).to_contain_text("RV1 2AB")
    look(page, screenshot, "employer-page")

    # The same business again, spelt a little differently: "Did you mean one of these?" and nothing saved yet.
    page.goto("/employers/new")
    page.get_by_label("Business name").fill("Mapel Street Bakery Ltd")
    page.get_by_label("Town").fill("Riverside")
    submit(page, "Add employer")
    warning = page.get_by_role("alert").filter(has_text="Did you mean one of these?")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("link", name=re.compile("^Maple Street Bakery"))).to_have_attribute(
        "href", f"/employers/{kept_id}")
    expect(page.get_by_label("Business name")).to_have_value("Mapel Street Bakery Ltd")
    expect(page.get_by_label("Town")).to_have_value("Riverside")
    anyway = page.get_by_label("Yes, this is a different business: create it anyway")
    expect(anyway).not_to_be_checked()
    look(page, screenshot, "form-duplicate-warning")
    anyway.check()
    submit(page, "Add employer")
    expect(page.get_by_role("status")).to_have_text("Mapel Street Bakery Ltd added.")
    duplicate_id = employer_id_in(page.url)
    assert duplicate_id != kept_id

    def someone_at_the_duplicate():
        from crm.extensions import db
        from crm.models import ContactPerson

        db.session.add(ContactPerson(employer_id=duplicate_id, name="Sam Baker", job_title="Owner"))

    live_server.run(someone_at_the_duplicate)

    # The list finds both by search, and the filters narrow it.
    page.goto("/employers/")
    search = page.get_by_role("searchbox", name="Search name, town, postcode or industry")
    search.fill("bakery")
    submit(page, "Show employers")
    expect(page.get_by_text("2 employers found.")).to_be_visible()
    assert sorted(listed_names(page)) == ["Mapel Street Bakery Ltd", "Maple Street Bakery"]
    look(page, screenshot, "list-search")

    search.fill("")
    page.get_by_label("Relationship stage").select_option(label="Introduced")
    submit(page, "Show employers")
    assert listed_names(page) == ["Maple Street Bakery"]
    expect(page.get_by_label("Relationship stage").locator("option:checked")).to_have_text("Introduced")

    page.get_by_label("Relationship stage").select_option(label="Any stage")
    page.get_by_label("No contact for 30 days or more").check()
    submit(page, "Show employers")
    expect(page.get_by_label("No contact for 30 days or more")).to_be_checked()
    assert sorted(listed_names(page)) == ["Mapel Street Bakery Ltd", "Maple Street Bakery"]  # not the hotel
    page.get_by_label("No contact for 30 days or more").uncheck()
    submit(page, "Show employers")
    assert sorted(listed_names(page)) == ["Harbour View Hotel", "Mapel Street Bakery Ltd", "Maple Street Bakery"]

    # A specialist may not merge; the team lead does, from the duplicate's page.
    page.goto(f"/employers/{duplicate_id}")
    expect(page.get_by_role("link", name="Merge this duplicate into another employer")).to_have_count(0)
    lead_page = new_context().new_page()
    sign_in_at(lead_page, lead, f"/employers/{duplicate_id}")
    with lead_page.expect_navigation():
        lead_page.get_by_role("link", name="Merge this duplicate into another employer").click()
    expect(lead_page.get_by_role("heading", level=1)).to_have_text(
        "Merge Mapel Street Bakery Ltd into another employer")
    keep = lead_page.get_by_role("radio", name="Maple Street Bakery, Riverside (RV1 2AB)")
    keep.check()
    look(lead_page, screenshot, "merge")
    submit(lead_page, "Merge into the employer I chose")  # without the confirmation tick
    expect(lead_page.get_by_role("alert")).to_contain_text("Please correct the problem")
    expect(lead_page.locator("#confirm-error")).to_have_text("Tick the box to confirm they are the same business.")
    expect(keep).to_be_checked()
    lead_page.get_by_label("I have checked: these are the same business").check()
    submit(lead_page, "Merge into the employer I chose")
    expect(lead_page).to_have_url(live_server.path(f"/employers/{kept_id}"))
    expect(lead_page.get_by_role("status")).to_contain_text("Merged into Maple Street Bakery")
    expect(lead_page.locator("#people ~ ul").first).to_contain_text("Sam Baker")

    # The merged employer now leads to the one kept, and the list shows only that one.
    page.goto(f"/employers/{duplicate_id}")
    expect(page).to_have_url(live_server.path(f"/employers/{kept_id}"))
    expect(page.get_by_role("status")).to_have_text("This employer was merged into another one; showing that one.")
    page.goto("/employers/?q=bakery")
    assert listed_names(page) == ["Maple Street Bakery"]
