"""The demo accounts: an administrator, a team lead per team, and the employment specialists."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from crm.auth.passwords import hash_password
from crm.demo.base import SeederBase, at, fake_name
from crm.demo.vocabulary import TEAM_NAMES
from crm.extensions import db
from crm.models import Team, User
from crm.models.user import new_session_token

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for everyone; only ever on demo accounts
DEMO_DOMAIN = "demo.example.org"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"


class StaffSeeder(SeederBase):
    """Teams and staff accounts; accounts that are already there are reused, not duplicated."""

    def _staff(self) -> None:
        """The demo teams and staff accounts; the specialists, in order, with the index of their team."""
        rng, s = self.rng, self.s
        password_hash = hash_password(DEMO_PASSWORD)
        created = at(self.history_start - timedelta(days=60), 9)
        teams = self._teams(created)
        people = [(ADMIN_EMAIL, "admin", None)]
        people += [(f"lead{n + 1}@{DEMO_DOMAIN}", "team_lead", team) for n, team in enumerate(teams)]
        people += [(f"specialist{n + 1}@{DEMO_DOMAIN}", "specialist", teams[n // s.specialists_per_team])
                   for n in range(s.teams * s.specialists_per_team)]
        labels = {"admin": "administrator", "team_lead": "team lead", "specialist": "employment specialist"}
        self.staff, self.specialists, rows = [], [], []
        for email, role, team in people:
            first, last = fake_name(rng)
            user_id = db.session.scalar(select(User.id).where(User.email == email))
            self.reused_staff += user_id is not None
            if user_id is None:
                user_id = self._next_id(User)
                rows.append({"id": user_id, "email": email, "name": f"{first} {last}", "role": role,
                             "team_id": team and team[0], "password_hash": password_hash,
                             "session_token": new_session_token(), "active": True, "created_at": created,
                             "last_login_at": None, "password_changed_at": None})
            self.staff.append((email, labels[role] + (f", {team[1]}" if team else "")))
            if role == "specialist":
                self.specialists.append((user_id, teams.index(team)))
        self._insert(User, rows)

    def _teams(self, created: datetime) -> list[tuple[int, str]]:
        """The demo teams as (id, name), adding those that are not there yet."""
        teams = []
        for n in range(self.s.teams):
            name = f"Demo Team {TEAM_NAMES[n]}"
            team_id = db.session.scalar(select(Team.id).where(Team.name == name))
            if team_id is None:
                team_id = self._next_id(Team)
                self._insert(Team, [{"id": team_id, "name": name, "active": True, "created_at": created}])
            teams.append((team_id, name))
        return teams
