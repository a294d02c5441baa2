"""Undoing a whole import: remove what it created, put back the fields it filled in, explain what must stay.

A created row stays when anything else now points at it (a logged contact, an opening, a job start…; found from
the foreign keys of every table, so new tables are covered) or when someone changed it after the import. A filled-in
field is put back only if it still holds the imported value. Callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select

from crm import audit
from crm.employers.duplicates import forget_employer_names
from crm.employers.services import update_employer
from crm.extensions import db
from crm.models import Employer, Opening, User
from crm.models.types import utcnow
from crm.transfer.imports import CHUNK, MODELS, OBJECT_TYPES
from crm.transfer.models import ImportBatch

REFERENCES = {
    "employer_contact": "contacts have been logged with it",
    "opening": "it has openings",
    "contact_person": "people there have been added",
    "job_start": "it has job starts",
    "job_match": "it has been suggested to job seekers",
    "employer": "another employer was merged into it",
}


@dataclass
class UndoPlan:
    """What undoing an import would do, and what it cannot."""

    remove: list[int] = field(default_factory=list)
    keep: list[dict] = field(default_factory=list)
    revert: dict[int, dict] = field(default_factory=dict)
    keep_fields: list[dict] = field(default_factory=list)


def may_undo(user: User, batch: ImportBatch) -> bool:
    """The person who imported, a team lead of their team, or an admin may undo an import."""
    if user.role == "admin" or batch.user_id == user.id:
        return True
    return user.role == "team_lead" and batch.user is not None and user.team_id is not None \
        and batch.user.team_id == user.team_id


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def undo_plan(batch: ImportBatch) -> UndoPlan:
    """Work out what undoing batch would remove, put back and keep (and why)."""
    model = MODELS[batch.kind]
    plan = UndoPlan()
    reasons: dict[int, str] = {}
    for referring in db.metadata.sorted_tables:
        for key in referring.foreign_keys:
            if key.column.table is not model.__table__:
                continue
            for ids in _chunks(batch.created_ids):
                for row_id in db.session.scalars(select(key.parent).where(key.parent.in_(ids)).distinct()):
                    reasons.setdefault(row_id, REFERENCES.get(referring.name, referring.name.replace("_", " ")))
    label_column = Opening.title if model is Opening else model.name
    for ids in _chunks(batch.created_ids):
        for row in db.session.execute(select(model.id, label_column, model.updated_at).where(model.id.in_(ids))):
            if row.updated_at > batch.created_at:
                reasons.setdefault(row.id, "it was changed after the import")
            if row.id in reasons:
                plan.keep.append({"id": row.id, "name": row[1], "reason": reasons[row.id]})
            else:
                plan.remove.append(row.id)
    _plan_reverts(batch, plan)
    return plan


def _plan_reverts(batch: ImportBatch, plan: UndoPlan) -> None:
    merged = batch.merged or {}
    employers = {employer.id: employer for ids in _chunks([int(key) for key in merged])
                 for employer in db.session.scalars(select(Employer).where(Employer.id.in_(ids)))}
    for employer_id, fields in merged.items():
        employer = employers.get(int(employer_id))
        for name, (before, after) in fields.items():
            if employer is not None and getattr(employer, name) == after:
                plan.revert.setdefault(employer.id, {})[name] = before
            else:
                plan.keep_fields.append({"id": int(employer_id), "name": employer.name if employer else "",
                                         "field": name, "reason": "it was changed after the import"
                                         if employer else "the employer no longer exists"})


def undo_import(batch: ImportBatch, user: User) -> UndoPlan:
    """Undo batch as far as it can be; record what was kept; audited. Returns the plan it carried out."""
    if batch.undone_at is not None:
        raise ValueError("this import was already undone")
    plan = undo_plan(batch)
    model = MODELS[batch.kind]
    for ids in _chunks(plan.remove):
        db.session.execute(delete(model).where(model.id.in_(ids)).execution_options(synchronize_session=False))
    for employer_id, fields in plan.revert.items():
        update_employer(db.session.get(Employer, employer_id), **fields)
    batch.undone_at = utcnow()
    batch.undone_by_id = user.id
    batch.undo_kept = plan.keep + plan.keep_fields
    audit.record("undo", "import_batch", batch.id,
                 detail=f"{len(plan.remove)} removed, {len(plan.revert)} employers put back, "
                        f"{len(plan.keep)} kept, {len(plan.keep_fields)} fields kept")
    for row_id in plan.remove:
        audit.record("delete", OBJECT_TYPES[batch.kind], row_id, detail=f"import {batch.id} undone")
    if batch.kind == "employers":
        forget_employer_names()
    return plan
