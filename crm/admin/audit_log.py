"""Searching the audit log for the admin page: read-only, newest first, every filter forgiving of bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, or_, select

from crm.extensions import db
from crm.forms import parse_id
from crm.models import AuditEvent, User
from crm.queries import escape_like


@dataclass
class AuditSearch:
    """The filters of one search, cleaned, and messages about any that could not be used."""

    user: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    start: date | None = None
    end: date | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any((self.user, self.action, self.object_type, self.object_id, self.start, self.end))


def _text(args, name: str, limit: int) -> str:
    value = args.get(name, "")
    if not isinstance(value, str):
        return ""
    # NUL cannot be stored in or compared with PostgreSQL text; control characters are never in the log.
    return "".join(ch for ch in value if ch >= " ").strip()[:limit]


def _day(args, name: str, label: str, problems: list[str]) -> date | None:
    raw = _text(args, name, 20)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(f"{label} is not a date (use YYYY-MM-DD); it was ignored.")
        return None


def parse_search(args) -> AuditSearch:
    """Filters from the query string; malformed values are dropped with a message, never an error."""
    problems: list[str] = []
    search = AuditSearch(
        user=_text(args, "user", 254),
        action=_text(args, "action", 40).lower(),
        object_type=_text(args, "object_type", 40).lower(),
        object_id=_text(args, "object_id", 40),
        start=_day(args, "from", "From", problems),
        end=_day(args, "to", "To", problems),
        problems=problems,
    )
    if search.start and search.end and search.start > search.end:
        problems.append("From is after To: the two dates were swapped.")
        search.start, search.end = search.end, search.start
    return search



def audit_query(search: AuditSearch) -> Select:
    """Rows of (AuditEvent, User or None) matching search, newest first."""
    query = select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.user_id)
    if search.user:
        by_email = User.email.ilike(f"%{escape_like(search.user)}%", escape="\\")
        if user_id := parse_id(search.user):
            query = query.where(or_(AuditEvent.user_id == user_id, by_email))
        else:
            query = query.where(by_email)
    if search.action:
        query = query.where(AuditEvent.action == search.action)
    if search.object_type:
        query = query.where(AuditEvent.object_type == search.object_type)
    if search.object_id:
        query = query.where(AuditEvent.object_id == search.object_id)
    if search.start:
        query = query.where(AuditEvent.at >= datetime.combine(search.start, time.min, tzinfo=UTC))
    if search.end and search.end < date.max:
        query = query.where(AuditEvent.at < datetime.combine(search.end + timedelta(days=1), time.min, tzinfo=UTC))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def known_values(column) -> list[str]:
    """The distinct values of an audit column, for the search form's suggestions."""
    return [value for value in db.session.scalars(select(column).distinct().order_by(column)) if value]


def known_actions() -> list[str]:
    return known_values(AuditEvent.action)


def known_object_types() -> list[str]:
    return known_values(AuditEvent.object_type)
