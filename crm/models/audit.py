"""The append-only audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """Who did what to which record, when; field names only, never values of notes or passwords."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_at", "at"),
        Index("ix_audit_event_object", "object_type", "object_id"),
        Index("ix_audit_event_user_at", "user_id", "at"),
        Index("ix_audit_event_action_at", "action", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    user_role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    ip: Mapped[str | None] = mapped_column(String(45))
    # A short machine-made detail such as "wrong password or unknown user"; never user-typed text.
    detail: Mapped[str | None] = mapped_column(String(200))
