"""The duplicate guard: is a new employer one the team already has?

Names are compared in their normalised form (see ``names.py``) with rapidfuzz: word order and small typos
("Mapel Street Bakery") still match, and so does a name that contains the other ("Tesco" / "Tesco Express").
A shared phone number, web address or postcode with a similar name are further reasons. The guard warns; the
user may still create the employer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process
from sqlalchemy import or_, select

from crm.employers.names import normalise_employer_name
from crm.extensions import db
from crm.models import Employer
from crm.models.types import utcnow

SIMILAR_NAME = 85  # token_sort_ratio: same words in any order, a typo or two
CONTAINED_NAME = 95  # token_set_ratio: one name's words all in the other's
SAME_POSTCODE_NAME = 60  # a looser name match is enough at the same postcode
MAX_SUGGESTIONS = 5


def phone_digits(phone: str | None) -> str | None:
    """The last 10 digits of a phone number (ignores spaces, dashes and country prefixes), or None."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-10:] if len(digits) >= 7 else None


def website_domain(website: str | None) -> str | None:
    """The host of a web address without "www.", lower case, or None."""
    if not website:
        return None
    text = website.strip().lower()
    try:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    except ValueError:  # not a web address at all ("[Beeeep]")
        return None
    host = host.removeprefix("www.")
    return host or None


def normalise_postcode(postcode: str | None) -> str | None:
    """A postcode in capitals with single spaces, or None when empty."""
    text = " ".join((postcode or "").upper().split())
    return text or None


@dataclass
class Candidate:
    """An existing employer that may be the same business, and why."""

    employer_id: int
    name: str
    town: str | None
    score: float
    reasons: list[str] = field(default_factory=list)


def _name_scores(query: str, names: Sequence[str]) -> dict[int, tuple[float, str]]:
    """Index in names → (score, reason) for names similar to query."""
    found: dict[int, tuple[float, str]] = {}
    if not query:
        return found
    for _, score, index in process.extract(query, names, scorer=fuzz.token_sort_ratio,
                                           score_cutoff=SIMILAR_NAME, limit=20):
        found[index] = (score, "a very similar name")
    for choice, score, index in process.extract(query, names, scorer=fuzz.token_set_ratio,
                                                score_cutoff=CONTAINED_NAME, limit=20):
        # "Bakery" inside "Maple Street Bakery" is no evidence; two shared words, or a brand that starts the
        # other name ("Tesco" / "Tesco Express"), are.
        shorter, longer = sorted((query, choice), key=len)
        if len(shorter.split()) >= 2 or longer.startswith(shorter + " "):
            found.setdefault(index, (score - 5, "a name that contains the other"))
    return found


class _NameCache:
    """Every active employer's normalised name, kept in this process and brought up to date on each use.

    Loading 20,000 names costs more than comparing them, so the list is loaded once and then refreshed with
    the rows changed since (by ``updated_at``, looking back a few minutes to allow for other servers' clocks),
    and reloaded whole every few minutes so that deletions (an undone import) drop out.
    """

    OVERLAP = timedelta(minutes=5)
    FULL_RELOAD = timedelta(minutes=5)

    def __init__(self):
        self.database: str | None = None
        self.loaded_at = self.synced_at = datetime.min.replace(tzinfo=UTC)
        self.ids: list[int] = []
        self.names: list[str] = []
        self.position: dict[int, int] = {}

    def current(self) -> tuple[list[int], list[str]]:
        """(ids, names) of active employers; an archived employer's name is blanked in place."""
        now = utcnow()
        database = str(db.engine.url)
        if database != self.database or now - self.loaded_at > self.FULL_RELOAD:
            self._load_all(database, now)
        else:
            self._apply_changes(now)
        return self.ids, self.names

    def _load_all(self, database: str, now: datetime) -> None:
        rows = db.session.execute(select(Employer.id, Employer.normalized_name)
                                  .where(Employer.archived_at.is_(None))).all()
        self.ids = [row.id for row in rows]
        self.names = [row.normalized_name for row in rows]
        self.position = {employer_id: i for i, employer_id in enumerate(self.ids)}
        self.database, self.loaded_at, self.synced_at = database, now, now

    def _apply_changes(self, now: datetime) -> None:
        rows = db.session.execute(
            select(Employer.id, Employer.normalized_name, Employer.archived_at)
            .where(Employer.updated_at >= self.synced_at - self.OVERLAP)).all()
        for row in rows:
            name = "" if row.archived_at is not None else row.normalized_name
            if row.id in self.position:
                self.names[self.position[row.id]] = name
            elif name:
                self.position[row.id] = len(self.ids)
                self.ids.append(row.id)
                self.names.append(name)
        self.synced_at = now


