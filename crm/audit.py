"""Writing audit events: the one writer every feature uses.

``record`` writes the event with the current request's own work, so a change and its audit event commit or
fail together: the request's events are held until its transaction commits (and dropped if it rolls back).
Two kinds of event are written after the request instead, in a transaction of their own: events of read-only
requests (a page view: its transaction only reads, see ``crm.database``), and events of refusals
(``record_refusal``: denied access, a CSRF failure), whose request work is rolled back.

One request writes one event per action on an object: when a request records the same action on the same
object twice (a hire moves the job match, records the job start and changes the person's status, each an
update of the participant), the second is folded into the first, its field names and detail added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask import Flask, g, has_request_context, request
from flask_login import current_user
from sqlalchemy import event as sa_event
from sqlalchemy import insert

from crm.database import reading_only
from crm.extensions import db
from crm.models import AuditEvent
from crm.models.types import utcnow

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
DETAIL_LIMIT = 200


@dataclass(frozen=True)
class SystemActor:
    """Who acts when no staff member does: a command run on the server (``flask backup``, ``flask restore``)."""

    role: str
    id: None = None


CLI = SystemActor("cli")


def _clean(value, limit: int) -> str | None:
    """Text safe to store in a short audit column: no control characters or line breaks, bounded length."""
    if value is None:
        return None
    return _UNPRINTABLE.sub("?", str(value))[:limit]


def _event(action, object_type, object_id, fields, detail, user) -> AuditEvent:
    if user is None and has_request_context() and current_user and current_user.is_authenticated:
        user = current_user
    return AuditEvent(
        user_id=getattr(user, "id", None),
        user_role=getattr(user, "role", None),
        action=_clean(action, 40),
        object_type=_clean(object_type, 40),
        object_id=_clean(object_id, 40),
        fields=sorted({_clean(f, 60) for f in fields}),
        ip=_clean(request.remote_addr, 45) if has_request_context() else None,
        detail=_clean(detail, DETAIL_LIMIT),
    )


def _key(event: AuditEvent) -> tuple:
    return event.user_id, event.action, event.object_type, event.object_id


def _fold(held: list[AuditEvent], event: AuditEvent) -> AuditEvent:
    """Add event to the request's held events, or fold it into the one already held for the same action and object."""
    for earlier in held:
        if _key(earlier) == _key(event):
            earlier.fields = sorted(set(earlier.fields) | set(event.fields))
            if event.detail and event.detail != earlier.detail:
                earlier.detail = "; ".join(d for d in (earlier.detail, event.detail) if d)[:DETAIL_LIMIT]
            return earlier
    held.append(event)
    return event


def record(
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    *,
    fields: Iterable[str] = (),
    detail: str | None = None,
    user=None,
) -> AuditEvent:
    """Record one audit event with the current request's work (or after it, for a read-only request)."""
    event = _event(action, object_type, object_id, fields, detail, user)
    if not has_request_context():
        db.session.add(event)  # a command or a test: the caller's transaction
        return event
    return _fold(g.setdefault("pending_audit" if reading_only.get() else "audit_changes", []), event)


def record_refusal(action: str, object_type: str | None = None, object_id: object = None, *,
                   detail: str | None = None, user=None) -> AuditEvent:
    """Record a refusal; it is written after the request, whose own work is rolled back."""
    event = _event(action, object_type, object_id, (), detail, user)
    g.setdefault("pending_audit", []).append(event)
    return event


def record_denied_request() -> None:
    """Record a refused request (403) unless the code that refused it has already recorded why."""
    if not any(event.action == "denied" for event in g.get("pending_audit", ())):
        record_refusal("denied", "endpoint", request.endpoint, detail=f"{request.method} {request.endpoint}")


def _add_changes(session) -> None:
    """Before the request's transaction commits, add the events it recorded, so they commit with it."""
    if has_request_context() and (held := g.pop("audit_changes", None)):
        session.add_all(held)


def _drop_changes(_session, _transaction) -> None:
    """The request's work was rolled back: so are the events that recorded it."""
    if has_request_context():
        g.pop("audit_changes", None)


def _columns(event: AuditEvent) -> dict:
    """The event's values for a multi-row INSERT (its moment now, unless it has one)."""
    values = {column.key: getattr(event, column.key) for column in AuditEvent.__table__.columns if column.key != "id"}
    values["at"] = values["at"] or utcnow()
    return values


def _write_pending(response):
    """Write the events queued during the request in a transaction of their own."""
    pending = g.pop("pending_audit", None)
    if pending:
        db.session.rollback()
        token = reading_only.set(False)
        try:
            # One INSERT for them all: added to the session, each would be an INSERT of its own on SQLite, which
            # cannot return the ids of a multi-row INSERT in order (a page ranking 50 people records 50 views).
            db.session.execute(insert(AuditEvent.__table__), [_columns(event) for event in pending])
            db.session.commit()
        finally:
            reading_only.reset(token)
    return response


def init_app(app: Flask) -> None:
    """Write held events with the request's commit, and queued ones after each request."""
    for name, listener in (("before_commit", _add_changes), ("after_soft_rollback", _drop_changes)):
        if not sa_event.contains(db.session, name, listener):
            sa_event.listen(db.session, name, listener)
    app.after_request(_write_pending)
