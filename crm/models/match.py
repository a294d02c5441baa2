"""Job matches: a participant and an opening, from suggestion to hire, with every step recorded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow

MATCH_STATUSES = {
    "suggested": "Suggested",
    "interested": "Interested",
    "not_for_me": "Not for me",
    "maybe_later": "Maybe later",
    "applied": "Applied",
    "interview": "Interview",
    "offer": "Offer",
    "hired": "Hired",
    "ended": "Ended",
}


class JobMatch(db.Model):
    """One participant × opening pair and where it stands."""

    __tablename__ = "job_match"
    __table_args__ = (
        UniqueConstraint("participant_id", "opening_id"),
        Index("ix_job_match_opening", "opening_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    opening_id: Mapped[int] = mapped_column(ForeignKey("opening.id"))
    status: Mapped[str] = mapped_column(String(20), default="suggested")
    # The score and reasons as they were shown when the suggestion was made.
    score: Mapped[float | None]
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participant = relationship("Participant")
    opening = relationship("Opening")
    history: Mapped[list[JobMatchEvent]] = relationship(
        back_populates="job_match", order_by="JobMatchEvent.recorded_at"
    )


class JobMatchEvent(db.Model):
    """One step of a job match: the new status, an optional reason, who recorded it and when."""

    __tablename__ = "job_match_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_match_id: Mapped[int] = mapped_column(ForeignKey("job_match.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    job_match: Mapped[JobMatch] = relationship(back_populates="history")
    recorded_by = relationship("User")
