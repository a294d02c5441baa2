"""Openings: one filled by each job start, the rest open, filled or closed; some found through contacts."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, datetime, timedelta
from decimal import Decimal

from crm.demo.base import SeederBase, at
from crm.models import Opening
from crm.settings import is_competitive

_HOURS = ((16, 16), (8, 16), (20, 30), (30, 37.5), (37.5, 40), (None, None), (10, 20), (24, 24), (None, 25),
          (12, 12), (16, 24))
# Offsets from the minimum wage, as text for Decimal: a few below it (not competitive), many at or above it.
_PAY_ABOVE_MINIMUM = (None, None, "-1.50", "-0.21", "0", "0", "0", "0.29", "0.54", "0.79", "1.04", "2.29")
_SHIFT_ORDER = ("day", "evening", "night", "weekend")


class OpeningsSeeder(SeederBase):
    """Writes the openings, keeping the open ones for job matches."""

    def _openings(self) -> None:
        rng = self.rng
        span = max(self.s.weeks * 7, 240)
        rows, self.open_openings = [], []
        for plan in self.job_plan:  # each job start fills an opening at its employer
            opened = plan["start"] - timedelta(days=rng.randint(14, 50))
            closed = at(plan["start"] - timedelta(days=rng.randint(3, 10)), 16)
            row = self._opening_row(self._employer(plan["employer"]), opened, "filled", closed)
            plan["opening"] = row
            rows.append(row)
        employers = self.employers
        while len(rows) < self.s.openings:
            status = rng.choices(("open", "filled", "closed"), (55, 15, 30))[0]
            if status == "open":
                opened, closed = self.today - timedelta(days=rng.randint(0, 75)), None
            else:
                opened = self.today - timedelta(days=rng.randint(30, span))
                closed = at(min(opened + timedelta(days=rng.randint(10, 60)), self.today - timedelta(days=1)), 16)
            row = self._opening_row(rng.choice(employers), opened, status, closed)
            rows.append(row)
            if status == "open":
                self.open_openings.append(row)
        self._insert(Opening, rows)
        self._progress(f"{len(rows):,} openings")

    def _opening_row(self, employer: dict, opened: date, status: str, closed: datetime | None) -> dict:
        rng = self.rng
        industry = self.industry_of[employer["id"]]
        title = rng.choice(industry.titles)
        hours = rng.choice(_HOURS)
        pay = rng.choice(_PAY_ABOVE_MINIMUM)
        pay_min = None if pay is None else self.min_wage + Decimal(pay)
        pay_max = None if pay_min is None else pay_min + Decimal(rng.choice(("0", "0", "0.50", "1.50")))
        set_aside, time_limited = rng.random() < 0.02, rng.random() < 0.03
        remote = industry.name == "Office" and rng.random() < 0.1
        duties = rng.sample(industry.duties, 2)
        found_by = self._found_by(employer["id"], opened) if rng.random() < 0.4 else None
        created = at(opened, 9, rng.randrange(60))
        return {
            "id": self._next_id(Opening), "employer_id": employer["id"], "title": title,
            "description": f"{title} at {employer['name']}. The job is mostly {duties[0]} and {duties[1]}. "
                           + rng.choice(("Training is given.", "A working interview can be arranged.",
                                         "Uniform provided.", "")),
            "requirements": rng.sample(industry.requirements, rng.randint(0, 3)),
            "industry": industry.name, "hours_min": hours[0], "hours_max": hours[1],
            "shifts": sorted(rng.sample(industry.shifts, rng.randint(1, len(industry.shifts))), key=_SHIFT_ORDER.index),
            "pay_min": pay_min, "pay_max": pay_max,
            "place": "Home-based" if remote else f"{employer['address']}, {employer['town']}",
            "latitude": None if remote else employer["latitude"],
            "longitude": None if remote else employer["longitude"], "remote": remote,
            "source": "advertised" if found_by is None else "developed",
            "found_by_contact_id": found_by,
            "set_aside_for_disabled": set_aside, "time_limited_by_agency": time_limited,
            "competitive": is_competitive(pay_min, set_aside_for_disabled=set_aside,
                                          time_limited_by_agency=time_limited, minimum_wage=self.min_wage),
            "status": status, "opened_on": opened,
            "closes_on": opened + timedelta(days=28) if status == "open" and rng.random() < 0.6 else None,
            "closed_at": closed, "created_at": created, "updated_at": closed or created,
            "created_by_id": employer["owner_id"],
        }

    def _found_by(self, employer_id: int, opened: date) -> int | None:
        """The last employer contact before the opening was found, if there was one."""
        times = self.contact_times.get(employer_id)
        index = bisect_left(times, at(opened, 0)) - 1 if times else -1
        return None if index < 0 else self.contact_ids[employer_id][index]
