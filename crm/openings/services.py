"""Openings: saving them with their competitive flag, status changes, and the list query. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, and_, case, func, or_, select, update
from sqlalchemy.orm import selectinload

from crm import audit
from crm.employers.names import normalise_employer_name
from crm.extensions import db
from crm.formatting import money
from crm.forms import parse_id
from crm.models import Employer, EmployerContact, Opening, User
from crm.models.opening import OPENING_SOURCES, OPENING_STATUSES, SHIFTS
from crm.models.types import utcnow
from crm.queries import escape_like
from crm.settings import is_competitive, minimum_hourly_wage

OPENING_FIELDS = ("title", "description", "requirements", "industry", "hours_min", "hours_max", "shifts",
                  "pay_min", "pay_max", "place", "latitude", "longitude", "remote", "source",
                  "set_aside_for_disabled", "time_limited_by_agency", "opened_on", "closes_on")
FLOAT_FIELDS = ("hours_min", "hours_max", "latitude", "longitude")
SORTS = {
    "newest": "Newest",  # last added or changed: ix_opening_status_updated gives this order without a sort
    "closing": "Closing soonest",
    "title": "Job title",
}
CENT = Decimal("0.01")


class OpeningError(Exception):
    """An opening could not be saved as given; field names the form field, the message is safe to show."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


# --- competitive ---------------------------------------------------------------------------------------


def lowest_stated_pay(pay_min, pay_max) -> Decimal | None:
    """The lowest pay the opening states: its minimum, or its only figure; None when it states none."""
    stated = [Decimal(str(p)) for p in (pay_min, pay_max) if p is not None]
    return min(stated) if stated else None


def works_out_competitive(opening: Opening, minimum_wage: Decimal | None = None) -> bool:
    """Whether the opening is competitive on its current facts and the configured minimum wage."""
    return is_competitive(lowest_stated_pay(opening.pay_min, opening.pay_max),
                          set_aside_for_disabled=opening.set_aside_for_disabled,
                          time_limited_by_agency=opening.time_limited_by_agency,
                          minimum_wage=minimum_hourly_wage() if minimum_wage is None else minimum_wage)


def explain_competitive(opening: Opening, minimum_wage: Decimal | None = None) -> str:
    """One plain sentence: competitive or not, and why."""
    minimum_wage = minimum_hourly_wage() if minimum_wage is None else minimum_wage
    if works_out_competitive(opening, minimum_wage):
        return f"Competitive: open to anyone and pays at least {money(minimum_wage)} an hour."
    reasons = []
    if opening.set_aside_for_disabled:
        reasons.append("it is set aside for disabled people, so it is not open to anyone")
    if opening.time_limited_by_agency:
        reasons.append("it is time-limited by the agency")
    pay = lowest_stated_pay(opening.pay_min, opening.pay_max)
    if pay is None:
        reasons.append(f"the pay is not known, so it cannot be shown to be at least {money(minimum_wage)} an hour "
                       "(ask the employer)")
    elif pay < minimum_wage:
        reasons.append(f"it pays {money(pay)} an hour, less than the minimum wage of {money(minimum_wage)}")
    return "Not competitive: " + "; ".join(reasons) + "."


def refresh_competitive_flags(minimum_wage: Decimal | None = None) -> int:
    """Work out competitive again for every opening, after the minimum wage changed; return how many changed.

    One UPDATE, audited as one event; updated_at is left alone so the lists keep their order.
    """
    minimum_wage = minimum_hourly_wage() if minimum_wage is None else minimum_wage
    # pay_min <= pay_max is a constraint, so the lowest stated pay is pay_min, else pay_max.
    competitive = case((and_(Opening.set_aside_for_disabled.is_(False), Opening.time_limited_by_agency.is_(False),
                             func.coalesce(Opening.pay_min, Opening.pay_max) >= minimum_wage), True), else_=False)
    result = db.session.execute(update(Opening).where(Opening.competitive != competitive)
                                .values(competitive=competitive, updated_at=Opening.updated_at)
                                .execution_options(synchronize_session="fetch"))
    changed = result.rowcount or 0
    if changed:
        audit.record("update", "opening", None, fields=["competitive"],
                     detail=f"{changed} openings after the minimum wage became {minimum_wage}")
    return changed


