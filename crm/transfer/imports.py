"""Writing a confirmed import: new rows in bulk, duplicates skipped, merged or added as chosen, all recorded.

Nothing here runs before the user confirms the preview. Rows are inserted a thousand at a time; every created row
and the import itself get an audit event, and the ``ImportBatch`` keeps what was created and which empty fields of
existing employers were filled in, so that the whole import can be undone (``crm.transfer.undo``). Callers commit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select

from crm import audit
from crm.employers.duplicates import normalise_postcode, phone_digits, website_domain
from crm.employers.names import normalise_employer_name
from crm.employers.services import EMPLOYER_FIELDS, PERSON_FIELDS, update_employer
from crm.extensions import db
from crm.models import ContactPerson, Employer, Opening, User
from crm.models.opening import SHIFTS
from crm.models.types import utcnow
from crm.openings.services import lowest_stated_pay
from crm.settings import is_competitive, minimum_hourly_wage
from crm.transfer.models import ImportBatch

OBJECT_TYPES = {"employers": "employer", "people": "contact_person", "openings": "opening"}
MODELS = {"employers": Employer, "people": ContactPerson, "openings": Opening}
NOUNS = {"employers": "employer", "people": "contact person", "openings": "opening"}
CHUNK = 1000


class ImportRefused(Exception):
    """The import cannot go ahead as asked; the message is safe to show."""


def decision_options(kind: str, row: dict) -> list[tuple[str, str]]:
    """What may be done with a row that has possible duplicates: skip (the default), add anyway, or merge."""
    options = [("skip", "Skip this row"), ("create", f"Add it anyway as a new {NOUNS[kind]}")]
    if kind == "employers":
        options += [(f"merge:{match['id']}", f"Merge into {match['name']}: fill in its empty details")
                    for match in row["matches"] if "id" in match]
    return options


def run_import(user: User, staged: dict, decisions: dict[int, str], good_rows_only: bool) -> ImportBatch:
    """Write the good rows of a checked file as decided, record the import, and return it."""
    kind, rows = staged["kind"], staged["analysis"]["rows"]
    left_out = sum(1 for row in rows if row["errors"])
    if left_out and not good_rows_only:
        raise ImportRefused("Some rows have problems: fix them and upload the file again, or choose to import "
                            "only the rows without problems.")
    create, merge, skipped = [], [], 0
    for row in rows:
        if row["errors"]:
            continue
        choice = decisions.get(row["line"], "skip") if row["matches"] else "create"
        if choice == "create":
            create.append(row["values"])
        elif choice in dict(decision_options(kind, row)) and choice.startswith("merge:"):
            merge.append((int(choice.removeprefix("merge:")), row["values"]))
        else:
            skipped += 1
    batch = ImportBatch(kind=kind, filename=staged["filename"][:200] or "upload.csv", user_id=user.id)
    db.session.add(batch)
    db.session.flush()
    created = _insert(kind, user, create)
    merged, not_merged = _merge(merge) if merge else ({}, 0)
    batch.created_ids = [row_id for row_id, _ in created]
    batch.merged = merged
    batch.counts = {"rows": len(rows), "created": len(created), "merged": len(merge) - not_merged,
                    "skipped": skipped + not_merged, "left_out": left_out}
    batch.created_at = utcnow()  # after the writes: a created row updated later was changed since
    audit.record("import", "import_batch", batch.id, fields=[key for key in staged["mapping"] if key],
                 detail=f"{kind}: " + ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in batch.counts.items()))
    object_type = OBJECT_TYPES[kind]
    for row_id, fields in created:
        audit.record("create", object_type, row_id, fields=fields, detail=f"import {batch.id}")
    return batch


def _insert(kind: str, user: User, rows: list[dict]) -> list[tuple[int, list[str]]]:
    """Insert the rows a chunk at a time; (id, names of the fields given) of each, in order."""
    now = utcnow()
    build = {"employers": _employer_row, "people": _person_row, "openings": _opening_row}[kind]
    extra = {"wage": minimum_hourly_wage()} if kind == "openings" else {}
    records = [build(values, user.id, now, **extra) for values in rows]
    model = MODELS[kind]
    created = []
    for start in range(0, len(records), CHUNK):
        chunk = records[start:start + CHUNK]
        ids = db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), chunk).all()
        created += [(row_id, _given(record)) for row_id, record in zip(ids, chunk, strict=True)]
    return created


def _given(record: dict) -> list[str]:
    skip = {"created_at", "updated_at", "created_by_id", "normalized_name", "phone_digits", "website_domain"}
    return [key for key, value in record.items() if key not in skip and value not in (None, "", [], False)]


def _blank_as_none(values: dict, keys) -> dict:
    return {key: (None if values.get(key) in ("", None) else values[key]) for key in keys}


def _employer_row(values: dict, user_id: int, now) -> dict:
    data = _blank_as_none(values, EMPLOYER_FIELDS)
    data["relationship_stage"] = data["relationship_stage"] or "prospect"
    data["postcode"] = normalise_postcode(data["postcode"])
    return {**data, "normalized_name": normalise_employer_name(data["name"]), "phone_digits": phone_digits(
        data["phone"]), "website_domain": website_domain(data["website"]), "created_by_id": user_id,
            "created_at": now, "updated_at": now}


def _person_row(values: dict, _user_id: int, now) -> dict:
    return {**_blank_as_none(values, ("employer_id", *PERSON_FIELDS)), "created_at": now, "updated_at": now}


def _opening_row(values: dict, user_id: int, now, wage: Decimal) -> dict:
    data = _blank_as_none(values, ("employer_id", "title", "description", "industry", "hours_min", "hours_max",
                                   "pay_min", "pay_max", "place", "source", "status"))
    for key in ("pay_min", "pay_max"):
        data[key] = Decimal(data[key]) if data[key] is not None else None
    flags = {key: bool(values[key]) for key in ("remote", "set_aside_for_disabled", "time_limited_by_agency")}
    competitive = is_competitive(lowest_stated_pay(data["pay_min"], data["pay_max"]),
                                 set_aside_for_disabled=flags["set_aside_for_disabled"],
                                 time_limited_by_agency=flags["time_limited_by_agency"], minimum_wage=wage)
    return {**data, **flags, "competitive": competitive, "requirements": list(values["requirements"]),
            "shifts": [shift for shift in SHIFTS if shift in values["shifts"]],
            "opened_on": date.fromisoformat(values["opened_on"]) if values["opened_on"] else None,
            "closes_on": date.fromisoformat(values["closes_on"]) if values["closes_on"] else None,
            "closed_at": None if data["status"] == "open" else now, "created_by_id": user_id,
            "created_at": now, "updated_at": now}


def _merge(pairs: list[tuple[int, dict]]) -> tuple[dict, int]:
    """Fill in the empty fields of existing employers; ({id: {field: [before, after]}}, how many could not be)."""
    targets = {}
    ids = sorted({employer_id for employer_id, _ in pairs})
    for start in range(0, len(ids), CHUNK):
        targets.update({e.id: e for e in db.session.scalars(
            select(Employer).where(Employer.id.in_(ids[start:start + CHUNK])))})
    merged: dict[str, dict] = {}
    missed = 0
    for employer_id, values in pairs:
        employer = targets.get(employer_id)
        if employer is None or employer.archived_at is not None:
            missed += 1
            continue
        fill = {key: value for key, value in values.items()
                if key in EMPLOYER_FIELDS and key != "name" and value not in (None, "")
                and getattr(employer, key) in (None, "")}
        before = {key: getattr(employer, key) for key in fill}
        for key in update_employer(employer, **fill):
            merged.setdefault(str(employer.id), {})[key] = [before[key], getattr(employer, key)]
    return merged, missed
