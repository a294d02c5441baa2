"""People on a specialist's caseload and their career profiles. Never any clinical information."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow

PARTICIPANT_STATUSES = {
    "job_search": "Looking for work",
    "working": "Working",
    "follow_along": "Follow-along support",
    "closed": "Closed",
}
ACTIVE_STATUSES = ("job_search", "working", "follow_along")
REMOTE_CHOICES = {"ok": "Remote or on site", "only": "Remote only", "no": "On site only"}
DISCLOSURE_CHOICES = {
    "undecided": "Not decided yet",
    "yes": "Yes, the specialist may tell employers",
    "no": "No, employers must not be told",
}


class Participant(db.Model):
    """A person on a specialist's caseload."""

    __tablename__ = "participant"
    __table_args__ = (
        CheckConstraint("status IN ('job_search', 'working', 'follow_along', 'closed')", name="status"),
        Index("ix_participant_specialist_status", "specialist_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    specialist_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    referral_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="job_search")
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Set when the person's identifying details were erased on request; figures stay.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    specialist = relationship("User")
    profile: Mapped[CareerProfile | None] = relationship(back_populates="participant", uselist=False)

    def __repr__(self) -> str:
        return f"<Participant {self.id}>"


class CareerProfile(db.Model):
    """What the person wants and offers: the fields of the matching contract, plus disclosure and benefits."""

    __tablename__ = "career_profile"
    __table_args__ = (
        CheckConstraint("remote IS NULL OR remote IN ('only', 'ok', 'no')", name="remote"),
        CheckConstraint("disclosure IN ('undecided', 'yes', 'no')", name="disclosure"),
        CheckConstraint("hours_min IS NULL OR hours_max IS NULL OR hours_min <= hours_max", name="hours_range"),
    )

    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    job_goals: Mapped[list[str]] = mapped_column(JSON, default=list)
    industries: Mapped[list[str]] = mapped_column(JSON, default=list)
    strengths: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    experience: Mapped[list[str]] = mapped_column(JSON, default=list)
    avoid: Mapped[list[str]] = mapped_column(JSON, default=list)
    hours_min: Mapped[float | None]
    hours_max: Mapped[float | None]
    shifts_excluded: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_hourly_wage: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    travel_from: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    max_travel_km: Mapped[float | None]
    remote: Mapped[str | None] = mapped_column(String(10))
    disclosure: Mapped[str] = mapped_column(String(20), default="undecided")
    benefits_notes: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="profile")
