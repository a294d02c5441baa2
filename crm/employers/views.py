"""Employer pages: list, page, create with the duplicate guard, edit, archive, merge, people, type-ahead."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm import audit, policy
from crm.employers.duplicates import find_similar_employers
from crm.employers.forms import ContactPersonForm, EmployerForm, MergeForm
from crm.employers.services import (
    EMPLOYER_FIELDS,
    PERSON_FIELDS,
    SORTS,
    EmployerError,
    EmployerFilters,
    create_employer,
    days_since,
    employer_list_query,
    industries,
    merge_employers,
    next_step_due,
    save_contact_person,
    search_employers,
    set_archived,
    set_person_left,
    update_employer,
)
from crm.extensions import db
from crm.forms import ConfirmForm, choices, parse_id
from crm.models import ContactPerson, Employer, EmployerContact, Opening, Participant
from crm.models.employer import RELATIONSHIP_STAGES
from crm.pagination import COUNT_LIMIT, paginate
from crm.staff import owner_choices

bp = Blueprint("employers", __name__)
SINGULAR = {"contact people": "contact person", "employer contacts": "employer contact", "openings": "opening",
            "job starts": "job start"}


@bp.get("/")
def index():
    """Search, filter and page through employers."""
    filters = EmployerFilters.from_args(request.args)
    page = paginate(employer_list_query(filters), request.args.get("page"), scalars=False,
                    count_limit=COUNT_LIMIT)
    return render_template("employers/list.html", page=page, filters=filters, sorts=SORTS,
                           stages=RELATIONSHIP_STAGES, industries=industries(), owners=owner_choices(),
                           days_since=days_since)


def _employer_form(employer: Employer | None = None) -> EmployerForm:
    form = EmployerForm(obj=employer)
    form.owner_id.choices = choices([(0, "No one yet")] + owner_choices())
    if employer is None and request.method == "GET":
        form.owner_id.data = current_user.id
        form.name.data = request.args.get("name", "")[:200] or None
    elif employer is not None and request.method == "GET":
        form.owner_id.data = employer.owner_id or 0
    return form


def _values(form: EmployerForm) -> dict:
    return {name: getattr(form, name).data for name in EMPLOYER_FIELDS}


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add an employer, warning first about ones the team may already have."""
    form = _employer_form()
    candidates = []
    if form.validate_on_submit():
        if not form.create_anyway.data:
            candidates = find_similar_employers(form.name.data, postcode=form.postcode.data, phone=form.phone.data,
                                                website=form.website.data)
        if not candidates:
            employer = create_employer(current_user, **_values(form))
            db.session.commit()
            flash(f"{employer.name} added.", "success")
            return redirect(url_for("employers.page", employer_id=employer.id))
    status = 400 if form.errors else 200
    return render_template("employers/form.html", form=form, employer=None, candidates=candidates,
                           industries=industries()), status


@bp.route("/<int:employer_id>/edit", methods=["GET", "POST"])
def edit(employer_id: int):
    """Edit an employer's details."""
    employer = db.get_or_404(Employer, employer_id)
    form = _employer_form(employer)
    if form.validate_on_submit():
        changed = update_employer(employer, **_values(form))
        db.session.commit()
        flash("Changes saved." if changed else "Nothing was changed.", "success")
        return redirect(url_for("employers.page", employer_id=employer.id))
    return render_template("employers/form.html", form=form, employer=employer, candidates=[],
                           industries=industries()), 400 if form.errors else 200


@bp.get("/<int:employer_id>")
def page(employer_id: int):
    """One employer: details, people, openings and the timeline of contacts, newest first."""
    employer = db.get_or_404(Employer, employer_id)
    if employer.merged_into_id:
        flash("This employer was merged into another one; showing that one.", "info")
        return redirect(url_for("employers.page", employer_id=employer.merged_into_id))
    people = db.session.scalars(select(ContactPerson).where(ContactPerson.employer_id == employer.id)
                                .order_by(ContactPerson.left_at.is_not(None), ContactPerson.name)).all()
    openings = db.session.scalars(select(Opening).where(Opening.employer_id == employer.id)
                                  .order_by(Opening.status != "open", Opening.created_at.desc()).limit(50)).all()
    timeline = paginate(
        select(EmployerContact).where(EmployerContact.employer_id == employer.id)
        .options(selectinload(EmployerContact.participants).selectinload(Participant.specialist),
                 selectinload(EmployerContact.specialist), selectinload(EmployerContact.contact_person))
        .order_by(EmployerContact.contacted_at.desc(), EmployerContact.id.desc()),
        request.args.get("page"), per_page=20)
    return render_template("employers/page.html", employer=employer, people=people, openings=openings,
                           timeline=timeline, days=days_since(employer.last_contact_at),
                           next_step=next_step_due(employer.id), confirm=ConfirmForm(),
                           may_manage=policy.may_manage_employer(current_user, employer),
                           may_merge=policy.may_merge_employers(current_user),
                           may_see=lambda participant: policy.may_view_participant(current_user, participant))


