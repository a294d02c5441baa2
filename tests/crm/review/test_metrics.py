"""The review's figures on a hand-built team (tests/crm/review/conftest.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from crm.extensions import db
from crm.models import Setting
from crm.review import metrics, services
from crm.review.metrics import Activity, Outcomes
from crm.review.periods import Quarter, trend_weeks, week_of
from crm.settings import forget_cached_settings
from tests.crm.review.conftest import TODAY, WEEK_DAY, utc

LONDON = ZoneInfo("Europe/London")


def test_the_week_follows_the_time_zone_across_the_clock_change(world):
    week = week_of(WEEK_DAY)
    assert week.start == datetime(2026, 10, 19, tzinfo=LONDON) == utc(2026, 10, 18, 23)
    assert week.end == datetime(2026, 10, 26, tzinfo=LONDON) == utc(2026, 10, 26, 0)


def test_week_activity_counts_by_hand(world):
    week = week_of(WEEK_DAY)
    found = metrics.week_activity([world.ana.id, world.ben.id, world.lead.id], week.start, week.end)
    # Ana: Mon 00:30 BST, the repeat visit, the visit for two people, the phone call, Sun 23:30 GMT.
    # Face-to-face: 4 (the phone call is not); employers 1, 2, 3; new: 2 and 3 (she met 1 the Sunday before).
    assert found[world.ana.id] == Activity(face_to_face=4, contacts=5, employers=3, new_employers=2, on_behalf=2)
    assert found[world.ana.id].general == 3
    # Ben was deactivated after his two visits: they still count in their week.
    assert found[world.ben.id] == Activity(face_to_face=2, contacts=2, employers=1, new_employers=1, on_behalf=0)
    assert world.lead.id not in found and world.other.id not in found


def test_a_contact_on_behalf_of_two_people_counts_once(world):
    week = week_of(WEEK_DAY)
    found = metrics.week_activity([world.ana.id], week.start, week.end)[world.ana.id]
    # Five contacts although the visit to employer 2 was on behalf of two people.
    assert found.contacts == 5 and found.on_behalf == 2


def test_week_starting_on_sunday_moves_the_boundary(world):
    db.session.add(Setting(key="week_starts_on", value=6))
    db.session.flush()
    forget_cached_settings()
    week = week_of(WEEK_DAY)
    assert week.first_day == date(2026, 10, 18)
    found = metrics.week_activity([world.ana.id], week.start, week.end)[world.ana.id]
    # Sun 18 Oct 00:00 BST to Sun 25 Oct 00:00 GMT: now Sun 23:30 BST is in and Sun 25 23:30 GMT is out;
    # employer 1 is new again (nothing before the Sunday).
    assert (found.face_to_face, found.contacts, found.new_employers) == (4, 5, 3)


def test_weekly_counts_number_the_weeks(world):
    weeks = trend_weeks(week_of(date(2026, 10, 28)), 3)
    counts = metrics.weekly_counts([world.ana.id, world.ben.id],
                                   [w.start for w in weeks] + [weeks[-1].end])
    assert counts == {(world.ana.id, 0): (1, 1), (world.ana.id, 1): (4, 5), (world.ana.id, 2): (1, 1),
                      (world.ben.id, 1): (2, 2)}


def test_overdue_next_steps(world):
    assert metrics.overdue_next_steps([world.ana.id, world.ben.id], TODAY) == {world.ana.id: 1}


def test_caseload_sizes_count_active_participants(world):
    assert metrics.caseload_sizes([world.ana.id, world.ben.id]) == {world.ana.id: 5}


def test_rapid_job_search(world):
    scope = services.review_scope(world.lead, None)
    rows = {row.name: row for row in services.rapid_job_search(scope, TODAY, 30)}
    # Referred in the last 26 weeks (Pat Five, referred in April and working, is not listed).
    assert set(rows) == {"Pat One", "Pat Two", "Pat Three", "Pat Six"}
    # Pat One: referred 1 Jun, first face-to-face contact on 21 Oct (shared with Pat Two): 142 days.
    assert (rows["Pat One"].first_contact, rows["Pat One"].days, rows["Pat One"].flagged) == (
        date(2026, 10, 21), 142, True)
    assert (rows["Pat Two"].days, rows["Pat Two"].flagged) == (50, True)
    # Pat Three had only a phone call on their behalf: still waiting since 10 Sep.
    assert (rows["Pat Three"].waiting, rows["Pat Three"].days, rows["Pat Three"].flagged) == (True, 74, True)
    assert (rows["Pat Six"].days, rows["Pat Six"].flagged) == (5, False)
    assert next(iter(services.rapid_job_search(scope, TODAY, 30))).name == "Pat Three"  # waiting first
    # A year on, only those still waiting are listed, however long ago they were referred.
    later = services.rapid_job_search(scope, date(2027, 9, 10), 30)
    assert [(row.name, row.days) for row in later] == [("Pat Three", 365)]


def test_overdue_follow_along_supports_match_my_week(world):
    from crm.jobs.follow_along import due_supports

    # No support contact yet on the jobs that started 1 May, 10 Jul, 1 Aug and 1 Sep; 1 Dec is not due yet.
    assert services.overdue_supports([world.ana.id, world.ben.id], TODAY) == {world.ana.id: 4}
    assert sum(due.overdue for due in due_supports(world.ana, TODAY, days_ahead=0)) == 4


def test_outcomes_for_a_quarter(world):
    q3 = Quarter(2026, 3)
    found = metrics.outcomes([world.ana.id, world.ben.id], q3.first_day, q3.last_day, TODAY)
    assert found[world.ana.id] == Outcomes(
        job_starts=5,  # 10 Jul, 15 Jul, 1 Sep, 1 Aug, 1 Jul
        people_starting=4,  # Pat One, Two, Five, Six
        first_job_starts=3,  # Pat Five's first job was in Q2
        competitive_starts=3,
        reached_90_days=4,  # the 1 Sep start is under 90 days old on 23 Nov
        retained_90_days=3,  # the 15 Jul job ended on 20 Aug; the 1 Jul one ended on day 90 and counts
        caseload_at_end=6,  # Pat Four closed on 15 Oct, after the quarter; Pat Seven closed with no date
        working_competitive=2,  # Pat One and Pat Five (Pat Six's job ended on 29 Sep)
    )
    assert world.ben.id not in found


def test_a_job_start_counts_from_its_first_paid_hours(world):
    q4 = Quarter(2026, 4)
    found = metrics.outcomes([world.ana.id], q4.first_day, q4.last_day, TODAY)[world.ana.id]
    assert found.job_starts == 0 and found.first_job_starts == 0  # Pat Three starts on 1 Dec
    found = metrics.outcomes([world.ana.id], q4.first_day, q4.last_day, date(2026, 12, 2))[world.ana.id]
    assert found.job_starts == 1 and found.first_job_starts == 1


def test_diversity(world):
    q3 = Quarter(2026, 3)
    found = metrics.diversity([world.ana.id], q3.first_day, q3.last_day, TODAY)
    assert (found.job_starts, found.employers, found.top_employer_id, found.top_employer_starts) == (
        5, 3, world.employers[1].id, 3)
    assert (found.job_types, found.top_job_type, found.top_job_type_starts) == (3, "cleaner", 2)
    assert services.percent(found.top_employer_starts, found.job_starts) == 60.0


def test_stale_employers(world):
    for n, employer in world.employers.items():
        employer.owner_id = world.ana.id
        employer.last_contact_at = utc(2026, 9, n)
    world.employers[4].archived_at = utc(2026, 9, 30)
    db.session.flush()
    count, shown = metrics.stale_employers([world.ana.id], utc(2026, 11, 1, 12), limit=2)
    # 60 days before 1 Nov 12:00 is 2 Sep 12:00: employers 1 (1 Sep) and 2 (2 Sep 00:00); 4 is archived.
    assert count == 2 and [e.id for e in shown] == [world.employers[1].id, world.employers[2].id]
    assert metrics.stale_employers([world.ana.id], utc(2026, 11, 1, 12), limit=1)[0] == 2


def test_empty_scope():
    assert metrics.week_activity([], utc(2026, 1, 1), utc(2026, 1, 8)) == {}
    assert metrics.outcomes([], date(2026, 1, 1), date(2026, 3, 31), TODAY) == {}
