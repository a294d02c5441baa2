"""The team review in Chromium: a team lead opens it, switches week, opens the chart's data table, exports a CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, assert_fits_width, sign_in


def _prepare(lead_email: str) -> None:
    """Two specialists in the lead's team; face-to-face visits last week and this week."""
    from sqlalchemy import select

    from crm.extensions import db
    from crm.formatting import local_today
    from crm.main.services import week_bounds
    from crm.models import User
    from tests.factories import make_contact, make_employer, make_participant, make_user

    lead = db.session.scalar(select(User).where(User.email == lead_email))
    team = lead.team
    ana = make_user("specialist", team=team, name="Ana Active")
    make_user("specialist", team=team, name="Bo Busy")
    make_participant(ana, "Pat Waiting", referral_date=local_today() - timedelta(days=40))
    employer = make_employer("Riverside Cafe")
    this_week, _ = week_bounds(local_today())
    for hours in (1, 2, 3):
        make_contact(ana, employer, contacted_at=this_week - timedelta(days=7) + timedelta(hours=hours))
    make_contact(ana, employer, contacted_at=this_week + timedelta(minutes=5))


@pytest.fixture
def lead(live_server):
    login = live_server.make_user("team_lead", name="Lee Lead", team_name="North")
    live_server.run(_prepare, login.email)
    return login


def test_team_lead_reviews_the_week_and_exports(live_server, page, lead, screenshot):
    sign_in(page, lead.email, lead.password)
    page.get_by_role("link", name="Review", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team review: North")
    assert_fits_width(page)
    expect(page.locator("#week-table")).to_contain_text("Ana Active")
    expect(page.locator("#rapid-table")).to_contain_text("Pat Waiting")
    ana = page.locator("#week-table tbody tr", has_text="Ana Active")
    expect(ana.locator("td").first).to_contain_text("1 of 6")

    with page.expect_navigation():
        page.get_by_role("link", name="‹ Previous week").click()
    expect(ana.locator("td").first).to_contain_text("3 of 6")
    assert "week=" in page.url

    # The chart is drawn (Chart.js under the CSP) and its figures are in a table that opens.
    assert page.evaluate("() => !!Chart.getChart(document.getElementById('team-trend-chart'))")
    table = page.locator("#team-trend-data table")
    expect(table).to_be_hidden()
    page.get_by_text("Data table for this chart").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(12)
    # The trend now ends with the week chosen (last week): 3 visits by Ana, none by Bo, so 1.5 on average.
    expect(table.locator("tbody tr").nth(11)).to_contain_text("1.5")
    expect(page.locator("#team-trend-summary")).to_contain_text("of 12 weeks")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV of employer contacts per specialist").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Specialist", "Week starting", "Face-to-face employer contacts"]
    assert [(r[0], r[2], r[5]) for r in rows[1:]] == [("Ana Active", "3", "3"), ("Bo Busy", "0", "0")]

    # The printed weekly report: no menu, no week switcher, no buttons; the tables stay.
    page.emulate_media(media="print")
    expect(page.locator("nav.site-nav")).to_be_hidden()
    expect(page.locator(".review-periods")).to_be_hidden()
    expect(page.get_by_role("link", name="Export CSV of the 12-week trend")).to_be_hidden()
    expect(page.locator("#week-table")).to_be_visible()
    page.emulate_media(media="screen")

    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    screenshot(page, "team-review")


def test_a_bad_week_gets_a_clear_message(live_server, page, lead, browser_problems):
    sign_in(page, lead.email, lead.password)
    page.goto("/review/?week=2026-02-30")
    expect(page.get_by_role("alert")).to_contain_text("is not a date")


def test_admin_menu_stays_on_one_line_at_desktop_width(live_server, page, lead):
    admin = live_server.make_user("admin", name="Ada Admin")
    sign_in(page, admin.email, admin.password)
    page.goto("/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team review: North")
    tops = page.evaluate("() => [...document.querySelectorAll('#main-nav .nav-link')]"
                         ".map(a => Math.round(a.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops
    assert_fits_width(page)
