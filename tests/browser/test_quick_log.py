"""The quick log ("Log a contact") in Chromium, as a specialist uses it on a phone between two employer visits."""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.helpers import PHONE, assert_fits_width

ZONE = ZoneInfo("Europe/London")  # the default "timezone" setting (crm/settings.py), as the browser context


# --- test data (run inside live_server.run) ---------------------------------------------------------------


def _employer_with_person(name: str, person: str | None = None, **fields) -> dict:
    from crm.models import ContactPerson
    from tests.factories import make_employer

    employer = make_employer(name, **fields)
    found = {"employer_id": employer.id, "person_id": None}
    if person:
        from crm.extensions import db

        someone = ContactPerson(employer_id=employer.id, name=person, job_title="Owner")
        db.session.add(someone)
        db.session.flush()
        found["person_id"] = someone.id
    return found


def _caseload(specialist_id: int, *names: str) -> list[int]:
    from crm.extensions import db
    from crm.models import User
    from tests.factories import make_participant

    specialist = db.session.get(User, specialist_id)
    return [make_participant(specialist, name).id for name in names]


def _contact_row(contact_id: int) -> dict:
    from crm.extensions import db
    from crm.models import EmployerContact

    contact = db.session.get(EmployerContact, contact_id)
    return {
        "employer_id": contact.employer_id, "specialist_id": contact.specialist_id, "mode": contact.mode,
        "face_to_face": contact.face_to_face, "purpose": contact.purpose,
        "contact_person_id": contact.contact_person_id, "participant_ids": [p.id for p in contact.participants],
        "notes": contact.notes, "next_step": contact.next_step, "next_step_due": contact.next_step_due,
        "contacted_at": contact.contacted_at,
    }


def _contacts_of(specialist_id: int) -> list[dict]:
    from sqlalchemy import select

    from crm.extensions import db
    from crm.models import EmployerContact

    ids = db.session.scalars(select(EmployerContact.id).where(EmployerContact.specialist_id == specialist_id)
                             .order_by(EmployerContact.id))
    return [_contact_row(i) for i in ids]


def _employers_named(like: str) -> list[dict]:
    from sqlalchemy import select

    from crm.extensions import db
    from crm.models import Employer

    rows = db.session.scalars(select(Employer).where(Employer.name.like(like)).order_by(Employer.id))
    return [{"id": e.id, "name": e.name, "owner_id": e.owner_id, "stage": e.relationship_stage} for e in rows]


# --- what the person does -------------------------------------------------------------------------------


class Keys:
    """The keyboard, counting what is pressed (for an estimate of a person's time)."""

    def __init__(self, page: Page):
        self.page = page
        self.presses = 0

    def press(self, key: str) -> None:
        self.presses += 1
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.presses += len(text)
        self.page.keyboard.type(text)

    def tab_to(self, target, limit: int = 12, back: bool = False) -> int:
        """Press Tab (Shift+Tab when back) until target has the focus; return how many presses it took."""
        for n in range(1, limit + 1):
            self.press("Shift+Tab" if back else "Tab")
            if target.evaluate("el => el === document.activeElement"):
                return n
        raise AssertionError(f"{target} not reached with {limit} presses of Tab")


def date_keys(page: Page, day: date) -> str:
    """What to type into a date field for day, in the order the browser's date control shows its parts.

    Chromium takes that order from its own language, not the page's locale (en-GB people see day/month/year),
    so it is found out once on a throwaway field.
    """
    page.evaluate("""() => {
        const probe = document.createElement('input');
        probe.type = 'date';
        document.body.append(probe);
        probe.focus();
      }""")
    page.keyboard.type("01022003")
    value = page.evaluate("() => { const p = document.activeElement; const v = p.value; p.remove(); return v; }")
    if value == "2003-02-01":
        return f"{day:%d%m%Y}"
    if value == "2003-01-02":
        return f"{day:%m%d%Y}"
    raise AssertionError(f"unexpected date order in the browser's date control: {value!r}")


