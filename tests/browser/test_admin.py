"""An administrator manages teams and staff accounts in Chromium, on a phone-sized screen."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from crm.auth.services import GENERIC_LOGIN_ERROR
from tests.browser.helpers import PHONE, assert_fits_width, open_menu, sign_in, sign_out

GOOD_PASSWORD = "plum orchard velvet lantern"


def visit(page: Page, click_target) -> None:
    """Follow a link or submit a form by clicking, wait for the new page, and check it fits the width."""
    with page.expect_navigation():
        click_target.click()
    assert_fits_width(page)


def fill_staff_form(page: Page, *, name: str, email: str, password: str, role: str, team: str) -> None:
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Role").select_option(label=role)
    page.get_by_label("Team").select_option(label=team)
    page.get_by_label("Password").fill(password)


def expect_field_error(page: Page, label: str, message: str) -> None:
    """The field shows message, tied to it for screen readers, and is marked invalid."""
    field = page.get_by_label(label, exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    field_id = field.get_attribute("id")
    expect(page.locator(f"#{field_id}-error")).to_have_text(message)


def test_admin_adds_a_team_and_a_specialist_then_deactivates_them(live_server, page, new_context, screenshot):
    admin = live_server.make_user("admin", name="Alex Admin")
    page.set_viewport_size(PHONE)
    page.goto("/login")
    assert_fits_width(page)
    sign_in(page, admin.email, admin.password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alex Admin")
    assert_fits_width(page)

    # The admin pages, through the collapsed menu.
    open_menu(page)
    visit(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin", exact=True))
    expect(page).to_have_url(live_server.path("/admin/users"))
    visit(page, page.get_by_role("link", name="Teams", exact=True))
    visit(page, page.get_by_role("link", name="Add a team"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a team")
    page.get_by_label("Team name").fill("Riverside team")
    expect(page.get_by_label("Team is active")).to_be_checked()
    visit(page, page.get_by_role("button", name="Create team"))
    expect(page).to_have_url(live_server.path("/admin/teams"))
    expect(page.get_by_role("status")).to_have_text("Team Riverside team saved.")
    expect(page.get_by_role("row").filter(has_text="Riverside team")).to_contain_text("Active")

    # A staff account: first with an invalid email address and a too-short password.
    visit(page, page.get_by_role("link", name="Staff", exact=True))
    visit(page, page.get_by_role("link", name="Add a staff account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a staff account")
    fill_staff_form(page, name="Grace Hopper", email="grace.hopper.example.org", password="short",
                    role="Employment specialist", team="Riverside team")
    visit(page, page.get_by_role("button", name="Create account"))
    expect(page.get_by_role("alert")).to_contain_text("Please correct the problem")
    expect_field_error(page, "Email address", "Enter an email address like name@example.org.")
    # What was typed is kept, except the password, which is never sent back to the browser.
    expect(page.get_by_label("Full name")).to_have_value("Grace Hopper")
    expect(page.get_by_label("Email address")).to_have_value("grace.hopper.example.org")
    expect(page.get_by_label("Role").locator("option:checked")).to_have_text("Employment specialist")
    expect(page.get_by_label("Team").locator("option:checked")).to_have_text("Riverside team")
    expect(page.get_by_label("Password")).to_have_value("")
    screenshot(page, "staff-form-errors")

    # The password is checked once the form itself is valid (see test_staff_form_reports_every_problem_at_once).
    page.get_by_label("Email address").fill("grace.hopper@example.org")
    page.get_by_label("Password").fill("short")
    visit(page, page.get_by_role("button", name="Create account"))
    expect_field_error(page, "Password", "Use at least 12 characters.")
    expect(page.get_by_label("Email address")).to_have_value("grace.hopper@example.org")
    expect(page.get_by_label("Team").locator("option:checked")).to_have_text("Riverside team")

    page.get_by_label("Password").fill(GOOD_PASSWORD)
    visit(page, page.get_by_role("button", name="Create account"))
    expect(page).to_have_url(live_server.path("/admin/users"))
    expect(page.get_by_role("status")).to_have_text("Account created for Grace Hopper.")
    row = page.get_by_role("row").filter(has_text="Grace Hopper")
    for cell in ("grace.hopper@example.org", "Employment specialist", "Riverside team", "Active"):
        expect(row).to_contain_text(cell)
    screenshot(page, "staff-list")

    # The new specialist can sign in (on their own phone)...
    specialist = new_context(PHONE).new_page()
    specialist.goto("/login")
    sign_in(specialist, "grace.hopper@example.org", GOOD_PASSWORD)
    expect(specialist.get_by_role("heading", level=1)).to_have_text("My week")
    expect(specialist.locator("main")).to_contain_text("Face-to-face employer contacts this week")

    # ...until the administrator deactivates the account.
    visit(page, row.get_by_role("button", name="Deactivate Grace Hopper"))
    expect(page.get_by_role("status")).to_have_text("Grace Hopper has been deactivated and signed out everywhere.")
    expect(page.get_by_role("row").filter(has_text="Grace Hopper")).to_have_count(0)
    visit(page, page.get_by_role("link", name="Deactivated accounts"))
    row = page.get_by_role("row").filter(has_text="Grace Hopper")
    expect(row).to_contain_text("Deactivated")
    expect(row.get_by_role("button", name="Reactivate Grace Hopper")).to_be_visible()

    # Their open session has ended, and they cannot sign in again.
    specialist.reload()
    expect(specialist).to_have_url(re.compile(r"/login\?next=%2F$"))
    sign_in(specialist, "grace.hopper@example.org", GOOD_PASSWORD)
    expect(specialist.get_by_role("alert")).to_have_text(GENERIC_LOGIN_ERROR)
    expect(specialist.get_by_role("heading", level=1)).to_have_text("Sign in")

    sign_out(page)
    expect(page.get_by_role("status")).to_have_text("You have signed out.")


def test_staff_form_reports_every_problem_at_once(live_server, page):
    """A bad email address and a too-short password are both reported on the first submission."""
    admin = live_server.make_user("admin")
    live_server.make_user("specialist", team_name="Harbour team")
    page.set_viewport_size(PHONE)
    sign_in(page, admin.email, admin.password)
    page.goto("/admin/users/new")
    fill_staff_form(page, name="Grace Hopper", email="grace.hopper.example.org", password="short",
                    role="Employment specialist", team="Harbour team")
    visit(page, page.get_by_role("button", name="Create account"))
    # Checked at once, without waiting: the page has loaded and nothing on it changes afterwards.
    errors = {el.get_attribute("id"): el.inner_text() for el in page.locator(".invalid-feedback").all()}
    assert errors == {
        "email-error": "Enter an email address like name@example.org.",
        "password-error": "Use at least 12 characters.",
    }
