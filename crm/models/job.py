"""Job starts and the follow-along support that comes after them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class JobStart(db.Model):
    """A participant starts a paid job; drives follow-along support and the outcome figures."""

    __tablename__ = "job_start"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        Index("ix_job_start_participant_start", "participant_id", "start_date"),
        Index("ix_job_start_start_date", "start_date"),
        Index("ix_job_start_employer", "employer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"))
    opening_id: Mapped[int | None] = mapped_column(ForeignKey("opening.id"))
    job_match_id: Mapped[int | None] = mapped_column(ForeignKey("job_match.id"))
    job_title: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    hours_per_week: Mapped[float | None]
    hourly_pay: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    competitive: Mapped[bool] = mapped_column(default=False, server_default=false())
    end_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(300))
    # The person asked for no more follow-along support from this date.
    support_stopped_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participant = relationship("Participant")
    employer = relationship("Employer")
    opening = relationship("Opening")


class SupportContact(db.Model):
    """A follow-along support contact with a working participant and/or their employer."""

    __tablename__ = "support_contact"
    __table_args__ = (
        Index("ix_support_contact_job_start_at", "job_start_id", "contacted_at"),
        Index("ix_support_contact_specialist_at", "specialist_id", "contacted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_start_id: Mapped[int] = mapped_column(ForeignKey("job_start.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    contacted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mode: Mapped[str] = mapped_column(String(20))
    with_participant: Mapped[bool] = mapped_column(default=True)
    with_employer: Mapped[bool] = mapped_column(default=False, server_default=false())
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    job_start = relationship("JobStart")
    specialist = relationship("User")
