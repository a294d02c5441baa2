"""Opening pages: list, page, add (from an employer or a logged contact), edit, and fill, close or reopen."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm.employers.services import industries
from crm.extensions import db
from crm.formatting import local_today
from crm.forms import ConfirmForm, parse_id
from crm.models import Employer, EmployerContact, Opening
from crm.models.opening import OPENING_SOURCES, OPENING_STATUSES, SHIFTS
from crm.openings.forms import OpeningForm
from crm.openings.services import (
    OPENING_FIELDS,
    SORTS,
    OpeningError,
    OpeningFilters,
    choose_employer,
    create_opening,
    explain_competitive,
    linkable_contact,
    opening_list_query,
    set_opening_status,
    update_opening,
    works_out_competitive,
)
from crm.pagination import COUNT_LIMIT, paginate
from crm.settings import minimum_hourly_wage

bp = Blueprint("openings", __name__)
STATUS_DONE = {"open": "reopened", "filled": "marked as filled", "closed": "closed"}


@bp.get("/")
def index():
    """Search, filter and page through openings (open ones by default)."""
    filters = OpeningFilters.from_args(request.args)
    page = paginate(opening_list_query(filters), request.args.get("page"), count_limit=COUNT_LIMIT)
    employer = db.session.get(Employer, filters.employer_id) if filters.employer_id else None
    return render_template("openings/list.html", page=page, filters=filters, sorts=SORTS, statuses=OPENING_STATUSES,
                           sources=OPENING_SOURCES, shifts=SHIFTS, industries=industries(),
                           employer=employer)


def _values(form: OpeningForm) -> dict:
    return {name: getattr(form, name).data for name in OPENING_FIELDS}


def _linked_contact(form: OpeningForm) -> EmployerContact | None:
    """The contact in the form's found_by, when the user may link it (shown on the form)."""
    try:
        return linkable_contact(current_user, form.found_by.data) if form.found_by.data else None
    except OpeningError:
        return None


def _prefill(form: OpeningForm) -> str | None:
    """Fill a new form from ?employer_id= and ?found_by=; return a notice when the contact cannot be linked."""
    employer_id = parse_id(request.args.get("employer_id"))
    employer = db.session.get(Employer, employer_id) if employer_id else None
    notice = None
    form.opened_on.data = local_today()
    if request.args.get("found_by"):
        try:
            contact = linkable_contact(current_user, request.args["found_by"], employer)
        except OpeningError as error:
            notice = f"{error} This opening will not be linked to it."
        else:
            form.found_by.data, form.source.data, employer = contact.id, "developed", contact.employer
    if employer is not None:
        form.employer_query.data, form.employer_id.data = employer.name, employer.id
        # Where the employer is, as a start: most jobs are at the business itself.
        form.industry.data = employer.industry
        form.place.data = ", ".join(filter(None, (employer.address, employer.town))) or None
        form.latitude.data, form.longitude.data = employer.latitude, employer.longitude
        if employer.archived_at is not None:
            notice = f"{employer.name} is archived: restore it before adding openings there."
    return notice


def _render(form: OpeningForm, opening: Opening | None, notice: str | None = None):
    contact = opening.found_by_contact if opening else _linked_contact(form)
    from_employer = parse_id(request.args.get("employer_id"))
    cancel = (url_for("openings.page", opening_id=opening.id) if opening
              else url_for("employers.page", employer_id=from_employer) if from_employer
              else url_for("openings.index"))
    return render_template("openings/form.html", form=form, opening=opening, contact=contact, notice=notice,
                           industries=industries(), minimum_wage=minimum_hourly_wage(),
                           cancel=cancel), 400 if form.errors else 200


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add an opening, from an employer's page, a logged contact, or the openings list."""
    form = OpeningForm()
    notice = None
    if request.method == "GET":
        notice = _prefill(form)
    if form.validate_on_submit():
        try:
            employer = choose_employer(form.employer_id.data, form.employer_query.data)
            opening = create_opening(current_user, employer, found_by_contact_id=form.found_by.data or None,
                                     **_values(form))
        except OpeningError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Opening “{opening.title}” added at {employer.name}.", "success")
            return redirect(url_for("openings.page", opening_id=opening.id))
    return _render(form, None, notice)


@bp.route("/<int:opening_id>/edit", methods=["GET", "POST"])
def edit(opening_id: int):
    """Edit an opening's details; competitive is worked out again."""
    opening = db.get_or_404(Opening, opening_id)
    form = OpeningForm(obj=opening)
    if request.method == "GET":
        form.employer_query.data = opening.employer.name
    if form.validate_on_submit():
        try:
            employer = choose_employer(form.employer_id.data, form.employer_query.data, keep=opening.employer)
            changed = update_opening(opening, employer, **_values(form))
        except OpeningError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash("Changes saved." if changed else "Nothing was changed.", "success")
            if "found_by_contact_id" in changed:
                flash("It is no longer linked to the contact that found it: that contact was with another employer.",
                      "info")
            return redirect(url_for("openings.page", opening_id=opening.id))
    return _render(form, opening)


@bp.get("/<int:opening_id>")
def page(opening_id: int):
    """One opening: its details, whether it is competitive and why, where it came from, and its status."""
    opening = db.session.scalar(select(Opening).where(Opening.id == opening_id).options(
        joinedload(Opening.employer),
        joinedload(Opening.found_by_contact).joinedload(EmployerContact.specialist)))
    if opening is None:
        abort(404)
    return render_template("openings/page.html", opening=opening, explanation=explain_competitive(opening),
                           out_of_date=works_out_competitive(opening) != opening.competitive, shifts=SHIFTS,
                           sources=OPENING_SOURCES)


@bp.post("/<int:opening_id>/status")
def set_status(opening_id: int):
    """Fill, close or reopen an opening."""
    opening = db.get_or_404(Opening, opening_id)
    status = request.form.get("status", "")
    if status not in OPENING_STATUSES or not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        changed = set_opening_status(opening, status)
    except OpeningError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(f"“{opening.title}” {STATUS_DONE[status]}." if changed else "Nothing was changed.", "success")
    return redirect(url_for("openings.page", opening_id=opening.id))