# --- choosing the employer and the contact that found the opening ---------------------------------------


def choose_employer(employer_id, typed: str | None, keep: Employer | None = None) -> Employer:
    """The employer picked in the form (by type-ahead id, else by its exact name); archived ones refused.

    keep: the opening's current employer, which may stay even if archived since.
    """
    employer = db.session.get(Employer, parse_id(employer_id)) if parse_id(employer_id) else None
    if employer is not None and typed and normalise_employer_name(typed) != employer.normalized_name:
        employer = None  # a name was typed over the chosen one
    if employer is None:
        employer = _employer_named(typed or "")
    if employer.archived_at is not None and (keep is None or employer.id != keep.id):
        raise OpeningError("employer_query", f"{employer.name} is archived. Restore it on its page first, "
                                             "or choose another employer.")
    return employer


def _employer_named(typed: str) -> Employer:
    normalised = normalise_employer_name(typed)
    matches = db.session.scalars(select(Employer).where(Employer.normalized_name == normalised)
                                 .order_by(Employer.archived_at.is_not(None), Employer.id).limit(3)).all()
    active = [e for e in matches if e.archived_at is None]
    if len(active) == 1:
        return active[0]
    if len(active) > 1:
        raise OpeningError("employer_query", "Several employers have this name: choose one from the list.")
    if matches and matches[0].merged_into_id is None:
        return matches[0]  # archived: refused with its own message
    raise OpeningError("employer_query", f"No employer called “{typed}”. Choose one from the list as you type, "
                                         "or add the employer first.")


def linkable_contact(user: User, contact_id, employer: Employer | None = None) -> EmployerContact:
    """The user's own logged contact (with employer, when given) that found an opening; else OpeningError."""
    contact = db.session.get(EmployerContact, parse_id(contact_id)) if parse_id(contact_id) else None
    if contact is None or contact.specialist_id != user.id:
        raise OpeningError("source", "Only a contact you logged yourself can be linked as the one that found "
                                     "this opening.")
    if employer is not None and contact.employer_id != employer.id:
        raise OpeningError("employer_query", f"The contact that found this opening was with {contact.employer.name}: "
                                             "choose that employer.")
    return contact


# --- saving --------------------------------------------------------------------------------------------


def _clean(values: dict) -> dict:
    """Form values as columns: empty text as None, numbers as the column types, shifts in their usual order."""
    data = {key: (None if value == "" else value) for key, value in values.items() if key in OPENING_FIELDS}
    for key in FLOAT_FIELDS:
        if data.get(key) is not None:
            data[key] = float(data[key])
    for key in ("pay_min", "pay_max"):
        if data.get(key) is not None:
            data[key] = Decimal(str(data[key])).quantize(CENT)
    if "requirements" in data:
        data["requirements"] = list(data["requirements"] or [])
    if "shifts" in data:
        data["shifts"] = [s for s in SHIFTS if s in (data["shifts"] or [])]
    for key in ("remote", "set_aside_for_disabled", "time_limited_by_agency"):
        if key in data:
            data[key] = bool(data[key])
    if "source" in data and data["source"] not in OPENING_SOURCES:
        data["source"] = "advertised"
    return data


def _check_source(source: str, contact: EmployerContact | None) -> None:
    if contact is not None and source != "developed":
        raise OpeningError("source", "This opening was found in a logged employer contact, so it was found "
                                     "through job development.")


def create_opening(user: User, employer: Employer, *, found_by_contact_id=None, **values) -> Opening:
    """Add an open opening at employer, linked to the user's contact that found it if given; audited."""
    data = {"source": "advertised", **_clean(values)}
    contact = linkable_contact(user, found_by_contact_id, employer) if found_by_contact_id else None
    _check_source(data["source"], contact)
    opening = Opening(employer_id=employer.id, status="open", created_by_id=user.id,
                      found_by_contact_id=contact.id if contact else None, **data)
    opening.competitive = works_out_competitive(opening)
    db.session.add(opening)
    db.session.flush()
    given = [key for key, value in data.items() if value not in (None, "", [], False)]
    given += [key for key in ("found_by_contact_id", "competitive") if getattr(opening, key)]
    audit.record("create", "opening", opening.id, fields=["employer_id", "status", *given], user=user)
    return opening


