"""Tiny factories for test data, with unique sequences. They add and flush; the test commits if needed."""

from __future__ import annotations

import itertools

from crm.auth.passwords import hash_password
from crm.extensions import db
from crm.models import Team, User

DEFAULT_PASSWORD = "correct horse battery staple"  # noqa: S105 - test-only password
_seq = itertools.count(1)


def make_team(name: str | None = None, **fields) -> Team:
    """A team with a unique name."""
    team = Team(name=name or f"Team {next(_seq)}", **fields)
    db.session.add(team)
    db.session.flush()
    return team


def make_user(role: str = "specialist", team: Team | None = None, password: str = DEFAULT_PASSWORD,
              **fields) -> User:
    """A staff member; specialists and team leads get a new team unless one is given."""
    n = next(_seq)
    if team is None and role != "admin":
        team = make_team()
    fields.setdefault("name", f"{role.replace('_', ' ').title()} {n}")
    fields.setdefault("email", f"{role}{n}@example.org")
    user = User(role=role, team_id=team.id if team else None, password_hash=hash_password(password), **fields)
    db.session.add(user)
    db.session.flush()
    return user
