"""Bad input everywhere (issue 7, item 4): every form and query parameter, found by walking the app.

Each role signs in, walks the GET pages of the URL map (with the ids of a small data set) and the links and
forms on them, and learns every form's fields from the HTML (tests.webforms). Hypothesis then posts random and
hostile values (tests.hostile) to each form with a valid CSRF token, and puts them in the query parameters of
every page that reads some: nothing may answer 500, and SQL metacharacters in searches are plain text. Script
and HTML probes saved through every form and an import must come back inert on every page and export.
A form added later is fuzzed without a change here; a page with a form that the walk cannot reach fails the
first test. The helpers are in tests/crm/hostile_world.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from crm.extensions import db
from crm.models import User
from tests.crm.hostile_world import (
    IMPORT_TEXT,
    PREPARE,
    SEARCH_WORD,
    Browser,
    Snapshot,
    World,
    all_ids,
    base_values,
    discover,
    ids_in_database,
    import_probes,
    make_world,
    start_addresses,
    store,
    valid_values,
)
from tests.factories import make_participant, make_user
from tests.hostile import PROBES, SQL, URL_PROBES, edge_submissions, form_pairs, injections, sendable, shows_probe
from tests.webforms import Field, Form, Page, PageParser, Site, endpoint_of, walk

# The test config turns CSRF off; here every form is posted as a browser would, with its token.
HOSTILE_CONFIG = pytest.mark.app_config(WTF_CSRF_ENABLED=True)
sqlite_only = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
ROLES = ("specialist", "team_lead", "admin")
FORM_EXAMPLES = 10
QUERY_EXAMPLES = 8
EXAMPLES = {"deadline": None, "derandomize": True, "database": None,
            "suppress_health_check": list(HealthCheck)}
# Query strings that are not what a form sends: bad percent escapes, bytes that are not UTF-8, odd separators.
RAW_QUERIES = ["q=%", "q=%zz", "q=%FF%FE", "page=%00", "q=%C0%80", "a=1&&&=2", "q[]=1&q[]=2", "=", "&",
               "q=" + "%25" * 500]
# Searches that are all SQL punctuation (no letters: the employer search also matches names loosely) and two
# classic injections. NUL is left out: it is dropped from all input (crm.security), leaving an empty search.
METACHARACTERS = [text for text in SQL if text.strip("\x00") and not any(ch.isalnum() for ch in text)] + [
    "' OR '1'='1", "%' OR 1=1 --"]
# Endpoints that take a POST but show no form of their own on a page the walk reaches, and where they are tested.
NOT_ON_A_PAGE = {"auth.two_step_off": "shown only after signing in with a code: tests/crm/auth/test_two_step.py"}


@HOSTILE_CONFIG
@sqlite_only
def test_every_form_is_reached_and_none_answers_a_server_error(app, blns):
    """Walk as nobody and as each role; then post hostile values to each kind of form once."""
    world = make_world()
    naughty = sendable(blns)
    valid = valid_values(world)
    found = {role: discover(app, world, role) for role in (None, *ROLES)}
    reached = set().union(*(site.reached() for _, site in found.values()))
    posted = {f.endpoint for _, site in found.values() for f in site.forms if f.method == "POST"}
    missing_pages, missing_forms = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        if "GET" in rule.methods and rule.endpoint not in reached:
            missing_pages.append(f"{rule.endpoint} ({rule.rule})")
        if "POST" in rule.methods and rule.endpoint not in posted | set(NOT_ON_A_PAGE):
            missing_forms.append(f"{rule.endpoint} ({rule.rule})")
    assert not missing_pages, ("No role reached these pages: give make_world() the objects they need, or link "
                               f"them from a page: {sorted(missing_pages)}")
    assert not missing_forms, ("No page the walk reached shows a form that posts to these endpoints: give "
                               "make_world() the objects in the state that shows the form, or list the endpoint "
                               f"in NOT_ON_A_PAGE with where it is tested: {sorted(missing_forms)}")
    snapshot = Snapshot(app)
    fuzzed: set[tuple] = set()
    try:
        for browser, site in found.values():
            for form in site.distinct_forms():
                if form.method != "POST" or form.signature in fuzzed:
                    continue
                fuzzed.add(form.signature)
                base = base_values(form, valid)
                fuzz_form(browser, form, base, form_pairs(form, base, all_ids(world), naughty), snapshot,
                          PREPARE.get(endpoint_of(app, form.page)), world)
    finally:
        snapshot.close()


def fuzz_form(browser: Browser, form: Form, base: dict, pairs: st.SearchStrategy, snapshot: Snapshot, prepare,
              world: World) -> None:
    """Post FORM_EXAMPLES hostile submissions of form, and its edge values, each to the database as it was;
    open the page each saved submission leads to."""

    def post(drawn):
        snapshot.restore()
        browser.still_signed_in()
        if prepare:
            prepare(browser, world)
        snapshot.dirty = True  # until the answer shows that nothing was saved
        response = browser.send("POST", form.action, drawn)
        snapshot.dirty = response.status_code < 400
        if response.status_code in (302, 303) and response.headers["Location"].startswith("/"):
            browser.send("GET", response.headers["Location"], [])  # the page that shows what was saved

    settings(max_examples=FORM_EXAMPLES, **EXAMPLES)(given(drawn=pairs)(post))()
    for drawn in edge_submissions(form, base):
        post(drawn)


def query_forms(site: Site) -> list[Form]:
    """For each page that reads query parameters: a GET form of them, from its own form or from its links."""
    forms: dict[str, Form] = {}
    for form in site.distinct_forms():
        if form.method == "GET" and form.endpoint:
            forms.setdefault(form.endpoint, form)
    for page in site.pages.values():
        names = site.query_names.get(page.endpoint)
        if page.status != 200 or not names:
            continue
        form = forms.setdefault(page.endpoint, Form(page.url, page.url.split("?")[0], "GET", "", {},
                                                    page.endpoint))
        for name in sorted(names - set(form.fields)):
            form.fields[name] = Field(name, "text")
        form.fields.setdefault("page", Field("page", "number"))
    return list(forms.values())


@HOSTILE_CONFIG
def test_query_parameters_never_answer_a_server_error(app, blns):
    """Hostile values in every search box, filter and page number, as each role, on both databases."""
    world = make_world()
    naughty = sendable(blns)
    fuzzed = set()
    for role in reversed(ROLES):  # an administrator's pages read the most parameters (the team review's team)
        browser, site = discover(app, world, role)
        for form in query_forms(site):
            if form.endpoint in fuzzed:
                continue
            fuzzed.add(form.endpoint)
            base = {name: [value] for name, value in form.defaults()}
            fuzz_query(browser, form, base, form_pairs(form, base, all_ids(world), naughty, skip=frozenset()))
            for raw in RAW_QUERIES:
                browser.send("GET", f"{form.action.split('?')[0]}?{raw}", [])


def fuzz_query(browser: Browser, form: Form, base: dict, pairs: st.SearchStrategy) -> None:
    """Send QUERY_EXAMPLES hostile query strings, and the edge values, to the page of form."""

    def get(drawn):
        browser.send("GET", form.action.split("?")[0], drawn)

    settings(max_examples=QUERY_EXAMPLES, **EXAMPLES)(given(drawn=pairs)(get))()
    for drawn in edge_submissions(form, base):
        get(drawn)


def names_shown(browser: Browser, form: Form, name: str, text: str, world: World) -> set[str]:
    """The data set's names on the page a GET form leads to with text typed in its field name."""
    pairs = [(key, value) for key, value in form.defaults() if key != name] + [(name, text)]
    response = browser.send("GET", form.action.split("?")[0], pairs)
    assert response.status_code == 200, f"a search for {text!r} in {name} of {form.action}: {response.status_code}"
    body = response.get_data(as_text=True)
    return {shown for shown in world.names if str(escape(shown)) in body}


