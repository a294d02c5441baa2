"""Fixtures for the jobs tests: a specialist with a participant, an opening at a bakery, and audit look-ups."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from crm.extensions import db
from crm.formatting import local_today
from crm.models import AuditEvent
from tests.factories import make_employer, make_opening, make_participant, make_team, make_user


@pytest.fixture
def team(app):
    return make_team()


@pytest.fixture
def specialist(team):
    return make_user("specialist", team=team, name="Sam Specialist")


@pytest.fixture
def today(app):
    return local_today()


@pytest.fixture
def participant(specialist, today):
    return make_participant(specialist, "Pat Example", referral_date=today - timedelta(days=60))


@pytest.fixture
def bakery(app):
    return make_employer("Maple Street Bakery")


@pytest.fixture
def opening(bakery):
    return make_opening(bakery, title="Bakery assistant", hours_min=16, hours_max=30, pay_min=Decimal("12.50"),
                        competitive=True)


def audit_events(action=None, object_type=None):
    """Audit events, oldest first, narrowed by action and object type."""
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    return db.session.scalars(query).all()


class QueryCounter:
    """Counts the SQL statements run while it is active (``with QueryCounter() as count: ...; count.n``)."""

    def __init__(self):
        self.n = 0

    def _count(self, *_args):
        self.n += 1

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self._count)
