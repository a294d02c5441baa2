"""Checking a whole file before anything is written: each row's problems, and the duplicates it may hold.

The result is plain JSON-able data (kept in the staged import): for each row its line, a label, the values to
save, its errors, and its possible duplicates, each an existing record (``id``) or an earlier line of the file.
"""

from __future__ import annotations

from sqlalchemy import select

from crm.employers.duplicates import phone_digits, website_domain
from crm.employers.names import normalise_employer_name
from crm.extensions import db
from crm.models import ContactPerson, Employer, Opening
from crm.transfer.rows import CheckedRow, RowContext, check_row
from crm.transfer.similar import BatchNameIndex

MAX_MATCHES = 5
SAME_PHONE, SAME_WEBSITE = (96, "the same phone number"), (97, "the same website")


def analyse(kind: str, headers: list[str], rows: list[list], mapping: list[str]) -> dict:
    """Check every row of a staged file with the mapping chosen; find duplicates of the good ones."""
    context = RowContext(kind)
    checked = [check_row(kind, line, _cells(headers, cells, mapping), _extra(headers, cells), context)
               for line, cells in rows]
    good = [row for row in checked if not row.errors]
    matches = {"employers": _employer_matches, "people": _person_matches, "openings": _opening_matches}[kind](good)
    result = [{"line": row.line, "label": row.label[:200], "values": row.values, "errors": row.errors,
               "matches": matches.get(row.line, [])} for row in checked]
    return {"rows": result, "counts": {
        "rows": len(result), "bad": len(checked) - len(good),
        "duplicates": sum(1 for row in result if row["matches"] and not row["errors"]),
    }}


def _cells(headers: list[str], cells: list[str], mapping: list[str]) -> dict[str, tuple[str, str]]:
    return {key: (cells[i] if i < len(cells) else "", headers[i]) for i, key in enumerate(mapping) if key}


def _extra(headers: list[str], cells: list[str]) -> bool:
    return any(cells[len(headers):])


def _employer_matches(good: list[CheckedRow]) -> dict[int, list[dict]]:
    """Similar names (the duplicate guard's rules) in the database and earlier in the file; same phone or website."""
    existing = db.session.execute(
        select(Employer.id, Employer.name, Employer.normalized_name, Employer.town, Employer.phone_digits,
               Employer.website_domain).where(Employer.archived_at.is_(None))).all()
    by_id = {row.id: row for row in existing}
    by_phone: dict[str, list[int]] = {}
    by_domain: dict[str, list[int]] = {}
    for row in existing:
        if row.phone_digits:
            by_phone.setdefault(row.phone_digits, []).append(row.id)
        if row.website_domain:
            by_domain.setdefault(row.website_domain, []).append(row.id)
    names = [normalise_employer_name(row.values["name"]) for row in good]
    index = BatchNameIndex([(row.id, row.normalized_name) for row in existing]
                           + [(("line", row.line), name) for row, name in zip(good, names, strict=True)])
    hits = index.similar_many(names, [len(existing) + i for i in range(len(good))])
    labels = {row.line: row.label for row in good}
    found = {}
    for row, row_hits in zip(good, hits, strict=True):
        scored: dict = {}
        for key, score, why in row_hits:
            scored[key] = [score, [why]]
        for (score, why), ids in ((SAME_PHONE, by_phone.get(phone_digits(row.values["phone"]) or "", [])),
                                  (SAME_WEBSITE, by_domain.get(website_domain(row.values["website"]) or "", []))):
            for employer_id in ids:
                entry = scored.setdefault(employer_id, [0, []])
                entry[0] = max(entry[0], score)
                entry[1].append(why)
        if scored:
            found[row.line] = [_employer_match(key, score, reasons, by_id, labels)
                               for key, (score, reasons) in _best(scored)]
    return found


def _best(scored: dict) -> list:
    """The best matches: existing employers before lines of the file at the same score."""
    def order(item):
        key, (score, _) = item
        return (-score, 1, key[1]) if isinstance(key, tuple) else (-score, 0, key)

    return sorted(scored.items(), key=order)[:MAX_MATCHES]


def _employer_match(key, score: float, reasons: list[str], by_id: dict, labels: dict[int, str]) -> dict:
    if isinstance(key, tuple):
        return {"line": key[1], "name": labels[key[1]], "reasons": reasons, "score": round(score, 1)}
    row = by_id[key]
    return {"id": key, "name": row.name, "town": row.town, "reasons": reasons, "score": round(score, 1)}


def _person_key(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _by_employer_and_name(good: list[CheckedRow], existing, name_key: str, reason: str) -> dict[int, list[dict]]:
    """Rows whose (employer, name) is already in the database or on an earlier line of the file."""
    known: dict[tuple[int, str], dict] = {}
    for row in existing:
        known.setdefault((row.employer_id, _person_key(row.name)), {"id": row.id, "name": row.name,
                                                                    "reasons": [reason], "score": 100})
    found = {}
    for row in good:
        key = (row.values["employer_id"], _person_key(row.values[name_key]))
        if key in known:
            found[row.line] = [known[key]]
        else:
            known[key] = {"line": row.line, "name": row.label, "reasons": [reason], "score": 100}
    return found


def _person_matches(good: list[CheckedRow]) -> dict[int, list[dict]]:
    existing = db.session.execute(select(ContactPerson.id, ContactPerson.employer_id, ContactPerson.name)
                                  .where(ContactPerson.left_at.is_(None))).all()
    return _by_employer_and_name(good, existing, "name", "someone of the same name at this employer")


def _opening_matches(good: list[CheckedRow]) -> dict[int, list[dict]]:
    existing = db.session.execute(select(Opening.id, Opening.employer_id, Opening.title.label("name"))
                                  .where(Opening.status == "open")).all()
    return _by_employer_and_name(good, existing, "title", "an open opening with the same title at this employer")