@HOSTILE_CONFIG
def test_sql_metacharacters_in_searches_only_find_themselves(app):
    """A search for "%", "_", a quote or a comment is a normal search that finds nothing here (no name has them)."""
    world = make_world()
    checked, found_something = set(), False
    for role in reversed(ROLES):
        browser, site = discover(app, world, role)
        for form in site.distinct_forms():
            for name, f in form.fields.items() if form.method == "GET" else ():
                if f.kind not in ("text", "search") or (form.endpoint, name) in checked:
                    continue
                checked.add((form.endpoint, name))
                nothing = names_shown(browser, form, name, "zq-nothing-qz", world)
                found_something |= names_shown(browser, form, name, SEARCH_WORD, world) > nothing
                for text in METACHARACTERS:
                    shown = names_shown(browser, form, name, text, world)
                    assert shown <= nothing, (f"a search for {text!r} in {name} on {form.action} found "
                                              f"{sorted(shown - nothing)}")
    assert checked and found_something, "no search box found, or none finds anything: the check proves nothing"


# --- Stored probes come back inert ----------------------------------------------------------------------

# Pages that must show the probes (else the test stored less than it meant to, and proves little).
SHOWN_ON = {"main.home", "employers.index", "employers.page", "openings.index", "openings.page", "participants.page",
            "contacts.index", "jobs.start_page", "review.index", "admin.users", "admin.teams",
            "transfer.export_employers", "transfer.export_openings", "transfer.export_contacts", "transfer.batch",
            "contacts.next_steps_ics", "contacts.employer_notice"}


