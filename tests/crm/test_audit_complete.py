"""The audit trail is complete and append-only (issue 7, item 2).

Every action the app offers on participant data, every sign-in and sign-out, every failed or throttled sign-in and
every refusal (denied access, a CSRF failure) writes exactly the events listed for it below: who, role, action,
object and, for changes, the names of the changed fields; never note text or a password. Times are stored in UTC.
Text typed by a user cannot add an event or a line to the admin's audit log page. The database refuses to change
or delete an event, and the app never tries.

The table runs on SQLite only (what is written does not depend on the database); the UTC, forging and
append-only checks run on both databases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pyotp
import pytest
from sqlalchemy import delete, event, func, select, update
from sqlalchemy.exc import DBAPIError

from crm import audit
from crm.extensions import db
from crm.formatting import local_today, local_zone
from crm.models import (
    AuditEvent,
    CareerProfile,
    EmployerContact,
    JobMatch,
    JobStart,
    LoginFailure,
    Participant,
    SupportContact,
)
from crm.models.types import utcnow
from tests.conftest import PROJECT_ROOT, sign_in
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

sqlite_only = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)

NOTE = "Private: Jo told me about her medication"  # typed into notes; must never reach the audit trail
NEW_PASSWORD = "a brand new passphrase 4 audit"  # noqa: S105 - test-only password
FORGED = "\r\n2026-01-01 12:00:00 admin@example.org admin login user 1\n"
APPEND_ONLY_MESSAGE = "audit events cannot be changed or deleted"


def newest(model) -> Callable[[dict], int]:
    """The id of the newest row of model, looked up after the request (for an object the request created)."""
    return lambda _w: db.session.scalar(select(func.max(model.id)))


@dataclass
class Expected:
    """One audit event a request must write: action, object type, object (a name in the world or a lookup)."""

    action: str
    object_type: str | None
    object: str | Callable | None = None
    fields: list[str] | None = None  # checked when given (always for updates)
    actor: str | None = "acting"  # the signed-in user by default; None for nobody


@dataclass
class Case:
    """A request as a user makes it, and exactly the audit events it must write."""

    name: str
    actor: str | None
    method: str
    url: str
    expected: list[Expected]
    data: dict | Callable | None = None
    prepare: Callable | None = None  # runs before the request, its events not counted
    status: int | None = None

    def __str__(self):
        return self.name


def local_minute(moment: datetime) -> str:
    """moment as a datetime-local form value in the deployment's zone."""
    return moment.astimezone(local_zone()).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def world(app) -> dict:
    """A small service: a team with a specialist (Sam), a colleague and a team lead, an admin, another team's
    specialist; Sam's participants with a job match at offer, a job start with a support contact, a contact on
    their behalf; openings at a cafe."""
    today = local_today()
    team, other_team = make_team(), make_team()
    sam = make_user("specialist", team=team, email="sam@example.org")
    colleague = make_user("specialist", team=team)
    lee = make_user("team_lead", team=team)
    ada = make_user("admin")
    olga = make_user("specialist", team=other_team)
    cafe = make_employer("Bean There Cafe")
    barista = make_opening(cafe, title="Coffee shop barista", pay_min=Decimal("12.50"))
    porter = make_opening(cafe, title="Kitchen porter")
    kennel = make_opening(cafe, title="Kennel assistant")
    dishwasher = make_opening(cafe, title="Dishwasher")
    pat = make_participant(sam, name="Pat Example", status="working", referral_date=today - timedelta(days=60))
    pat.profile = CareerProfile(job_goals=["barista"])
    cole = make_participant(sam, name="Cole Closed", status="closed", referral_date=today - timedelta(days=900),
                            closed_on=today - timedelta(days=400))
    pia = make_participant(olga, name="Pia Other")
    start = make_job_start(pat, cafe, job_title="Barista", start_date=today - timedelta(days=10))
    stopped = make_job_start(pat, cafe, job_title="Cleaner", start_date=today - timedelta(days=20),
                             support_stopped_on=today - timedelta(days=1))
    minute = utcnow().replace(second=0, microsecond=0) - timedelta(hours=1)
    support = make_support_contact(start, sam, contacted_at=minute, notes=NOTE)
    contact = make_contact(sam, cafe, contacted_at=minute, purpose="on_behalf", participants=[pat], notes=NOTE)
    olgas_contact = make_contact(olga, cafe)
    w = dict(today=today, team=team, sam=sam, colleague=colleague, lee=lee, ada=ada, olga=olga, cafe=cafe,
             barista=barista, kennel=kennel, dishwasher=dishwasher, pat=pat, cole=cole, pia=pia, start=start,
             stopped=stopped, support=support, contact=contact, olgas_contact=olgas_contact,
             offer=make_job_match(pat, porter, "offer"), interested=make_job_match(pat, kennel, "interested"))
    db.session.commit()
    return w


