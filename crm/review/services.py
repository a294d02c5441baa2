"""The team review: who is reviewed (access), and its tables, built from crm.review.metrics. Read only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from crm.extensions import db
from crm.formatting import to_local
from crm.jobs.schedule import is_overdue, next_support_due
from crm.models import Team, User
from crm.review import metrics
from crm.review.metrics import Activity, Diversity, Outcomes
from crm.review.periods import Quarter, Week, trend_weeks
from crm.settings import get_setting

STALE_SHOWN = 25
# Rapid job search lists people referred in about the last six months (and anyone still waiting).
RAPID_WINDOW_DAYS = 182


class ReviewNotAllowed(Exception):
    """The viewer may not see this team's review (403)."""


def may_review_team(viewer, team_id: int | None) -> bool:
    """An admin reviews any team, a team lead their own, a specialist their own team (their own figures only)."""
    if viewer.role == "admin":
        return True
    return team_id is not None and team_id == viewer.team_id


@dataclass
class Scope:
    """Whose figures a review shows: a team's staff, or a specialist alone."""

    team: Team | None
    staff: list[User]
    own_only: bool

    @property
    def ids(self) -> list[int]:
        """The staff ids."""
        return [user.id for user in self.staff]


def review_scope(viewer: User, team_id: int | None) -> Scope:
    """The team asked for (the viewer's own by default, the first team for an admin without one)."""
    if team_id is None:
        team_id = viewer.team_id
        if team_id is None and viewer.role == "admin":
            team_id = db.session.scalar(select(Team.id).order_by(Team.name).limit(1))
    if team_id is not None and not may_review_team(viewer, team_id):
        raise ReviewNotAllowed
    team = db.session.get(Team, team_id) if team_id is not None else None
    if viewer.role == "specialist":
        return Scope(team, [viewer], own_only=True)
    if team is None:
        return Scope(None, [], own_only=False)
    staff = db.session.scalars(select(User).where(User.team_id == team.id).order_by(User.name, User.id)).all()
    return Scope(team, list(staff), own_only=False)


def teams_for(viewer: User) -> list[Team]:
    """The teams the viewer may switch between (admins only; others have one)."""
    if viewer.role != "admin":
        return []
    return list(db.session.scalars(select(Team).order_by(Team.name)))


@dataclass
class Targets:
    """The fidelity targets, from the settings an admin edits."""

    face_to_face: int
    first_contact_days: int
    caseload: int
    concentration_percent: int

    @classmethod
    def from_settings(cls) -> Targets:
        """The current settings."""
        return cls(int(get_setting("face_to_face_target_per_week")), int(get_setting("first_contact_target_days")),
                   int(get_setting("caseload_target")), int(get_setting("employer_concentration_flag_percent")))


# --- the week ------------------------------------------------------------------------------------------------


@dataclass
class SpecialistWeek:
    """One row of the weekly table."""

    user: User
    activity: Activity
    caseload: int = 0
    overdue_next_steps: int = 0
    overdue_supports: int = 0


def _shown(user: User, *figures) -> bool:
    """Active specialists always; anyone else (a deactivated specialist, a lead) when they have figures."""
    return (user.role == "specialist" and user.active) or any(figures)


def week_rows(scope: Scope, week: Week, today: date) -> list[SpecialistWeek]:
    """Per specialist: the week's employer contacts, caseload size, overdue next steps and supports."""
    activity = metrics.week_activity(scope.ids, week.start, week.end)
    caseload = metrics.caseload_sizes(scope.ids)
    steps = metrics.overdue_next_steps(scope.ids, today)
    supports = overdue_supports(scope.ids, today)
    rows = []
    for user in scope.staff:
        row = SpecialistWeek(user, activity.get(user.id, Activity()), caseload.get(user.id, 0),
                             steps.get(user.id, 0), supports.get(user.id, 0))
        if _shown(user, row.activity.contacts, row.caseload, row.overdue_next_steps, row.overdue_supports):
            rows.append(row)
    return rows


def overdue_supports(staff_ids: list[int], today: date) -> dict[int, int]:
    """{staff id: follow-along support contacts overdue}, by the schedule My week uses (crm.jobs.schedule)."""
    found: dict[int, int] = {}
    for staff_id, start_date, last_at in metrics.current_job_starts(staff_ids):
        due = next_support_due(start_date, to_local(last_at).date() if last_at else None)
        if is_overdue(due, today):
            found[staff_id] = found.get(staff_id, 0) + 1
    return found


def total_activity(rows: list[SpecialistWeek]) -> Activity:
    """The team's week: sums (distinct employers are summed per specialist, so one employer may count twice)."""
    return Activity(*(sum(getattr(r.activity, name) for r in rows)
                      for name in ("face_to_face", "contacts", "employers", "new_employers", "on_behalf")))


# --- the 12-week trend -------------------------------------------------------------------------------------


