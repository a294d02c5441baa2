"""Suggested openings in Chromium: a specialist reviews them with the participant, who decides (issue 5).

The participant wants barista work, not at night, for at least £11 an hour. Three open openings: a day-shift
barista job that fits, a kennel job with no details (suggested, with things to ask), and a night-shift barista
job that breaks their own limit (left out unless "show all").
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import PHONE, assert_fits_width, open_menu, sign_in

BARISTA, KENNEL, NIGHT = "Coffee Shop Barista", "Kennel assistant", "Night barista"


# --- test data (run inside live_server.run) ---------------------------------------------------------------


def _seed(specialist_id: int) -> dict:
    """The participant with their profile, the three openings, and an opening that went (not suggested)."""
    from decimal import Decimal

    from crm.extensions import db
    from crm.models import CareerProfile, User
    from tests.factories import make_employer, make_opening, make_participant

    specialist = db.session.get(User, specialist_id)
    person = make_participant(specialist, "Pat Barista")
    person.profile = CareerProfile(job_goals=["barista"], strengths=["friendly with customers"],
                                   shifts_excluded=["night"], min_hourly_wage=Decimal("11.00"))
    cafe, bar, kennels = make_employer("Bean There Cafe"), make_employer("Red Lion"), make_employer("Happy Paws")
    barista = make_opening(cafe, title=BARISTA, shifts=["day"], pay_min=Decimal("12.00"), place="Riverside")
    night = make_opening(bar, title=NIGHT, shifts=["night"], pay_min=Decimal("12.00"))
    kennel = make_opening(kennels, title=KENNEL)
    make_opening(cafe, title="Barista (filled)", status="filled")
    db.session.flush()
    return {"person": person.id, "cafe": cafe.id, "barista": barista.id, "night": night.id, "kennel": kennel.id}


def _decisions(person_id: int) -> dict[int, dict]:
    """Each job match of the person by opening: its status and the steps recorded."""
    from sqlalchemy import select

    from crm.extensions import db
    from crm.models import JobMatch

    matches = db.session.scalars(select(JobMatch).where(JobMatch.participant_id == person_id))
    return {m.opening_id: {"status": m.status, "reasons": list(m.reasons or []),
                           "history": [(e.status, e.reason, e.recorded_by_id, e.recorded_at is not None)
                                       for e in m.history]}
            for m in matches}


# --- what the person does -------------------------------------------------------------------------------


def sign_in_at(page: Page, user, path: str) -> None:
    """Sign in without rendering the sign-in page (the first test signs in through it) and open path."""
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.request.get("/login").text())
    answer = page.request.post("/login", form={"csrf_token": token.group(1), "email": user.email,
                                               "password": user.password}, max_redirects=0)
    assert answer.status == 302, f"sign-in refused: {answer.status}"
    page.goto(path)


def click_through(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def job(page: Page, title: str):
    """The together view's section for one suggested job."""
    return page.locator("section.together-job").filter(has=page.get_by_role("heading", name=title, exact=True))


def saved(page: Page):
    return page.get_by_role("status").filter(has_text="Saved:")


# --- tests ----------------------------------------------------------------------------------------------


