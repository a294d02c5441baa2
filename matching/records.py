"""Participant profiles and job openings: the records `matching` reads, and their validation.

Both records follow ``matching-contract.md``. A field that is absent or ``null`` is "not stated" (``None``,
or an empty tuple for lists), never "anything goes". Unknown extra fields are ignored. Anything else that
does not fit the contract raises :class:`MatchingInputError` naming the field and what is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

SHIFTS = ("day", "evening", "night", "weekend")
REMOTE_CHOICES = ("only", "ok", "no")
SOURCES = ("advertised", "developed")
MAX_HOURS_PER_WEEK = 168.0


class MatchingInputError(ValueError):
    """A profile or opening that does not follow the contract.

    Parameters
    ----------
    field : str
        Dotted name of the offending field (``"hours_per_week.min"``), or ``""`` for the whole record.
    message : str
        What is wrong, in one line.
    record_id : str or None
        The record's ``id`` when it could be read.
    """

    def __init__(self, field: str, message: str, record_id: str | None = None):
        self.field = field
        self.message = message
        self.record_id = record_id
        super().__init__(self.describe())

    def describe(self) -> str:
        """One line: the record id, the field and the problem."""
        parts = []
        if self.record_id is not None:
            parts.append(f"id {short_repr(self.record_id)}")
        if self.field:
            parts.append(f"field '{self.field}'")
        parts.append(self.message)
        return ": ".join(parts)


@dataclass(frozen=True, slots=True)
class Range:
    """A ``{"min": ..., "max": ...}`` pair; either end may be ``None`` (not stated)."""

    min: float | None = None
    max: float | None = None

    @property
    def stated(self) -> bool:
        """True when at least one end is stated."""
        return self.min is not None or self.max is not None


@dataclass(frozen=True, slots=True)
class Location:
    """A point given as latitude and longitude in degrees."""

    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Profile:
    """One participant's career profile, as far as matching needs it (never clinical information)."""

    id: str
    job_goals: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    experience: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    hours_per_week: Range = field(default_factory=Range)
    shifts_excluded: tuple[str, ...] = ()
    min_hourly_wage: float | None = None
    location: Location | None = None
    max_travel_km: float | None = None
    remote: str | None = None


@dataclass(frozen=True, slots=True)
class Opening:
    """One job opening, as the employer or the job developer described it."""

    id: str
    title: str | None = None
    employer: str | None = None
    industry: str | None = None
    description: str | None = None
    requirements: tuple[str, ...] = ()
    hours_per_week: Range = field(default_factory=Range)
    shifts: tuple[str, ...] = ()
    hourly_wage: Range = field(default_factory=Range)
    location: Location | None = None
    remote: bool | None = None
    source: str | None = None


