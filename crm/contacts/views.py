"""The quick log, editing a logged contact, the contact log, and next steps (with a calendar file)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from crm import audit, policy
from crm.contacts.calendar import next_steps_calendar
from crm.contacts.forms import LogContactForm
from crm.contacts.services import (
    ContactError,
    caseload,
    contact_log_filters,
    contact_log_query,
    due_next_steps,
    log_employer_contact,
    mark_next_step_done,
    may_disclose,
    ownership_notice,
    update_employer_contact,
)
from crm.employers.duplicates import find_similar_employers
from crm.employers.names import normalise_employer_name
from crm.employers.services import create_employer
from crm.extensions import db
from crm.formatting import local_today, local_zone
from crm.forms import ConfirmForm, choices, parse_id
from crm.models import ContactPerson, Employer, EmployerContact
from crm.models.contact import CONTACT_MODES, CONTACT_PURPOSES
from crm.pagination import COUNT_LIMIT, paginate

bp = Blueprint("contacts", __name__)


def _prepare(form: LogContactForm, employer: Employer | None) -> None:
    """Fill the choices that depend on the user and the employer."""
    form.participant_ids.choices = choices(
        (p.id, p.name if may_disclose(p) else f"{p.name} · do not disclose") for p in caseload(current_user))
    people = []
    if employer is not None:
        people = db.session.scalars(select(ContactPerson).where(
            ContactPerson.employer_id == employer.id, ContactPerson.left_at.is_(None)).order_by(ContactPerson.name))
    form.contact_person_id.choices = choices([(0, "No one in particular")] + [
        (p.id, f"{p.name} ({p.job_title})" if p.job_title else p.name) for p in people])


def _chosen_employer(form: LogContactForm) -> Employer | None:
    """The employer picked in the type-ahead, if its name still matches what is typed."""
    raw = form.employer_id.data or request.args.get("employer_id", "")
    employer_id = parse_id(raw)
    employer = db.session.get(Employer, employer_id) if employer_id else None
    if employer is None or employer.archived_at is not None:
        return None
    typed = form.employer_query.data
    if typed and normalise_employer_name(typed) != employer.normalized_name:
        return None
    return employer


def _resolve_employer(form: LogContactForm):
    """(employer, near-duplicates) for the form; raises ContactError when it cannot tell which employer."""
    employer = _chosen_employer(form)
    if employer is not None:
        return employer, []
    name = form.employer_query.data
    if form.new_employer.data:
        candidates = [] if form.create_anyway.data else find_similar_employers(name)
        if candidates:
            return None, candidates
        return create_employer(current_user, name=name, owner_id=current_user.id, relationship_stage="introduced"), []
    matches = db.session.scalars(select(Employer).where(
        Employer.normalized_name == normalise_employer_name(name), Employer.archived_at.is_(None)).limit(2)).all()
    if len(matches) == 1:
        return matches[0], []
    if matches:
        raise ContactError("employer_query", "Several employers have this name: choose one from the list.")
    raise ContactError("employer_query", f"No employer called “{name}”. Choose one from the list, or tick "
                                         "“This is a new employer”.")


def _values(form: LogContactForm) -> dict:
    return {
        "contacted_at": form.aware_contacted_at(), "mode": form.mode.data, "purpose": form.purpose.data,
        "participant_ids": form.participant_ids.data or [], "contact_person_id": form.contact_person_id.data or None,
        "new_person_name": form.new_person_name.data or None, "participant_present": form.participant_present.data,
        "notes": form.notes.data, "outcome": form.outcome.data, "next_step": form.next_step.data,
        "next_step_due": form.next_step_due.data,
    }


def _render(form, employer, candidates=(), contact=None, logged=None, status=200):
    notice = ownership_notice(employer, current_user) if employer else None
    return render_template("contacts/log.html", form=form, employer=employer, candidates=candidates,
                           contact=contact, logged=logged, notice=notice), status


@bp.route("/log", methods=["GET", "POST"])
def log():
    """The quick log: one short form for one employer contact, then a fresh form for the next."""
    form = LogContactForm()
    employer = _chosen_employer(form)
    if request.method == "GET":
        form.contacted_at.data = datetime.now(local_zone()).replace(second=0, microsecond=0, tzinfo=None)
        if employer:
            form.employer_query.data, form.employer_id.data = employer.name, employer.id
        wanted = parse_id(request.args.get("participant_id"))
        form.participant_ids.data = [wanted] if wanted else []
        if request.args.get("purpose") in CONTACT_PURPOSES:
            form.purpose.data = request.args["purpose"]
    _prepare(form, employer)
    candidates = []
    if form.validate_on_submit():
        try:
            employer, candidates = _resolve_employer(form)
            if employer is not None:
                # Read the id before the commit expires it: reloading it would take SQLite's write lock again.
                new_id = log_employer_contact(current_user, employer, **_values(form)).id
                db.session.commit()
                return redirect(url_for("contacts.log", logged=new_id))
        except ContactError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
    logged = None
    if logged_id := parse_id(request.args.get("logged")):
        logged = db.session.get(EmployerContact, logged_id)
        logged = logged if logged and logged.specialist_id == current_user.id else None
    return _render(form, employer, candidates, logged=logged, status=400 if form.errors else 200)


def _own_contact(contact_id: int) -> EmployerContact:
    """A contact the current user logged; 403 (and an audit event) for someone else's."""
    contact = db.get_or_404(EmployerContact, contact_id)
    if contact.specialist_id != current_user.id:
        audit.record_refusal("denied", "employer_contact", contact.id, detail="logged by someone else")
        abort(403)
    return contact


