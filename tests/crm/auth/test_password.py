"""Password hashing and changing one's own password."""

import pytest
from flask import Flask

from crm.auth.passwords import hash_password, password_problem, verify_password
from crm.extensions import db
from tests.conftest import sign_in
from tests.factories import DEFAULT_PASSWORD, make_user

NEW_PASSWORD = "a brand new passphrase"


def test_hash_is_argon2id(app):
    hashed = hash_password("some long password")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "some long password")
    assert not verify_password(hashed, "some long passwore")
    assert not verify_password("not a hash", "x")


def test_default_cost_meets_owasp_minimum():
    from crm.config import DEFAULTS

    assert DEFAULTS["PASSWORD_HASH_MEMORY_KIB"] >= 19 * 1024 and DEFAULTS["PASSWORD_HASH_TIME_COST"] >= 2


@pytest.mark.parametrize("password, problem", [
    ("short", "at least 12"),
    ("password123", "at least 12"),
    ("aaaaaaaaaaaaaaa", "too easy"),
    ("samsmith-secret-words", "your name or email"),
    ("x" * 1001, "at most 1,000"),
])
def test_password_problems(app: Flask, password, problem):
    assert problem in password_problem(password, email="samsmith@example.org", name="Sam Smith")


def test_good_password_has_no_problem(app):
    assert password_problem("violet kettle marching", email="sam@example.org", name="Sam") is None


def _change(client, current=DEFAULT_PASSWORD, new=NEW_PASSWORD, confirm=NEW_PASSWORD):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "confirm_password": confirm,
    })


def test_change_password_ends_other_sessions_but_not_this_one(app, client):
    user = make_user()
    db.session.commit()
    other = app.test_client()
    sign_in(client, user)
    sign_in(other, user)
    response = _change(client)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    client.post("/logout")
    assert sign_in(client, user, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("kwargs, message", [
    ({"current": "wrong"}, "not your current password"),
    ({"new": "short", "confirm": "short"}, "at least 12"),
    ({"confirm": "something else entirely"}, "not the same"),
    ({"new": "", "confirm": ""}, "Enter a new password"),
])
def test_change_password_bad_input(app, client, kwargs, message):
    user = make_user()
    db.session.commit()
    sign_in(client, user)
    response = _change(client, **kwargs)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body and 'aria-invalid="true"' in body
    assert verify_password(user.password_hash, DEFAULT_PASSWORD)
