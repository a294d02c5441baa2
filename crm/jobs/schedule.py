"""The follow-along schedule: when the next support contact falls due after a job start. Pure functions.

The rule (DESIGN.md §2: before or within 3 days of the start, weekly for the first month, then at least
monthly, for as long as the person wants), counted from the last support contact:

- With no support contact yet, the first is due 3 days after the start.
- After a support contact, the next is due a week later while that still falls within the first four weeks
  after the start (start + 28 days), and a calendar month later after that. So no gap between two contacts
  is ever longer than the schedule allows, and a late contact moves the following ones later with it
  (missed slots do not pile up).
- A contact shortly before the start counts as the first one; the next is never due earlier than 3 days after
  the start, so a contact made long before the start (at the hire, say) still leaves one due by then.
- Nothing is due once the job has ended or the person asked to stop follow-along support (the app records
  neither in the future).

A contact on the due date itself is on time: a due date is overdue only from the day after.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

FIRST_DUE_DAYS = 3
WEEKLY_FOR_DAYS = 28  # the first four weeks after the start
WEEK = timedelta(days=7)


def add_months(day: date, months: int) -> date:
    """The same day of the month, months later; the last day of the month when that month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_support_due(start_date: date, last_contact: date | None, *, end_date: date | None = None,
                     stopped_on: date | None = None) -> date | None:
    """The date by which the next follow-along support contact is due, or None when support has ended."""
    if end_date is not None or stopped_on is not None:
        return None
    first_due = start_date + timedelta(days=FIRST_DUE_DAYS)
    if last_contact is None:
        return first_due
    weekly = last_contact + WEEK
    due = weekly if weekly <= start_date + timedelta(days=WEEKLY_FOR_DAYS) else add_months(last_contact, 1)
    return max(due, first_due)


def is_overdue(due: date | None, today: date) -> bool:
    """True when the due date has passed (due today is not yet overdue)."""
    return due is not None and due < today


def support_state(due: date | None, today: date, soon_days: int = 7) -> str:
    """"stopped", "overdue", "due" (today), "soon" (within soon_days) or "later"."""
    if due is None:
        return "stopped"
    if due < today:
        return "overdue"
    if due == today:
        return "due"
    return "soon" if (due - today).days <= soon_days else "later"


def planned_dates(start_date: date, count: int) -> list[date]:
    """The first count due dates if every support contact happens on its due date (for the job start page)."""
    dates: list[date] = []
    last = None
    for _ in range(count):
        due = next_support_due(start_date, last)
        dates.append(due)
        last = due
    return dates