def short_repr(value: Any, limit: int = 60) -> str:
    """A one-line, bounded ``repr`` for messages (no newlines, at most ``limit`` characters)."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _type_name(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "a number" if isinstance(value, int | float) else type(value).__name__


class _Reader:
    """Reads fields of one raw record, raising errors that carry the record id."""

    def __init__(self, raw: Any, kind: str):
        if isinstance(raw, Profile | Opening):
            raw = _record_to_dict(raw)
        if not isinstance(raw, Mapping):
            raise MatchingInputError("", f"expected a JSON object for the {kind}, got {_type_name(raw)}")
        self.raw = raw
        self.record_id: str | None = None
        ident = raw.get("id")
        if ident is None:
            raise MatchingInputError("id", "missing (every record needs an 'id' string)")
        if not isinstance(ident, str) or not ident.strip():
            raise MatchingInputError("id", f"must be a non-empty string, got {short_repr(ident)}")
        self.record_id = ident

    def fail(self, name: str, message: str) -> MatchingInputError:
        return MatchingInputError(name, message, self.record_id)

    def text(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None or type(value) is str:
            return value
        if not isinstance(value, str):
            raise self.fail(name, f"must be a string, got {_type_name(value)}")
        return value

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            return ()
        if type(value) is list:
            try:  # the common case, fast: every item is a string (str.strip refuses anything else)
                return tuple(filter(None, map(str.strip, value)))
            except TypeError:
                pass  # find and name the bad item below
        if not isinstance(value, list):
            raise self.fail(name, f"must be a list of strings, got {_type_name(value)}")
        items = []
        for position, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail(f"{name}[{position}]", f"must be a string, got {_type_name(item)}")
            if item.strip():
                items.append(item.strip())
        return tuple(items)

    def number(self, name: str, value: Any = None, *, low: float = 0.0, high: float = math.inf) -> float | None:
        if value is None:
            value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(name, f"must be a number, got {_type_name(value)}")
        try:
            number = float(value)
        except OverflowError:
            raise self.fail(name, f"number too large ({short_repr(value)})") from None
        if not math.isfinite(number):
            raise self.fail(name, f"must be a finite number, got {short_repr(value)}")
        if number < low:
            word = "negative" if low == 0 else f"below {low:g}"
            raise self.fail(name, f"must not be {word} (got {value!r})")
        if number > high:
            raise self.fail(name, f"must be at most {high:g} (got {value!r})")
        return number

    def range(self, name: str, high: float = math.inf) -> Range:
        value = self.raw.get(name)
        if value is None:
            return Range()
        if not isinstance(value, Mapping):
            raise self.fail(name, f'must be an object like {{"min": 16, "max": 25}}, got {_type_name(value)}')
        low = self.number(f"{name}.min", value.get("min"), high=high)
        top = self.number(f"{name}.max", value.get("max"), high=high)
        if low is not None and top is not None and low > top:
            raise self.fail(name, f"min ({low:g}) is greater than max ({top:g})")
        return Range(low, top)

    def location(self, name: str) -> Location | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise self.fail(name, f'must be an object like {{"lat": 51.5, "lon": -0.1}}, got {_type_name(value)}')
        if value.get("lat") is None or value.get("lon") is None:
            raise self.fail(name, "needs both 'lat' and 'lon' (or leave the location out)")
        lat = self.number(f"{name}.lat", value["lat"], low=-90.0, high=90.0)
        lon = self.number(f"{name}.lon", value["lon"], low=-180.0, high=180.0)
        return Location(lat, lon)

    def choices(self, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        found = []
        for position, item in enumerate(self.strings(name)):
            word = item.strip().lower()
            if word not in allowed:
                raise self.fail(
                    f"{name}[{position}]", f"unknown value {short_repr(item)} (use one of: {', '.join(allowed)})"
                )
            if word not in found:
                found.append(word)
        return tuple(sorted(found, key=allowed.index))

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        word = value.strip().lower()
        if word not in allowed:
            raise self.fail(name, f"unknown value {short_repr(value)} (use one of: {', '.join(allowed)})")
        return word


def _record_to_dict(record: Profile | Opening) -> dict[str, Any]:
    """Turn an already-built record back into contract JSON, so it is validated like any other input."""
    out: dict[str, Any] = {}
    for name in (f.name for f in fields(record)):
        value = getattr(record, name)
        if isinstance(value, Range):
            out[name] = {"min": value.min, "max": value.max}
        elif isinstance(value, Location):
            out[name] = {"lat": value.lat, "lon": value.lon}
        elif isinstance(value, tuple):
            out[name] = list(value)
        else:
            out[name] = value
    return out


def validate_profile(raw: Mapping[str, Any] | Profile) -> Profile:
    """Check one participant profile against the contract and return it as a :class:`Profile`.

    Parameters
    ----------
    raw : mapping or Profile
        The profile as decoded from JSON. Unknown extra fields are ignored.

    Returns
    -------
    Profile

    Raises
    ------
    MatchingInputError
        When a field has the wrong type or an impossible value (negative hours, latitude 200, an unknown shift
        name, hours ``min`` above ``max``, ...).
    """
    read = _Reader(raw, "profile")
    remote = read.choice("remote", REMOTE_CHOICES)
    return Profile(
        id=read.record_id or "",
        job_goals=read.strings("job_goals"),
        industries=read.strings("industries"),
        strengths=read.strings("strengths"),
        skills=read.strings("skills"),
        experience=read.strings("experience"),
        avoid=read.strings("avoid"),
        hours_per_week=read.range("hours_per_week", high=MAX_HOURS_PER_WEEK),
        shifts_excluded=read.choices("shifts_excluded", SHIFTS),
        min_hourly_wage=read.number("min_hourly_wage"),
        location=read.location("location"),
        max_travel_km=read.number("max_travel_km"),
        remote=remote,
    )


def validate_opening(raw: Mapping[str, Any] | Opening) -> Opening:
    """Check one job opening against the contract and return it as an :class:`Opening`.

    Parameters
    ----------
    raw : mapping or Opening
        The opening as decoded from JSON. Unknown extra fields are ignored.

    Returns
    -------
    Opening

    Raises
    ------
    MatchingInputError
        When a field has the wrong type or an impossible value.
    """
    read = _Reader(raw, "opening")
    remote = read.raw.get("remote")
    if remote is not None and not isinstance(remote, bool):
        raise read.fail("remote", f"must be true or false, got {short_repr(remote)}")
    return Opening(
        id=read.record_id or "",
        title=read.text("title"),
        employer=read.text("employer"),
        industry=read.text("industry"),
        description=read.text("description"),
        requirements=read.strings("requirements"),
        hours_per_week=read.range("hours_per_week", high=MAX_HOURS_PER_WEEK),
        shifts=read.choices("shifts", SHIFTS),
        hourly_wage=read.range("hourly_wage"),
        location=read.location("location"),
        remote=remote,
        source=read.choice("source", SOURCES),
    )
