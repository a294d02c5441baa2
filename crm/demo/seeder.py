"""The whole generator: every step, in the order the random draws (and so the data) depend on."""

from __future__ import annotations

from crm.demo.contacts import ContactsSeeder
from crm.demo.employers import EmployersSeeder
from crm.demo.matches import MatchesSeeder
from crm.demo.openings import OpeningsSeeder
from crm.demo.participants import ParticipantsSeeder
from crm.demo.staff import StaffSeeder


class Seeder(StaffSeeder, EmployersSeeder, ParticipantsSeeder, ContactsSeeder, OpeningsSeeder, MatchesSeeder):
    """Plans the rows in memory with one random generator, then writes them table by table."""

    def run(self) -> dict[str, int]:
        """Make and write everything; return how many rows of each kind."""
        self._staff()
        self._plan_employers()
        self._plan_participants()
        self._plan_job_starts()
        self._write_participants()
        self._write_employers()
        self._contacts()
        self._openings()
        self._matches()
        self._job_starts()
        self._support_contacts()
        self._update_employers()
        self._reset_sequences()
        return self.counts
