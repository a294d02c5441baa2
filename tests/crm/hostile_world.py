"""The data set, browsers and walks the hostile-input tests share (tests/crm/test_hostile_input.py).

``make_world`` builds one of everything in the states that show every form; ``Browser`` uses the app as a person
with a browser would (CSRF tokens, signing in again when a form signed it out); ``discover`` walks the app as a
role and remembers what it found; ``store`` gets probes saved through any form; ``Snapshot`` puts a SQLite
database back between examples.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.engine import make_url
from werkzeug.datastructures import MultiDict

from crm import models
from crm.auth import totp
from crm.extensions import db
from crm.formatting import local_today, local_zone
from crm.models import CareerProfile, ContactPerson, Employer, ImportBatch, User
from crm.models.types import utcnow
from crm.transfer.columns import columns
from tests.factories import (
    DEFAULT_PASSWORD,
    make_contact,
    make_employer,
    make_job_match,
    make_job_start,
    make_opening,
    make_participant,
    make_support_contact,
    make_team,
    make_user,
)
from tests.hostile import PROBES, URL_PROBES, as_upload, fitting, injections
from tests.webforms import Form, PageParser, Site, fetch, read_page, seed_urls, walk

SEARCH_WORD = "Bakery"  # typed into search boxes while walking: it finds the bakery and its openings
FREE_TEXT = frozenset({"text", "search", "textarea", "url", "tel", "email"})
# Columns of an import that take any text (the others must be a number, a date or a choice).
IMPORT_TEXT = {"employers": ["name", "industry", "address", "town", "postcode", "notes"],
               "people": ["name", "job_title", "notes"],
               "openings": ["title", "description", "requirements", "industry", "place"]}


@dataclass
class World:
    """A small data set with objects in the states that show every form; some belong to another team."""

    users: dict
    ids: dict  # URL argument name → ids to put in addresses
    names: list[str] = field(default_factory=list)  # what lists show when a search matches everything
    two_step_email: str = ""  # of someone with two-step sign-in on


def make_world() -> World:
    """Two teams, an admin, and one of everything (an offer to hire, a stopped follow-along, an import...)."""
    north, south = make_team("North"), make_team("South")
    ana = make_user("specialist", team=north, name="Ana Active")
    lee = make_user("team_lead", team=north, name="Lee Lead")
    ada = make_user("admin", name="Ada Admin")
    olga = make_user("specialist", team=south, name="Olga Other")
    make_user("specialist", team=north, name="Ben Gone", active=False)
    # Two-step sign-in: Lee has begun setting it up (a key, no code yet); Tess has it on.
    lee.totp_secret = totp.new_secret()
    tess = make_user("specialist", team=north, name="Tess Two-step", totp_secret=totp.new_secret(),
                     totp_enabled_at=utcnow())
    today = local_today()
    bakery = make_employer("Maple Street Bakery", industry="Hospitality", town="Northtown", owner_id=ana.id,
                           website="https://bakery.example.org")
    hotel = make_employer("Harbour Hotel", industry="Hospitality", owner_id=olga.id)
    archived = make_employer("Closed Café", archived_at=utcnow())
    person = ContactPerson(employer_id=bakery.id, name="Dee Manager", job_title="Hiring manager")
    db.session.add(person)
    baker = make_opening(bakery, title="Bakery assistant", hours_min=16, hours_max=30, pay_min=Decimal("12.50"),
                         competitive=True, industry="Hospitality")
    porter = make_opening(hotel, title="Hotel porter")
    make_opening(bakery, title="Bakery delivery driver")  # matched to nobody: a search for it offers "add"
    make_opening(hotel, title="Night porter", status="closed")
    pat = make_participant(ana, "Pat Example", referral_date=today - timedelta(days=60))
    db.session.add(CareerProfile(participant_id=pat.id, job_goals=["Baker"], industries=["Hospitality"]))
    quinn = make_participant(olga, "Quinn Other")
    cal = make_participant(ana, "Cal Closed", status="closed", closed_on=today - timedelta(days=400))
    db.session.flush()
    contact = make_contact(ana, bakery, participants=[pat], purpose="on_behalf", contact_person_id=person.id,
                           next_step="Call back", next_step_due=today)
    make_contact(olga, hotel, next_step="Visit", next_step_due=today)
    offer = make_job_match(pat, baker, status="offer")
    make_job_match(pat, porter, status="interested")
    start = make_job_start(pat, bakery, start_date=today - timedelta(days=20))
    stopped = make_job_start(pat, hotel, start_date=today - timedelta(days=90), support_stopped_on=today)
    support = make_support_contact(start, ana)
    batch = ImportBatch(kind="employers", filename="employers.csv", user_id=lee.id, counts={"rows": 0})
    db.session.add(batch)
    db.session.commit()
    ids = {"employer_id": [bakery.id, hotel.id, archived.id], "person_id": [person.id],
           "opening_id": [baker.id, porter.id], "participant_id": [pat.id, quinn.id, cal.id],
           "contact_id": [contact.id], "match_id": [offer.id], "start_id": [start.id, stopped.id],
           "support_id": [support.id], "team_id": [north.id, south.id], "user_id": [ana.id, olga.id, tess.id],
           "batch_id": [batch.id]}
    names = ["Maple Street Bakery", "Harbour Hotel", "Bakery assistant", "Hotel porter", "Pat Example",
             "Quinn Other", "Dee Manager"]
    return World({"specialist": ana, "team_lead": lee, "admin": ada}, ids, names, tess.email)


def valid_values(world: World) -> dict[str, str]:
    """A value each field accepts, by field name: filled in where the page leaves a field empty."""
    now = (datetime.now(local_zone()) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    today = local_today().isoformat()
    # The password is everyone's in the data set: a form that sets someone's password leaves them able to sign in.
    return {"name": "Sam Sample", "email": "sam.sample@example.org", "password": DEFAULT_PASSWORD,
            "employer_query": db.session.get(Employer, world.ids["employer_id"][0]).name,  # after any renaming
            "employer_id": str(world.ids["employer_id"][0]),
            "title": "Sample job", "job_title": "Sample job", "end_reason": "The contract ended",
            "contacted_at": now, "start_date": today, "referral_date": today, "end_date": today, "next_step_due": today,
            "phone": "01632 960123", "website": "https://example.org", "reason": "Too far"}


class Browser:
    """A test client used as one person (or nobody) with a browser: signs in again when a form signed it out."""

    def __init__(self, app, user: User | None):
        self.app, self.client = app, app.test_client()
        self.user_id = user.id if user else None
        self.token = ""
        self.sign_in()

    def sign_in(self) -> None:
        """Sign in through the login form (with its CSRF token) and keep the session's token."""
        self.client.delete_cookie(self.app.config["SESSION_COOKIE_NAME"])
        login = self.page("/login")
        if self.user_id is None:
            self.token = csrf_token(login)
            return
        email = db.session.get(User, self.user_id).email  # a form may have changed it
        response = self.client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD,
                                                    "csrf_token": csrf_token(login)})
        assert response.status_code == 302, f"{email} could not sign in"
        self.token = csrf_token(self.page("/account"))

    def still_signed_in(self) -> None:
        """Sign in again when the session has ended (signing out, a new password, a database put back...)."""
        with self.client.session_transaction() as session:
            identity = session.get("_user_id")
        user = db.session.get(User, self.user_id) if self.user_id else None
        if identity != (f"{user.id}:{user.session_token}" if user else None):
            self.sign_in()

    def page(self, url: str) -> PageParser:
        """GET url and read it."""
        return read_page(self.app, url, self.client.get(url).get_data(as_text=True))

    def send(self, method: str, url: str, pairs: list[tuple[str, object]]):
        """Send pairs to url as a browser would (with the CSRF token); any server error fails with the input."""
        data = MultiDict([(name, as_upload(value)) for name, value in pairs])
        try:
            if method == "GET":
                response = self.client.get(url, query_string=data) if data else self.client.get(url)
            else:
                data.setlist("csrf_token", [self.token])
                response = self.client.post(url, data=data)
            response.get_data()  # a streamed export runs to its end (and leaves its request context) here
            response.close()
        except Exception as exc:
            raise AssertionError(f"{method} {url} raised {type(exc).__name__}: {exc}\ninput: {pairs!r}") from exc
        assert response.status_code < 500, f"{method} {url} answered {response.status_code}\ninput: {pairs!r}"
        return response


