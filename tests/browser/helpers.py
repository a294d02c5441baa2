"""What a person does in the browser, shared by the browser tests (fixtures are in conftest.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def assert_fits_width(page: Page) -> None:
    """Nothing on the page sticks out sideways: no horizontal scrolling at the current width."""
    scroll_width, inner_width, path = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth, location.pathname]"
    )
    if scroll_width > inner_width:
        culprits = page.evaluate(
            """() => {
                 const clipped = el => {  // inside a scrolling box that itself fits, e.g. .table-responsive
                   for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                     if (getComputedStyle(a).overflowX !== 'visible'
                         && a.getBoundingClientRect().right <= window.innerWidth + 0.5
                         && getComputedStyle(el).position !== 'absolute') return true;
                   }
                   return false;
                 };
                 return [...document.querySelectorAll('body *')]
                   .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !clipped(el))
                   .slice(-5)
                   .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                        + (typeof el.className === 'string' && el.className.trim()
                           ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                        + ' "' + el.textContent.trim().slice(0, 30) + '"');
               }"""
        )
        raise AssertionError(
            f"{path} is {scroll_width}px wide in a {inner_width}px window; too wide: {', '.join(culprits)}"
        )


def sign_in(page: Page, email: str, password: str) -> None:
    """Type email and password on the sign-in page and press Enter (waits for the answer)."""
    if not page.url.split("?")[0].endswith("/login"):
        page.goto("/login")
    email_field = page.get_by_label("Email address")
    email_field.fill("")
    email_field.press_sequentially(email)
    password_field = page.get_by_label("Password")
    password_field.fill("")
    password_field.press_sequentially(password)
    with page.expect_navigation():
        password_field.press("Enter")


def open_menu(page: Page) -> None:
    """Open the main menu when it is collapsed behind the "Menu" button (narrow screens)."""
    toggler = page.get_by_role("button", name=re.compile("menu", re.IGNORECASE))
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        # Bootstrap swaps "collapsing" for "collapse show" when the animation ends; checked at every frame
        # (a locator wait backs off to half-second polls, which would double the test's time).
        page.wait_for_function("() => document.querySelector('#main-nav').matches('.collapse.show')", polling="raf")


def sign_out(page: Page) -> None:
    """Sign out with the button in the menu, opening the menu first on a narrow screen."""
    open_menu(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
