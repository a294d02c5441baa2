"""Checking one row of an import with the same rules as the app's forms, and turning it into values to save.

Employers and contact people go through the very forms people fill in (``EmployerForm``, ``ContactPersonForm``);
openings through ``OpeningRowForm`` with the model's rules. Choices (size, stage, shifts, yes/no) are read from
their labels or values first, with messages that say what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from crm.employers.forms import ContactPersonForm, EmployerForm
from crm.employers.names import normalise_employer_name
from crm.employers.services import EMPLOYER_FIELDS, PERSON_FIELDS
from crm.extensions import db
from crm.forms import parse_id
from crm.models import Employer, User
from crm.models.employer import EMPLOYER_SIZES, RELATIONSHIP_STAGES
from crm.models.opening import OPENING_SOURCES, OPENING_STATUSES
from crm.transfer.cells import (
    BAD_WEB_ADDRESS,
    NO,
    SIZE_WORDS,
    SOURCE_WORDS,
    YES,
    choice,
    host_readable,
    money,
    parse_date,
    shifts,
)
from crm.transfer.columns import columns
from crm.transfer.forms import OpeningRowForm

PLAIN_MESSAGES = {
    "Not a valid float value.": "Give a number, like 16 or 37.5.",
    "Not a valid decimal value.": "Give a number, like 12.50.",
    "Not a valid choice.": "Choose one of the values the template lists.",
}
TOO_MANY_CELLS = ("This row has more cells than there are column names: is there a comma inside a cell that is "
                  "not in quotes?")


@dataclass
class CheckedRow:
    """One row of the file after checking: what it says, the values to save, and what is wrong with it."""

    line: int
    label: str
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class RowContext:
    """What checking rows needs from the database, loaded once per file."""

    def __init__(self, kind: str):
        self.kind = kind
        self.forms: dict[type, object] = {}
        self.owners: dict[str, list[int]] = {}
        self.owner_ids: list[int] = []
        self.employers: dict[int, tuple[str, str, bool]] = {}
        self.employer_ids_by_name: dict[str, list[int]] = {}
        self.archived_names: dict[str, str] = {}
        if kind == "employers":
            self._load_owners()
        else:
            self._load_employers()

    def _load_owners(self) -> None:
        rows = db.session.execute(select(User.id, User.name, User.email).where(
            User.active, User.role.in_(("specialist", "team_lead"))))
        for row in rows:
            self.owner_ids.append(row.id)
            for key in {row.name.casefold().strip(), row.email.casefold()}:
                self.owners.setdefault(key, []).append(row.id)

    def _load_employers(self) -> None:
        rows = db.session.execute(select(Employer.id, Employer.name, Employer.normalized_name,
                                         Employer.archived_at.is_not(None).label("archived")))
        for row in rows:
            self.employers[row.id] = (row.name, row.normalized_name, row.archived)
            if not row.archived:
                self.employer_ids_by_name.setdefault(row.normalized_name, []).append(row.id)
            else:
                self.archived_names[row.normalized_name] = row.name

    def checked_form(self, form_class, data: dict):
        """form_class filled with data and validated: one form per file, processed again for each row.

        Binding a form's fields costs more than checking them; validating starts each field's errors afresh.
        """
        form = self.forms.get(form_class)
        if form is None:
            form = self.forms[form_class] = form_class(formdata=None, meta={"csrf": False})
            if form_class is EmployerForm:
                form.owner_id.choices = [(0, "")] + [(i, "") for i in self.owner_ids]
        form.process(formdata=MultiDict(data))
        form.validate()
        return form

    def owner_id(self, text: str) -> tuple[int, str | None]:
        """(owner id or 0, error) for a specialist's name or email address."""
        if not text:
            return 0, None
        ids = self.owners.get(text.casefold().strip(), [])
        if len(ids) == 1:
            return ids[0], None
        if ids:
            return 0, f"Several staff are called “{text}”: use their email address."
        return 0, f"No active specialist or team lead is called “{text}”: use their name or email address."

    def employer_id(self, name: str, raw_id: str) -> tuple[int | None, str | None]:
        """(employer id, error) from an employer id and/or name in the file."""
        if raw_id:
            if parse_id(raw_id) not in self.employers:
                return None, f"No employer has the id “{raw_id}”."
            found_name, normalised, archived = self.employers[parse_id(raw_id)]
            if archived:
                return None, f"The employer with id {raw_id} ({found_name}) is archived: restore it first."
            if name and normalise_employer_name(name) != normalised:
                return None, f"The employer with id {raw_id} is {found_name}, not {name}."
            return int(raw_id), None
        normalised = normalise_employer_name(name)
        ids = self.employer_ids_by_name.get(normalised, [])
        if len(ids) == 1:
            return ids[0], None
        if ids:
            return None, (f"{len(ids)} employers are called “{name}”: add an “Employer id” column to say which "
                          "one (the employer export lists the ids).")
        if normalised in self.archived_names:
            return None, f"{self.archived_names[normalised]} is archived: restore it first."
        return None, f"No employer is called “{name}”: import the employers first, or check the spelling."


def check_row(kind: str, line: int, cells: dict[str, tuple[str, str]], extra_cells: bool,
              context: RowContext) -> CheckedRow:
    """Check one row; cells maps each field key to (text, the file's column name)."""
    checker = {"employers": _employer, "people": _person, "openings": _opening}[kind]
    row = checker(line, cells, context)
    if extra_cells:
        row.errors.append(TOO_MANY_CELLS)
    return row


def _text(cells, key: str) -> str:
    return cells.get(key, ("", ""))[0]


