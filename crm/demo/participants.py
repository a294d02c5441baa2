"""Participants, their career profiles, and when they start jobs (which sets where they are now)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from crm.demo.base import SeederBase, at, fake_name, plain_title, with_years
from crm.demo.vocabulary import AREAS, AVOID, BENEFITS_NOTES, INDUSTRIES, SKILLS, STRENGTHS
from crm.models import CareerProfile, Participant


class ParticipantsSeeder(SeederBase):
    """Plans participants, their profiles and job starts; writes participants and builds each caseload."""

    def _plan_participants(self) -> None:
        rng = self.rng
        span = self.s.weeks * 7 + 150
        self.participants, self.profiles = [], []
        for n in range(self.s.participants):
            specialist = self.specialists[n % len(self.specialists)][0]
            referral = self.today - timedelta(days=rng.randint(3, span))
            first, last = fake_name(rng)
            created = at(referral, 10, rng.randrange(60))
            row = {"id": self._next_id(Participant), "name": f"{first} {last}", "specialist_id": specialist,
                   "referral_date": referral, "status": "job_search", "closed_on": None,
                   "created_at": created, "updated_at": created, "erased_at": None}
            self.participants.append(row)
            self.profiles.append(self._profile_row(row))

    def _profile_row(self, participant: dict) -> dict:
        rng = self.rng
        empty = rng.random() < 0.15  # a profile not filled in yet
        industries = rng.sample(INDUSTRIES, rng.randint(1, 2))
        town, _, lat, lon = rng.choice(AREAS)
        hours = rng.choice(((None, None), (None, 16), (8, 16), (16, 30), (20, 30), (30, 40), (None, None)))
        wage = rng.choice((None, None, self.min_wage, self.min_wage + Decimal("1.00")))

        def pick(words: tuple[str, ...], most: int) -> list[str]:
            return [] if empty else rng.sample(words, rng.randint(0, most))

        return {
            "participant_id": participant["id"],
            "job_goals": [] if empty else [plain_title(rng.choice(i.titles)) for i in industries],
            "industries": [] if empty else [i.name for i in industries],
            "strengths": pick(STRENGTHS, 3), "skills": pick(SKILLS, 3), "avoid": pick(AVOID, 2),
            "experience": [] if empty else [with_years(plain_title(rng.choice(i.titles)), rng.randint(1, 6))
                                            for i in rng.sample(INDUSTRIES, rng.randint(0, 2))],
            "hours_min": None if empty else hours[0], "hours_max": None if empty else hours[1],
            "shifts_excluded": [] if empty else rng.choice(([], [], ["night"], ["night", "weekend"], ["evening"])),
            "min_hourly_wage": None if empty else wage,
            "travel_from": None if empty else town,
            "latitude": None if empty else round(lat + rng.uniform(-0.01, 0.01), 5),
            "longitude": None if empty else round(lon + rng.uniform(-0.015, 0.015), 5),
            "max_travel_km": None if empty else rng.choice((None, 3.0, 5.0, 8.0, 10.0, 15.0)),
            "remote": None if empty else rng.choice((None, "ok", "ok", "no", "only")),
            "disclosure": rng.choice(("undecided", "yes", "yes", "no")),
            "benefits_notes": None if empty else rng.choice(BENEFITS_NOTES),
            "updated_at": participant["created_at"],
        }

    def _plan_job_starts(self) -> None:
        rng = self.rng
        jobs: dict[int, list[tuple[date, date]]] = {}
        self.job_plan, self.working_at = [], {}
        for _ in range(self.s.job_starts):
            found = self._pick_job(jobs)
            if found is None:
                continue
            person, start, end = found
            jobs.setdefault(person["id"], []).append((start, end or self.today))
            own = self.own[person["specialist_id"]]
            employer = rng.choice(own) if own and rng.random() < 0.7 else rng.choice(self.contactable)
            plan = {"person": person, "start": start, "end": end, "employer": employer,
                    "stopped": start + timedelta(days=rng.randint(120, 200)) if rng.random() < 0.05 else None}
            self.job_plan.append(plan)
            self.working_at.setdefault(employer, []).append(plan)
        for person in self.participants:
            self._set_status(person, jobs.get(person["id"], []))

    def _pick_job(self, jobs: dict[int, list[tuple[date, date]]]) -> tuple[dict, date, date | None] | None:
        """Someone referred at least two weeks before, and a job that does not overlap one they have."""
        rng, span = self.rng, max(self.s.weeks * 7, 240)
        for attempt in range(400):
            person = rng.choice(self.participants)
            start = self.today - timedelta(days=rng.randint(1, span))
            # Past the first tries, a short job that has ended fits into the gaps between other jobs.
            ended = rng.random() < 0.4 or attempt >= 100
            end = start + timedelta(days=rng.randint(14, 300 if attempt < 100 else 60)) if ended else None
            end = end if end is not None and end < self.today else None
            last = end or self.today
            if person["referral_date"] + timedelta(days=14) <= start and not any(
                    start <= b and a <= last for a, b in jobs.get(person["id"], ())):
                return person, start, end
        return None

    def _set_status(self, person: dict, jobs: list[tuple[date, date]]) -> None:
        current = [start for start, last in jobs if last >= self.today]
        if current:
            person["status"] = "working" if (self.today - max(current)).days < 120 else "follow_along"
        elif self.rng.random() < 0.12:
            earliest = max([person["referral_date"] + timedelta(days=30)] + [b for _, b in jobs])
            if earliest < self.today:
                person["status"] = "closed"
                person["closed_on"] = earliest + timedelta(days=self.rng.randint(0, (self.today - earliest).days - 1))

    def _write_participants(self) -> None:
        self._insert(Participant, self.participants)
        self._insert(CareerProfile, self.profiles)
        self.caseload: dict[int, list[tuple[int, date, date | None]]] = {}
        for person in self.participants:
            self.caseload.setdefault(person["specialist_id"], []).append(
                (person["id"], person["referral_date"], person["closed_on"]))
        self._progress(f"{len(self.participants):,} participants with career profiles")
        self.profiles = []
