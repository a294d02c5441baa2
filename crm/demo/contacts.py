"""The employer contact log: weeks of visits, calls and emails by each specialist, with next steps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from crm.demo.base import CHUNK, SeederBase, at
from crm.demo.vocabulary import NEXT_STEPS, NOTES, OUTCOMES
from crm.models import EmployerContact, employer_contact_participant

# How often each kind of employer contact is an in-person visit; the rest are calls, emails and video.
_IN_PERSON = {"introduce": 0.9, "learn_business": 0.85, "on_behalf": 0.75, "follow_up": 0.5,
              "support_in_work": 0.8}
_REMOTE_MODES = ("phone", "phone", "phone", "phone", "email", "email", "video")


class ContactsSeeder(SeederBase):
    """Writes the employer contacts week by week, remembering when each employer was contacted."""

    def _weekly_counts(self, weeks: list[list[date]]) -> list[list[int]]:
        """Contacts per week (oldest first) and specialist: 4-9 a week, or the scale's total spread out."""
        rng, total, people = self.rng, self.s.employer_contacts, len(self.specialists)
        shares = [len(days) / 5 for days in weeks]
        if total is None:
            return [[round(rng.randint(4, 9) * share) for _ in range(people)] for share in shares]
        mean = total / (sum(shares) * people)
        counts = [[round(mean * share * rng.uniform(0.7, 1.3)) for _ in range(people)] for share in shares]
        open_weeks = [w for w, share in enumerate(shares) if share]
        missing = total - sum(map(sum, counts))
        while missing:
            week, person = rng.choice(open_weeks), rng.randrange(people)
            step = 1 if missing > 0 else -1
            if counts[week][person] + step >= 0:
                counts[week][person] += step
                missing -= step
        return counts

    def _contacts(self) -> None:
        rng = self.rng
        monday = self.today - timedelta(days=self.today.weekday())
        weeks = [[d for d in (monday - timedelta(weeks=w, days=-i) for i in range(5)) if d < self.today]
                 for w in range(self.s.weeks - 1, -1, -1)]
        counts = self._weekly_counts(weeks)
        self.contact_times: dict[int, list[datetime]] = {}
        self.contact_ids: dict[int, list[int]] = {}
        self.presented: set[int] = set()
        rows, links, written = [], [], 0
        for days, week_counts in zip(weeks, counts, strict=True):
            plan = sorted((rng.choice(days), rng.randrange(96, 204) * 5, n)
                          for n, count in enumerate(week_counts) for _ in range(count))
            for day, minutes, n in plan:
                self._contact(rows, links, day, minutes, *self.specialists[n])
            if len(rows) >= CHUNK:
                written += self._write_contacts(rows, links)
                rows, links = [], []
        written += self._write_contacts(rows, links)
        self._progress(f"employer contacts done: {written:,}, {self.counts['employer_contact_participant']:,} "
                       "on behalf of participants")

    def _write_contacts(self, rows: list[dict], links: list[dict]) -> int:
        self._insert(EmployerContact, rows)
        self._insert(employer_contact_participant, links)
        total = self.counts["employer_contact"]
        if total // 100_000 != (total - len(rows)) // 100_000:
            self._progress(f"{total:,} employer contacts")
        return len(rows)

    def _contact(self, rows: list, links: list, day: date, minutes: int, specialist: int, team: int) -> None:
        rng = self.rng
        own = self.own[specialist]
        employer = rng.choice(own if own and rng.random() < 0.8 else self.team_pool[team])
        when = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minutes)
        times = self.contact_times.setdefault(employer, [])
        purpose, people = self._purpose(employer, len(times), specialist, day)
        in_person = rng.random() < _IN_PERSON[purpose]
        contact_id = self._next_id(EmployerContact)
        step, due, done = self._next_step(when, day)
        staff_at = self.people_at[employer]
        rows.append({
            "id": contact_id, "specialist_id": specialist, "employer_id": employer,
            "contact_person_id": rng.choice(staff_at) if staff_at and rng.random() < 0.85 else None,
            "contacted_at": when, "mode": "in_person" if in_person else rng.choice(_REMOTE_MODES),
            "face_to_face": in_person, "purpose": purpose,
            "participant_present": bool(people) and in_person and rng.random() < 0.3,
            "notes": rng.choice(NOTES[purpose]) if rng.random() < 0.85 else None,
            "outcome": rng.choice(OUTCOMES), "next_step": step, "next_step_due": due,
            "next_step_done_at": done, "created_at": when + timedelta(minutes=rng.randint(2, 240)),
            "updated_at": done or when,
        })
        links.extend({"employer_contact_id": contact_id, "participant_id": p} for p in people)
        times.append(when)
        self.contact_ids.setdefault(employer, []).append(contact_id)
        if purpose == "on_behalf":
            self.presented.add(employer)

    def _purpose(self, employer: int, visits: int, specialist: int, day: date) -> tuple[str, list[int]]:
        """Relationships deepen: introduce first, then learn the business, then present job seekers."""
        rng = self.rng
        if visits == 0:
            return "introduce", []
        roll = rng.random()
        if visits == 1:
            return ("learn_business" if roll < 0.7 else "follow_up"), []
        if roll < 0.1:
            for plan in self.working_at.get(employer, ()):
                if (plan["person"]["specialist_id"] == specialist and plan["start"] <= day
                        and (plan["end"] is None or day <= plan["end"])):
                    return "support_in_work", [plan["person"]["id"]]
        if roll < 0.55:
            people = self._job_seekers(specialist, day)
            if people:
                return "on_behalf", people
        return ("follow_up" if roll < 0.85 else "learn_business"), []

    def _job_seekers(self, specialist: int, day: date) -> list[int]:
        """One (sometimes two) people on the caseload that day; empty when none was found quickly."""
        rng, caseload = self.rng, self.caseload.get(specialist, ())
        chosen: list[int] = []
        for _ in range(4 if rng.random() < 0.15 else 2):
            person, referred, closed = rng.choice(caseload) if caseload else (None, day, None)
            if person is not None and person not in chosen and referred <= day and (closed is None or day < closed):
                chosen.append(person)
                if len(chosen) == 2 or rng.random() < 0.85:
                    break
        return chosen

    def _next_step(self, when: datetime, day: date) -> tuple[str | None, date | None, datetime | None]:
        rng = self.rng
        if rng.random() >= 0.55:
            return None, None, None
        due = day + timedelta(days=rng.randint(2, 21))
        late = (self.today - due).days
        done_chance = 0.95 if late > 21 else 0.6 if late > 0 else 0.15
        done = None
        if rng.random() < done_chance:
            last_day = min(due, self.today - timedelta(days=1))
            done_day = day + timedelta(days=rng.randint(0, (last_day - day).days))
            done = max(at(done_day, rng.randint(9, 17), rng.randrange(60)), when + timedelta(minutes=30))
        return rng.choice(NEXT_STEPS), due, done