def test_review_together_at_phone_width_interested_and_not_for_me(live_server, page, screenshot):
    specialist = live_server.make_user("specialist", name="Sue Specialist")
    ids = live_server.run(_seed, specialist.id)
    page.set_viewport_size(PHONE)
    sign_in(page, specialist.email, specialist.password)

    open_menu(page)
    click_through(page, page.get_by_role("link", name="Caseload"))
    click_through(page, page.get_by_role("link", name="Pat Barista"))
    click_through(page, page.get_by_role("link", name="Suggested openings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggested openings for Pat Barista")
    click_through(page, page.get_by_role("link", name="Review together (large print)"))

    together = f"/participants/{ids['person']}/suggestions/together"
    expect(page).to_have_url(live_server.path(together))
    expect(page.get_by_role("heading", level=1)).to_have_text("Jobs that might suit you, Pat Barista")
    titles = page.locator("section.together-job h2")
    expect(titles).to_have_text([BARISTA, KENNEL])  # best first; the night job breaks their limit
    expect(job(page, BARISTA)).to_contain_text("at Bean There Cafe, Riverside")
    expect(job(page, BARISTA).get_by_role("list").first).to_contain_text("barista")
    expect(job(page, KENNEL)).to_contain_text("We will find out")
    # Plain words: no scores as numbers, a bar instead.
    main_text = page.locator("main").inner_text()
    assert "%" not in main_text and "Match " not in main_text, main_text
    expect(job(page, BARISTA).locator(".fit .fit-bar")).to_be_visible()
    assert_fits_width(page)
    screenshot(page, "together")

    # Interested in the barista job, then plan an employer contact on their behalf.
    click_through(page, job(page, BARISTA).get_by_role("button", name="Interested"))
    expect(page).to_have_url(live_server.path(f"{together}#opening-{ids['barista']}"))
    expect(saved(page)).to_have_text(f"Saved: Interested for “{BARISTA}”. Plan an employer contact on their behalf.")
    expect(job(page, BARISTA)).to_contain_text("Decided: Interested")
    assert_fits_width(page)
    click_through(page, saved(page).get_by_role("link", name="Plan an employer contact on their behalf"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a contact")
    expect(page.get_by_role("combobox", name="Employer")).to_have_value("Bean There Cafe")
    expect(page.locator("#employer_id")).to_have_value(str(ids["cafe"]))
    expect(page.get_by_role("checkbox", name="Pat Barista")).to_be_checked()
    expect(page.get_by_label("Purpose")).to_have_value("on_behalf")
    assert_fits_width(page)

    # Back to the list: not for me, with a reason.
    with page.expect_navigation():
        page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jobs that might suit you, Pat Barista")
    kennel = job(page, KENNEL)
    kennel.get_by_label("Why not? (optional)").fill("Allergic to dogs")
    click_through(page, kennel.get_by_role("button", name="Not for me"))
    expect(saved(page)).to_have_text(f"Saved: Not for me for “{KENNEL}”.")
    expect(titles).to_have_text([BARISTA])
    page.reload()
    expect(saved(page)).to_have_count(0)
    expect(titles).to_have_text([BARISTA])
    expect(page.get_by_text(KENNEL)).to_have_count(0)
    assert_fits_width(page)

    decisions = live_server.run(_decisions, ids["person"])
    assert set(decisions) == {ids["barista"], ids["kennel"]}
    assert decisions[ids["barista"]]["status"] == "interested"
    assert decisions[ids["barista"]]["reasons"], "the reasons shown are kept with the match"
    assert decisions[ids["barista"]]["history"] == [("interested", None, specialist.id, True)]
    assert decisions[ids["kennel"]]["status"] == "not_for_me"
    assert decisions[ids["kennel"]]["history"] == [("not_for_me", "Allergic to dogs", specialist.id, True)]

    # The specialist's page says so too, and shows it again only when asked.
    click_through(page, page.get_by_role("link", name="Back to the specialist's view"))
    expect(page.get_by_text("1 opening they said was not for them is hidden.")).to_be_visible()
    expect(page.get_by_role("link", name=KENNEL)).to_have_count(0)
    click_through(page, page.get_by_role("link", name="Also show the ones they said were not for them"))
    expect(page.get_by_role("link", name=KENNEL)).to_be_visible()
    expect(page.locator(f"#opening-{ids['kennel']}")).to_contain_text("Decided: Not for me")
    expect(page.locator(f"#opening-{ids['barista']}")).to_contain_text("Decided: Interested")
    assert_fits_width(page)


def test_show_all_lists_the_opening_left_out_and_the_limit_it_breaks(live_server, page, screenshot):
    specialist = live_server.make_user("specialist")
    ids = live_server.run(_seed, specialist.id)
    sign_in_at(page, specialist, f"/participants/{ids['person']}/suggestions")

    expect(page.get_by_text("1 opening was left out by their own limits.")).to_be_visible()
    expect(page.get_by_role("link", name=BARISTA)).to_be_visible()
    expect(page.get_by_role("link", name=NIGHT)).to_have_count(0)
    left_out = page.get_by_role("heading", name="Left out by their own limits")
    expect(left_out).to_have_count(0)

    click_through(page, page.get_by_role("link", name="Show all, also those left out by their limits"))
    expect(left_out).to_be_visible()
    row = page.locator("#left-out + ul > li")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"{NIGHT}, Red Lion")
    expect(row.locator(".badge")).to_have_text("Breaks: night shifts")
    expect(row.get_by_role("link", name=NIGHT)).to_have_attribute("href", f"/openings/{ids['night']}")
    # It is listed apart, never among the suggestions with decision buttons.
    expect(page.locator(f"#opening-{ids['night']}")).to_have_count(0)
    assert_fits_width(page)
    screenshot(page, "show-all")

    click_through(page, page.get_by_role("link", name="Hide the openings left out by their limits"))
    expect(left_out).to_have_count(0)
    expect(page.get_by_role("link", name=NIGHT)).to_have_count(0)
    expect(page.get_by_role("link", name="Show all, also those left out by their limits")).to_be_visible()


def test_the_together_view_prints_without_buttons(live_server, page, screenshot):
    specialist = live_server.make_user("specialist")
    ids = live_server.run(_seed, specialist.id)
    sign_in_at(page, specialist, f"/participants/{ids['person']}/suggestions/together")

    # "Print this list" opens the browser's print dialog (counted here instead of shown).
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print this list").click()
    assert page.evaluate("() => window.printed") == 1

    page.emulate_media(media="print")
    not_printed = {
        page.get_by_role("navigation", name="Main", include_hidden=True): 1,
        page.get_by_role("button", name="Print this list", include_hidden=True): 1,
        page.get_by_role("link", name="Back to the specialist's view", include_hidden=True): 1,
        page.get_by_role("link", name=re.compile("^Show me every job"), include_hidden=True): 1,
        page.get_by_role("button", name="Interested", include_hidden=True): 2,
        page.get_by_role("button", name="Maybe later", include_hidden=True): 2,
        page.get_by_role("button", name="Not for me", include_hidden=True): 2,
        page.get_by_role("textbox", name="Why not? (optional)", include_hidden=True): 2,
    }
    for locator, count in not_printed.items():
        expect(locator).to_have_count(count)  # still on the page, but not printed
        for each in locator.all():
            expect(each).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for title in (BARISTA, KENNEL):
        expect(job(page, title).get_by_role("heading", name=title)).to_be_visible()
        expect(job(page, title)).to_contain_text("Why this job")
    expect(job(page, BARISTA).locator(".fit-bar")).to_be_visible()

    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = SCREENSHOTS / "test_suggestions-together-print.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    document = pdf.read_bytes()
    assert document.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", document)) == 1, "two suggestions fit on one sheet to take away"
    screenshot(page, "together-print")  # what the PDF holds, for a look without a PDF viewer

    page.emulate_media(media="screen")
    expect(page.get_by_role("button", name="Print this list")).to_be_visible()

    # Printed straight after a decision, the staff's confirmation should not be on the sheet to take away.
    click_through(page, job(page, KENNEL).get_by_role("button", name="Maybe later"))
    expect(saved(page)).to_have_text(f"Saved: Maybe later for “{KENNEL}”.")
    page.emulate_media(media="print")
    expect(job(page, KENNEL).get_by_role("heading", name=KENNEL)).to_be_visible()
    expect(saved(page)).to_be_hidden()


def test_who_on_my_caseload_might_this_opening_suit(live_server, page, screenshot):
    specialist = live_server.make_user("specialist")
    ids = live_server.run(_seed, specialist.id)

    def more_people():
        from decimal import Decimal

        from crm.extensions import db
        from crm.models import CareerProfile, User
        from tests.factories import make_participant

        me = db.session.get(User, specialist.id)
        # £12 an hour is below what they want: left out by their own limit.
        dear = make_participant(me, "Dee Wages")
        dear.profile = CareerProfile(job_goals=["barista"], min_hourly_wage=Decimal("15.00"))
        make_participant(me, "Ola Closed", status="closed")  # not on the active caseload
        make_participant(me, "Gil Gardener").profile = CareerProfile(job_goals=["gardener"])

    live_server.run(more_people)
    someone_else = live_server.make_user("specialist")
    live_server.run(lambda: _seed_other(someone_else.id))
    sign_in_at(page, specialist, f"/openings/{ids['barista']}")

    click_through(page, page.get_by_role("link", name="Who on my caseload might this suit?"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Who on my caseload might “{BARISTA}” suit?")
    expect(page.get_by_text("1 person is left out because it breaks their own limits.")).to_be_visible()
    people = page.locator("ol.list-group > li")
    expect(people.get_by_role("link")).to_have_text(["Pat Barista", "Gil Gardener"])  # best first
    first = people.first
    expect(first.get_by_role("link", name="Pat Barista")).to_have_attribute(
        "href", f"/participants/{ids['person']}/suggestions#opening-{ids['barista']}")
    expect(first.get_by_role("listitem")).to_have_text([
        re.compile(r"^Matches your goal 'barista'"), re.compile("^Pays from 12.00 an hour"),
        re.compile("^Day shifts only")])
    for absent in ("Dee Wages", "Ola Closed", "Someone Else's"):
        expect(page.get_by_text(absent)).to_have_count(0)
    assert_fits_width(page)
    screenshot(page, "who-might-this-suit")

    click_through(page, first.get_by_role("link", name="Pat Barista"))
    expect(page.locator(f"#opening-{ids['barista']}")).to_be_visible()


def _seed_other(specialist_id: int) -> None:
    """A barista hopeful on another specialist's caseload: never listed for this specialist."""
    from crm.extensions import db
    from crm.models import CareerProfile, User
    from tests.factories import make_participant

    make_participant(db.session.get(User, specialist_id), "Someone Else's").profile = CareerProfile(
        job_goals=["barista"])