def csrf_token(parser: PageParser) -> str:
    """The CSRF token of the first form on the page that has one."""
    for form in parser.forms:
        if "csrf_token" in form.fields:
            return form.fields["csrf_token"].value
    raise AssertionError(f"no CSRF token on {parser.url}")


class Snapshot:
    """The SQLite database as it is now, kept in memory and put back before an example so examples stay independent.

    The backup API copies the pages through a connection of our own while the app's pooled connections stay
    open (they hold no transaction between requests, and see the restored pages like any other write).
    """

    def __init__(self, app):
        path = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
        db.session.commit()
        self.live = sqlite3.connect(path, isolation_level=None)
        self.live.execute("PRAGMA synchronous=OFF")  # a test database: nothing to keep safe across a crash
        self.kept = sqlite3.connect(":memory:")
        self.live.backup(self.kept)
        self.dirty = False

    def restore(self) -> None:
        """Put the database back as it was when anything may have changed it; forget what the app caches."""
        from crm.employers.duplicates import forget_employer_names
        from crm.suggestions.index import suggestion_index

        if not self.dirty:
            return
        db.session.remove()
        self.kept.backup(self.live)
        forget_employer_names()
        suggestion_index.forget()
        self.dirty = False

    def close(self) -> None:
        self.live.close()
        self.kept.close()