def _contact_form(w, **changes) -> dict:
    return {"employer_query": w["cafe"].name, "employer_id": w["cafe"].id, "contacted_at": local_minute(utcnow()),
            "mode": "in_person", "purpose": "on_behalf", "contact_person_id": 0, "participant_ids": [w["pat"].id],
            "notes": NOTE + FORGED, "outcome": "", "next_step": "", "next_step_due": "", **changes}


def _support_form(w, **changes) -> dict:
    return {"contacted_at": local_minute(w["support"].contacted_at), "mode": "in_person",
            "with_whom": ["participant"], "notes": NOTE, **changes}


def _throttle(client, w) -> None:
    from crm.auth.services import failure_key

    key = failure_key(w["sam"].email)
    db.session.add_all(LoginFailure(key_hash=key) for _ in range(w["app"].config["LOGIN_MAX_FAILURES"]))


def _two_step(client, w) -> None:
    w["sam"].totp_secret = pyotp.random_base32()
    w["sam"].totp_enabled_at = utcnow()
    db.session.commit()
    response = client.post("/login", data={"email": w["sam"].email, "password": DEFAULT_PASSWORD})
    assert response.headers["Location"].endswith("/login/code")


def _right_code(w) -> dict:
    return {"code": pyotp.TOTP(w["sam"].totp_secret).now()}


def _csrf_on(client, w) -> None:
    w["app"].config["WTF_CSRF_ENABLED"] = True


PAT, START = "{pat.id}", "{start.id}"
VIEW_PAT = [Expected("view", "participant", "pat")]

