"""Job matches and their history, job starts, and the follow-along support after each start."""

from __future__ import annotations

from datetime import date, timedelta

from crm.demo.base import SeederBase, at
from crm.demo.vocabulary import END_REASONS, MATCH_PATHS, NOT_FOR_ME, SUPPORT_NOTES
from crm.models import JobMatch, JobMatchEvent, JobStart, SupportContact

_MATCH_STATUSES = ("suggested", "interested", "not_for_me", "maybe_later", "applied", "interview", "ended")
_MATCH_WEIGHTS = (30, 20, 15, 10, 12, 6, 7)


class MatchesSeeder(SeederBase):
    """Writes job matches (a hired one behind every job start), the job starts and their support contacts."""

    def _matches(self) -> None:
        rng = self.rng
        matches, events, seen = [], [], set()
        for plan in self.job_plan:
            person, opening = plan["person"], plan["opening"]
            first = max(opening["opened_on"], person["referral_date"])
            plan["match"] = self._match(matches, events, person, opening, "hired", first, plan["start"])
            seen.add((person["id"], opening["id"]))
        yesterday = self.today - timedelta(days=1)
        for person in self.participants:
            if person["status"] == "closed" or not self.open_openings:
                continue
            for _ in range(rng.randint(0, 4)):
                opening = rng.choice(self.open_openings)
                if (person["id"], opening["id"]) in seen:
                    continue
                seen.add((person["id"], opening["id"]))
                status = rng.choices(_MATCH_STATUSES, _MATCH_WEIGHTS)[0]
                first = max(opening["opened_on"], person["referral_date"])
                self._match(matches, events, person, opening, status, min(first, yesterday), self.today)
        self._insert(JobMatch, matches)
        self._insert(JobMatchEvent, events)
        self._progress(f"{len(matches):,} job matches")

    def _match(self, matches: list, events: list, person: dict, opening: dict, status: str, first: date,
               until: date) -> int:
        """A job match and its history, its steps spread between first and until (exclusive)."""
        rng = self.rng
        match_id = self._next_id(JobMatch)
        path = MATCH_PATHS[status]
        gap = max((until - first).days - 1, 0) / len(path)
        moments = [at(first + timedelta(days=int(gap * n)), 10 + n, rng.randrange(60)) for n in range(len(path))]
        for step, moment in zip(path, moments, strict=True):
            events.append({"id": self._next_id(JobMatchEvent), "job_match_id": match_id, "status": step,
                           "reason": rng.choice(NOT_FOR_ME) if step == "not_for_me" else None,
                           "recorded_by_id": person["specialist_id"], "recorded_at": moment})
        reasons = [f"Work in {opening['industry'].lower()}", "Close to home"]
        if opening["hours_max"]:
            reasons.append(f"Up to {opening['hours_max']:g} hours a week")
        if opening["competitive"]:
            reasons.append("Pays at least the minimum wage")
        matches.append({"id": match_id, "participant_id": person["id"], "opening_id": opening["id"],
                        "status": status, "score": round(rng.uniform(0.3, 0.95), 3), "reasons": reasons,
                        "created_at": moments[0], "updated_at": moments[-1]})
        return match_id

    def _job_starts(self) -> None:
        rng, rows = self.rng, []
        for plan in self.job_plan:
            opening, end = plan["opening"], plan["end"]
            plan["id"] = self._next_id(JobStart)
            rows.append({
                "id": plan["id"], "participant_id": plan["person"]["id"], "employer_id": plan["employer"],
                "opening_id": opening["id"], "job_match_id": plan["match"], "job_title": opening["title"],
                "start_date": plan["start"], "hours_per_week": opening["hours_max"] or opening["hours_min"],
                "hourly_pay": opening["pay_min"], "competitive": opening["competitive"], "end_date": end,
                "end_reason": rng.choice(END_REASONS) if end else None, "support_stopped_on": plan["stopped"],
                "created_by_id": plan["person"]["specialist_id"], "created_at": at(plan["start"], 17),
                "updated_at": at(end or plan["start"], 17),
            })
        self._insert(JobStart, rows)

    def _support_contacts(self) -> None:
        """Follow-along: just before the start, weekly for the first month, then monthly; some fall behind."""
        rng, rows = self.rng, []
        for plan in self.job_plan:
            last = min(d for d in (plan["end"], plan["stopped"], self.today - timedelta(days=1)) if d)
            due = [plan["start"] - timedelta(days=1)] + [plan["start"] + timedelta(weeks=w) for w in range(1, 5)]
            due += [plan["start"] + timedelta(days=28 + 30 * m) for m in range(1, 40)]
            due = [d for d in due if d <= last]
            if due and rng.random() < 0.3:
                due.pop()  # behind with follow-along: the next one shows as overdue
            for day in due:
                if rng.random() < 0.05:
                    continue
                in_person = rng.random() < 0.6
                with_employer = rng.random() < 0.25
                rows.append({
                    "id": self._next_id(SupportContact), "job_start_id": plan["id"],
                    "participant_id": plan["person"]["id"], "specialist_id": plan["person"]["specialist_id"],
                    "contacted_at": at(day, rng.randint(9, 16), rng.randrange(60)),
                    "mode": "in_person" if in_person else rng.choice(("phone", "video")),
                    "with_participant": not with_employer or rng.random() < 0.5, "with_employer": with_employer,
                    "notes": rng.choice(SUPPORT_NOTES), "created_at": at(day, 17),
                })
        self._insert(SupportContact, rows)
        self._progress(f"{len(self.job_plan):,} job starts, {len(rows):,} support contacts")
