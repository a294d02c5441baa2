"""The columns each kind of import understands, and matching a file's column names to them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A field an import fills: its key, the column name our templates and exports use, and other names for it."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""


EMPLOYER_REF = (
    Column("employer", "Employer", ("employer name", "business", "business name", "company", "company name",
                                    "organisation", "organization"),
           hint="The employer's name as it is in the app, or give the employer id instead."),
    Column("employer_id", "Employer id", ("employer number", "employer ref")),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "employers": (
        Column("name", "Business name", ("name", "employer", "employer name", "business", "company", "company name",
                                         "organisation", "organization", "organisation name"), required=True),
        Column("industry", "Industry", ("sector", "trade")),
        Column("address", "Street address", ("address", "street", "address line 1", "address 1")),
        Column("town", "Town", ("city", "locality", "town or city")),
        Column("postcode", "Postcode", ("post code", "postal code", "zip", "zip code")),
        Column("phone", "Phone", ("telephone", "phone number", "tel", "telephone number", "main phone")),
        Column("website", "Website", ("web", "web site", "web address", "url", "site", "homepage")),
        Column("size", "Size", ("company size", "employees", "staff", "number of staff"),
               hint="micro, small, medium or large (or 1–9, 10–49, 50–249, 250+ staff)."),
        Column("relationship_stage", "Relationship stage", ("stage", "relationship"),
               hint="Not yet contacted, Introduced, Learning the business, Presenting job seekers or Has hired "
                    "through us."),
        Column("owner", "Relationship owner", ("owner", "owner email", "specialist", "employment specialist"),
               hint="The name or email address of a specialist or team lead."),
        Column("latitude", "Latitude", ("lat",)),
        Column("longitude", "Longitude", ("lon", "lng", "long")),
        Column("notes", "Notes", ("note", "comments", "comment")),
    ),
    "people": (
        *EMPLOYER_REF,
        Column("name", "Name", ("full name", "contact", "contact name", "person", "contact person"), required=True),
        Column("job_title", "Their role", ("role", "job title", "title", "position")),
        Column("phone", "Phone", ("telephone", "phone number", "tel", "mobile")),
        Column("email", "Email address", ("email", "e-mail", "e-mail address", "mail")),
        Column("notes", "Notes", ("note", "comments", "comment")),
    ),
    "openings": (
        *EMPLOYER_REF,
        Column("title", "Job title", ("title", "job", "position", "role", "vacancy"), required=True),
        Column("description", "Description", ("details", "job description", "about the job")),
        Column("requirements", "Requirements", ("requirement", "skills needed", "needs"),
               hint="Separate several with a semicolon (;)."),
        Column("industry", "Industry", ("sector", "trade")),
        Column("hours_min", "Fewest hours a week", ("hours min", "min hours", "minimum hours", "hours from")),
        Column("hours_max", "Most hours a week", ("hours max", "max hours", "maximum hours", "hours to")),
        Column("shifts", "Shifts", ("shift", "shift pattern"), hint="day, evening, night, weekend; separate with ;"),
        Column("pay_min", "Lowest hourly pay", ("pay", "pay min", "min pay", "hourly pay", "wage", "pay from")),
        Column("pay_max", "Highest hourly pay", ("pay max", "max pay", "pay to")),
        Column("place", "Place", ("location", "where", "workplace")),
        Column("remote", "Remote", ("remote work", "work from home"), hint="yes or no"),
        Column("source", "Source", ("how found", "found through"), hint="advertised or found through job development"),
        Column("set_aside_for_disabled", "Set aside for disabled people", ("set aside",), hint="yes or no"),
        Column("time_limited_by_agency", "Time-limited by the agency", ("time limited",), hint="yes or no"),
        Column("status", "Status", ("state",), hint="open, filled or closed"),
        Column("opened_on", "Opened on", ("opened", "date opened", "posted", "posted on", "start date")),
        Column("closes_on", "Closes on", ("closes", "closing date", "deadline", "close date")),
    ),
}

# At least one of these must be mapped for each kind (besides the required columns).
ONE_OF = {"people": ("employer", "employer_id"), "openings": ("employer", "employer_id")}


def header_key(text: str) -> str:
    """A column name compared loosely: lower case, words only."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def columns(kind: str) -> tuple[Column, ...]:
    """The columns of one kind of import."""
    return COLUMNS[kind]


def auto_map(kind: str, headers: list[str]) -> list[str]:
    """For each header, the key of the column it most likely is ("" for none); each key used at most once."""
    names: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for name in (column.label, column.key, *column.synonyms):
            names.setdefault(header_key(name), column.key)
    mapping, used = [], set()
    for header in headers:
        key = names.get(header_key(header), "")
        if key in used:
            key = ""
        used.add(key)
        mapping.append(key)
    return mapping


def mapping_problems(kind: str, mapping: list[str]) -> list[str]:
    """What is wrong with a mapping: required columns not chosen, a column chosen twice."""
    problems = []
    chosen = [key for key in mapping if key]
    labels = {column.key: column.label for column in COLUMNS[kind]}
    for key in sorted({key for key in chosen if chosen.count(key) > 1}):
        problems.append(f"“{labels.get(key, key)}” is chosen for more than one column: choose it once.")
    for column in COLUMNS[kind]:
        if column.required and column.key not in chosen:
            problems.append(f"Choose the column that holds “{column.label}”.")
    one_of = ONE_OF.get(kind)
    if one_of and not set(one_of) & set(chosen):
        problems.append("Choose the column that holds the employer's name or the employer id.")
    unknown = set(chosen) - set(labels)
    if unknown:
        problems.append("Choose each column from the list.")
    return problems