CASES = [
    # --- participants: the caseload, a person's page and forms, changes, privacy requests ---
    Case("caseload list", "sam", "get", "/participants/", [Expected("view", "caseload", "sam")]),
    Case("my week", "sam", "get", "/", [Expected("view", "caseload", "sam")]),
    Case("new participant form (shows no one)", "sam", "get", "/participants/new", []),
    Case("add a participant", "sam", "post", "/participants/new",
         [Expected("create", "participant", newest(Participant), ["name", "referral_date", "status"])],
         data=lambda w: {"name": "Jo New" + FORGED, "referral_date": w["today"].isoformat(), "status": "job_search"}),
    Case("participant page", "sam", "get", f"/participants/{PAT}", VIEW_PAT),
    Case("details form", "sam", "get", f"/participants/{PAT}/edit", VIEW_PAT),
    Case("change details", "sam", "post", f"/participants/{PAT}/edit",
         [Expected("update", "participant", "pat", ["name"])],
         data=lambda w: {"name": "Pat Changed", "referral_date": w["pat"].referral_date.isoformat(),
                         "status": "working"}),
    Case("career profile form", "sam", "get", f"/participants/{PAT}/profile", VIEW_PAT),
    Case("change career profile", "sam", "post", f"/participants/{PAT}/profile",
         [Expected("update", "participant", "pat", ["profile.benefits_notes"])],
         data={"job_goals": "barista", "benefits_notes": NOTE + FORGED, "disclosure": "undecided", "remote": ""}),
    Case("reassign form", "lee", "get", f"/participants/{PAT}/reassign", VIEW_PAT),
    Case("reassign", "lee", "post", f"/participants/{PAT}/reassign",
         [Expected("update", "participant", "pat", ["specialist_id"])],
         data=lambda w: {"specialist_id": w["colleague"].id}),
    Case("download record (JSON)", "sam", "get", f"/participants/{PAT}/record.json",
         [Expected("privacy_export", "participant", "pat")]),
    Case("download record (CSV)", "lee", "get", f"/participants/{PAT}/record.csv",
         [Expected("privacy_export", "participant", "pat")]),
    Case("erase form", "ada", "get", "/participants/{cole.id}/erase", [Expected("view", "participant", "cole")]),
    Case("erase", "ada", "post", "/participants/{cole.id}/erase",
         [Expected("participant_erased", "participant", "cole")], data={"confirm": "y"}),
    Case("due for erasure list", "ada", "get", "/admin/due-for-erasure", [Expected("view", "due_for_erasure")]),
    # --- suggestions, reviewed together, decisions, who might an opening suit ---
    Case("suggestions", "sam", "get", f"/participants/{PAT}/suggestions", VIEW_PAT),
    Case("suggestions together", "sam", "get", f"/participants/{PAT}/suggestions/together", VIEW_PAT),
    Case("decision on a suggestion", "sam", "post", f"/participants/{PAT}/suggestions/{{barista.id}}",
         [Expected("create", "job_match", newest(JobMatch), ["reason", "status"]),
          Expected("update", "participant", "pat", ["job_matches"])],
         data={"decision": "not_for_me", "reason": NOTE + FORGED}),
    Case("who might this suit", "sam", "get", "/openings/{barista.id}/who-might-this-suit", VIEW_PAT),
    # --- job matches, job starts, follow-along ---
    Case("jobs page", "sam", "get", f"/jobs/participants/{PAT}", VIEW_PAT),
    Case("move a job match", "sam", "post", "/jobs/matches/{interested.id}/step",
         [Expected("update", "job_match", "interested", ["status"]),
          Expected("update", "participant", "pat", ["job_matches"])], data={"status": "applied"}),
    Case("add a job match form", "sam", "get", f"/jobs/participants/{PAT}/matches/new", VIEW_PAT),
    Case("add a job match", "sam", "post", f"/jobs/participants/{PAT}/matches/new",
         [Expected("create", "job_match", newest(JobMatch), ["opening_id", "participant_id", "status"]),
          Expected("update", "participant", "pat", ["job_matches"])],
         data=lambda w: {"opening_id": w["dishwasher"].id}),
    Case("hire form", "sam", "get", "/jobs/matches/{offer.id}/hire", VIEW_PAT),
    Case("hire", "sam", "post", "/jobs/matches/{offer.id}/hire",
         [Expected("update", "job_match", "offer", ["status"]),
          Expected("create", "job_start", newest(JobStart)),
          Expected("update", "participant", "pat", ["job_matches", "job_starts"])],
         data=lambda w: {"job_title": "Porter", "start_date": w["today"].isoformat(), "hours_per_week": "16",
                         "hourly_pay": "12.50"}),
    Case("job start form", "sam", "get", f"/jobs/participants/{PAT}/starts/new", VIEW_PAT),
    Case("record a job start", "sam", "post", f"/jobs/participants/{PAT}/starts/new",
         [Expected("create", "job_start", newest(JobStart)),
          Expected("update", "participant", "pat", ["job_starts"])],
         data=lambda w: {"employer_query": w["cafe"].name, "employer_id": w["cafe"].id, "job_title": "Dishwasher",
                         "start_date": w["today"].isoformat(), "hours_per_week": "10", "hourly_pay": "12.50"}),
    Case("job start page", "sam", "get", f"/jobs/starts/{START}", [Expected("view", "job_start", "start")]),
    Case("support contact form", "sam", "get", f"/jobs/starts/{START}/support/new", VIEW_PAT),
    Case("log a support contact", "sam", "post", f"/jobs/starts/{START}/support/new",
         [Expected("create", "support_contact", newest(SupportContact)),
          Expected("update", "participant", "pat", ["support_contacts"])],
         data=lambda w: _support_form(w, contacted_at=local_minute(utcnow()), notes=NOTE + FORGED)),
    Case("support contact edit form", "sam", "get", "/jobs/support/{support.id}/edit", VIEW_PAT),
    Case("correct a support contact", "sam", "post", "/jobs/support/{support.id}/edit",
         [Expected("update", "support_contact", "support", ["notes"]),
          Expected("update", "participant", "pat", ["support_contacts"])],
         data=lambda w: _support_form(w, notes=NOTE + FORGED)),
    Case("end job form", "sam", "get", f"/jobs/starts/{START}/end", VIEW_PAT),
    Case("end a job", "sam", "post", f"/jobs/starts/{START}/end",
         [Expected("update", "job_start", "start", ["end_date", "end_reason"]),
          Expected("update", "participant", "pat", ["job_starts"])],
         data=lambda w: {"end_date": w["today"].isoformat(), "end_reason": NOTE + FORGED}),
    Case("stop follow-along", "sam", "post", f"/jobs/starts/{START}/stop",
         [Expected("update", "job_start", "start", ["support_stopped_on"]),
          Expected("update", "participant", "pat", ["job_starts"])]),
    Case("resume follow-along", "sam", "post", "/jobs/starts/{stopped.id}/resume",
         [Expected("update", "job_start", "stopped", ["support_stopped_on"]),
          Expected("update", "participant", "pat", ["job_starts"])]),
    # --- employer contacts on a participant's behalf ---
    Case("log a contact on their behalf", "sam", "post", "/contacts/log",
         [Expected("create", "employer_contact", newest(EmployerContact)),
          Expected("update", "participant", "pat", ["employer_contacts"])], data=_contact_form),
    Case("take them off a contact", "sam", "post", "/contacts/{contact.id}/edit",
         [Expected("update", "employer_contact", "contact", ["participants", "purpose"]),
          Expected("update", "participant", "pat", ["employer_contacts"])],
         data=lambda w: _contact_form(w, contacted_at=local_minute(w["contact"].contacted_at), participant_ids=[],
                                      purpose="follow_up", notes=NOTE)),
    # --- exports that hold participant data ---
    Case("contact log export", "sam", "get", "/transfer/export/contacts.csv",
         [Expected("export", "employer_contacts")]),
    Case("team review", "lee", "get", "/review/", [Expected("view", "team_review", "team")]),
    Case("team review export", "lee", "get", "/review/export/rapid-job-search.csv",
         [Expected("export", "team_review", "team", ["rapid-job-search"])]),
    # --- signing in and out ---
    Case("sign in", None, "post", "/login", [Expected("login", "user", "sam", actor="sam")],
         data={"email": "sam@example.org", "password": DEFAULT_PASSWORD}),
    Case("sign out", "sam", "post", "/logout", [Expected("logout", "user", "sam")]),
    Case("wrong password", None, "post", "/login", [Expected("login_failed", "user", "sam", actor=None)],
         data={"email": "sam@example.org", "password": NEW_PASSWORD}, status=401),
    Case("unknown account", None, "post", "/login", [Expected("login_failed", "user", None, actor=None)],
         data={"email": "nobody@example.org", "password": NEW_PASSWORD}, status=401),
    Case("sign-in form incomplete", None, "post", "/login", [Expected("login_failed", None, actor=None)],
         data={"email": "sam@example.org"}, status=401),
    Case("throttled sign-in", None, "post", "/login", [Expected("login_throttled", None, actor=None)],
         data={"email": "sam@example.org", "password": DEFAULT_PASSWORD}, prepare=_throttle, status=401),
    Case("sign-in code wrong", None, "post", "/login/code",
         [Expected("login_second_step_failed", "user", "sam", actor="sam")],
         data={"code": "000000"}, prepare=_two_step, status=401),
    Case("sign-in code right", None, "post", "/login/code", [Expected("login", "user", "sam", actor="sam")],
         data=_right_code, prepare=_two_step),
    Case("change password", "sam", "post", "/account/password", [Expected("update", "user", "sam", ["password"])],
         data={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD,
               "confirm_password": NEW_PASSWORD}),
    # --- refusals ---
    Case("someone else's participant (404)", "sam", "get", "/participants/{pia.id}",
         [Expected("denied", "participant", "pia")], status=404),
    Case("someone else's participant's jobs (404)", "sam", "post", "/jobs/participants/{pia.id}/matches/new",
         [Expected("denied", "participant", "pia")], data=lambda w: {"opening_id": w["barista"].id}, status=404),
    Case("someone else's contact (403)", "sam", "post", "/contacts/{olgas_contact.id}/edit",
         [Expected("denied", "employer_contact", "olgas_contact")], data=_contact_form, status=403),
    Case("a colleague's support contact (403)", "lee", "get", "/jobs/support/{support.id}/edit",
         [Expected("denied", "support_contact", "support")], status=403),
    Case("a page for admins (403)", "sam", "get", "/admin/users",
         [Expected("denied", "endpoint", lambda _w: "admin.users")], status=403),
    Case("CSRF failure", "sam", "post", f"/participants/{PAT}/edit", [Expected("csrf_failed", None)],
         data={"name": "Pat Forged"}, prepare=_csrf_on, status=400),
]


