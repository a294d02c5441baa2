"""Two-step sign-in: codes with drift and replay, set-up, sign-in with a code, throttling, admins, reset."""

import pytest
from sqlalchemy import func, select

from crm.auth import totp
from crm.extensions import db
from crm.models import AuditEvent, LoginFailure
from crm.models.types import utcnow
from tests.conftest import sign_in
from tests.crm.auth.conftest import code_at
from tests.factories import DEFAULT_PASSWORD, make_user

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
sqlite_only = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
REQUIRED = pytest.mark.app_config(TOTP_REQUIRED_FOR_ADMINS=True)


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def with_two_step(user, last_counter=None):
    user.totp_secret, user.totp_enabled_at, user.totp_last_counter = SECRET, utcnow(), last_counter
    db.session.commit()
    return user


# --- codes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("steps, accepted", [(-2, False), (-1, True), (0, True), (1, True), (2, False)])
def test_one_step_of_clock_drift_is_allowed(steps, accepted):
    at = 1_800_000_010.0
    counter = totp.matching_counter(SECRET, code_at(SECRET, at, steps), at, None)
    assert counter == (totp.counter_at(at) + steps if accepted else None)


def test_a_used_code_is_refused():
    at = 1_800_000_010.0
    code = code_at(SECRET, at)
    counter = totp.matching_counter(SECRET, code, at, None)
    assert totp.matching_counter(SECRET, code, at, counter) is None
    assert totp.matching_counter(SECRET, code_at(SECRET, at, 1), at, counter) == counter + 1


@pytest.mark.parametrize("text, expected", [
    ("123456", "123456"), (" 123 456 ", "123456"), ("123-456", "123456"),
    ("12345", None), ("1234567", None), ("12345a", None), ("١٢٣٤٥٦", None), ("", None), (None, None),
])
def test_clean_code(text, expected):
    assert totp.clean_code(text) == expected


def test_secret_is_160_bits_and_shown_in_groups_of_four():
    secret = totp.new_secret()
    assert len(secret) == 32 and totp.grouped(secret).count(" ") == 7


# --- setting it up and turning it off ------------------------------------------------------------------------


