"""The follow-along schedule (crm/jobs/schedule.py): pure functions, no app needed."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.jobs.schedule import add_months, is_overdue, next_support_due, planned_dates, support_state

START = date(2026, 3, 2)  # a Monday


def day(n: int) -> date:
    """The date n days after START."""
    return START + timedelta(days=n)


@pytest.mark.parametrize("start", [date(2026, 3, 2), date(2026, 12, 30), date(2028, 2, 27), date(2027, 1, 31)])
def test_first_support_is_due_three_days_after_the_start(start):
    assert next_support_due(start, None) == start + timedelta(days=3)


@pytest.mark.parametrize("last, due", [
    (0, 7),    # a contact on the first day: the next a week later
    (3, 10),   # on the third day, on time
    (5, 12),   # late for the first: a week after it, not piled up
    (14, 21),
    (21, 28),  # still within the first four weeks: weekly
])
def test_weekly_for_the_first_four_weeks(last, due):
    assert next_support_due(START, day(last)) == day(due)


@pytest.mark.parametrize("last, due", [
    (22, date(2026, 4, 24)),  # 24 March; a week later would be past the first four weeks: a month later
    (28, date(2026, 4, 30)),
    (60, date(2026, 6, 1)),   # 1 May + 1 month
    (400, add_months(day(400), 1)),
])
def test_then_monthly_after_the_last_contact(last, due):
    assert next_support_due(START, day(last)) == due


@pytest.mark.parametrize("last, due", [
    (-1, 6),    # just before the start counts as the first contact
    (-4, 3),    # a week later would be before the first due date: still due by day 3
    (-30, 3),   # at the hire, long before the start: the first is still due by day 3
])
def test_a_contact_before_the_start(last, due):
    assert next_support_due(START, day(last)) == day(due)


def test_nothing_due_once_the_job_ended_or_the_person_asked_to_stop():
    assert next_support_due(START, None, end_date=day(1)) is None
    assert next_support_due(START, day(10), end_date=day(40)) is None
    assert next_support_due(START, day(10), stopped_on=day(12)) is None
    assert next_support_due(START, None, stopped_on=START) is None


def test_on_time_plan_is_three_days_then_weekly_then_monthly():
    assert planned_dates(START, 7) == [day(3), day(10), day(17), day(24), date(2026, 4, 26), date(2026, 5, 26),
                                       date(2026, 6, 26)]


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 5, 5), 12, date(2027, 5, 5)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_due_today_is_not_overdue():
    today = day(10)
    assert not is_overdue(today, today) and is_overdue(day(9), today) and not is_overdue(None, today)
    assert support_state(day(9), today) == "overdue"
    assert support_state(today, today) == "due"
    assert support_state(day(17), today) == "soon"
    assert support_state(day(18), today) == "later"
    assert support_state(None, today) == "stopped"


starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(starts, st.integers(min_value=-3, max_value=3000))
def test_the_gap_after_a_contact_is_never_longer_than_the_schedule_allows(start, offset):
    last = start + timedelta(days=offset)
    due = next_support_due(start, last)
    assert due > last
    assert due >= start + timedelta(days=3)
    gap = (due - last).days
    if last + timedelta(days=7) <= start + timedelta(days=28):
        assert gap == 7 or due == start + timedelta(days=3)
    else:
        assert 28 <= gap <= 31


@given(starts, st.integers(min_value=-60, max_value=2000), st.integers(min_value=0, max_value=200))
def test_a_later_contact_never_brings_the_next_one_forward(start, offset, later_by):
    first = start + timedelta(days=offset)
    assert next_support_due(start, first + timedelta(days=later_by)) >= next_support_due(start, first)
