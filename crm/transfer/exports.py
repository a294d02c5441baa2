"""CSV exports of employers, the contact log and openings, with the same filters as their list pages.

Each export reads the list's own query in batches (``yield_per``: a server-side cursor on PostgreSQL), so memory
stays flat however many rows there are; ``csvio.csv_stream`` turns the rows into text as the response is sent.
Column names are those the imports understand, so an exported file can be edited and imported again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import selectinload

from crm import policy
from crm.contacts.services import contact_log_query, visible_specialist_ids
from crm.employers.services import EmployerFilters, employer_list_query
from crm.extensions import db
from crm.formatting import local_zone
from crm.forms import parse_id
from crm.models import EmployerContact, Participant, User
from crm.models.contact import CONTACT_MODES, CONTACT_PURPOSES
from crm.models.employer import EMPLOYER_SIZES, RELATIONSHIP_STAGES
from crm.models.opening import OPENING_SOURCES, OPENING_STATUSES, SHIFTS
from crm.openings.services import OpeningFilters, opening_list_query

BATCH = 1000

EMPLOYER_HEADER = ("Employer id", "Business name", "Industry", "Street address", "Town", "Postcode", "Phone",
                   "Website", "Size", "Relationship stage", "Relationship owner", "Latitude", "Longitude", "Notes",
                   "Last contact", "Open openings", "Archived", "Added")
CONTACT_HEADER = ("Contact id", "Date and time", "Specialist", "Employer id", "Employer", "Who they spoke to", "How",
                  "Face-to-face", "Purpose", "On behalf of", "Job seeker there too", "Notes", "Outcome", "Next step",
                  "Next step due", "Next step done")
OPENING_HEADER = ("Opening id", "Job title", "Employer id", "Employer", "Industry", "Fewest hours a week",
                  "Most hours a week", "Shifts", "Lowest hourly pay", "Highest hourly pay", "Place", "Remote", "Source",
                  "Competitive", "Set aside for disabled people", "Time-limited by the agency", "Status", "Opened on",
                  "Closes on", "Description", "Requirements")


def _stream(query) -> Iterator:
    """The query's rows, fetched BATCH at a time."""
    return db.session.execute(query.execution_options(yield_per=BATCH))


def _moment(value: datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""


def _number(value: float | None) -> float | int | None:
    """A number as written by hand: 16 rather than 16.0 (kept a number, so it is never taken for a formula)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# --- employers -----------------------------------------------------------------------------------------


def employer_filters(args: Mapping[str, str]) -> tuple[EmployerFilters, list[str]]:
    """The employer list's filters from its query string (as on /employers/), and the names of those in use."""
    filters = EmployerFilters.from_args(args)
    used = [name for name, value in (("q", filters.q.strip()), ("industry", filters.industry),
                                     ("stage", filters.stage), ("owner", filters.owner_id), ("stale", filters.stale),
                                     ("openings", filters.has_openings), ("archived", filters.archived)) if value]
    return filters, used


def employer_rows(filters: EmployerFilters) -> Iterator[tuple]:
    """One CSV row per employer matching the filters, in the list's order."""
    zone = local_zone()
    for employer, open_openings in _stream(employer_list_query(filters)):
        yield (employer.id, employer.name, employer.industry, employer.address, employer.town, employer.postcode,
               employer.phone, employer.website, EMPLOYER_SIZES.get(employer.size or "", employer.size),
               RELATIONSHIP_STAGES.get(employer.relationship_stage, employer.relationship_stage),
               employer.owner.name if employer.owner else "", _number(employer.latitude),
               _number(employer.longitude), employer.notes, _moment(employer.last_contact_at, zone), open_openings,
               employer.archived_at is not None, _moment(employer.created_at, zone))


# --- the contact log -----------------------------------------------------------------------------------


def _date(text: str, zone: ZoneInfo) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=zone)
    except ValueError:
        return None


