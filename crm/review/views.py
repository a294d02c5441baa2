"""The team review page and its CSV exports."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from crm import audit
from crm.formatting import local_today
from crm.forms import parse_id
from crm.models.types import utcnow
from crm.review import services, tables
from crm.review.periods import PeriodRefused, parse_quarter, parse_week, quarter_of, week_of
from crm.transfer.csvio import csv_stream

bp = Blueprint("review", __name__)


def _request() -> tables.Request:
    """The review asked for in the query string: 400 for a bad period, 403 for another team."""
    today = local_today()
    try:
        week, quarter = parse_week(request.args.get("week"), today), parse_quarter(request.args.get("quarter"), today)
    except PeriodRefused as refused:
        abort(Response(render_template("review/refused.html", message=str(refused)), 400))
    team_id = parse_id(request.args.get("team")) if request.args.get("team") else None
    if request.args.get("team") and team_id is None:
        abort(Response(render_template("review/refused.html", message="That team number is not valid."), 400))
    try:
        scope = services.review_scope(current_user, team_id)
    except services.ReviewNotAllowed:
        audit.record_refusal("denied", "team", team_id, detail="team review of another team")
        abort(403)
    if team_id is not None and scope.team is None:
        abort(404)
    return tables.Request(scope, week, quarter, today, utcnow(), services.Targets.from_settings())


@bp.get("/")
def index():
    """The week's activity per specialist, the trend, rapid job search, caseloads, outcomes, what is overdue."""
    r = _request()
    audit.record("view", "team_review", r.scope.team.id if r.scope.team else None,
                 detail=f"week {r.week.first_day}, {r.quarter.key}")
    rows = services.week_rows(r.scope, r.week, r.today)
    return render_template(
        "review/index.html", r=r, rows=rows, total=services.total_activity(rows),
        trend=services.trend(r.scope, r.week, r.targets.face_to_face),
        rapid=services.rapid_job_search(r.scope, r.today, r.targets.first_contact_days),
        outcomes=services.quarter_outcomes(r.scope, r.quarter, r.today),
        stale=services.stale_employers(r.scope, r.now), teams=services.teams_for(current_user),
        percent=services.percent, this_week=week_of(r.today), quarter_now=quarter_of(r.today))


@bp.get("/export/<table>.csv")
def export(table: str):
    """One table of the review as CSV (audited)."""
    if table not in tables.TABLES:
        abort(404)
    r = _request()
    audit.record("export", "team_review", r.scope.team.id if r.scope.team else None, fields=[table],
                 detail=f"week {r.week.first_day}, {r.quarter.key}")
    header, rows = tables.TABLES[table][1](r)
    # The review's tables are small (a team's caseload at most): written whole, not streamed.
    response = Response("".join(csv_stream(header, rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = (f'attachment; filename="team-review-{table}-'
                                               f'{r.week.first_day.isoformat()}.csv"')
    return response
