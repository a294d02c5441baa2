"""Deployment settings an admin may change (minimum wage, targets, week start, time zone)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class Setting(db.Model):
    """One named setting and its value; absent rows fall back to the defaults in crm.settings."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
