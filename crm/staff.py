"""Lists of staff that forms and filters offer."""

from __future__ import annotations

from sqlalchemy import select

from crm.extensions import db
from crm.models import User


def owner_choices() -> list[tuple[int, str]]:
    """(id, name) of active specialists and team leads, who can own employer relationships."""
    rows = db.session.execute(select(User.id, User.name).where(User.active, User.role.in_(("specialist", "team_lead")))
                              .order_by(User.name, User.id)).all()
    return [(row.id, row.name) for row in rows]
