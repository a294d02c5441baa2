"""Creating and changing staff accounts and teams."""

from __future__ import annotations

from sqlalchemy import func, select

from crm import audit
from crm.auth.passwords import hash_password, password_problem
from crm.auth.services import end_sessions, normalise_email, set_password
from crm.extensions import db
from crm.models import Team, User


class StaffError(Exception):
    """A staff account or team change was refused; field names the form field, message is safe to show."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _check_email_free(email: str, except_id: int | None = None) -> None:
    query = select(User.id).where(User.email == email)
    if except_id is not None:
        query = query.where(User.id != except_id)
    if db.session.scalar(query) is not None:
        raise StaffError("email", "Another account already uses this email address.")


def create_user(*, name: str, email: str, role: str, team_id: int | None, password: str) -> User:
    """Create an active staff account; raise StaffError for a taken email or a weak password."""
    email = normalise_email(email)
    _check_email_free(email)
    if problem := password_problem(password or "", email=email, name=name):
        raise StaffError("password", problem)
    user = User(name=name, email=email, role=role, team_id=team_id or None, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record("create", "user", user.id, fields=["name", "email", "role", "team_id", "password"])
    return user


def update_user(user: User, *, name: str, email: str, role: str, team_id: int | None,
                password: str | None = None) -> list[str]:
    """Apply changes to a staff account; return the names of the fields that changed."""
    email = normalise_email(email)
    _check_email_free(email, except_id=user.id)
    changed = []
    for field, value in (("name", name), ("email", email), ("role", role), ("team_id", team_id or None)):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if password:
        if problem := password_problem(password, email=email, name=name):
            raise StaffError("password", problem)
        set_password(user, password)
        changed.append("password")
    elif "role" in changed or "email" in changed:
        end_sessions(user)  # new rights or a new sign-in name take effect at the next sign-in
    if changed:
        audit.record("update", "user", user.id, fields=changed)
    return changed


def set_user_active(user: User, active: bool) -> None:
    """Deactivate (ending every session) or reactivate a staff account."""
    if user.active == active:
        return
    user.active = active
    end_sessions(user)
    audit.record("update", "user", user.id, fields=["active"], detail="reactivated" if active else "deactivated")


def count_active_admins() -> int:
    """How many active administrators there are (the last one may not lock everyone out)."""
    return db.session.scalar(select(func.count()).where(User.role == "admin", User.active)) or 0


def save_team(team: Team | None, *, name: str, active: bool) -> Team:
    """Create a team (team None) or rename/(de)activate one; team names are unique, ignoring case."""
    query = select(Team.id).where(func.lower(Team.name) == name.lower())
    if team is not None:
        query = query.where(Team.id != team.id)
    if db.session.scalar(query) is not None:
        raise StaffError("name", "There is already a team with this name.")
    if team is None:
        team = Team(name=name, active=active)
        db.session.add(team)
        db.session.flush()
        audit.record("create", "team", team.id, fields=["name", "active"])
        return team
    changed = [f for f, v in (("name", name), ("active", active)) if getattr(team, f) != v]
    team.name, team.active = name, active
    if changed:
        audit.record("update", "team", team.id, fields=changed)
    return team


def team_choices(include_none: bool = True) -> list[tuple[int, str]]:
    """(id, name) of every active team, with 0 meaning "no team" first when include_none."""
    teams = db.session.execute(select(Team.id, Team.name).where(Team.active).order_by(Team.name)).all()
    return ([(0, "No team")] if include_none else []) + [(t.id, t.name) for t in teams]
