"""The job-development log: each contact a specialist has with an employer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow

CONTACT_MODES = {"in_person": "In person", "phone": "Phone", "email": "Email", "video": "Video call"}
# The IPS fidelity scale counts in-person visits as face-to-face; a video call is not one.
FACE_TO_FACE_MODES = frozenset({"in_person"})
CONTACT_PURPOSES = {
    "introduce": "Introduce ourselves",
    "learn_business": "Learn about the business",
    "on_behalf": "On behalf of a job seeker",
    "follow_up": "Follow up",
    "support_in_work": "Support someone in work",
}

employer_contact_participant = Table(
    "employer_contact_participant",
    db.metadata,
    Column("employer_contact_id", ForeignKey("employer_contact.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_employer_contact_participant_participant", "participant_id", "employer_contact_id"),
)


class EmployerContact(db.Model):
    """One logged employer contact: when, who, where, how, why, for whom, and what next."""

    __tablename__ = "employer_contact"
    __table_args__ = (
        CheckConstraint("mode IN ('in_person', 'phone', 'email', 'video')", name="mode"),
        Index("ix_employer_contact_specialist_at", "specialist_id", "contacted_at", "face_to_face"),
        Index("ix_employer_contact_employer_at", "employer_id", "contacted_at"),
        Index("ix_employer_contact_at", "contacted_at"),
        Index("ix_employer_contact_specialist_next_step", "specialist_id", "next_step_due", "next_step_done_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"))
    contact_person_id: Mapped[int | None] = mapped_column(ForeignKey("contact_person.id"), index=True)
    contacted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mode: Mapped[str] = mapped_column(String(20))
    # Derived from mode when saved; stored so that the weekly counts can use an index.
    face_to_face: Mapped[bool] = mapped_column(default=False, server_default=false())
    purpose: Mapped[str] = mapped_column(String(20))
    participant_present: Mapped[bool] = mapped_column(default=False, server_default=false())
    notes: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(String(500))
    next_step_due: Mapped[date | None] = mapped_column(Date)
    next_step_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    specialist = relationship("User")
    employer = relationship("Employer")
    contact_person = relationship("ContactPerson")
    participants = relationship("Participant", secondary=employer_contact_participant, order_by="Participant.id")

    def __repr__(self) -> str:
        return f"<EmployerContact {self.id}>"