def _column(cells, key: str, kind: str) -> str:
    if key in cells:
        return cells[key][1]
    return next((c.label for c in columns(kind) if c.key == key), key)


def _form_errors(form, cells, kind: str, rename: dict[str, str] | None = None) -> list[str]:
    """The first problem of each field (a number that is not one would also fail its range), named by column."""
    errors = []
    for name, messages in form.errors.items():
        column = _column(cells, (rename or {}).get(name, name), kind)
        errors.append(f"{column}: {PLAIN_MESSAGES.get(messages[0], messages[0])}")
    return errors


def _employer(line: int, cells, context: RowContext) -> CheckedRow:
    errors = []
    size = _text(cells, "size")
    size_value = choice(size, EMPLOYER_SIZES, SIZE_WORDS) if size else ""
    if size_value is None:
        errors.append(f"{_column(cells, 'size', 'employers')}: use micro, small, medium or large.")
    stage = _text(cells, "relationship_stage")
    stage_value = choice(stage, RELATIONSHIP_STAGES) if stage else "prospect"
    if stage_value is None:
        errors.append(f"{_column(cells, 'relationship_stage', 'employers')}: use one of "
                      + ", ".join(RELATIONSHIP_STAGES.values()) + ".")
    owner_id, owner_error = context.owner_id(_text(cells, "owner"))
    if owner_error:
        errors.append(f"{_column(cells, 'owner', 'employers')}: {owner_error}")
    data = {key: _text(cells, key) for key in ("name", "industry", "address", "town", "postcode", "phone", "website",
                                               "latitude", "longitude", "notes")}
    if data["website"] and not host_readable(data["website"]):
        errors.append(f"{_column(cells, 'website', 'employers')}: {BAD_WEB_ADDRESS}")
        data["website"] = ""
    data.update(size=size_value or "", relationship_stage=stage_value or "prospect", owner_id=str(owner_id))
    form = context.checked_form(EmployerForm, data)
    errors += _form_errors(form, cells, "employers", {"owner_id": "owner"})
    values = {key: None if form[key].data == "" else form[key].data for key in EMPLOYER_FIELDS}
    values["owner_id"] = values["owner_id"] or None
    return CheckedRow(line, data["name"], values, errors)


def _person(line: int, cells, context: RowContext) -> CheckedRow:
    errors = []
    employer_id, problem = context.employer_id(_text(cells, "employer"), _text(cells, "employer_id"))
    if problem:
        errors.append(f"{_column(cells, 'employer', 'people')}: {problem}")
    form = context.checked_form(ContactPersonForm, {key: _text(cells, key) for key in PERSON_FIELDS})
    errors += _form_errors(form, cells, "people")
    values = {key: form[key].data or None for key in PERSON_FIELDS}
    values["employer_id"] = employer_id
    return CheckedRow(line, _text(cells, "name"), values, errors)


def _opening(line: int, cells, context: RowContext) -> CheckedRow:
    errors = []
    employer_id, problem = context.employer_id(_text(cells, "employer"), _text(cells, "employer_id"))
    if problem:
        errors.append(f"{_column(cells, 'employer', 'openings')}: {problem}")
    values: dict = {"employer_id": employer_id}
    for key, options, default, extra in (("status", OPENING_STATUSES, "open", None),
                                         ("source", OPENING_SOURCES, "advertised", SOURCE_WORDS)):
        text = _text(cells, key)
        values[key] = choice(text, options, extra) if text else default
        if values[key] is None:
            errors.append(f"{_column(cells, key, 'openings')}: use " + " or ".join(options) + ".")
    for key in ("remote", "set_aside_for_disabled", "time_limited_by_agency"):
        word = _text(cells, key).casefold()
        values[key] = word in YES
        if word not in YES | NO:
            errors.append(f"{_column(cells, key, 'openings')}: write yes or no.")
    values["shifts"], bad_shifts = shifts(_text(cells, "shifts"))
    if bad_shifts:
        errors.append(f"{_column(cells, 'shifts', 'openings')}: use day, evening, night or weekend "
                      f"(not “{bad_shifts[0]}”).")
    values["requirements"] = [part.strip() for part in re.split(r"[;\n]", _text(cells, "requirements"))
                              if part.strip()]
    if len(values["requirements"]) > 30 or any(len(part) > 300 for part in values["requirements"]):
        errors.append(f"{_column(cells, 'requirements', 'openings')}: give at most 30 requirements of up to "
                      "300 characters each.")
    errors += _dates(cells, values)
    form_data = {key: _text(cells, key) for key in ("title", "description", "industry", "hours_min", "hours_max",
                                                    "place")}
    form_data.update(pay_min=money(_text(cells, "pay_min")), pay_max=money(_text(cells, "pay_max")))
    form = context.checked_form(OpeningRowForm, form_data)
    errors += _form_errors(form, cells, "openings")
    for key in form_data:
        value = form[key].data
        if isinstance(value, Decimal):
            value = str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))
        values[key] = value if value != "" else None
    return CheckedRow(line, _text(cells, "title"), values, errors)


def _dates(cells, values: dict) -> list[str]:
    errors = []
    for key in ("opened_on", "closes_on"):
        text = _text(cells, key)
        day = parse_date(text) if text else None
        if text and (day is None or not 1990 <= day.year <= 2100):
            errors.append(f"{_column(cells, key, 'openings')}: write the date like 2026-11-23 or 23/11/2026.")
            day = None
        values[key] = day.isoformat() if day else None
    if values["opened_on"] and values["closes_on"] and values["closes_on"] < values["opened_on"]:
        errors.append(f"{_column(cells, 'closes_on', 'openings')}: the closing date cannot be before the opening "
                      "date.")
    return errors
