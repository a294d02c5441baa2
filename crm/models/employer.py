"""Employers and the people the team talks to there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow

# Employer relationships deepen over planned visits (DESIGN.md §2).
RELATIONSHIP_STAGES = {
    "prospect": "Not yet contacted",
    "introduced": "Introduced",
    "learning": "Learning the business",
    "presenting": "Presenting job seekers",
    "hiring": "Has hired through us",
}
EMPLOYER_SIZES = {"micro": "1–9 staff", "small": "10–49 staff", "medium": "50–249 staff", "large": "250+ staff"}


class Employer(db.Model):
    """A business the team develops jobs with."""

    __tablename__ = "employer"
    __table_args__ = (
        Index("ix_employer_owner_last_contact", "owner_id", "last_contact_at"),
        Index("ix_employer_last_contact", "last_contact_at"),
        Index("ix_employer_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower case, no accents or punctuation, "&" as "and", no trailing legal suffix: what the duplicate check compares.
    normalized_name: Mapped[str] = mapped_column(String(200), index=True)
    industry: Mapped[str | None] = mapped_column(String(100), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    town: Mapped[str | None] = mapped_column(String(100), index=True)
    postcode: Mapped[str | None] = mapped_column(String(20), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    website: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    # Normalised forms the duplicate check looks up (see crm/employers/duplicates.py).
    phone_digits: Mapped[str | None] = mapped_column(String(20), index=True)
    website_domain: Mapped[str | None] = mapped_column(String(200), index=True)
    size: Mapped[str | None] = mapped_column(String(20))
    relationship_stage: Mapped[str] = mapped_column(String(20), default="prospect")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    # Kept in step with the employer contact log so that lists can sort and filter without scanning it.
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    owner = relationship("User", foreign_keys=[owner_id])
    contact_people: Mapped[list[ContactPerson]] = relationship(
        back_populates="employer", order_by="ContactPerson.name"
    )

    def __repr__(self) -> str:
        return f"<Employer {self.id}>"


class ContactPerson(db.Model):
    """Someone at an employer: a hiring manager, a supervisor, an owner."""

    __tablename__ = "contact_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    job_title: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    notes: Mapped[str | None] = mapped_column(Text)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    employer: Mapped[Employer] = relationship(back_populates="contact_people")

    def __repr__(self) -> str:
        return f"<ContactPerson {self.id}>"
