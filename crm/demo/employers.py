"""Employers and the people there, and the employer columns derived from the contact log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, update

from crm.demo.base import CHUNK, SeederBase, at, fake_name, fake_phone
from crm.demo.vocabulary import (
    AREAS,
    CONTACT_ROLES,
    INDUSTRIES,
    LEGAL_SUFFIXES,
    NAME_PREFIXES,
    STREETS,
    Industry,
)
from crm.employers.duplicates import phone_digits, website_domain
from crm.employers.names import normalise_employer_name
from crm.extensions import db
from crm.models import ContactPerson, Employer
from crm.models.types import UTCDateTime


class EmployersSeeder(SeederBase):
    """Plans employers (with who owns each) and their contact people; writes them; updates them at the end."""

    def _plan_employers(self) -> None:
        rng, s = self.rng, self.s
        weights = (14, 14, 9, 9, 9, 5, 7, 9, 8, 7, 6)
        used: dict[str, int] = {}
        self.employers, self.people = [], []
        self.industry_of, self.people_at, self.contactable = {}, {}, []
        self.own = {user_id: [] for user_id, _ in self.specialists}
        self.team_pool: dict[int, list[int]] = {team: [] for _, team in self.specialists}
        team_of = dict(self.specialists)
        for _ in range(s.employers):
            industry = rng.choices(INDUSTRIES, weights)[0]
            base = f"{rng.choice(NAME_PREFIXES)} {rng.choice(industry.businesses)}"
            area = rng.choice(AREAS)
            row = self._employer_row(self._unique_name(base, used), industry, area)
            self.employers.append(row)
            self.industry_of[row["id"]] = industry
            owner = row["owner_id"]
            if rng.random() < 0.9:  # the rest are prospects nobody has visited yet
                self.contactable.append(row["id"])
                if owner is not None:
                    self.own[owner].append(row["id"])
                for team, pool in self.team_pool.items():
                    if owner is None or team_of[owner] == team:
                        pool.append(row["id"])
        counts = self._people_counts()
        for employer, count in zip(self.employers, counts, strict=True):
            self.people_at[employer["id"]] = [self._person_row(employer) for _ in range(count)]

    def _unique_name(self, base: str, used: dict[str, int]) -> str:
        times = used.get(base, 0)
        used[base] = times + 1
        if times == 0:
            return base + self.rng.choice(LEGAL_SUFFIXES)
        if times <= len(AREAS):
            return f"{base} ({AREAS[times - 1][0]})"  # another branch
        return f"{base} ({AREAS[times % len(AREAS)][0]} {times // len(AREAS) + 1})"

    def _employer_row(self, name: str, industry: Industry, area: tuple) -> dict:
        rng = self.rng
        town, district, lat, lon = area
        normalised = normalise_employer_name(name)
        owner = rng.choice(self.specialists)[0] if rng.random() < 0.85 else None
        website = f"https://{normalised.replace(' ', '-')}.example.org" if rng.random() < 0.6 else None
        phone = fake_phone(rng, mobile=False) if rng.random() < 0.9 else None
        created = at(self.history_start - timedelta(days=rng.randint(1, 60)), rng.randint(9, 16))
        return {
            "id": self._next_id(Employer), "name": name, "normalized_name": normalised,
            "industry": industry.name, "address": f"{rng.randint(1, 140)} {rng.choice(STREETS)}", "town": town,
            "postcode": f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPRSTUWY')}"
                        f"{rng.choice('ABDEFGHJLNPRSTUWY')}",
            "latitude": round(lat + rng.uniform(-0.012, 0.012), 5),
            "longitude": round(lon + rng.uniform(-0.018, 0.018), 5),
            "website": website, "phone": phone, "phone_digits": phone_digits(phone),
            "website_domain": website_domain(website),
            "size": rng.choice(("micro", "micro", "small", "small", "medium", "large")),
            "relationship_stage": "prospect", "owner_id": owner,
            "notes": rng.choice((None, None, None, "Prefers visits before 11am.", "Owner keen to hire locally.",
                                 "Busy at lunchtime: avoid 12 to 2.", "Head office hires for bigger roles.")),
            "last_contact_at": None, "archived_at": None, "merged_into_id": None,
            "created_at": created, "updated_at": created, "created_by_id": owner,
        }

    def _people_counts(self) -> list[int]:
        rng, n, target = self.rng, self.s.employers, self.s.contact_people
        if target is None:
            return [rng.randint(1, 4) for _ in range(n)]
        counts = [1] * n
        extra = min(target, 4 * n) - n
        while extra > 0:
            i = rng.randrange(n)
            if counts[i] < 4:
                counts[i] += 1
                extra -= 1
        return counts

    def _person_row(self, employer: dict) -> int:
        rng = self.rng
        first, last = fake_name(rng)
        domain = employer["normalized_name"].replace(" ", "-")
        left = rng.random() < 0.05
        row = {
            "id": self._next_id(ContactPerson), "employer_id": employer["id"], "name": f"{first} {last}",
            "job_title": rng.choice(CONTACT_ROLES),
            "phone": fake_phone(rng, mobile=rng.random() < 0.6) if rng.random() < 0.8 else None,
            "email": f"{first.lower()}.{last.lower()}@{domain}.example.org" if rng.random() < 0.7 else None,
            "notes": rng.choice((None, None, None, None, "Best reached by phone after 2pm.", "Works weekends.")),
            "left_at": at(self.today - timedelta(days=rng.randint(1, 90)), 12) if left else None,
            "created_at": employer["created_at"], "updated_at": employer["created_at"],
        }
        self.people.append(row)
        return row["id"]

    def _write_employers(self) -> None:
        self._insert(Employer, self.employers)
        self._insert(ContactPerson, self.people)
        self._progress(f"{len(self.employers):,} employers, {len(self.people):,} contact people")
        self.people = []

    def _employer(self, employer_id: int) -> dict:
        return self.employers[employer_id - self.employers[0]["id"]]

    # -- keeping the derived employer columns in step

    def _update_employers(self) -> None:
        hired = set(self.working_at)
        rows = []
        for employer in self.employers:
            times = self.contact_times.get(employer["id"])
            if not times and employer["id"] not in hired:
                continue
            stage = ("hiring" if employer["id"] in hired else "presenting" if employer["id"] in self.presented
                     else "learning" if len(times) > 1 else "introduced")
            rows.append({"employer_id": employer["id"], "stage": stage, "last": times[-1] if times else None,
                         "updated": times[-1] if times else employer["updated_at"]})
        table = Employer.__table__
        statement = update(table).where(table.c.id == bindparam("employer_id")).values(
            relationship_stage=bindparam("stage"), last_contact_at=bindparam("last", type_=UTCDateTime()),
            updated_at=bindparam("updated", type_=UTCDateTime()))
        connection = db.session.connection()
        for start in range(0, len(rows), CHUNK):
            connection.execute(statement, rows[start:start + CHUNK])