def stage_import(browser: Browser, _world: World) -> None:
    """Upload a small file of employers and keep its columns: the import's column and preview pages then show."""
    upload = browser.send("POST", "/transfer/import/employers",
                          [("file", (b"Business name,Town\r\nNew Corner Shop,Northtown\r\n", "employers.csv"))])
    forms = [f for f in browser.page(upload.headers.get("Location", "/")).forms if f.endpoint == "transfer.mapping"]
    if forms:  # else not allowed to import
        browser.send("POST", forms[0].action, forms[0].defaults())


def await_code(browser: Browser, world: World) -> None:
    """Type the password of someone with two-step sign-in: the page asking for the code then shows."""
    if browser.user_id is None:
        login = browser.page("/login")
        browser.send("POST", "/login", [("email", world.two_step_email), ("password", DEFAULT_PASSWORD),
                                        ("csrf_token", csrf_token(login))])


# Addresses static/js/app.js builds (the walk reads no JavaScript): the address, and the kind of id it takes.
SCRIPT_ADDRESSES = {"/contacts/employer-notice?employer_id={}": "employer_id"}


def start_addresses(app, ids: dict[str, list[int]]) -> list[str]:
    """Where a walk starts: home, every GET page of the URL map with these ids, and the scripts' addresses."""
    scripts = [address.format(i) for address, name in SCRIPT_ADDRESSES.items() for i in ids.get(name, [])]
    return ["/", *seed_urls(app, ids), *scripts]


# Pages that show their form only after some steps: the endpoint of the page → what takes a browser there.
PREPARE = {"transfer.mapping": stage_import, "transfer.preview": stage_import, "auth.login_code": await_code}
_walks: dict[tuple, Site] = {}


def discover(app, world: World, role: str | None) -> tuple[Browser, Site]:
    """A browser signed in as role (None: nobody) and what it found walking the app.

    The walk only reads (but for the steps of PREPARE), and the data set is the same in every test (the same
    ids on both databases), so one walk per role serves every test of the session.
    """
    user = world.users.get(role)
    browser = Browser(app, user)
    for step in dict.fromkeys(PREPARE.values()):
        step(browser, world)
    key = (role, json.dumps(world.ids, sort_keys=True))
    if key not in _walks:
        _walks[key] = walk(browser.client, app, start_addresses(app, world.ids), word=SEARCH_WORD)
    return browser, _walks[key]


def base_values(form: Form, valid: dict[str, str]) -> dict[str, list]:
    """What each field sends as the page shows it, with a valid value where the page leaves it empty."""
    base: dict[str, list] = {}
    for name, value in form.defaults():
        base.setdefault(name, []).append(value or valid.get(name, ""))
    for name, f in form.fields.items():
        if f.kind == "button" and f.options:
            base[name] = [f.options[0]]
    return base


def all_ids(world: World) -> list[int]:
    """The ids of the data set, of every kind (a hidden id field gets other people's too)."""
    return [i for ids in world.ids.values() for i in ids]


# --- Storing probes through the forms and an import ------------------------------------------------------


def probed(form: Form, hidden: bool) -> list[str]:
    """The fields of form that get a probe: its free-text boxes, or its hidden fields that are not ids."""
    if hidden:
        return [n for n, f in form.fields.items() if f.kind == "hidden" and n != "csrf_token"
                and not n.endswith("_id") and not f.value.isdigit()]
    return [n for n, f in form.fields.items() if f.kind in FREE_TEXT]


_unique = itertools.count(1)


def fallback(name: str, valid: dict[str, str]) -> str:
    """The valid value of field name (made unique for names and addresses, which may have to be)."""
    n = next(_unique)
    if name == "email":
        return f"sample{n}@example.org"
    return f"{valid[name]} {n}" if name in ("name", "title", "job_title") else valid.get(name, "")