@bp.route("/<int:contact_id>/edit", methods=["GET", "POST"])
def edit(contact_id: int):
    """Correct a contact one logged oneself."""
    contact = _own_contact(contact_id)
    form = LogContactForm(obj=contact)
    if request.method == "GET":
        form.employer_query.data, form.employer_id.data = contact.employer.name, contact.employer_id
        form.contacted_at.data = contact.contacted_at.astimezone(local_zone()).replace(tzinfo=None)
        form.participant_ids.data = [p.id for p in contact.participants]
        form.contact_person_id.data = contact.contact_person_id or 0
    employer = _chosen_employer(form) or contact.employer
    _prepare(form, employer)
    if form.validate_on_submit():
        try:
            employer, _ = _resolve_employer(form)
            changed = update_employer_contact(contact, employer=employer, **_values(form))
            db.session.commit()
            flash("Changes saved." if changed else "Nothing was changed.", "success")
            return redirect(url_for("employers.page", employer_id=contact.employer_id) + "#timeline")
        except ContactError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
    return _render(form, employer, contact=contact, status=400 if form.errors else 200)


@bp.get("/employer-notice")
def employer_notice():
    """Who else works with the chosen employer (an htmx partial for the log form)."""
    employer_id = parse_id(request.args.get("employer_id"))
    employer = db.session.get(Employer, employer_id) if employer_id else None
    notice = ownership_notice(employer, current_user) if employer else None
    return render_template("contacts/_notice.html", notice=notice)


@bp.get("/")
def index():
    """The contact log: one's own contacts (team leads: the team's), newest first, with filters."""
    filters, _used = contact_log_filters(request.args, current_user)
    query = contact_log_query(current_user, **filters)
    page = paginate(query, request.args.get("page"), count_limit=COUNT_LIMIT)
    return render_template("contacts/index.html", page=page, modes=CONTACT_MODES, purposes=CONTACT_PURPOSES,
                           may_see=lambda p: policy.may_view_participant(current_user, p))


@bp.get("/next-steps")
def next_steps():
    """One's own next steps: overdue, due today and coming up."""
    return render_template("contacts/next_steps.html", steps=due_next_steps(current_user, local_today()),
                           confirm=ConfirmForm())


@bp.post("/<int:contact_id>/next-step-done")
def next_step_done(contact_id: int):
    """Mark a next step done, optionally going on to log the contact it led to."""
    contact = _own_contact(contact_id)
    if ConfirmForm().validate_on_submit():
        mark_next_step_done(contact)
        db.session.commit()
        flash(f"Next step with {contact.employer.name} marked done.", "success")
        if request.form.get("then") == "log":
            return redirect(url_for("contacts.log", employer_id=contact.employer_id, purpose="follow_up"))
    return redirect(url_for("contacts.next_steps"))


@bp.get("/next-steps.ics")
def next_steps_ics():
    """One's own due next steps as an iCalendar file, to add to a phone's calendar."""
    steps = due_next_steps(current_user, local_today(), days_ahead=90)
    response = Response(next_steps_calendar(steps.upcoming), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="next-steps.ics"'
    return response