def contact_filters(args: Mapping[str, str], viewer: User) -> tuple[dict, list[str]]:
    """contact_log_query's arguments from the contact log's query string, limited to what viewer may see."""
    zone = local_zone()
    ids = visible_specialist_ids(viewer)
    chosen = parse_id(args.get("specialist"))
    chosen = chosen if chosen and (ids is None or chosen in ids) else None
    ids = [chosen] if chosen else ids
    since, until = _date(args.get("from", ""), zone), _date(args.get("to", ""), zone)
    kwargs = {
        "specialist_ids": ids, "since": since, "until": until + timedelta(days=1) if until else None,
        "mode": args.get("mode", "") if args.get("mode") in CONTACT_MODES else "",
        "purpose": args.get("purpose", "") if args.get("purpose") in CONTACT_PURPOSES else "",
        "face_to_face": args.get("f2f") == "1",
    }
    used = [name for name, value in (("specialist", chosen), ("from", since),
                                     ("to", until), ("mode", kwargs["mode"]), ("purpose", kwargs["purpose"]),
                                     ("f2f", kwargs["face_to_face"])) if value]
    return kwargs, used


def _on_behalf_of(viewer: User, participants: list[Participant]) -> str:
    """The names the viewer may see; the others only counted."""
    names = [p.name for p in participants if policy.may_view_participant(viewer, p)]
    hidden = len(participants) - len(names)
    if hidden and names:
        names.append(f"{hidden} other{'s' if hidden > 1 else ''}")
    elif hidden:
        names.append(f"{hidden} {'people' if hidden > 1 else 'person'}")
    return "; ".join(names)


def contact_rows(viewer: User, kwargs: dict) -> Iterator[tuple]:
    """One CSV row per employer contact the viewer may list, newest first."""
    zone = local_zone()
    query = contact_log_query(viewer, **kwargs).options(
        selectinload(EmployerContact.participants).selectinload(Participant.specialist))
    for (contact,) in _stream(query):
        yield (contact.id, _moment(contact.contacted_at, zone), contact.specialist.name, contact.employer_id,
               contact.employer.name, contact.contact_person.name if contact.contact_person else "",
               CONTACT_MODES.get(contact.mode, contact.mode), contact.face_to_face,
               CONTACT_PURPOSES.get(contact.purpose, contact.purpose), _on_behalf_of(viewer, contact.participants),
               contact.participant_present, contact.notes, contact.outcome, contact.next_step,
               contact.next_step_due or "", _moment(contact.next_step_done_at, zone))


# --- openings ------------------------------------------------------------------------------------------


def opening_filters(args: Mapping[str, str]) -> tuple[OpeningFilters, list[str]]:
    """The openings list's filters from its query string (as on /openings/: open ones unless asked otherwise)."""
    filters = OpeningFilters.from_args(args)
    used = [name for name, value in (("q", filters.q.strip()), ("status", filters.status),
                                     ("industry", filters.industry), ("source", filters.source),
                                     ("competitive", filters.competitive), ("employer", filters.employer_id))
            if value]
    return filters, used


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def opening_rows(filters: OpeningFilters) -> Iterator[tuple]:
    """One CSV row per opening matching the filters, in the list's order."""
    for (opening,) in _stream(opening_list_query(filters)):
        yield (opening.id, opening.title, opening.employer_id, opening.employer.name, opening.industry,
               _number(opening.hours_min), _number(opening.hours_max),
               "; ".join(SHIFTS.get(s, s) for s in opening.shifts or []), opening.pay_min, opening.pay_max,
               opening.place, opening.remote, OPENING_SOURCES.get(opening.source, opening.source),
               opening.competitive, opening.set_aside_for_disabled, opening.time_limited_by_agency,
               OPENING_STATUSES.get(opening.status, opening.status), _day(opening.opened_on),
               _day(opening.closes_on), opening.description, "; ".join(opening.requirements or []))
