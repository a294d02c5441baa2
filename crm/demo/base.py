"""What each scale makes, small helpers for made-up values, and the state and writing every step shares."""

from __future__ import annotations

import random
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, text

from crm.demo.vocabulary import FIRST_NAMES, SURNAMES
from crm.extensions import db
from crm.settings import minimum_hourly_wage

SEED = 1729
CHUNK = 10_000


@dataclass(frozen=True)
class Scale:
    """How much to make. None for contact people or employer contacts means "as a real team would"."""

    teams: int
    specialists_per_team: int
    participants: int
    employers: int
    contact_people: int | None  # None: one to four per employer
    openings: int
    employer_contacts: int | None  # None: four to nine per specialist per week
    weeks: int
    job_starts: int


SCALES = {
    "demo": Scale(2, 4, 60, 150, None, 300, None, 12, 15),
    "large": Scale(5, 10, 2_000, 20_000, 60_000, 50_000, 500_000, 104, 3_000),
    # A tenth of the data with the same staff, so that every page sees a tenth of what it sees at large.
    "tenth": Scale(5, 10, 200, 2_000, 6_000, 5_000, 50_000, 104, 300),
}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def fake_phone(rng: random.Random, mobile: bool) -> str:
    # Ofcom reserves these ranges for drama: they can never ring anyone.
    return f"07700 900{rng.randrange(1000):03d}" if mobile else f"01632 960{rng.randrange(1000):03d}"


def plain_title(title: str) -> str:
    """A job title without its bracketed note: "Lifeguard (training given)" is "Lifeguard"."""
    return title.split(" (")[0]


def with_years(title: str, years: int) -> str:
    return f"{title}, {years} year{'' if years == 1 else 's'}"


def fake_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(SURNAMES)


class SeederBase:
    """The state every step shares: one random generator, the scale, today, and the ids chosen so far."""

    def __init__(self, scale: Scale, today: date, echo: Callable[[str], object]):
        self.s, self.today, self.echo = scale, today, echo
        self.rng = random.Random(SEED)  # noqa: S311 - made-up data, nothing secret
        self.min_wage = minimum_hourly_wage()
        self.started = clock.perf_counter()
        self.last_ids: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.history_start = today - timedelta(days=scale.weeks * 7)
        self.reused_staff = 0

    def _next_id(self, model) -> int:
        name = model.__table__.name
        if name not in self.last_ids:
            self.last_ids[name] = db.session.scalar(select(func.max(model.id))) or 0
        self.last_ids[name] += 1
        return self.last_ids[name]

    def _insert(self, table, rows: list[dict]) -> None:
        table = getattr(table, "__table__", table)
        connection = db.session.connection()
        for start in range(0, len(rows), CHUNK):
            connection.execute(table.insert(), rows[start:start + CHUNK])
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def _progress(self, message: str) -> None:
        self.echo(f"[{clock.perf_counter() - self.started:6.1f} s] {message}")

    def _reset_sequences(self) -> None:
        """PostgreSQL: move each id sequence past the ids chosen here, so the app's own inserts do not clash."""
        connection = db.session.connection()
        if connection.dialect.name != "postgresql":
            return
        quote = connection.dialect.identifier_preparer.quote
        for name in self.last_ids:
            table = quote(name)
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence(:table, 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            ), {"table": table})