_names = _NameCache()


def find_similar_employers(name: str, *, postcode: str | None = None, phone: str | None = None,
                           website: str | None = None, exclude_id: int | None = None) -> list[Candidate]:
    """Existing (not archived) employers that may be the same business as the one described, best first."""
    normalised = normalise_employer_name(name)
    ids, names = _names.current()
    scores = {ids[i]: hit for i, hit in _name_scores(normalised, names).items()}

    postcode, digits, domain = normalise_postcode(postcode), phone_digits(phone), website_domain(website)
    exact = [clause for clause in (
        Employer.phone_digits == digits if digits else None,
        Employer.website_domain == domain if domain else None,
        Employer.postcode == postcode if postcode else None,
    ) if clause is not None]
    matched_by_detail = []
    if exact:
        matched_by_detail = db.session.execute(
            select(Employer.id, Employer.normalized_name, Employer.phone_digits, Employer.website_domain,
                   Employer.postcode).where(Employer.archived_at.is_(None), or_(*exact)).limit(200)
        ).all()
    return _rank(scores, matched_by_detail, normalised, postcode, digits, domain, exclude_id)


def _rank(scores, detail_rows, normalised, postcode, digits, domain, exclude_id) -> list[Candidate]:
    reasons: dict[int, list[str]] = {i: [why] for i, (_, why) in scores.items()}
    totals: dict[int, float] = {i: score for i, (score, _) in scores.items()}
    for row in detail_rows:
        if digits and row.phone_digits == digits:
            reasons.setdefault(row.id, []).append("the same phone number")
            totals[row.id] = max(totals.get(row.id, 0), 96)
        if domain and row.website_domain == domain:
            reasons.setdefault(row.id, []).append("the same website")
            totals[row.id] = max(totals.get(row.id, 0), 97)
        if postcode and row.postcode == postcode and fuzz.token_sort_ratio(normalised, row.normalized_name) >= \
                SAME_POSTCODE_NAME:
            reasons.setdefault(row.id, []).append("a similar name at the same postcode")
            totals[row.id] = max(totals.get(row.id, 0), 90)
    totals.pop(exclude_id, None)
    best = sorted(totals, key=lambda i: (-totals[i], i))[:MAX_SUGGESTIONS]
    if not best:
        return []
    details = {e.id: e for e in db.session.scalars(
        select(Employer).where(Employer.id.in_(best), Employer.archived_at.is_(None)))}
    return [Candidate(i, details[i].name, details[i].town, round(totals[i], 1), reasons[i])
            for i in best if i in details]


class NameIndex:
    """Many duplicate checks at once (imports): the existing names loaded once, new names added as accepted."""

    def __init__(self, rows: Iterable[tuple[int | str, str]]):
        self.keys: list[int | str] = []
        self.names: list[str] = []
        for key, name in rows:
            self.add(key, name)

    @classmethod
    def from_database(cls) -> NameIndex:
        """An index of every employer that is not archived."""
        rows = db.session.execute(select(Employer.id, Employer.normalized_name).where(Employer.archived_at.is_(None)))
        return cls((row.id, row.normalized_name) for row in rows)

    def add(self, key: int | str, normalised_name: str) -> None:
        """Remember one more name (e.g. a row about to be imported)."""
        self.keys.append(key)
        self.names.append(normalised_name)

    def similar(self, normalised_name: str) -> list[tuple[int | str, float, str]]:
        """(key, score, reason) of indexed names similar to normalised_name, best first."""
        hits = _name_scores(normalised_name, self.names)
        ranked = sorted(hits.items(), key=lambda item: (-item[1][0], item[0]))[:MAX_SUGGESTIONS]
        return [(self.keys[i], score, why) for i, (score, why) in ranked]


def forget_employer_names() -> None:
    """Drop this process's cached names (after employers were deleted, e.g. an import undone; and in tests)."""
    global _names
    _names = _NameCache()