def update_opening(opening: Opening, employer: Employer, **values) -> list[str]:
    """Apply changed fields (and a move to another employer); recompute competitive; audit the names changed.

    A move to another employer drops the link to the contact that found the opening, which was with the old one.
    """
    data = _clean(values)
    data["employer_id"] = employer.id
    contact = opening.found_by_contact
    if contact is not None and contact.employer_id != employer.id:
        data["found_by_contact_id"] = contact = None
    _check_source(data.get("source", opening.source), contact)
    changed = [key for key, value in data.items() if getattr(opening, key) != value]
    for key in changed:
        setattr(opening, key, data[key])
    competitive = works_out_competitive(opening)
    if competitive != opening.competitive:
        opening.competitive = competitive
        changed.append("competitive")
    if changed:
        audit.record("update", "opening", opening.id, fields=changed)
    return changed


def set_opening_status(opening: Opening, status: str) -> bool:
    """Fill, close or reopen an opening (closed_at kept in step); audited. False when it already had that status."""
    if status not in OPENING_STATUSES:
        raise OpeningError("status", "Choose open, filled or closed.")
    if status == opening.status:
        return False
    if status == "open" and opening.employer.archived_at is not None:
        raise OpeningError("status", f"{opening.employer.name} is archived: restore it before reopening this opening.")
    opening.status = status
    opening.closed_at = None if status == "open" else utcnow()
    audit.record("update", "opening", opening.id, fields=["status", "closed_at"], detail=f"status {status}")
    return True


# --- the list ------------------------------------------------------------------------------------------


@dataclass
class OpeningFilters:
    """What the openings list is narrowed to and ordered by."""

    q: str = ""
    status: str = "open"  # "" for any status
    industry: str = ""
    source: str = ""
    competitive: bool = False
    employer_id: int | None = None
    sort: str = "newest"

    @classmethod
    def from_args(cls, args) -> OpeningFilters:
        """The filters from the openings list's query string (open ones unless asked otherwise)."""
        status = args.get("status", "open")
        return cls(
            q=args.get("q", "")[:200], industry=args.get("industry", "")[:100].strip(),
            status=status if status in OPENING_STATUSES else "",
            source=args.get("source", "") if args.get("source") in OPENING_SOURCES else "",
            competitive=args.get("competitive") == "1", employer_id=parse_id(args.get("employer_id")),
            sort=args.get("sort") if args.get("sort") in SORTS else "newest",
        )



def opening_list_query(filters: OpeningFilters) -> Select:
    """Openings matching the filters, in the chosen order, their employers loaded for the page in one more query.

    The default list (open, recently changed first) reads ix_opening_status_updated in order, and one employer's
    openings come from ix_opening_employer_status. Employers are not joined: a join would make the database
    join every matching row before sorting (about 95 ms on SQLite with 50,000 openings, against 15 ms), and
    it would also weigh on the count of the whole list.
    """
    query = select(Opening).options(selectinload(Opening.employer))
    if filters.status:
        query = query.where(Opening.status == filters.status)
    if filters.employer_id:
        query = query.where(Opening.employer_id == filters.employer_id)
    if filters.q.strip():
        pattern = f"%{escape_like(filters.q.strip())}%"
        named = select(Employer.id).where(Employer.name.ilike(pattern, escape="\\"))
        query = query.where(or_(Opening.title.ilike(pattern, escape="\\"), Opening.employer_id.in_(named)))
    if filters.industry:
        query = query.where(Opening.industry.ilike(escape_like(filters.industry), escape="\\"))
    if filters.source:
        query = query.where(Opening.source == filters.source)
    if filters.competitive:
        query = query.where(Opening.competitive.is_(True))
    order = {
        "closing": (Opening.closes_on.asc().nulls_last(), Opening.id),
        "title": (func.lower(Opening.title), Opening.id),
    }.get(filters.sort, (Opening.updated_at.desc(), Opening.id.desc()))
    return query.order_by(*order)
