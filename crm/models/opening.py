"""Job openings at employers, advertised or found through job development."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow

SHIFTS = {"day": "Day", "evening": "Evening", "night": "Night", "weekend": "Weekend"}
OPENING_STATUSES = {"open": "Open", "filled": "Filled", "closed": "Closed"}
OPENING_SOURCES = {"advertised": "Advertised", "developed": "Found through job development"}


class Opening(db.Model):
    """A job at an employer, with every field the matching contract reads."""

    __tablename__ = "opening"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'filled', 'closed')", name="status"),
        CheckConstraint("source IN ('advertised', 'developed')", name="source"),
        CheckConstraint("hours_min IS NULL OR hours_max IS NULL OR hours_min <= hours_max", name="hours_range"),
        CheckConstraint("pay_min IS NULL OR pay_max IS NULL OR pay_min <= pay_max", name="pay_range"),
        Index("ix_opening_status_updated", "status", "updated_at"),
        Index("ix_opening_employer_status", "employer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    requirements: Mapped[list[str]] = mapped_column(JSON, default=list)
    industry: Mapped[str | None] = mapped_column(String(100))
    hours_min: Mapped[float | None]
    hours_max: Mapped[float | None]
    shifts: Mapped[list[str]] = mapped_column(JSON, default=list)
    pay_min: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    pay_max: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    place: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    remote: Mapped[bool] = mapped_column(default=False, server_default=false())
    source: Mapped[str] = mapped_column(String(20), default="advertised")
    found_by_contact_id: Mapped[int | None] = mapped_column(ForeignKey("employer_contact.id"), index=True)
    # The two facts besides pay that decide whether a job is competitive (DESIGN.md §2).
    set_aside_for_disabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    time_limited_by_agency: Mapped[bool] = mapped_column(default=False, server_default=false())
    competitive: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(20), default="open")
    opened_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    employer = relationship("Employer")
    found_by_contact = relationship("EmployerContact")

    def __repr__(self) -> str:
        return f"<Opening {self.id}>"
