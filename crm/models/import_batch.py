"""What a confirmed CSV import created and changed, so that it can be shown and undone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow

IMPORT_KINDS = {"employers": "Employers", "people": "Contact people", "openings": "Openings"}


class ImportBatch(db.Model):
    """One confirmed import: the ids it created and the fields it filled in on existing employers."""

    __tablename__ = "import_batch"
    __table_args__ = (
        CheckConstraint("kind IN ('employers', 'people', 'openings')", name="kind"),
        Index("ix_import_batch_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The uploaded file's name as the browser sent it (shown as text, never used as a path).
    filename: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Set after the rows were written: a created row updated later than this was changed since the import.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # {"rows": n, "created": n, "merged": n, "skipped": n, "left_out": n}
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    # Ids of the employers, contact people or openings (by kind) the import created.
    created_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # {"<employer id>": {"<field>": [value before, value set]}} for duplicates merged into existing employers.
    merged: Mapped[dict] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # What the undo could not remove or put back, with the reason: [{"id": n, "name": "…", "reason": "…"}].
    undo_kept: Mapped[list[dict]] = mapped_column(JSON, default=list)

    user = relationship("User", foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<ImportBatch {self.id} {self.kind}>"