def store(browser: Browser, form: Form, probes: list[str], hidden: bool, valid: dict[str, str]) -> str | None:
    """Post form with probes in its text (or hidden) fields until it saves: what it refuses falls back to valid.

    Returns a problem, or None when the form took the probes or takes nothing in any case (a code, a password).
    """
    names = probed(form, hidden)
    if not names:
        return None
    browser.still_signed_in()
    base = base_values(form, valid)
    values = {n: [fitting(probes, form.fields[n].maxlength)] for n in names}
    for attempt in range(4):
        response = browser.send("POST", form.action, [(n, v) for n, vs in {**base, **values}.items() for v in vs])
        if response.status_code in (302, 303):
            return None
        page = read_page(browser.app, form.action, response.get_data(as_text=True))
        refused = {a.get("name") for _tag, a in page.tags if a.get("aria-invalid") == "true"}
        if attempt == 1:  # what the page does not mark: hidden fields, and boxes that want a certain format
            refused |= {n for n in values if form.fields[n].kind not in ("text", "textarea")}
        for n in refused & set(values):
            values[n] = [form.fields[n].value] if form.fields[n].value else [fallback(n, valid)]
        for n in refused & set(base) - set(values):  # a choice that does not suit: the next one
            others = [o for o in form.fields[n].options if o and o not in base[n]] if n in form.fields else []
            base[n] = others[:1] or base[n]
        for again in (f for f in page.forms if f.endpoint == form.endpoint and f.method == "POST"):
            # A box the answer adds ("Yes, this is a different business: create it anyway") is ticked.
            base.update({n: f.options[:1] for n, f in again.fields.items() if f.kind == "checkbox" and n not in base})
    if browser.send("POST", form.action, [(n, v) for n, vs in base.items() for v in vs]).status_code not in (302, 303):
        return None
    return f"{form.endpoint} ({form.action}) refused probes in {sorted(values)} even with valid values elsewhere"


def submit(browser: Browser, url: str, endpoint: str):
    """Post the form of the page at url that sends to endpoint, as the page fills it."""
    forms = [f for f in browser.page(url).forms if f.endpoint == endpoint and f.method == "POST"]
    assert forms, f"no form posting to {endpoint} on {url}"
    return browser.send("POST", forms[0].action, forms[0].defaults())


def import_probes(browser: Browser, kind: str, employer_id: int, problems: list[str]) -> None:
    """Import a file of kind whose text cells hold probes (people and openings at employer_id).

    The import's own pages (the preview, the problems file) must show them inert too; what they find goes in
    problems.
    """
    labels = {column.key: column.label for column in columns(kind)}
    header = [labels[key] for key in IMPORT_TEXT[kind]]
    # Names differ from the probes the forms stored: a row like an existing record would wait for a decision.
    cells = [fitting(PROBES, 20) if key == "postcode" else PROBES[0] + " imported" for key in IMPORT_TEXT[kind]]
    rows = [cells]
    if kind == "employers":  # a script address in the website column, on a row of its own (it is refused)
        header.append(labels["website"])
        rows = [[*cells, ""], ["Web Address Probe", *[""] * (len(cells) - 1), URL_PROBES[1]]]
    else:
        header, rows = [labels["employer_id"], *header], [[str(employer_id), *cells]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    upload = browser.send("POST", f"/transfer/import/{kind}", [("file", (buffer.getvalue().encode(), "p.csv"))])
    assert upload.status_code == 302, f"the {kind} file was refused"
    submit(browser, "/transfer/import/mapping", "transfer.mapping")
    for url in ("/transfer/import/preview", "/transfer/import/problems.csv"):
        problems += injections(fetch(browser.client, browser.app, url))
    confirm = next(f for f in browser.page("/transfer/import/preview").forms if f.endpoint == "transfer.preview")
    done = browser.send("POST", confirm.action, [(n, "create" if n.startswith("line_") else v)  # like ones there
                                                 for n, v in confirm.defaults()] + [("good_rows_only", "y")])
    assert done.status_code == 302 and "/imports/" in done.headers["Location"], f"the {kind} import did not run"
    batch = db.session.get(ImportBatch, int(done.headers["Location"].rsplit("/", 1)[1]))
    assert batch.counts["created"] == 1, f"the {kind} import created {batch.counts}"


def ids_in_database() -> dict[str, list[int]]:
    """Every id of every kind of record, under the URL argument names that take it."""
    kinds = {"employer_id": models.Employer, "person_id": models.ContactPerson, "opening_id": models.Opening,
             "participant_id": models.Participant, "contact_id": models.EmployerContact,
             "match_id": models.JobMatch, "start_id": models.JobStart, "support_id": models.SupportContact,
             "team_id": models.Team, "user_id": models.User, "batch_id": models.ImportBatch}
    return {name: list(db.session.scalars(select(model.id).order_by(model.id))) for name, model in kinds.items()}
