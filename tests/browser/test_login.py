"""Signing in and out in Chromium, on a phone and on a desktop."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from crm.auth.services import GENERIC_LOGIN_ERROR
from tests.browser.helpers import PHONE, assert_fits_width, sign_in


def test_sign_in_see_home_and_sign_out_from_the_phone_menu(live_server, page, screenshot):
    user = live_server.make_user("specialist", name="Ada Lovelace", team_name="North team")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Please sign in to see that page.")
    screenshot(page, "sign-in")

    page.get_by_label("Email address").press_sequentially(user.email)
    page.get_by_label("Password").press_sequentially(user.password)
    with page.expect_navigation():
        page.get_by_label("Password").press("Enter")

    expect(page).to_have_url(live_server.path("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My week")
    expect(page.locator("main")).to_contain_text("Face-to-face employer contacts this week")
    screenshot(page, "home")

    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    sign_out_button = page.get_by_role("button", name="Sign out")
    expect(sign_out_button).to_be_hidden()  # collapsed behind "Menu"
    menu = page.get_by_role("button", name=re.compile("menu", re.IGNORECASE))
    expect(menu).to_contain_text("Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(sign_out_button).to_be_visible()
    expect(page.get_by_role("link", name="My account")).to_be_visible()
    assert_fits_width(page)
    screenshot(page, "home-menu-open", sizes={"phone": PHONE})

    with page.expect_navigation():
        sign_out_button.click()
    expect(page).to_have_url(live_server.path("/login"))
    expect(page.get_by_role("status")).to_have_text("You have signed out.")
    assert_fits_width(page)

    page.goto("/")  # really signed out
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))


def test_wrong_password_or_unknown_account_shows_the_same_generic_message(live_server, page):
    user = live_server.make_user("specialist")
    page.goto("/login")

    sign_in(page, user.email, "not the right password")
    expect(page).to_have_url(live_server.path("/login"))
    expect(page.get_by_role("alert")).to_have_text(GENERIC_LOGIN_ERROR)
    expect(page.get_by_label("Email address")).to_have_value(user.email)  # kept
    expect(page.get_by_label("Password")).to_have_value("")  # never sent back

    sign_in(page, "nobody@example.org", user.password)
    expect(page.get_by_role("alert")).to_have_text(GENERIC_LOGIN_ERROR)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_keyboard_only_sign_in(live_server, page):
    user = live_server.make_user("team_lead", name="Kim Keyboard")
    page.goto("/login")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(user.password)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Kim Keyboard")


def test_fields_without_errors_are_not_announced_as_invalid(live_server, page):
    page.goto("/login")
    for label in ("Email address", "Password"):
        field = page.get_by_label(label)
        assert field.get_attribute("aria-invalid") in (None, "false"), f"{label} is marked invalid"
        assert field.get_attribute("aria-describedby") != "None", f"{label} points at a missing description"
