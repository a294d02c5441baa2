"""Signing in and out: generic errors, throttling, audit events, bad input."""

import pytest
from sqlalchemy import func, select

from crm.auth.services import GENERIC_LOGIN_ERROR
from crm.auth.views import safe_next
from crm.extensions import db
from crm.models import AuditEvent, LoginFailure
from tests.conftest import sign_in
from tests.factories import DEFAULT_PASSWORD, make_user


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


@pytest.fixture
def user(app):
    user = make_user("specialist", email="sam@example.org")
    db.session.commit()
    return user


def test_sign_in_and_out(client, user):
    response = sign_in(client, user)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "cache" in response.headers["Clear-Site-Data"]
    assert client.get("/").status_code == 302
    assert [e.user_id for e in events("login")] == [user.id]
    assert [e.user_id for e in events("logout")] == [user.id]


def test_logout_is_not_a_get(client, user):
    sign_in(client, user)
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_email_is_case_insensitive(client, user):
    response = client.post("/login", data={"email": "  SAM@Example.ORG ", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("email, password", [
    ("sam@example.org", "wrong password"),
    ("nobody@example.org", DEFAULT_PASSWORD),
])
def test_same_message_for_wrong_password_and_unknown_user(client, user, email, password):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 401
    assert GENERIC_LOGIN_ERROR in response.get_data(as_text=True)
    assert len(events("login_failed")) == 1


def test_inactive_user_gets_the_same_message(client, user):
    user.active = False
    db.session.commit()
    response = sign_in(client, user)
    assert response.status_code == 401
    assert GENERIC_LOGIN_ERROR in response.get_data(as_text=True)


@pytest.mark.parametrize("form", [
    {},
    {"email": "", "password": ""},
    {"email": "x" * 10_000 + "@example.org", "password": "p"},
    {"email": "' OR 1=1 --", "password": "' OR '1'='1"},
    {"email": "<script>alert(1)</script>", "password": "<b>x</b>"},
    {"email": "a@b.c", "password": "p" * 5000},
])
def test_bad_login_input_is_refused_clearly_and_audited(client, user, form):
    response = client.post("/login", data=form)
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "alert alert-danger" in body
    assert len(events("login_failed")) == 1


def test_throttled_after_repeated_failures_and_counted_in_the_database(app, client, user):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        client.post("/login", data={"email": user.email, "password": "wrong"})
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == limit
    # A second client (as another server process would) is refused too, even with the right password.
    other = app.test_client()
    response = sign_in(other, user)
    assert response.status_code == 401
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert len(events("login_throttled")) == 1


def test_success_clears_failures(app, client, user):
    client.post("/login", data={"email": user.email, "password": "wrong"})
    assert sign_in(client, user).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 0


def test_failure_table_never_holds_what_was_typed(client, user):
    client.post("/login", data={"email": "my-secret-password", "password": "x"})
    stored = db.session.scalars(select(LoginFailure.key_hash)).all()
    assert stored and all("secret" not in key and len(key) == 64 for key in stored)


def test_deactivation_ends_existing_sessions(client, user):
    sign_in(client, user)
    assert client.get("/").status_code == 200
    user.active = False
    from crm.auth.services import end_sessions

    end_sessions(user)
    db.session.commit()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target, expected", [
    ("/admin/users", "/admin/users"),
    ("/?page=2", "/?page=2"),
    ("//evil.example", None),
    ("/\\evil.example", None),
    ("https://evil.example/", None),
    ("javascript:alert(1)", None),
    ("/\nSet-Cookie:x", None),
    ("", None),
    (None, None),
])
def test_safe_next(target, expected):
    assert safe_next(target) == expected


def test_next_only_to_local_paths(client, user):
    data = {"email": user.email, "password": DEFAULT_PASSWORD}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"


def test_next_to_local_path(client, user):
    response = client.post("/login?next=/account", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/account"


def test_signed_in_user_visiting_login_goes_home(client, user):
    sign_in(client, user)
    assert client.get("/login").headers["Location"] == "/"


def test_session_cookie_flags(client, user):
    response = sign_in(client, user)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_login_without_csrf_token_is_refused_and_audited(client, user):
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)
    assert len(events("csrf_failed")) == 1
    assert client.get("/").status_code == 302


def test_old_failures_are_pruned_at_the_next_sign_in(app, client, user):
    from datetime import timedelta

    from crm.models.types import utcnow

    db.session.add(LoginFailure(key_hash="x" * 64, at=utcnow() - timedelta(hours=2)))
    db.session.add(LoginFailure(key_hash="y" * 64, at=utcnow()))
    db.session.commit()
    assert sign_in(client, user).status_code == 302
    assert db.session.scalars(select(LoginFailure.key_hash)).all() == ["y" * 64]
