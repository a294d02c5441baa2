"""Every table of the team review as a header and rows: what the CSV exports write (crm.transfer.csvio)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from crm.formatting import to_local
from crm.review import services
from crm.review.periods import Quarter, Week
from crm.review.services import Scope, Targets, percent


@dataclass
class Request:
    """What a table is for: whose figures, which week and quarter, and when."""

    scope: Scope
    week: Week
    quarter: Quarter
    today: date
    now: datetime
    targets: Targets


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def specialists(r: Request) -> tuple[tuple, Iterator]:
    """The week's employer contacts per specialist."""
    header = ("Specialist", "Week starting", "Face-to-face employer contacts", "Target", "Below target",
              "All employer contacts", "Distinct employers", "New employers", "On behalf of someone", "General")
    rows = services.week_rows(r.scope, r.week, r.today)
    return header, ((row.user.name, r.week.first_day, row.activity.face_to_face, r.targets.face_to_face,
                     _yes(row.activity.face_to_face < r.targets.face_to_face), row.activity.contacts,
                     row.activity.employers, row.activity.new_employers, row.activity.on_behalf,
                     row.activity.general) for row in rows)


def trend(r: Request) -> tuple[tuple, Iterator]:
    """Face-to-face employer contacts per week, per specialist and the team's average."""
    found = services.trend(r.scope, r.week, r.targets.face_to_face)
    header = ("Week starting", *(user.name for user, _ in found.series), "Team average per specialist", "Target")
    average = found.team_average
    return header, ((week.first_day, *(counts[n] for _, counts in found.series), average[n], found.target)
                    for n, week in enumerate(found.weeks))


def rapid(r: Request) -> tuple[tuple, Iterator]:
    """Days from referral to the first face-to-face employer contact on each person's behalf."""
    header = ("Participant id", "Participant", "Specialist", "Referral date", "First face-to-face employer contact",
              "Days", "Still waiting", f"Over {r.targets.first_contact_days} days")
    rows = services.rapid_job_search(r.scope, r.today, r.targets.first_contact_days)
    return header, ((row.participant_id, row.name, row.specialist, row.referral_date, row.first_contact or "",
                     "" if row.days is None else row.days, _yes(row.waiting), _yes(row.flagged)) for row in rows)


def caseload(r: Request) -> tuple[tuple, Iterator]:
    """Active caseload and what is overdue, per specialist."""
    header = ("Specialist", "Active caseload", "Target", "Over target", "Overdue next steps",
              "Overdue follow-along supports")
    rows = services.week_rows(r.scope, r.week, r.today)
    return header, ((row.user.name, row.caseload, r.targets.caseload, _yes(row.caseload > r.targets.caseload),
                     row.overdue_next_steps, row.overdue_supports) for row in rows)


def outcomes(r: Request) -> tuple[tuple, Iterator]:
    """The quarter's outcomes per specialist and for the team."""
    header = ("Specialist", "Quarter", "Job starts", "People starting a job", "First job starts",
              "Competitive job starts", "Competitive share %", "Active caseload at end", "Working in competitive jobs",
              "Employment rate %", "Job starts 90+ days ago", "Still in the job at 90 days", "90-day retention %")
    found = services.quarter_outcomes(r.scope, r.quarter, r.today)

    def line(name, o):
        return (name, r.quarter.key, o.job_starts, o.people_starting, o.first_job_starts, o.competitive_starts,
                percent(o.competitive_starts, o.job_starts), o.caseload_at_end, o.working_competitive,
                percent(o.working_competitive, o.caseload_at_end), o.reached_90_days, o.retained_90_days,
                percent(o.retained_90_days, o.reached_90_days))

    rows = [line(user.name, o) for user, o in found.rows]
    if not r.scope.own_only:
        rows.append(line("Team", found.team))
    return header, iter(rows)


def employers(r: Request) -> tuple[tuple, Iterator]:
    """Every employer owned by the team with no contact for 60 days or more (not only those shown)."""
    header = ("Employer id", "Employer", "Relationship owner", "Last contact", "Days since")
    _, found = services.stale_employers(r.scope, r.now, limit=0)
    return header, ((e.id, e.name, e.owner.name if e.owner else "", to_local(e.last_contact_at).date(),
                     (r.today - to_local(e.last_contact_at).date()).days) for e in found)


TABLES: dict[str, tuple[str, Callable[[Request], tuple[tuple, Iterator]]]] = {
    "specialists": ("Employer contacts per specialist", specialists),
    "trend": ("12-week trend", trend),
    "rapid-job-search": ("Rapid job search", rapid),
    "caseload": ("Caseload and overdue", caseload),
    "outcomes": ("Outcomes", outcomes),
    "employers": ("Employers with no contact for 60+ days", employers),
}
