"""Home page ("My week" for specialists) and the health check."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import text

from crm import audit
from crm.extensions import db
from crm.formatting import local_today
from crm.main.services import my_week

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """My week for specialists (contacts against the target, what is due, the caseload); links for others."""
    week = my_week(current_user, local_today()) if current_user.role == "specialist" else None
    if week:
        # One event for the list of names (as for the caseload page), not one per person on it.
        audit.record("view", "caseload", current_user.id, detail=f"my week: {len(week.caseload)} people")
    return render_template("main/home.html", week=week, today=local_today())


@bp.get("/health")
def health():
    """A trivial page that touches the database: for load balancers and the benchmark floor."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
