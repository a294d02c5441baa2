"""Writing audit events: the one writer every feature uses.

``record`` adds the event to the request's own transaction, so a change and its audit event commit or
fail together. Two kinds of event are written after the request instead, in a transaction of their own:
events of read-only requests (a page view: its transaction only reads, see ``crm.database``), and events of
refusals (``record_refusal``: denied access, a CSRF failure), whose request work is rolled back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import Flask, g, has_request_context, request
from flask_login import current_user

from crm.database import reading_only
from crm.extensions import db
from crm.models import AuditEvent

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


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
        detail=_clean(detail, 200),
    )


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
    if has_request_context() and reading_only.get():
        g.setdefault("pending_audit", []).append(event)
    else:
        db.session.add(event)
    return event


def record_refusal(action: str, object_type: str | None = None, object_id: object = None, *,
                   detail: str | None = None, user=None) -> AuditEvent:
    """Record a refusal; it is written after the request, whose own work is rolled back."""
    event = _event(action, object_type, object_id, (), detail, user)
    g.setdefault("pending_audit", []).append(event)
    return event


def _write_pending(response):
    """Write the events queued during the request in a transaction of their own."""
    pending = g.pop("pending_audit", None)
    if pending:
        db.session.rollback()
        token = reading_only.set(False)
        try:
            db.session.add_all(pending)
            db.session.commit()
        finally:
            reading_only.reset(token)
    return response


def init_app(app: Flask) -> None:
    """Flush queued audit events after each request."""
    app.after_request(_write_pending)