def sign_in_at(page: Page, user, path: str = "/contacts/log") -> None:
    """Sign in without rendering the sign-in page (test_login.py covers it) and open path at phone width."""
    page.set_viewport_size(PHONE)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.request.get("/login").text())
    answer = page.request.post("/login", form={"csrf_token": token.group(1), "email": user.email,
                                               "password": user.password}, max_redirects=0)
    assert answer.status == 302, f"sign-in refused: {answer.status}"
    page.goto(path)


def choose_employer(page: Page, typed: str, name: str) -> None:
    """Type part of a name into the employer box and tap the result (loads its people and any notice)."""
    page.get_by_role("combobox", name="Employer").press_sequentially(typed)
    page.get_by_role("option", name=re.compile("^" + re.escape(name))).click()
    expect(page.get_by_role("combobox", name="Employer")).to_have_value(name)


def tap_mode(page: Page, mode: str) -> None:
    """Tap one of the "How" toggle buttons (labels of visually hidden radios)."""
    page.get_by_role("group", name="How").get_by_text(mode, exact=True).click()
    expect(page.get_by_role("radio", name=mode)).to_be_checked()


def save(page: Page, name: str = "Save this contact") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


# --- tests ----------------------------------------------------------------------------------------------


def test_log_a_contact_at_phone_width_with_the_keyboard_only(live_server, page, screenshot):
    specialist = live_server.make_user("specialist", name="Kit Keyboard")
    bakery = live_server.run(_employer_with_person, "Maple Street Bakery", "Sam Baker", town="Riverside",
                             owner_id=specialist.id)
    live_server.run(_employer_with_person, "Maple Leaf Cafe")  # the first of two results
    ada_id, ben_id = live_server.run(_caseload, specialist.id, "Ada Lovelace", "Ben Okafor")
    sign_in_at(page, specialist, "/")
    due = datetime.now(ZONE).date() + timedelta(days=7)
    due_keys = date_keys(page, due)
    keys = Keys(page)
    form = page.locator("#log-form")
    employer_box = page.get_by_role("combobox", name="Employer")
    people = page.get_by_label("Who you spoke to")

    started = time.perf_counter()
    # The menu, then "Log a contact" in it.
    toggler = page.get_by_role("button", name=re.compile("menu", re.IGNORECASE))
    tabs = {"menu": keys.tab_to(toggler)}
    keys.press("Enter")
    page.wait_for_function("() => document.querySelector('#main-nav').matches('.collapse.show')", polling="raf")
    menu_item = page.get_by_role("navigation", name="Main").get_by_role("link", name="Log a contact")
    tabs["menu item"] = keys.tab_to(menu_item)
    with page.expect_navigation():
        keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a contact")

    # The employer: part of the name, down the results to the second, Enter.
    tabs["employer"] = keys.tab_to(employer_box)
    keys.type("mapl")
    results = page.get_by_role("listbox", name="Matching employers").get_by_role("option")
    expect(results).to_have_text([re.compile("^Maple Leaf Cafe"), re.compile("^Maple Street Bakery")])
    keys.press("ArrowDown")
    expect(results.first).to_be_focused()
    keys.press("ArrowDown")
    expect(results.nth(1)).to_be_focused()
    keys.press("Enter")
    expect(employer_box).to_have_value("Maple Street Bakery")
    # Focus goes on to "Who you spoke to", whose choices arrive for this employer.
    expect(people).to_be_focused()
    expect(people.locator("option")).to_have_text(["No one in particular", "Sam Baker (Owner)"])
    keys.type("s")
    expect(people).to_have_value(str(bakery["person_id"]))

    # Date and time stay as they are (now); "In person" stays chosen.
    contacted_at = page.get_by_label("Date and time")
    default_moment = contacted_at.input_value()
    purpose = page.get_by_label("Purpose")
    tabs["purpose (through someone new, date and time)"] = keys.tab_to(purpose)
    keys.type("on")
    expect(purpose).to_have_value("on_behalf")
    in_person = page.get_by_role("radio", name="In person")
    tabs["mode"] = keys.tab_to(in_person)
    expect(in_person).to_be_checked()
    ada = page.get_by_role("checkbox", name="Ada Lovelace")
    tabs["first participant"] = keys.tab_to(ada)
    keys.press("Space")
    expect(ada).to_be_checked()
    notes = page.get_by_label("Notes")
    tabs["notes"] = keys.tab_to(notes)
    keys.type("Bakes for three cafes; needs an early-morning packer.")
    next_step = page.get_by_label("Next step", exact=True)
    tabs["next step (through outcome)"] = keys.tab_to(next_step)
    keys.type("Bring Ada to meet Sam")
    due_field = page.get_by_label("Next step due by")
    tabs["due date"] = keys.tab_to(due_field)
    keys.type(due_keys)
    expect(due_field).to_have_value(due.isoformat())
    keys.tab_to(next_step, back=True)
    with page.expect_navigation():
        keys.press("Enter")  # Enter in a text field submits
    confirmation = page.locator("#just-logged")
    expect(confirmation).to_contain_text("Just saved: in person contact with Maple Street Bakery")
    elapsed = time.perf_counter() - started
    focused_after_save = page.evaluate(
        "() => { const el = document.activeElement; return el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''); }")

    # Now a fresh form for the next contact.
    expect(employer_box).to_have_value("")
    expect(page.locator("#employer_id")).to_have_value("")
    expect(page.get_by_label("Notes")).to_have_value("")
    expect(page.get_by_role("checkbox", name="Ada Lovelace")).not_to_be_checked()
    expect(page.get_by_role("radio", name="In person")).to_be_checked()
    expect(form.get_by_label("Date and time")).not_to_have_value("")
    assert_fits_width(page)
    screenshot(page, "keyboard-saved")

    contacts = live_server.run(_contacts_of, specialist.id)
    assert len(contacts) == 1
    saved = contacts[0]
    assert saved["employer_id"] == bakery["employer_id"]
    assert saved["mode"] == "in_person" and saved["face_to_face"] is True
    assert saved["purpose"] == "on_behalf"
    assert saved["contact_person_id"] == bakery["person_id"]
    assert saved["participant_ids"] == [ada_id]
    assert ben_id not in saved["participant_ids"]
    assert saved["notes"] == "Bakes for three cafes; needs an early-morning packer."
    assert saved["next_step"] == "Bring Ada to meet Sam"
    assert saved["next_step_due"] == due
    # The default moment (now, to the minute, in local time) is what was stored.
    assert saved["contacted_at"].astimezone(ZONE).strftime("%Y-%m-%dT%H:%M") == default_moment
    assert datetime.now(ZONE) - saved["contacted_at"] < timedelta(minutes=5)

    # A person's time by the keystroke-level model: 0.2 s a key for a practised typist, 1.35 s of thought for each
    # of the 10 things decided or recalled, and about a second of waiting for the type-ahead and the save.
    free_text = len("Bakes for three cafes; needs an early-morning packer.") + len("Bring Ada to meet Sam")
    form_keys = keys.presses - free_text
    form_time = form_keys * 0.2 + 10 * 1.35 + 1
    print(f"\nQuick log by keyboard: the script took {elapsed:.2f} s for {keys.presses} key presses; Tab presses "
          f"to reach each field: {tabs}. Estimated for a practised person: {form_time:.0f} s for the {form_keys} "
          f"presses of the form itself, {form_time + free_text * 0.2:.0f} s with the {free_text} characters of "
          f"notes and next step. After saving, the focus is on: {focused_after_save}")
    assert elapsed < 10


