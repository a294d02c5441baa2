"""Opening pages (being built)."""

from flask import Blueprint

bp = Blueprint("openings", __name__)


@bp.get("/")
def index():
    """List openings."""
    return "Openings"


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add an opening."""
    return "New opening"


@bp.get("/<int:opening_id>")
def page(opening_id: int):
    """One opening."""
    return "Opening"


@bp.route("/<int:opening_id>/edit", methods=["GET", "POST"])
def edit(opening_id: int):
    """Edit an opening."""
    return "Edit opening"


@bp.post("/<int:opening_id>/status")
def set_status(opening_id: int):
    """Close, fill or reopen an opening."""
    return "Status"
