"""Two-step sign-in in Chromium on a phone: an administrator sets it up at first sign-in, then signs in with a code."""

from __future__ import annotations

import time

import pyotp
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, assert_fits_width, sign_in, sign_out


def test_admin_sets_up_two_step_sign_in_and_signs_in_with_a_code(live_server, new_context, screenshot):
    live_server.app.config["TOTP_REQUIRED_FOR_ADMINS"] = True
    admin = live_server.make_user("admin", name="Ada Admin")
    page = new_context(PHONE).new_page()

    sign_in(page, admin.email, admin.password)
    expect(page).to_have_url(live_server.path("/account/two-step"))  # nothing else until it is set up
    expect(page.get_by_role("alert")).to_contain_text("Administrators must use two-step sign-in")
    page.get_by_role("button", name="Set up two-step sign-in").click()
    key = page.locator("#two-step-key")
    expect(key).to_be_visible()
    qr = page.get_by_role("img", name="QR code for your authenticator app; the same key is written below.")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_fits_width(page)
    screenshot(page, "set-up", sizes={"phone": PHONE})

    app = pyotp.TOTP(key.inner_text().replace(" ", ""))  # what the phone's authenticator app would hold
    page.get_by_label("6-digit code from your app").fill(app.now())
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("status")).to_contain_text("Two-step sign-in is on")
    sign_out(page)

    sign_in(page, admin.email, admin.password)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_fits_width(page)
    code = page.get_by_label("6-digit code from your app")
    code.fill(app.at(time.time() + 30))  # the next step's code (±1 step is allowed): the last one was used
    with page.expect_navigation():
        code.press("Enter")
    expect(page).to_have_url(live_server.path("/"))
    page.goto("/admin/users")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