def _object_id(expected: Expected, w: dict) -> str | None:
    ref = expected.object
    if ref is None:
        return None
    value = ref(w) if callable(ref) else w[ref].id
    return str(value)


def _actor(expected: Expected, case: Case, w: dict):
    name = case.actor if expected.actor == "acting" else expected.actor
    return w[name] if name else None


def _statements_changing_audit_events(app, seen: list[str]):
    """Collect every UPDATE or DELETE on audit_event the app sends (the trigger would refuse it anyway)."""
    pattern = re.compile(r"^\s*(UPDATE|DELETE\s+FROM)\s+\"?audit_event\b", re.IGNORECASE)

    def listener(_conn, _cursor, statement, *_args):
        if pattern.match(statement):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    return listener


def _problems(case: Case, w: dict, response, written: list[AuditEvent], changes: list[str]) -> list[str]:
    """What is wrong with the response and the audit events a case's request wrote (nothing, as it should be)."""
    status = case.status or (200 if case.method == "get" else 302)
    if response.status_code != status:
        shown = re.findall(r"(?:invalid-feedback|alert)[^>]*>([^<]+)", response.get_data(as_text=True))
        return [f"{case}: answered {response.status_code}, not {status} {shown}"]
    problems = []
    got = sorted((e.action, e.object_type, e.object_id, e.user_id, e.user_role) for e in written)
    want = sorted((x.action, x.object_type, _object_id(x, w), getattr(_actor(x, case, w), "id", None),
                   getattr(_actor(x, case, w), "role", None)) for x in case.expected)
    if got != want:
        problems.append(f"{case}: wrote {got}, expected {want}")
    for expected in case.expected:
        if expected.fields is not None:
            fields = [e.fields for e in written if (e.action, e.object_type, e.object_id) ==
                      (expected.action, expected.object_type, _object_id(expected, w))]
            if fields != [expected.fields]:
                problems.append(f"{case}: {expected.action} {expected.object_type} fields {fields}")
    for written_event in written:
        stored = " ".join([*written_event.fields, written_event.detail or "", written_event.object_id or ""])
        if any(secret in stored for secret in (NOTE, "medication", "admin login", NEW_PASSWORD, DEFAULT_PASSWORD)) \
                or re.search(r"[\x00-\x1f]", stored):
            problems.append(f"{case}: typed text or a password reached the audit trail: {stored!r}")
    if changes:
        problems.append(f"{case}: the app tried to change or delete audit events: {changes}")
    return problems


