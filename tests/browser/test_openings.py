"""Openings in Chromium: a specialist adds one from an employer's page on a phone, finds it in the list, fills it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import DESKTOP, PHONE, assert_fits_width, open_menu, sign_in


def visit(page: Page, click_target) -> None:
    """Follow a link or submit a form by clicking, wait for the new page, and check it fits the width."""
    with page.expect_navigation():
        click_target.click()
    assert_fits_width(page)


def _employer(name: str, **fields) -> int:
    from tests.factories import make_employer

    return make_employer(name, **fields).id


def _opening(opening_id: int) -> dict:
    from crm.extensions import db
    from crm.models import Opening

    o = db.session.get(Opening, opening_id)
    return {"title": o.title, "employer_id": o.employer_id, "status": o.status, "closed_at": o.closed_at,
            "competitive": o.competitive, "pay_min": o.pay_min, "hours_max": o.hours_max, "shifts": o.shifts,
            "requirements": o.requirements, "source": o.source}


def _opening_id_from(page: Page) -> int:
    return int(re.search(r"/openings/(\d+)$", page.url).group(1))


def test_add_an_opening_from_an_employer_page_on_a_phone_then_fill_it(live_server, page, screenshot):
    specialist = live_server.make_user("specialist", name="Sam Specialist")
    employer_id = live_server.run(_employer, "Maple Street Bakery", industry="Hospitality", town="Northtown",
                                  address="1 Maple Street")
    page.set_viewport_size(PHONE)
    sign_in(page, specialist.email, specialist.password)

    page.goto(f"/employers/{employer_id}")
    assert_fits_width(page)
    visit(page, page.get_by_role("link", name="Add an opening here"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an opening")
    expect(page.get_by_label("Employer", exact=True)).to_have_value("Maple Street Bakery")
    expect(page.get_by_label("Industry")).to_have_value("Hospitality")
    expect(page.get_by_label("Place of work")).to_have_value("1 Maple Street, Northtown")

    page.get_by_label("Job title").fill("Bakery <assistant>")
    page.get_by_label("Requirements").fill("Food hygiene level 2\nEarly starts")
    page.get_by_label("Fewest hours a week").fill("16")
    page.get_by_label("Most hours a week").fill("30")
    page.get_by_label("Day").check()
    page.get_by_label("Weekend").check()
    page.get_by_label("Lowest hourly pay").fill("25000")  # a yearly salary, by mistake
    visit(page, page.get_by_role("button", name="Add opening"))
    expect(page.get_by_role("alert")).to_contain_text("Please correct the problem")
    pay = page.get_by_label("Lowest hourly pay")
    expect(pay).to_have_attribute("aria-invalid", "true")
    expect(pay).to_have_accessible_description(re.compile("not per week or year"))
    expect(page.get_by_label("Job title")).to_have_value("Bakery <assistant>")
    expect(page.get_by_label("Weekend")).to_be_checked()
    screenshot(page, "form-errors")

    pay.fill("12.75")
    visit(page, page.get_by_role("button", name="Add opening"))
    expect(page.get_by_role("status")).to_have_text("Opening “Bakery <assistant>” added at Maple Street Bakery.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bakery <assistant>")
    competitive = page.locator("#competitive")
    expect(competitive).to_have_text(re.compile(r"Competitive: open to anyone and pays at least £12\.21 an hour\."))
    expect(page.locator("main")).to_contain_text("£12.75 an hour")
    expect(page.locator("main")).to_contain_text("16 to 30 hours a week")
    opening_id = _opening_id_from(page)
    saved = live_server.run(_opening, opening_id)
    assert saved["employer_id"] == employer_id and saved["competitive"] is True
    assert saved["shifts"] == ["day", "weekend"] and saved["requirements"] == ["Food hygiene level 2", "Early starts"]
    screenshot(page, "opening-page")

    # In the list of open openings, through the collapsed menu.
    open_menu(page)
    visit(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Openings"))
    item = page.locator("#openings li").filter(has_text="Bakery <assistant>")
    expect(item).to_contain_text("at Maple Street Bakery")
    expect(item).to_contain_text("£12.75 an hour · 16 to 30 hours a week · Day, Weekend")
    expect(item.get_by_text("Competitive", exact=True)).to_be_visible()
    screenshot(page, "list")

    # Filled: it leaves the open list, and shows under "Filled".
    visit(page, item.get_by_role("link", name="Bakery <assistant>"))
    visit(page, page.get_by_role("button", name="Mark as filled"))
    expect(page.get_by_role("status")).to_have_text("“Bakery <assistant>” marked as filled.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Filled")
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    saved = live_server.run(_opening, opening_id)
    assert saved["status"] == "filled" and saved["closed_at"] is not None

    page.goto("/openings/")
    expect(page.locator("#openings-count")).to_have_text("0 openings found.")
    page.get_by_label("Status").select_option(label="Filled")
    visit(page, page.get_by_role("button", name="Show openings"))
    expect(page.locator("#openings li").filter(has_text="Bakery <assistant>")).to_contain_text("Filled")


def test_add_an_opening_choosing_the_employer_as_you_type(live_server, page, screenshot):
    specialist = live_server.make_user("specialist")
    employer_id = live_server.run(_employer, "Riverside Depot", town="Porton")
    live_server.run(_employer, "Riverbank Garden Centre")
    page.set_viewport_size(DESKTOP)
    sign_in(page, specialist.email, specialist.password)
    page.goto("/openings/")
    visit(page, page.get_by_role("link", name="Add an opening", exact=True))
    page.get_by_label("Job title").fill("Forklift driver")
    page.get_by_label("Employer", exact=True).press_sequentially("river")
    results = page.get_by_role("listbox", name="Matching employers")
    choice = results.get_by_role("option", name=re.compile("Riverside Depot"))
    expect(choice).to_be_visible()
    expect(results.get_by_role("option")).to_have_count(2)
    choice.click()
    expect(page.get_by_label("Employer", exact=True)).to_have_value("Riverside Depot")
    page.get_by_label("Source").select_option(label="Found through job development")
    page.get_by_label("Set aside for disabled people").check()
    page.get_by_label("Lowest hourly pay").fill("14")
    page.get_by_label("Lowest hourly pay").blur()
    screenshot(page, "form")
    visit(page, page.get_by_role("button", name="Add opening"))
    expect(page.locator("#competitive")).to_have_text(
        re.compile("Not competitive: it is set aside for disabled people, so it is not open to anyone."))
    saved = live_server.run(_opening, _opening_id_from(page))
    assert saved["employer_id"] == employer_id and saved["source"] == "developed" and saved["competitive"] is False
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
