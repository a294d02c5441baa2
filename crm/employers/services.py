"""Employers and their people: queries and writes. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, exists, func, or_, select, update
from sqlalchemy.orm import joinedload

from crm import audit
from crm.employers.duplicates import normalise_postcode, phone_digits, website_domain
from crm.employers.names import normalise_employer_name
from crm.extensions import db
from crm.forms import parse_id
from crm.models import ContactPerson, Employer, EmployerContact, JobStart, Opening, User
from crm.models.employer import RELATIONSHIP_STAGES
from crm.models.types import utcnow
from crm.queries import escape_like

EMPLOYER_FIELDS = ("name", "industry", "address", "town", "postcode", "phone", "website", "size",
                   "relationship_stage", "owner_id", "latitude", "longitude", "notes")
PERSON_FIELDS = ("name", "job_title", "phone", "email", "notes")
STALE_DAYS = 30
SORTS = {
    "name": "Name (A to Z)",
    "last_contact_oldest": "Longest without contact first",
    "last_contact_newest": "Most recent contact first",
    "newest": "Newest added first",
}


class EmployerError(Exception):
    """A change to an employer was refused; the message is safe to show."""


def _clean(values: dict) -> dict:
    """Empty text as None, and the derived columns the duplicate check and lists use."""
    data = {key: (value if value != "" else None) for key, value in values.items() if key in EMPLOYER_FIELDS}
    if "owner_id" in data:
        data["owner_id"] = data["owner_id"] or None
    if "postcode" in data:
        data["postcode"] = normalise_postcode(data["postcode"])
    return data


def _derive(employer: Employer) -> None:
    employer.normalized_name = normalise_employer_name(employer.name)
    employer.phone_digits = phone_digits(employer.phone)
    employer.website_domain = website_domain(employer.website)


def create_employer(created_by: User | None, **values) -> Employer:
    """Add an employer (after the caller's duplicate check) and audit it."""
    data = _clean(values)
    data.setdefault("relationship_stage", "prospect")
    employer = Employer(created_by_id=created_by.id if created_by else None, **data)
    _derive(employer)
    db.session.add(employer)
    db.session.flush()
    audit.record("create", "employer", employer.id, fields=sorted(k for k, v in data.items() if v is not None))
    return employer


def update_employer(employer: Employer, **values) -> list[str]:
    """Apply changed fields to an employer; return and audit the names of those that changed."""
    changed = []
    for key, value in _clean(values).items():
        if getattr(employer, key) != value:
            setattr(employer, key, value)
            changed.append(key)
    if changed:
        _derive(employer)
        audit.record("update", "employer", employer.id, fields=changed)
    return changed


def set_archived(employer: Employer, archived: bool) -> None:
    """Archive an employer (hidden from lists and the log form, history kept) or bring it back."""
    if (employer.archived_at is not None) == archived:
        return
    employer.archived_at = utcnow() if archived else None
    audit.record("update", "employer", employer.id, fields=["archived_at"],
                 detail="archived" if archived else "restored")


def merge_employers(source: Employer, target: Employer) -> dict[str, int]:
    """Move everything of source (people, contacts, openings, job starts) to target and archive source."""
    if source.id == target.id:
        raise EmployerError("An employer cannot be merged into itself.")
    if target.archived_at is not None:
        raise EmployerError("The employer to keep is archived; restore it first.")
    moved = {}
    for model, label in ((ContactPerson, "contact people"), (EmployerContact, "employer contacts"),
                         (Opening, "openings"), (JobStart, "job starts")):
        result = db.session.execute(update(model).where(model.employer_id == source.id).values(employer_id=target.id))
        moved[label] = result.rowcount or 0
    db.session.expire_all()  # relationship collections loaded before the moves are stale
    filled = []
    for key in EMPLOYER_FIELDS:
        if getattr(target, key) in (None, "") and getattr(source, key) not in (None, ""):
            setattr(target, key, getattr(source, key))
            filled.append(key)
    _derive(target)
    if source.last_contact_at and (target.last_contact_at is None or source.last_contact_at > target.last_contact_at):
        target.last_contact_at = source.last_contact_at
    source.archived_at = utcnow()
    source.merged_into_id = target.id
    audit.record("merge", "employer", source.id, fields=filled,
                 detail=f"merged into employer {target.id}: " + ", ".join(f"{n} {k}" for k, n in moved.items()))
    audit.record("update", "employer", target.id, fields=filled, detail=f"received employer {source.id}")
    return moved


def note_contact(employer_id: int, contacted_at: datetime) -> None:
    """Keep the employer's last contact moment in step with a newly logged contact."""
    db.session.execute(
        update(Employer).where(Employer.id == employer_id,
                               or_(Employer.last_contact_at.is_(None), Employer.last_contact_at < contacted_at))
        .values(last_contact_at=contacted_at)
    )


def refresh_last_contact(employer_id: int) -> None:
    """Recompute the employer's last contact from the log (after a contact moved or changed date)."""
    latest = select(func.max(EmployerContact.contacted_at)).where(EmployerContact.employer_id == employer_id)
    db.session.execute(
        update(Employer).where(Employer.id == employer_id).values(last_contact_at=latest.scalar_subquery()))


@dataclass
class EmployerFilters:
    """What the employer list is narrowed to and ordered by."""

    q: str = ""
    industry: str = ""
    stage: str = ""
    owner_id: int | None = None
    stale: bool = False
    has_openings: bool = False
    archived: bool = False
    sort: str = "name"

    @classmethod
    def from_args(cls, args) -> EmployerFilters:
        """The filters from the employer list's query string; anything malformed is ignored."""
        return cls(
            q=args.get("q", "")[:200], industry=args.get("industry", "")[:100],
            stage=args.get("stage", "") if args.get("stage") in RELATIONSHIP_STAGES else "",
            owner_id=parse_id(args.get("owner")), stale=args.get("stale") == "1",
            has_openings=args.get("openings") == "1", archived=args.get("archived") == "1",
            sort=args.get("sort") if args.get("sort") in SORTS else "name",
        )


def open_openings_count():
    """A correlated count of an employer's open openings, for list queries."""
    return (select(func.count(Opening.id))
            .where(Opening.employer_id == Employer.id, Opening.status == "open")
            .correlate(Employer).scalar_subquery())


def employer_list_query(filters: EmployerFilters) -> Select:
    """Employers matching the filters, in the chosen order, with their open-openings count."""
    query = select(Employer, open_openings_count().label("open_openings")).options(joinedload(Employer.owner))
    query = query.where(Employer.archived_at.is_not(None) if filters.archived else Employer.archived_at.is_(None))
    if filters.q.strip():
        pattern = f"%{escape_like(filters.q.strip())}%"
        matches = [Employer.name.ilike(pattern, escape="\\"), Employer.town.ilike(pattern, escape="\\"),
                   Employer.postcode.ilike(pattern, escape="\\"), Employer.industry.ilike(pattern, escape="\\")]
        # Punctuation alone ("%", "&") normalises to nothing, which would match every name.
        if normalised := normalise_employer_name(filters.q):
            matches.append(Employer.normalized_name.ilike(f"%{escape_like(normalised)}%", escape="\\"))
        query = query.where(or_(*matches))
    if filters.industry:
        query = query.where(Employer.industry == filters.industry)
    if filters.stage:
        query = query.where(Employer.relationship_stage == filters.stage)
    if filters.owner_id:
        query = query.where(Employer.owner_id == filters.owner_id)
    if filters.stale:
        cutoff = utcnow() - timedelta(days=STALE_DAYS)
        query = query.where(or_(Employer.last_contact_at.is_(None), Employer.last_contact_at < cutoff))
    if filters.has_openings:
        query = query.where(exists().where(Opening.employer_id == Employer.id, Opening.status == "open"))
    order = {
        "last_contact_oldest": (Employer.last_contact_at.asc().nulls_first(), Employer.id),
        "last_contact_newest": (Employer.last_contact_at.desc().nulls_last(), Employer.id),
        "newest": (Employer.created_at.desc(), Employer.id.desc()),
    }.get(filters.sort, (Employer.normalized_name, Employer.id))
    return query.order_by(*order)



def industries() -> list[str]:
    """The industries employers have been given, for filters and suggestions."""
    query = select(Employer.industry).where(Employer.industry.is_not(None)).distinct().order_by(Employer.industry)
    return list(db.session.scalars(query))


def search_employers(text: str, limit: int = 8) -> list[Employer]:
    """Type-ahead: active employers whose name starts with, then contains, the text typed."""
    normalised = normalise_employer_name(text)
    if not normalised:
        return []
    escaped = escape_like(normalised)
    base = select(Employer).where(Employer.archived_at.is_(None))
    found = list(db.session.scalars(
        base.where(Employer.normalized_name.like(f"{escaped}%", escape="\\")).order_by(Employer.normalized_name)
        .limit(limit)))
    if len(found) < limit:
        seen = [e.id for e in found] or [0]
        found += db.session.scalars(
            base.where(Employer.normalized_name.like(f"%{escaped}%", escape="\\"), Employer.id.not_in(seen))
            .order_by(Employer.normalized_name).limit(limit - len(found)))
    return found


def days_since(moment: datetime | None, today: date | None = None) -> int | None:
    """Whole days from moment to today, or None when there was no such moment."""
    if moment is None:
        return None
    return ((today or utcnow().date()) - moment.date()).days


def next_step_due(employer_id: int) -> EmployerContact | None:
    """The employer's earliest next step that is not yet done."""
    return db.session.scalar(
        select(EmployerContact).where(EmployerContact.employer_id == employer_id,
                                      EmployerContact.next_step_due.is_not(None),
                                      EmployerContact.next_step_done_at.is_(None))
        .order_by(EmployerContact.next_step_due, EmployerContact.id).limit(1))


def save_contact_person(employer: Employer, person: ContactPerson | None, **values) -> ContactPerson:
    """Add a person at an employer, or update one; audited with the changed field names."""
    data = {k: (v if v != "" else None) for k, v in values.items() if k in PERSON_FIELDS}
    if person is None:
        person = ContactPerson(employer_id=employer.id, **data)
        db.session.add(person)
        db.session.flush()
        audit.record("create", "contact_person", person.id, fields=[k for k, v in data.items() if v is not None])
        return person
    changed = [k for k, v in data.items() if getattr(person, k) != v]
    for key in changed:
        setattr(person, key, data[key])
    if changed:
        audit.record("update", "contact_person", person.id, fields=changed)
    return person


def set_person_left(person: ContactPerson, left: bool) -> None:
    """Mark a contact person as having left the employer (kept in the history), or undo it."""
    if (person.left_at is not None) == left:
        return
    person.left_at = utcnow() if left else None
    audit.record("update", "contact_person", person.id, fields=["left_at"])
