"""The `flask create-user` command."""

import pytest
from sqlalchemy import select

from crm.auth.passwords import verify_password
from crm.extensions import db
from crm.models import User
from tests.factories import make_user

GOOD = "sturdy lantern meadow"


def create(runner, *args, password=GOOD, confirm=None):
    confirm = password if confirm is None else confirm
    return runner.invoke(args=["create-user", *args], input=f"{password}\n{confirm}\n")


def test_create_admin_prompts_for_password(runner):
    result = create(runner, "--email", "Boss@Example.org", "--name", "Bo Boss", "--role", "admin")
    assert result.exit_code == 0, result.output
    assert "Password" in result.output and GOOD not in result.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert user.role == "admin" and verify_password(user.password_hash, GOOD)


def test_create_specialist_creates_team(runner):
    result = create(runner, "--email", "s@example.org", "--name", "Sam", "--role", "specialist", "--team", "East")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "s@example.org"))
    assert user.team.name == "East"


def test_password_is_never_an_argument(runner):
    result = runner.invoke(args=["create-user", "--password", GOOD])
    assert result.exit_code == 2 and "No such option" in result.output


@pytest.mark.parametrize("args, password, message", [
    (["--email", "taken@example.org"], GOOD, "already uses this email"),
    (["--email", "new@example.org"], "weak", "at least 12"),
    (["--email", "new@example.org", "--role", "specialist"], GOOD, "need a team"),
])
def test_create_user_errors_are_clear(runner, args, password, message):
    make_user(email="taken@example.org")
    db.session.commit()
    result = create(runner, "--name", "X Person", "--role", "admin", *args, password=password)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_mismatched_confirmation_asks_again(runner):
    result = runner.invoke(args=["create-user", "--email", "a@example.org", "--name", "A", "--role", "admin"],
                           input=f"{GOOD}\nsomething else\n{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output.lower()


def test_analyze(runner):
    result = runner.invoke(args=["analyze"])
    assert result.exit_code == 0 and "statistics refreshed" in result.output