def _perform(app, client, case: Case, w: dict) -> list[str]:
    """Sign in as the case's actor, make its request, and return what is wrong with the events it wrote."""
    if case.actor:
        assert sign_in(client, w[case.actor]).status_code == 302
    if case.prepare:
        case.prepare(client, w)
    db.session.commit()
    before = db.session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))
    data = case.data(w) if callable(case.data) else case.data
    changes: list[str] = []
    listener = _statements_changing_audit_events(app, changes)
    try:
        response = getattr(client, case.method)(case.url.format(**w), data=data)
        response.get_data()  # a streamed export writes as it is read
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    db.session.rollback()
    written = db.session.scalars(select(AuditEvent).where(AuditEvent.id > before).order_by(AuditEvent.id)).all()
    return _problems(case, w, response, written, changes)


# Requests that change nothing but the audit trail share one world (faster); each change gets a world of its own.
READS = [case for case in CASES if case.prepare is None and (case.method == "get" or case.status in (403, 404))]
CHANGES = [case for case in CASES if case not in READS]


@sqlite_only
def test_each_view_and_refusal_writes_exactly_its_audit_events(app, world):
    w = {**world, "app": app}
    problems = [problem for case in READS for problem in _perform(app, app.test_client(), case, w)]
    assert problems == []


