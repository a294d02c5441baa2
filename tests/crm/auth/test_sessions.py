"""Session cookie flags, and the idle and absolute session limits judged on the server (with a fake clock)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from crm import create_app
from crm.auth.sessions import expired_limit
from crm.extensions import db
from crm.models import AuditEvent
from tests.factories import make_user

sqlite_only = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)


def test_production_cookie_is_secure_httponly_and_lax(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "CRM_SESSION_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CRM_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"SECRET_KEY": "a-production-like-key",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    assert not app.testing and not app.debug
    cookie = app.test_client().get("/login").headers["Set-Cookie"]  # the CSRF token is kept in the session
    assert cookie.startswith("crm_session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)  # follows SESSION_ABSOLUTE_HOURS


@pytest.mark.parametrize("signed_in_at, seen_at, at, expected", [
    (0, 0, 30 * 60, None),
    (0, 0, 30 * 60 + 1, "idle"),
    (0, 12 * 3600 - 60, 12 * 3600, None),
    (0, 12 * 3600, 12 * 3600 + 1, "absolute"),
    (None, 0, 1, "absolute"),
    ("0", 0, 1, "absolute"),
])
def test_expired_limit(signed_in_at, seen_at, at, expected):
    assert expired_limit(signed_in_at, seen_at, at, idle_seconds=30 * 60, absolute_seconds=12 * 3600) == expected


def expiries() -> list[str | None]:
    return list(db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "session_expired")))


@sqlite_only
def test_idle_session_is_signed_out_with_a_plain_message(app, client, signed_in, clock):
    user = make_user()
    signed_in(user)
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200
    clock.advance(minutes=29)  # 58 minutes after signing in, but only 29 since the last request
    assert client.get("/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/employers/")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/employers/"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out after 30 minutes without activity." in page
    assert expiries() == ["idle limit"]
    assert client.get("/").status_code == 302  # signed out for good


@sqlite_only
@pytest.mark.app_config(SESSION_ABSOLUTE_HOURS=1)
def test_absolute_limit_ends_even_an_active_session(app, client, signed_in, clock):
    signed_in(make_user())
    for _ in range(2):
        clock.advance(minutes=25)
        assert client.get("/").status_code == 200
    clock.advance(minutes=11)
    response = client.get("/")
    assert response.status_code == 302
    assert "because you signed in more than 1 hour ago" in client.get("/login").get_data(as_text=True)
    assert expiries() == ["absolute limit"]


@sqlite_only
def test_static_files_and_health_are_not_activity(app, client, signed_in, clock):
    signed_in(make_user())
    clock.advance(minutes=20)
    assert client.get("/health").status_code == 200
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
    clock.advance(minutes=11)
    assert client.get("/").status_code == 302
    assert expiries() == ["idle limit"]


@sqlite_only
def test_htmx_request_on_an_expired_session_is_sent_to_the_login_page(app, client, signed_in, clock):
    signed_in(make_user())
    clock.advance(minutes=31)
    response = client.get("/employers/typeahead?employer=abc", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/login"
    assert response.get_data() == b""


@sqlite_only
def test_a_session_without_its_times_is_signed_out(app, client, signed_in, clock):
    signed_in(make_user())
    with client.session_transaction() as session:
        del session["signed_in_at"]
    assert client.get("/").status_code == 302
    assert expiries() == ["absolute limit"]