TARGET_SIZES = """() => {
  const seen = el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
                       return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const name = el => (el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent)
                       .trim().replace(/\\s+/g, ' ').slice(0, 40);
  const box = el => { const r = el.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
  const out = [];
  for (const el of document.querySelectorAll('main a, main button, main input, main select, main textarea')) {
    if (el.type === 'hidden') continue;
    const kind = el.tagName.toLowerCase() + (el.tagName === 'INPUT' ? '[' + el.type + ']' : '');
    const typeahead = el.classList.contains('typeahead-choice');
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.labels[0];
      out.push({kind, name: name(el), box: seen(el) ? box(el) : null,
                label: label && seen(label) ? box(label) : null, typeahead});
    } else if (seen(el)) {
      // A link inside a sentence is exempt (WCAG 2.5.8), but is listed.
      const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline';
      out.push({kind, name: name(el), box: box(el), inline, typeahead});
    }
  }
  return out;
}"""


def _log_form_with_results(live_server, page) -> list[dict]:
    """The quick log at 360 px with a "Just saved" card and type-ahead results showing: every control's size."""
    specialist = live_server.make_user("specialist")
    bakery = live_server.run(_employer_with_person, "Maple Street Bakery", "Sam Baker", owner_id=specialist.id)
    live_server.run(_caseload, specialist.id, "Ada Lovelace", "Ben Okafor")

    def one_contact():
        from crm.extensions import db
        from crm.models import Employer, User
        from tests.factories import make_contact

        return make_contact(db.session.get(User, specialist.id), db.session.get(Employer, bakery["employer_id"])).id

    contact_id = live_server.run(one_contact)
    sign_in_at(page, specialist, f"/contacts/log?logged={contact_id}")  # with the "Just saved" card and its links
    expect(page.locator("#just-logged")).to_be_visible()
    page.get_by_role("combobox", name="Employer").press_sequentially("map")
    expect(page.get_by_role("option", name=re.compile("^Maple Street Bakery"))).to_be_visible()
    assert_fits_width(page)
    return page.evaluate(TARGET_SIZES)


