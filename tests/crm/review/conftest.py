"""A small team whose figures were worked out by hand (see the comments, and docs/metrics.md).

Europe/London, weeks from Monday. The review week is Mon 19 Oct 2026 to Sun 25 Oct 2026; British Summer Time
ends inside it (Sun 25 Oct, 02:00), so it starts at 23:00 UTC on Sun 18 Oct and ends at 00:00 UTC on Mon 26 Oct.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from tests.factories import (
    make_contact,
    make_employer,
    make_job_start,
    make_participant,
    make_team,
    make_user,
)

WEEK_DAY = date(2026, 10, 21)  # a Wednesday in the review week
TODAY = date(2026, 11, 23)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@dataclass
class World:
    team: object
    other_team: object
    ana: object  # specialist
    ben: object  # specialist, deactivated
    lead: object
    other: object  # a specialist of another team
    other_lead: object
    employers: dict
    people: dict


@pytest.fixture
def world(app) -> World:
    team, other_team = make_team("North"), make_team("South")
    ana = make_user("specialist", team=team, name="Ana Active")
    ben = make_user("specialist", team=team, name="Ben Gone")
    lead = make_user("team_lead", team=team, name="Lee Lead")
    other = make_user("specialist", team=other_team, name="Olga Other")
    other_lead = make_user("team_lead", team=other_team, name="Oscar Lead")
    e = {n: make_employer(f"Employer {n}") for n in (1, 2, 3, 4)}
    p = {
        1: make_participant(ana, "Pat One", referral_date=date(2026, 6, 1)),
        2: make_participant(ana, "Pat Two", referral_date=date(2026, 9, 1)),
        3: make_participant(ana, "Pat Three", referral_date=date(2026, 9, 10)),
        4: make_participant(ana, "Pat Four", referral_date=date(2026, 3, 1), status="closed",
                            closed_on=date(2026, 10, 15)),
        5: make_participant(ana, "Pat Five", referral_date=date(2026, 4, 1), status="working"),
        6: make_participant(ana, "Pat Six", referral_date=date(2026, 6, 20), status="follow_along"),
        7: make_participant(ana, "Pat Seven", referral_date=date(2026, 1, 1), status="closed"),
    }
    # Ana's contacts.
    make_contact(ana, e[4], contacted_at=utc(2026, 6, 25, 12), participants=[p[6]])  # P6's first: 5 days
    make_contact(ana, e[1], contacted_at=utc(2026, 10, 18, 22, 30))  # Sun 23:30 BST: the week before
    make_contact(ana, e[1], contacted_at=utc(2026, 10, 18, 23, 30))  # Mon 00:30 BST: in the week
    make_contact(ana, e[1], contacted_at=utc(2026, 10, 21, 10), next_step="Call back",
                 next_step_due=date(2026, 11, 22))  # a repeat visit; its next step is overdue on TODAY
    make_contact(ana, e[2], contacted_at=utc(2026, 10, 21, 11), participants=[p[1], p[2]], purpose="on_behalf",
                 next_step="Send CVs", next_step_due=TODAY)  # two people, one contact; due today, not overdue
    make_contact(ana, e[3], contacted_at=utc(2026, 10, 22, 9), mode="phone", participants=[p[3]],
                 next_step="Done already", next_step_due=date(2026, 11, 1),
                 next_step_done_at=utc(2026, 11, 2, 9))  # not face-to-face
    make_contact(ana, e[3], contacted_at=utc(2026, 10, 25, 23, 30))  # Sun 23:30 GMT: the week's last hour
    make_contact(ana, e[3], contacted_at=utc(2026, 10, 26, 0, 0))  # Mon 00:00 GMT: the next week
    # Ben's contacts, logged before he was deactivated.
    make_contact(ben, e[1], contacted_at=utc(2026, 10, 20, 9))
    make_contact(ben, e[1], contacted_at=utc(2026, 10, 20, 15))
    ben.active = False
    make_contact(other, e[1], contacted_at=utc(2026, 10, 20, 9))  # another team's
    # Job starts (first paid hours on start_date).
    make_job_start(p[5], e[2], start_date=date(2026, 5, 1), competitive=True, job_title="Porter")  # Q2
    make_job_start(p[1], e[1], start_date=date(2026, 7, 10), competitive=True, job_title="Kitchen assistant")
    make_job_start(p[2], e[1], start_date=date(2026, 7, 15), competitive=True, job_title=" kitchen Assistant ",
                   end_date=date(2026, 8, 20), end_reason="Left")  # ended before 90 days
    make_job_start(p[2], e[2], start_date=date(2026, 9, 1), job_title="Cleaner")  # under 90 days on TODAY
    make_job_start(p[5], e[1], start_date=date(2026, 8, 1), job_title="Cleaner")
    make_job_start(p[6], e[3], start_date=date(2026, 7, 1), competitive=True, job_title="Barista",
                   end_date=date(2026, 9, 29))  # ended exactly 90 days after it started
    make_job_start(p[3], e[3], start_date=date(2026, 12, 1), competitive=True, job_title="Future")  # not yet
    return World(team, other_team, ana, ben, lead, other, other_lead, e, p)
