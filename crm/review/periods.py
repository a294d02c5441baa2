"""The week and the quarter a review is for, read from the URL; refused with a plain message when wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crm.main.services import week_bounds

EARLIEST = date(2000, 1, 1)
TREND_WEEKS = 12
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


class PeriodRefused(ValueError):
    """A week or quarter that cannot be reviewed; the message is safe to show."""


@dataclass(frozen=True)
class Week:
    """A review week: its aware local start and end (the end is the next week's start)."""

    start: datetime
    end: datetime

    @property
    def first_day(self) -> date:
        """The week's first day."""
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The week's last day."""
        return self.end.date() - timedelta(days=1)

    def shifted(self, weeks: int) -> Week:
        """The week that many weeks later (earlier when negative)."""
        return week_of(self.first_day + timedelta(weeks=weeks))


def week_of(day: date) -> Week:
    """The week holding day, by the configured first day of the week and time zone."""
    return Week(*week_bounds(day))


def parse_week(text: str | None, today: date) -> Week:
    """The week holding the date in text (YYYY-MM-DD), or this week when none; no later than this week."""
    if not text:
        return week_of(today)
    try:
        day = date.fromisoformat(text.strip()[:10]) if len(text.strip()) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise PeriodRefused(f"“{text[:20]}” is not a date. Give the week as a date such as "
                            f"{today.isoformat()} (any day of the week will do).")
    if day < EARLIEST:
        raise PeriodRefused(f"The review starts in {EARLIEST.year}: choose a later week.")
    if day > week_of(today).last_day:
        raise PeriodRefused("That week has not started yet: choose this week or an earlier one.")
    return week_of(day)


def trend_weeks(last: Week, count: int = TREND_WEEKS) -> list[Week]:
    """The count weeks ending with last, oldest first."""
    return [last.shifted(-n) for n in range(count - 1, -1, -1)]


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter."""

    year: int
    number: int

    @property
    def first_day(self) -> date:
        """The quarter's first day."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        """The quarter's last day."""
        following = self.shifted(1)
        return following.first_day - timedelta(days=1)

    @property
    def key(self) -> str:
        """As written in the URL: 2026-Q4."""
        return f"{self.year}-Q{self.number}"

    def shifted(self, quarters: int) -> Quarter:
        """The quarter that many quarters later (earlier when negative)."""
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    def __str__(self) -> str:
        return f"Q{self.number} {self.year} ({self.first_day:%-d %b} – {self.last_day:%-d %b %Y})"


def quarter_of(day: date) -> Quarter:
    """The quarter holding day."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(text: str | None, today: date) -> Quarter:
    """The quarter in text (2026-Q4), or this quarter when none; no later than this quarter."""
    if not text:
        return quarter_of(today)
    match = _QUARTER.match(text.strip())
    if not match:
        raise PeriodRefused(f"“{text[:20]}” is not a quarter. Write it like {quarter_of(today).key}.")
    quarter = Quarter(int(match[1]), int(match[2]))
    if quarter.first_day < EARLIEST:
        raise PeriodRefused(f"The review starts in {EARLIEST.year}: choose a later quarter.")
    if quarter.first_day > today:
        raise PeriodRefused("That quarter has not started yet: choose this quarter or an earlier one.")
    return quarter