def test_touch_targets_on_the_quick_log_at_phone_width(live_server, page):
    sizes = _log_form_with_results(live_server, page)
    small = [s for s in sizes if "label" not in s and not s["inline"] and not s["typeahead"] and s["box"][1] < 44]
    # Checkboxes and the mode's toggle buttons: what a finger can hit is the box and its label together.
    choices = [s for s in sizes if "label" in s]
    small_choices = [s for s in choices if max((s["label"] or [0, 0])[1], (s["box"] or [0, 0])[1]) < 44]
    inline = [s for s in sizes if s.get("inline")]
    print("\nTouch targets under 44 px high (besides type-ahead results):", small or "none")
    print("Checkboxes and radios whose box and label are both under 44 px high:",
          [(s["name"], s["box"], s["label"]) for s in small_choices] or "none")
    print("Links inside sentences (exempt):", [(s["name"], s["box"]) for s in inline] or "none")
    assert not small, f"controls under 44 px high at 360 px: {small}"
    assert len([s for s in sizes if s["kind"] in ("select", "textarea")]) == 4  # the whole form was measured
    modes = [s for s in choices if s["kind"] == "input[radio]"]
    assert len(modes) == 4 and all(s["label"][1] >= 44 for s in modes), modes
    checkboxes = [s for s in choices if s["kind"] == "input[checkbox]"]
    assert len(checkboxes) == 4 and all(s["label"][0] >= 44 for s in checkboxes), checkboxes
    results = [s for s in sizes if s["typeahead"]]
    assert results
    assert all(s["box"][1] >= 44 for s in results), results


