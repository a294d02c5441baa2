"""Home page ("My week" for specialists) and the health check."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text

from crm.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """The signed-in staff member's home page."""
    return render_template("main/home.html")


@bp.get("/health")
def health():
    """A trivial page that touches the database: for load balancers and the benchmark floor."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