@bp.post("/<int:employer_id>/archive")
def archive(employer_id: int):
    """Archive an employer: hidden from lists and the log, its history kept."""
    return _set_archived(employer_id, True)


@bp.post("/<int:employer_id>/restore")
def restore(employer_id: int):
    """Bring an archived employer back."""
    return _set_archived(employer_id, False)


def _set_archived(employer_id: int, archived: bool):
    employer = db.get_or_404(Employer, employer_id)
    if not policy.may_manage_employer(current_user, employer):
        audit.record_refusal("denied", "employer", employer.id, detail="not the relationship owner or a lead")
        abort(403)
    if ConfirmForm().validate_on_submit():
        set_archived(employer, archived)
        db.session.commit()
        flash(f"{employer.name} {'archived' if archived else 'restored'}.", "success")
    return redirect(url_for("employers.page", employer_id=employer.id))


@bp.route("/<int:employer_id>/merge", methods=["GET", "POST"])
def merge(employer_id: int):
    """Merge a duplicate employer into the one to keep."""
    employer = db.get_or_404(Employer, employer_id)
    form = MergeForm()
    if form.validate_on_submit():
        target_id = parse_id(form.target_id.data)
        target = db.session.get(Employer, target_id) if target_id else None
        if target is None:
            form.target_id.errors.append("Choose the employer to keep from the list.")
        else:
            try:
                moved = merge_employers(employer, target)
            except EmployerError as error:
                form.target_id.errors.append(str(error))
            else:
                db.session.commit()
                moved_text = ", ".join(f"{n} {SINGULAR[label] if n == 1 else label}"
                                       for label, n in moved.items() if n) or "nothing else to move"
                flash(f"Merged into {target.name}: moved {moved_text}.", "success")
                return redirect(url_for("employers.page", employer_id=target.id))
    query = request.args.get("q", "")[:200]
    options = search_employers(query) if query else [
        db.session.get(Employer, c.employer_id) for c in find_similar_employers(
            employer.name, postcode=employer.postcode, phone=employer.phone, website=employer.website,
            exclude_id=employer.id)]
    options = [o for o in options if o.id != employer.id]
    return render_template("employers/merge.html", employer=employer, form=form, options=options,
                           query=query), 400 if form.errors else 200


@bp.get("/typeahead")
def typeahead():
    """Type-ahead results for an employer search box (an htmx partial)."""
    text = request.args.get("employer_query", request.args.get("q", ""))[:200]
    return render_template("employers/_typeahead.html", employers=search_employers(text), text=text)


@bp.route("/<int:employer_id>/people/new", methods=["GET", "POST"])
def person_new(employer_id: int):
    """Add a person at an employer."""
    return _person_form(db.get_or_404(Employer, employer_id), None)


@bp.route("/<int:employer_id>/people/<int:person_id>", methods=["GET", "POST"])
def person_edit(employer_id: int, person_id: int):
    """Edit a person at an employer."""
    employer = db.get_or_404(Employer, employer_id)
    person = db.get_or_404(ContactPerson, person_id)
    if person.employer_id != employer.id:
        abort(404)
    return _person_form(employer, person)


def _person_form(employer: Employer, person: ContactPerson | None):
    form = ContactPersonForm(obj=person)
    if form.validate_on_submit():
        saved = save_contact_person(employer, person, **{name: getattr(form, name).data for name in PERSON_FIELDS})
        db.session.commit()
        flash(f"{saved.name} saved.", "success")
        return redirect(url_for("employers.page", employer_id=employer.id) + "#people")
    return render_template("employers/person_form.html", form=form, employer=employer, person=person), \
        400 if form.errors else 200


@bp.post("/<int:employer_id>/people/<int:person_id>/left")
def person_left(employer_id: int, person_id: int):
    """Mark a person as having left the employer, or as back."""
    person = db.get_or_404(ContactPerson, person_id)
    if person.employer_id != employer_id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        set_person_left(person, request.form.get("left") != "0")
        db.session.commit()
        flash(f"{person.name} marked as {'left' if person.left_at else 'still there'}.", "success")
    return redirect(url_for("employers.page", employer_id=employer_id) + "#people")


@bp.get("/<int:employer_id>/people-options")
def people_options(employer_id: int):
    """The people at an employer as <option>s, for the log form (an htmx partial)."""
    people = db.session.scalars(select(ContactPerson).where(
        ContactPerson.employer_id == employer_id, ContactPerson.left_at.is_(None)).order_by(ContactPerson.name)).all()
    return render_template("employers/_people_options.html", people=people)
