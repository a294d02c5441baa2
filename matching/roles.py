"""Reading job titles, goals and industries against the job table (``matching.jobtable``).

A title or goal becomes a :class:`Reading`: the roles it names (``kitchen_porter``), the kinds of work it names
(tag ``animals``), and whether it names a senior post. Words are matched longest phrase first, so a
"Kitchen Fitter" is a trade and never kitchen work, and a "Security Engineer" is IT, not a security guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from matching.jobtable import (
    CLUSTER_LINES,
    FAMILY_LINES,
    INDUSTRY_LINES,
    ROLE_LINES,
    SENIORITY_WORDS,
    TAG_LINES,
    WEAK_PHRASES,
    parse_table,
)
from matching.text import STOP_WORDS, Speller, expand_abbreviations, raw_words


@dataclass(frozen=True)
class Family:
    """A group of close roles (``kitchen_support``) inside a sector (``hospitality``)."""

    name: str
    sector: str
    words: str
    qualified: bool


@dataclass(frozen=True)
class Role:
    """One role of the table."""

    name: str
    family: str
    tags: frozenset[str]


@dataclass(frozen=True)
class Reading:
    """What a short text names, as far as the job table knows."""

    text: str
    roles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    senior: bool = False
    ruled_out: str = ""  # words a goal rules out ("cleaning" in "anything but cleaning")

    @property
    def known(self) -> bool:
        """True when the table recognised a role or a kind of work."""
        return bool(self.roles or self.tags)


def _families() -> dict[str, Family]:
    return {
        name: Family(name, sector, words, flag == "q")
        for name, sector, words, flag in parse_table(FAMILY_LINES, 4)
    }


FAMILIES = _families()
ROLES: dict[str, Role] = {}
TAG_WORDS: dict[str, str] = {}
# phrase (tuple of words) -> ("role" or "tag", name, weak)
_PHRASES: dict[tuple[str, ...], tuple[str, str, bool]] = {}


def _norm_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(expand_abbreviations(raw_words(phrase)))


def _load() -> None:
    for name, family, tags, phrases in parse_table(ROLE_LINES, 4):
        if family not in FAMILIES:
            raise ValueError(f"role {name!r} has unknown family {family!r}")
        ROLES[name] = Role(name, family, frozenset(t for t in tags.split() if t != "-"))
        for phrase in phrases.split(","):
            key = _norm_phrase(phrase)
            if key and key not in _PHRASES:
                _PHRASES[key] = ("role", name, phrase.strip() in WEAK_PHRASES)
    for tag, words, phrases in parse_table(TAG_LINES, 3):
        TAG_WORDS[tag] = words
        for phrase in phrases.split(","):
            key = _norm_phrase(phrase)
            if key and key not in _PHRASES:
                _PHRASES[key] = ("tag", tag, False)


GOAL_NEGATIONS = frozenset({"not", "no", "except", "without", "never", "avoid", "don", "dont", "nothing"})
_load()
_LONGEST = max(len(k) for k in _PHRASES)
VOCABULARY = {w for key in _PHRASES for w in key} | SENIORITY_WORDS
SPELLER = Speller({w for w in VOCABULARY if w.isalpha()})


def normal_words(text: str) -> tuple[str, ...]:
    """Normalised words of a title or goal: singular, abbreviations expanded, small typos corrected."""
    words = [SPELLER.correct(w) for w in raw_words(text)]
    return tuple(expand_abbreviations(words))


@lru_cache(maxsize=200_000)
def read_words(words: tuple[str, ...], *, goal: bool = False) -> Reading:
    """Find roles and kinds of work in normalised words, longest phrase first.

    Kinds of work (tags) are read only from goals: an employer's title names a job, and its tags come from
    the job. Weak phrases ("shop", "dog") count only when nothing more specific is found.
    """
    strong: list[str] = []
    weak: list[str] = []
    tags: list[str] = []
    kept: list[str] = []  # the words that say what is wanted (not "not nights")
    ruled_out: list[str] = []
    negate_next = False
    i = 0
    while i < len(words):
        if goal and (words[i] in GOAL_NEGATIONS or words[i : i + 2] == ("anything", "but")):
            negate_next = True  # "not nights", "anything but cleaning": the next phrase is not wanted
            i += 2 if words[i] == "anything" else 1
            continue
        size = next((k for k in range(min(_LONGEST, len(words) - i), 0, -1) if words[i : i + k] in _PHRASES), 1)
        hit = _PHRASES.get(words[i : i + size])
        if negate_next and hit is None and words[i] in STOP_WORDS:
            i += 1  # "nothing with kids": look past small words for what is ruled out
            continue
        if negate_next:
            ruled_out.extend(words[i : i + size])
            negate_next = False
        else:
            kept.extend(words[i : i + size])
            if hit is not None and (hit[0] != "tag" or goal):
                kind, name, is_weak = hit
                bucket = tags if kind == "tag" else (weak if is_weak else strong)
                if name not in bucket:
                    bucket.append(name)
        i += size
    roles = tuple(strong or weak)
    return Reading(" ".join(kept), roles, tuple(tags), any(w in SENIORITY_WORDS for w in kept), " ".join(ruled_out))


def read_title(title: str) -> Reading:
    """Read an employer's job title."""
    return read_words(normal_words(title))