@sqlite_only
def test_set_up_with_a_code_from_the_new_key(app, client, signed_in, clock):
    user = make_user()
    signed_in(user)
    assert client.get("/account/two-step/qr.svg").status_code == 404  # no key yet
    assert client.post("/account/two-step/start").status_code == 302
    db.session.refresh(user)
    page = client.get("/account/two-step").get_data(as_text=True)
    assert totp.grouped(user.totp_secret) in page and not user.two_step_on
    qr = client.get("/account/two-step/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.headers["Cache-Control"] == "no-store"
    response = client.post("/account/two-step/confirm", data={"code": "000000"})
    assert response.status_code == 400 and "That code does not match" in response.get_data(as_text=True)
    response = client.post("/account/two-step/confirm", data={"code": code_at(user.totp_secret, clock.at)})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.two_step_on and user.totp_last_counter == totp.counter_at(clock.at)
    assert client.get("/").status_code == 200  # this session carries on
    assert client.get("/account/two-step/qr.svg").status_code == 404  # the key is never shown again
    assert "totp_enabled" in actions()


@sqlite_only
def test_turn_off_needs_password_and_a_fresh_code(app, client, clock):
    user = with_two_step(make_user())
    sign_in(client, user)
    client.post("/login/code", data={"code": code_at(SECRET, clock.at)})
    fresh, used = code_at(SECRET, clock.at, 1), code_at(SECRET, clock.at)
    response = client.post("/account/two-step/off", data={"password": "wrong", "code": fresh})
    assert response.status_code == 400 and "That is not your password" in response.get_data(as_text=True)
    response = client.post("/account/two-step/off", data={"password": DEFAULT_PASSWORD, "code": used})
    assert response.status_code == 400 and "used already" in response.get_data(as_text=True)  # the sign-in code
    response = client.post("/account/two-step/off", data={"password": DEFAULT_PASSWORD, "code": fresh})
    assert response.status_code == 302
    db.session.refresh(user)
    assert not user.two_step_on and user.totp_secret is None
    assert actions().count("totp_disabled") == 1


# --- signing in with a code ----------------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_after_the_password(app, client, clock):
    user = with_two_step(make_user())
    response = client.post("/login?next=/employers/", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    assert client.get("/").status_code == 302  # not signed in yet
    assert "login" not in actions()
    response = client.post("/login/code", data={"code": code_at(SECRET, clock.at)})
    assert response.status_code == 302 and response.headers["Location"] == "/employers/"
    assert client.get("/").status_code == 200
    assert actions().count("login") == 1
    db.session.refresh(user)
    assert user.totp_last_counter == totp.counter_at(clock.at)
    client.post("/logout")
    sign_in(client, user)
    response = client.post("/login/code", data={"code": code_at(SECRET, clock.at)})
    assert response.status_code == 401 and "used already" in response.get_data(as_text=True)  # no replay


@sqlite_only
def test_wrong_codes_count_towards_the_password_throttle(app, client, clock):
    user = with_two_step(make_user())
    client.post("/login", data={"email": user.email, "password": "wrong password"})
    sign_in(client, user)
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        response = client.post("/login/code", data={"code": "000000"})
        assert response.status_code == 401
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == app.config["LOGIN_MAX_FAILURES"]
    response = client.post("/login/code", data={"code": code_at(SECRET, clock.at)})  # right, but too late
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Too many failed attempts" in client.get("/login").get_data(as_text=True)
    assert client.get("/login/code").status_code == 302  # the half-finished sign-in is gone
    assert actions().count("login_second_step_failed") == app.config["LOGIN_MAX_FAILURES"] - 1
    assert "login_throttled" in actions() and "login" not in actions()


@sqlite_only
def test_the_code_step_lasts_five_minutes(app, client, clock):
    user = with_two_step(make_user())
    sign_in(client, user)
    clock.advance(minutes=5, seconds=1)
    response = client.post("/login/code", data={"code": code_at(SECRET, clock.at)})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "More than 5 minutes passed" in client.get("/login").get_data(as_text=True)


@sqlite_only
def test_code_step_without_a_password_goes_to_sign_in(app, client):
    assert client.get("/login/code").headers["Location"] == "/login"
    assert client.post("/login/code", data={"code": "123456"}).headers["Location"] == "/login"


# --- administrators ------------------------------------------------------------------------------------------


@REQUIRED
@sqlite_only
def test_admin_must_set_up_before_anything_else(app, client, signed_in, clock):
    admin = make_user("admin")
    signed_in(admin)
    for path in ("/", "/admin/users", "/account", "/employers/"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/account/two-step", path
    response = client.get("/employers/typeahead?employer=a", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == "/account/two-step"
    assert "Administrators must use two-step sign-in" in client.get("/account/two-step").get_data(as_text=True)
    client.post("/account/two-step/start")
    db.session.refresh(admin)
    client.post("/account/two-step/confirm", data={"code": code_at(admin.totp_secret, clock.at)})
    assert client.get("/admin/users").status_code == 200
    response = client.post("/account/two-step/off", data={"password": DEFAULT_PASSWORD,
                                                          "code": code_at(admin.totp_secret, clock.at, 1)})
    assert response.status_code == 400 and "must keep two-step sign-in on" in response.get_data(as_text=True)
    assert client.post("/logout").status_code == 302


@REQUIRED
@sqlite_only
def test_admin_resets_a_lost_phone(app, client, signed_in, clock):
    admin = with_two_step(make_user("admin"), last_counter=0)
    colleague = with_two_step(make_user("admin", email="colleague@example.org"))
    sign_in(client, admin)
    client.post("/login/code", data={"code": code_at(SECRET, clock.at)})
    page = client.get(f"/admin/users/{colleague.id}").get_data(as_text=True)
    assert "Reset two-step sign-in for" in page
    assert client.post(f"/admin/users/{admin.id}/two-step/reset").status_code == 302  # not one's own
    response = client.post(f"/admin/users/{colleague.id}/two-step/reset")
    assert response.headers["Location"] == f"/admin/users/{colleague.id}"
    db.session.refresh(colleague)
    db.session.refresh(admin)
    assert not colleague.two_step_on and admin.two_step_on
    reset = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "totp_reset")).all()
    assert [(e.user_id, e.object_id) for e in reset] == [(admin.id, str(colleague.id))]


def test_audit_events_never_hold_the_secret_or_a_code(app, client, signed_in, clock):
    user = make_user()
    signed_in(user)
    client.post("/account/two-step/start")
    db.session.refresh(user)
    code = code_at(user.totp_secret, clock.at)
    client.post("/account/two-step/confirm", data={"code": "999999"})
    client.post("/account/two-step/confirm", data={"code": code})
    for event in db.session.scalars(select(AuditEvent)):
        text = f"{event.detail} {event.fields} {event.object_id}"
        assert user.totp_secret not in text and code not in text and "999999" not in text


@pytest.mark.parametrize("required", [True, False])
@sqlite_only
def test_demo_sign_in_text_says_what_the_admin_meets(app, required):
    from crm.demo import seed
    from crm.demo.staff import ADMIN_EMAIL, DEMO_PASSWORD

    app.config["TOTP_REQUIRED_FOR_ADMINS"] = required
    make_user("admin", email=ADMIN_EMAIL, password=DEMO_PASSWORD)
    message = seed(if_empty=True)
    assert ("is asked to add the app to an authenticator app" in message) is required
    assert ("not required for administrators" in message) is not required