@sqlite_only
@pytest.mark.parametrize("case", CHANGES, ids=str)
def test_each_change_and_sign_in_writes_exactly_its_audit_events(app, client, world, case):
    assert _perform(app, client, case, {**world, "app": app}) == []


@sqlite_only
def test_the_table_covers_every_endpoint_that_shows_or_changes_participant_data(app):
    """A new route on participants, jobs or suggestions must be added to the table above."""
    tested = {(case.method.upper(), re.sub(r"\{[^}]+\}", "<id>", case.url)) for case in CASES}
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("participants.", "jobs.", "suggestions.")):
            continue
        path = re.sub(r"<[^>]+>", "<id>", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, path) not in tested and (method, path.rstrip("/") or "/") not in tested:
                missing.append(f"{method} {path} ({rule.endpoint})")
    assert missing == []


def test_times_are_utc_and_typed_line_breaks_forge_nothing(app, client, world):
    """On both databases: stored times are aware UTC; notes with line breaks add no event, no table row."""
    w = world
    assert sign_in(client, w["sam"]).status_code == 302
    client.post("/contacts/log", data=_contact_form(w))
    client.post(f"/participants/{w['pat'].id}/profile",
                data={"job_goals": "barista", "benefits_notes": FORGED * 3, "disclosure": "undecided", "remote": ""})
    client.post("/participants/new", data={"name": "Jo" + FORGED, "referral_date": w["today"].isoformat(),
                                           "status": "job_search"})
    db.session.rollback()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.object_type) for e in events] == [
        ("login", "user"), ("create", "employer_contact"), ("update", "participant"), ("update", "participant"),
        ("create", "participant")]
    now = datetime.now(UTC)
    for stored in events:
        assert stored.at.tzinfo is not None and stored.at.utcoffset() == timedelta(0)
        assert now - timedelta(minutes=5) < stored.at <= now + timedelta(seconds=1)

    client.post("/logout")
    assert sign_in(client, w["ada"]).status_code == 302
    body = client.get("/admin/audit").get_data(as_text=True)
    table = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert table.count("<tr>") == len(events) + 2  # and Ada's sign-in, and Sam's sign-out
    assert "admin login" not in body and "medication" not in body and "Jo" not in table


