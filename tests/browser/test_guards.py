"""The guards every browser test relies on catch what they promise to catch (see conftest.BrowserProblems)."""

from __future__ import annotations

import pytest


def _problems(browser_problems) -> str:
    with pytest.raises(pytest.fail.Exception) as failure:
        browser_problems.check()
    return str(failure.value)


def test_csp_violations_outside_requests_and_broken_assets_fail_the_test(live_server, page, browser_problems):
    page.goto("/login")
    browser_problems.check()  # the sign-in page itself is clean

    page.evaluate("""() => {
        const style = document.createElement('style');
        style.textContent = 'body { color: red; }';
        document.head.appendChild(style);
    }""")
    assert "Content Security Policy" in _problems(browser_problems)

    page.evaluate("""() => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = '/static/css/no-such-file.css';
        document.head.appendChild(link);
    }""")
    page.wait_for_timeout(200)
    assert "no-such-file.css" in _problems(browser_problems)

    page.evaluate("() => { setTimeout(() => { throw new Error('deliberate'); }, 0); }")
    page.wait_for_timeout(100)
    assert "deliberate" in _problems(browser_problems)

    with pytest.raises(Exception, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("http://example.org/")
    assert "outside world blocked: GET http://example.org/" in _problems(browser_problems)


def test_a_page_answered_with_a_client_error_is_not_a_browser_problem(live_server, page, browser_problems):
    page.goto("/no-such-page")
    page.goto("/login")
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()  # answered with 401
    browser_problems.check()