def read_goal(goal: str) -> Reading:
    """Read a participant's goal; it may name a job, a kind of work, or both."""
    return read_words(normal_words(goal), goal=True)


def _clusters() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, families in parse_table(CLUSTER_LINES, 2):
        for family in families.split():
            if family not in FAMILIES:
                raise ValueError(f"cluster {name!r} has unknown family {family!r}")
            out.setdefault(family, set()).add(name)
    return out


CLUSTERS = _clusters()


def role_relation(goal_role: str, title_role: str) -> float:
    """How close two roles are: 1 the same, 0.6 the same family, 0.4 alike work, 0.25 the same sector, else 0.

    A job that needs a professional qualification is only half as close, unless it is the goal itself.
    """
    if goal_role == title_role:
        return 1.0
    a, b = FAMILIES[ROLES[goal_role].family], FAMILIES[ROLES[title_role].family]
    if a.name == b.name:
        return 0.6
    if CLUSTERS.get(a.name, set()) & CLUSTERS.get(b.name, set()):
        return 0.2 if b.qualified and not a.qualified else 0.4
    if a.sector == b.sector:
        return 0.125 if b.qualified and not a.qualified else 0.25
    return 0.0


def role_words(role: str) -> str:
    """Plain words for a role's family, for reasons ("kitchen work")."""
    return FAMILIES[ROLES[role].family].words


def _sectors() -> tuple[dict[tuple[str, ...], str], tuple[str, ...]]:
    phrases: dict[tuple[str, ...], str] = {}
    names: list[str] = []
    for sector, words in parse_table(INDUSTRY_LINES, 2):
        names.append(sector)
        for phrase in words.split(","):
            phrases.setdefault(tuple(raw_words(phrase)), sector)
    return phrases, tuple(names)


_SECTOR_PHRASES, SECTORS = _sectors()
_SECTOR_LONGEST = max(len(k) for k in _SECTOR_PHRASES)


@lru_cache(maxsize=65536)
def read_industry(industry: str) -> tuple[str, ...]:
    """Sectors an industry name belongs to ("Food & Drink Manufacturing" -> manufacturing)."""
    words = tuple(raw_words(industry))
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_SECTOR_LONGEST, len(words) - i), 0, -1):
            sector = _SECTOR_PHRASES.get(words[i : i + size])
            if sector is not None:
                if sector not in found:
                    found.append(sector)
                i += size
                break
        else:
            i += 1
    return tuple(found)


def role_sector(role: str) -> str:
    """The sector of a role's family."""
    return FAMILIES[ROLES[role].family].sector