@sqlite_only
def test_a_change_commits_its_events_once_and_a_rolled_back_one_none(app, client, monkeypatch):
    """A request's events commit with its work, one per action and object; work rolled back takes its events."""
    from crm import policy

    def probe():
        audit.record("update", "probe", 1, fields=["a"])
        db.session.rollback()  # e.g. a service refused the change: its event goes too
        audit.record("update", "probe", 2, fields=["b"], detail="first step")
        audit.record("update", "probe", 2, fields=["a", "b"], detail="second step")
        db.session.commit()
        return "ok"

    app.add_url_rule("/audit-probe", "audit_probe", probe, methods=["POST"])
    monkeypatch.setitem(policy.RULES, "audit_probe", policy.ANY_STAFF)
    user = make_user("specialist")
    assert sign_in(client, user).status_code == 302
    assert client.post("/audit-probe").status_code == 200
    db.session.rollback()
    probes = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "probe")).all()
    assert [(e.object_id, e.fields, e.detail, e.user_id) for e in probes] == [
        ("2", ["a", "b"], "first step; second step", user.id)]


@pytest.fixture
def stored_event(app) -> AuditEvent:
    """One audit event, committed."""
    user = make_user("specialist")
    written = audit.record("view", "participant", 41, fields=["name"], detail="as written", user=user)
    db.session.commit()
    return written


def _unchanged(event_id: int) -> None:
    db.session.rollback()
    row = db.session.execute(select(AuditEvent.action, AuditEvent.object_id, AuditEvent.detail)
                             .where(AuditEvent.id == event_id)).one()
    assert tuple(row) == ("view", "41", "as written")


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_the_database_refuses_to_change_or_delete_an_event(app, stored_event, statement):
    query = (update(AuditEvent).values(detail="rewritten") if statement == "update" else delete(AuditEvent))
    with pytest.raises(DBAPIError, match=APPEND_ONLY_MESSAGE):
        db.session.execute(query.where(AuditEvent.id == stored_event.id))
    _unchanged(stored_event.id)


def test_the_orm_cannot_change_or_delete_an_event_either(app, stored_event):
    event_id = stored_event.id
    stored_event.detail = "rewritten"
    with pytest.raises(DBAPIError, match=APPEND_ONLY_MESSAGE):
        db.session.commit()
    _unchanged(event_id)
    db.session.delete(db.session.get(AuditEvent, event_id))
    with pytest.raises(DBAPIError, match=APPEND_ONLY_MESSAGE):
        db.session.commit()
    _unchanged(event_id)


def test_the_app_has_no_code_that_changes_or_deletes_audit_events():
    """No UPDATE or DELETE of audit_event in crm/ (migrations aside), and no foreign key that would cascade."""
    pattern = re.compile(r"(update|delete)\(\s*AuditEvent|(UPDATE|DELETE\s+FROM)\s+\"?audit_event", re.IGNORECASE)
    offenders = [str(path.relative_to(PROJECT_ROOT)) for path in sorted((PROJECT_ROOT / "crm").rglob("*.py"))
                 if "migrations" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    for key in AuditEvent.__table__.foreign_keys:
        assert key.ondelete is None and key.onupdate is None  # deleting a user fails rather than rewrite events


def test_a_command_line_actor_is_shown_as_such(app, client):
    """Events of `flask backup` and `flask restore` have no staff member; the admin page says who acted."""
    admin = make_user("admin")
    audit.record("backup_written", "database", None, detail="crm.db, 1 bytes", user=audit.CLI)
    db.session.commit()
    assert sign_in(client, admin).status_code == 302
    body = client.get("/admin/audit", query_string={"action": "backup_written"}).get_data(as_text=True)
    assert "A command on the server" in body and "<td>cli</td>" in body