def test_a_contact_in_the_future_is_refused_with_the_message_on_the_field(live_server, page):
    specialist = live_server.make_user("specialist")
    bakery = live_server.run(_employer_with_person, "Maple Street Bakery", "Sam Baker", owner_id=specialist.id)
    live_server.run(_caseload, specialist.id, "Ada Lovelace")
    sign_in_at(page, specialist)
    choose_employer(page, "maple", "Maple Street Bakery")
    page.get_by_label("Who you spoke to").select_option(str(bakery["person_id"]))
    tomorrow = datetime.now(ZONE) + timedelta(days=1)
    page.get_by_label("Date and time").fill(f"{tomorrow:%Y-%m-%dT%H:%M}")
    page.get_by_role("checkbox", name="Ada Lovelace").check()
    page.get_by_label("Notes").fill("Owner keen; wants someone for Saturdays.")
    page.get_by_label("Next step", exact=True).fill("Ring Sam")
    page.get_by_label("Next step due by").fill(datetime.now(ZONE).date().isoformat())
    save(page)

    expect(page.get_by_role("alert")).to_contain_text("Please correct the problems marked below.")
    moment = page.get_by_label("Date and time")
    expect(moment).to_have_attribute("aria-invalid", "true")
    expect(moment).to_have_accessible_description(re.compile("A contact cannot be logged in the future"))
    expect(page.locator("#contacted_at-error")).to_have_text(
        "A contact cannot be logged in the future. Check the date and time.")
    expect(page.locator("#next_step_due-error")).to_have_text(
        "The next step cannot be due before the contact itself.")
    # Everything typed is kept, the employer's people included.
    expect(page.get_by_label("Notes")).to_have_value("Owner keen; wants someone for Saturdays.")
    expect(page.get_by_role("combobox", name="Employer")).to_have_value("Maple Street Bakery")
    expect(page.get_by_label("Who you spoke to").locator("option:checked")).to_have_text(re.compile("^Sam Baker"))
    expect(page.get_by_role("checkbox", name="Ada Lovelace")).to_be_checked()
    expect(moment).to_have_value(f"{tomorrow:%Y-%m-%dT%H:%M}")
    assert_fits_width(page)
    assert live_server.run(_contacts_of, specialist.id) == []


def test_another_specialists_employer_shows_who_leads_the_relationship(live_server, page):
    owner = live_server.make_user("specialist", name="Olive Owner")
    me = live_server.make_user("specialist", name="Mo Visitor")
    hotel = live_server.run(_employer_with_person, "Harbour View Hotel", owner_id=owner.id)
    visited = datetime.now(ZONE).replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=3)

    def owners_visit():
        from crm.extensions import db
        from crm.models import Employer, User
        from tests.factories import make_contact

        make_contact(db.session.get(User, owner.id), db.session.get(Employer, hotel["employer_id"]),
                     contacted_at=visited)

    live_server.run(owners_visit)
    sign_in_at(page, me)
    notice = page.locator("#employer-notice").get_by_role("status")
    expect(notice).to_have_count(0)
    choose_employer(page, "harb", "Harbour View Hotel")
    expect(notice).to_contain_text(
        f"Olive Owner leads the relationship with this employer and was last in touch "
        f"{visited:%a} {visited.day} {visited:%b %Y}.")
    expect(notice).to_contain_text("You can still log your contact")
    assert_fits_width(page)
    # A notice, not a block.
    tap_mode(page, "Phone")
    save(page)
    expect(page.locator("#just-logged")).to_contain_text("Just saved: phone contact with Harbour View Hotel")
    assert [c["employer_id"] for c in live_server.run(_contacts_of, me.id)] == [hotel["employer_id"]]