@dataclass
class Trend:
    """Face-to-face contacts per specialist per week, and the team's average, over the trend weeks."""

    weeks: list[Week]
    series: list[tuple[User, list[int]]]
    target: int

    @property
    def team_average(self) -> list[float]:
        """Face-to-face contacts per specialist shown, week by week."""
        if not self.series:
            return [0.0 for _ in self.weeks]
        return [round(sum(counts[n] for _, counts in self.series) / len(self.series), 1)
                for n in range(len(self.weeks))]

    def weeks_on_target(self, counts: list[float]) -> int:
        """How many weeks reached the target."""
        return sum(1 for count in counts if count >= self.target)

    def summary(self, counts: list[float]) -> str:
        """One line: the average and the weeks at or above the target."""
        average = sum(counts) / len(counts) if counts else 0
        return (f"Average {average:.1f} face-to-face employer contacts a week; at or above the target of "
                f"{self.target} in {self.weeks_on_target(counts)} of {len(counts)} weeks "
                f"({self.weeks[0].first_day:%-d %b} to {self.weeks[-1].last_day:%-d %b %Y}).")


def trend(scope: Scope, last: Week, target: int) -> Trend:
    """The trend weeks ending with last; specialists shown as in the weekly table (with any contact)."""
    weeks = trend_weeks(last)
    counts = metrics.weekly_counts(scope.ids, [w.start for w in weeks] + [weeks[-1].end])
    series = []
    for user in scope.staff:
        row = [counts.get((user.id, n), (0, 0))[0] for n in range(len(weeks))]
        contacts = sum(counts.get((user.id, n), (0, 0))[1] for n in range(len(weeks)))
        if _shown(user, contacts):
            series.append((user, row))
    return Trend(weeks, series, target)


# --- rapid job search --------------------------------------------------------------------------------------


@dataclass
class FirstContact:
    """A participant's wait from referral to the first face-to-face employer contact on their behalf."""

    participant_id: int
    name: str
    specialist: str
    referral_date: date
    first_contact: date | None
    days: int | None  # referral to first contact; for those still waiting, referral to today
    waiting: bool
    flagged: bool


def rapid_job_search(scope: Scope, today: date, target_days: int) -> list[FirstContact]:
    """People referred in the last RAPID_WINDOW_DAYS and anyone still waiting: longest waits first."""
    names = {user.id: user.name for user in scope.staff}
    found = []
    for row in metrics.first_contacts(scope.ids, today - timedelta(days=RAPID_WINDOW_DAYS)):
        first = to_local(row.first_face_to_face).date() if row.first_face_to_face else None
        waiting = first is None and row.status == "job_search"
        if first is not None:
            days = max(0, (first - row.referral_date).days)
        else:
            days = max(0, (today - row.referral_date).days) if waiting else None
        found.append(FirstContact(row.id, row.name, names.get(row.specialist_id, ""), row.referral_date, first,
                                  days, waiting, days is not None and days > target_days))
    return sorted(found, key=lambda r: (not r.waiting, -(r.days or 0), r.name, r.participant_id))


# --- outcomes ---------------------------------------------------------------------------------------------


@dataclass
class QuarterOutcomes:
    """The quarter's outcomes per specialist and for the team, and the diversity of the team's job starts."""

    quarter: Quarter
    as_of: date
    rows: list[tuple[User, Outcomes]]
    team: Outcomes
    diversity: Diversity
    top_employer: str | None = None
    finished: bool = field(default=True)


def _sum_outcomes(values: list[Outcomes]) -> Outcomes:
    names = Outcomes.__dataclass_fields__
    return Outcomes(**{name: sum(getattr(v, name) for v in values) for name in names})


def quarter_outcomes(scope: Scope, quarter: Quarter, today: date) -> QuarterOutcomes:
    """Job starts, employment rate, 90-day retention and diversity for the quarter (to today if unfinished)."""
    from crm.models import Employer

    found = metrics.outcomes(scope.ids, quarter.first_day, quarter.last_day, today)
    rows = [(user, found.get(user.id, Outcomes())) for user in scope.staff if user.id in found or _shown(user)]
    spread = metrics.diversity(scope.ids, quarter.first_day, quarter.last_day, today)
    top = db.session.get(Employer, spread.top_employer_id) if spread.top_employer_id else None
    as_of = min(quarter.last_day, today)
    return QuarterOutcomes(quarter, as_of, rows, _sum_outcomes([o for _, o in rows]), spread,
                           top.name if top else None, finished=quarter.last_day < today)


def percent(part: int, whole: int) -> float | None:
    """part of whole in per cent, to one decimal; None when whole is 0."""
    return round(100 * part / whole, 1) if whole else None


def stale_employers(scope: Scope, now: datetime, limit: int = STALE_SHOWN):
    """(count, employers) owned by the team with no contact for 60 days or more, longest first."""
    return metrics.stale_employers(scope.ids, now, limit)