@HOSTILE_CONFIG
@sqlite_only
def test_stored_probes_come_back_inert_on_every_page(app):
    """Probes typed into every text field of every form, and imported, show as text on every page and export."""
    world = make_world()
    found = {role: discover(app, world, role) for role in ROLES}
    problems: list[str] = []
    # The markup probe goes in last, so that what edit forms keep is the markup.
    for probes, hidden in ((URL_PROBES, False), (PROBES, False), (PROBES, True)):
        done = set()
        for browser, site in found.values():
            for form in site.distinct_forms():
                if form.method == "POST" and form.signature not in done:
                    done.add(form.signature)
                    problems += filter(None, [store(browser, form, probes, hidden, valid_values(world))])
    lead = found["team_lead"][0]
    lead.still_signed_in()
    for kind in IMPORT_TEXT:
        import_probes(lead, kind, world.ids["employer_id"][0], problems)
    assert not problems, "\n".join(problems)
    ids, shown_on = ids_in_database(), set()
    for role in ROLES:
        browser = Browser(app, db.session.get(User, world.users[role].id))
        site = walk(browser.client, app, start_addresses(app, ids), word="alert")
        for page in site.pages.values():
            problems += injections(page)
            if shows_probe(page):
                shown_on.add(page.endpoint)
    assert not problems, "\n".join(sorted(set(problems)))
    missing = SHOWN_ON - shown_on
    assert not missing, f"the probes never showed on {sorted(missing)}: they were not stored, or the walk missed them"


@pytest.mark.parametrize("text, content_type, found", [
    ('<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="/employers/1">x</a></p>', "text/html", 0),
    ('<script src="/static/js/app.js"></script><script type="application/json">{"a": "\\u003c"}</script>',
     "text/html", 0),
    ("<p><script>alert(1)</script></p>", "text/html", 1),
    ('<input value=""><img src=x onerror=alert(1)>">', "text/html", 2),
    ('<a href=" java\tscript:alert(1)">x</a>', "text/html", 1),
    ('<a href="/x" onclick="x()">x</a><svg onload=x>', "text/html", 3),
    ("<p>t49t</p>", "text/html", 1),
    ("\ufeffName,Pay\r\n'=1+1,-0.12\r\n@SUM(1),12\r\n", "text/csv", 1),
    ("BEGIN:VCALENDAR\r\nSUMMARY:a\\nb\r\n c\r\nEND:VCALENDAR\r\n", "text/calendar", 0),
    ("BEGIN:VCALENDAR\r\nSUMMARY:a\r\nATTACH:x\r\nEND:VCALENDAR\r\n", "text/calendar", 1),
])
def test_the_page_checks_find_what_they_look_for(text, content_type, found):
    page = Page("/x", "x", 200, content_type, text)
    if content_type == "text/html":
        page.parsed = PageParser("/x")
        page.parsed.feed(text)
    assert len(injections(page)) == found, injections(page)


@sqlite_only
@pytest.mark.parametrize("query", ["_external=1&_scheme=javascript&x=%0Aalert(1)", "_method=", "endpoint=x",
                                   "_anchor=%22%3E"])
def test_links_that_keep_a_lists_filters_ignore_what_url_for_reads_itself(app, signed_in, query):
    """?_method= and ?endpoint= made these lists fail (BuildError, TypeError); ?_external= made the link absolute."""
    client = signed_in(make_user("team_lead"))
    for path in ("/employers/", "/openings/", "/contacts/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, (path, query)
        body = response.get_data(as_text=True)
        assert "javascript" not in body and "//localhost/transfer" not in body, (path, query)


@sqlite_only
@pytest.mark.parametrize("value", ["1" * 400, "-" + "9" * 309, "1" * 16])
def test_a_whole_number_too_long_to_mean_is_refused(app, signed_in, value):
    """Python reads a whole number of any length; WTForms' NumberRange then raised OverflowError (a server error)."""
    client = signed_in(make_user("admin"))
    response = client.post("/admin/settings", data={"erase_closed_after_months": value, "caseload_target": value})
    assert response.status_code == 400
    assert "Not a valid integer value." in response.get_data(as_text=True)


@sqlite_only
@pytest.mark.parametrize("value", ["sNaN", "-sNaN", "NaN", "Infinity"])
def test_not_a_number_is_refused_like_any_other_text(app, signed_in, value):
    """Decimal reads "sNaN", and WTForms' NumberRange then raised ValueError (a server error)."""
    client = signed_in(make_user("admin"))
    response = client.post("/admin/settings", data={"minimum_hourly_wage": value})
    assert response.status_code == 400
    assert "Not a valid decimal value." in response.get_data(as_text=True)
    specialist = make_user("specialist")
    participant = make_participant(specialist)
    client = signed_in(specialist)
    response = client.post(f"/participants/{participant.id}/profile", data={"min_hourly_wage": value})
    assert response.status_code == 400
