"""CSV exports of employers, the contact log and openings, with the same filters as their list pages.

Each export reads the list's own query in batches (``yield_per``: a server-side cursor on PostgreSQL), so memory
stays flat however many rows there are; ``csvio.csv_stream`` turns the rows into text as the response is sent.
Column names are those the imports understand, so an exported file can be edited and imported again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import aliased

from crm import policy
from crm.contacts.services import CONTACT_LOG_ORDER, contact_log_criteria
from crm.employers.services import EmployerFilters, employer_list_query
from crm.extensions import db
from crm.formatting import local_zone
from crm.models import ContactPerson, Employer, EmployerContact, Participant, User
from crm.models.contact import CONTACT_MODES, CONTACT_PURPOSES, employer_contact_participant
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


def _on_behalf_of(viewer: policy.Viewer, people: list[tuple[int, str, int, int | None]]) -> str:
    """The names of people (id, name, specialist id, specialist's team) the viewer may see; the others counted."""
    names = [name for _id, name, specialist_id, team_id in people
             if policy.may_view_caseload(viewer, specialist_id, team_id)]
    hidden = len(people) - len(names)
    if hidden and names:
        names.append(f"{hidden} other{'s' if hidden > 1 else ''}")
    elif hidden:
        names.append(f"{hidden} {'people' if hidden > 1 else 'person'}")
    return "; ".join(names)


_Specialist = aliased(User)
_Caseworker = aliased(User)
CONTACT_COLUMNS = (EmployerContact.id, EmployerContact.contacted_at, _Specialist.name, EmployerContact.employer_id,
                   Employer.name, ContactPerson.name, EmployerContact.mode, EmployerContact.face_to_face,
                   EmployerContact.purpose, EmployerContact.participant_present, EmployerContact.notes,
                   EmployerContact.outcome, EmployerContact.next_step, EmployerContact.next_step_due,
                   EmployerContact.next_step_done_at)


def contact_rows(viewer: policy.Viewer, kwargs: dict) -> Iterator[tuple]:
    """One CSV row per employer contact the viewer may list, newest first.

    Plain rows rather than ORM objects (an export of 100,000 contacts is several times faster), and the people
    each contact was on behalf of come in one query per batch.
    """
    zone = local_zone()
    query = (select(*CONTACT_COLUMNS)
             .join(_Specialist, EmployerContact.specialist_id == _Specialist.id)
             .join(Employer, EmployerContact.employer_id == Employer.id)
             .outerjoin(ContactPerson, EmployerContact.contact_person_id == ContactPerson.id)
             .where(*contact_log_criteria(**kwargs)).order_by(*CONTACT_LOG_ORDER))
    for batch in _stream(query).partitions():
        people = _people_on_behalf_of([row[0] for row in batch])
        for (contact_id, contacted_at, specialist, employer_id, employer, spoke_to, mode, face_to_face, purpose,
             present, notes, outcome, next_step, due, done_at) in batch:
            yield (contact_id, _moment(contacted_at, zone), specialist, employer_id, employer, spoke_to or "",
                   CONTACT_MODES.get(mode, mode), face_to_face, CONTACT_PURPOSES.get(purpose, purpose),
                   _on_behalf_of(viewer, people.get(contact_id, [])), present, notes, outcome, next_step,
                   due or "", _moment(done_at, zone))


def _people_on_behalf_of(contact_ids: list[int]) -> dict[int, list[tuple[int, str, int, int | None]]]:
    """contact id -> (participant id, name, specialist id, specialist's team) of the people it was on behalf of."""
    link = employer_contact_participant.c
    rows = db.session.execute(
        select(link.employer_contact_id, Participant.id, Participant.name, Participant.specialist_id,
               _Caseworker.team_id)
        .join(Participant, Participant.id == link.participant_id)
        .join(_Caseworker, Participant.specialist_id == _Caseworker.id)
        .where(link.employer_contact_id.in_(contact_ids)).order_by(link.employer_contact_id, Participant.id))
    people: dict[int, list] = {}
    for contact_id, *person in rows:
        people.setdefault(contact_id, []).append(tuple(person))
    return people


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