def test_a_new_employer_from_the_log_form_with_the_duplicate_warning(live_server, page, screenshot):
    specialist = live_server.make_user("specialist")
    sign_in_at(page, specialist)
    employer_box = page.get_by_role("combobox", name="Employer")
    employer_box.press_sequentially("Riverside Bike Repairs")
    expect(page.locator("#employer-results")).to_contain_text("No employer found called “Riverside Bike Repairs”.")
    new_employer = page.get_by_role("checkbox", name="This is a new employer")
    new_employer.check()
    page.get_by_label("Notes").fill("Walked in; owner Priya, two mechanics.")
    save(page)
    expect(page.locator("#just-logged")).to_contain_text("Just saved: in person contact with Riverside Bike Repairs")
    created = live_server.run(_employers_named, "Riverside Bike%")
    assert [(e["name"], e["owner_id"], e["stage"]) for e in created] == [
        ("Riverside Bike Repairs", specialist.id, "introduced")]

    # A near-duplicate with the box ticked: "Did you mean …?" first, nothing saved, what was typed kept.
    employer_box.press_sequentially("Riverside Bike Repair Shop")
    new_employer.check()
    page.get_by_label("Notes").fill("Second visit.")
    save(page)
    warning = page.get_by_role("alert").filter(has_text="Did you mean one of these?")
    expect(warning).to_be_visible()
    link = warning.get_by_role("link", name=re.compile("^Riverside Bike Repairs"))
    expect(link).to_have_attribute("href", f"/employers/{created[0]['id']}")
    expect(employer_box).to_have_value("Riverside Bike Repair Shop")
    expect(page.get_by_label("Notes")).to_have_value("Second visit.")
    expect(new_employer).to_be_checked()
    assert_fits_width(page)
    screenshot(page, "new-employer-did-you-mean")
    assert len(live_server.run(_employers_named, "Riverside Bike%")) == 1
    assert len(live_server.run(_contacts_of, specialist.id)) == 1

    # It really is a different business.
    page.get_by_role("checkbox", name="Yes, it is a different business: add it anyway").check()
    save(page)
    expect(page.locator("#just-logged")).to_contain_text(
        "Just saved: in person contact with Riverside Bike Repair Shop")
    assert [e["name"] for e in live_server.run(_employers_named, "Riverside Bike%")] == [
        "Riverside Bike Repairs", "Riverside Bike Repair Shop"]


def test_edit_a_logged_contact_from_the_employer_timeline(live_server, page, screenshot):
    specialist = live_server.make_user("specialist")
    bakery = live_server.run(_employer_with_person, "Maple Street Bakery", "Sam Baker", owner_id=specialist.id)
    (ada_id,) = live_server.run(_caseload, specialist.id, "Ada Lovelace")

    def earlier_contact():
        from crm.extensions import db
        from crm.models import Employer, Participant, User
        from tests.factories import make_contact

        return make_contact(db.session.get(User, specialist.id), db.session.get(Employer, bakery["employer_id"]),
                            contacted_at=datetime.now(ZONE) - timedelta(days=1), purpose="on_behalf",
                            contact_person_id=bakery["person_id"], notes="First chat.",
                            participants=[db.session.get(Participant, ada_id)]).id

    contact_id = live_server.run(earlier_contact)
    sign_in_at(page, specialist, f"/employers/{bakery['employer_id']}")
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(1)
    expect(timeline.first).to_contain_text("In person · On behalf of a job seeker")
    with page.expect_navigation():
        timeline.first.get_by_role("link", name="Edit this contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit this contact")
    # The form holds what was logged.
    expect(page.get_by_role("combobox", name="Employer")).to_have_value("Maple Street Bakery")
    expect(page.get_by_label("Who you spoke to").locator("option:checked")).to_have_text(re.compile("^Sam Baker"))
    expect(page.get_by_role("checkbox", name="Ada Lovelace")).to_be_checked()
    expect(page.get_by_label("Notes")).to_have_value("First chat.")
    expect(page.get_by_role("radio", name="In person")).to_be_checked()
    assert_fits_width(page)
    tap_mode(page, "Phone")
    expect(page.get_by_role("radio", name="Phone")).to_be_checked()
    screenshot(page, "edit-contact")
    save(page, "Save changes")

    expect(page).to_have_url(live_server.path(f"/employers/{bakery['employer_id']}#timeline"))
    expect(page.get_by_role("status").filter(has_text="Changes saved.")).to_be_visible()
    expect(page.locator("ol.timeline > li").first).to_contain_text("Phone · On behalf of a job seeker")
    saved = live_server.run(_contact_row, contact_id)
    assert saved["mode"] == "phone" and saved["face_to_face"] is False
    assert saved["participant_ids"] == [ada_id] and saved["contact_person_id"] == bakery["person_id"]
