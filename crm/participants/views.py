"""Participant pages: the caseload, a person's page with their timeline, their career profile, the download of
everything held about them, and the erasure of their details."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm import audit, policy
from crm.extensions import db
from crm.formatting import local_today
from crm.forms import choices
from crm.models import Participant, User
from crm.models.participant import DISCLOSURE_CHOICES, PARTICIPANT_STATUSES, REMOTE_CHOICES
from crm.models.types import utcnow
from crm.pagination import paginate
from crm.participants.forms import PROFILE_FIELDS, CareerProfileForm, EraseForm, ParticipantForm, ReassignForm
from crm.participants.privacy import ErasureRefused, erase_participant, erasure_problem
from crm.participants.record import participant_record, record_csv, record_json
from crm.participants.services import (
    ParticipantError,
    caseload_query,
    contact_dates,
    create_participant,
    reassign,
    reassign_choices,
    save_profile,
    timeline,
    update_participant,
)

bp = Blueprint("participants", __name__)


def load_participant(participant_id: int, *, erased_ok: bool = False, for_update: bool = False) -> Participant:
    """The participant, if the current user may see them; otherwise 404 (and an audit event).

    An erased participant is 404 too (nothing of theirs can be changed or suggested), except where erased_ok.
    """
    participant = db.session.get(Participant, participant_id, with_for_update=for_update)
    if participant is None or (participant.erased_at is not None and not erased_ok):
        abort(404)
    if not policy.may_view_participant(current_user, participant):
        audit.record_refusal("denied", "participant", participant_id, detail="not on the user's caseload or team")
        abort(404)
    return participant


@bp.get("/")
def index():
    """The caseload: one's own (team leads: the team's), with days since referral and since the last contact."""
    status = request.args.get("status", "active")
    status = status if status in PARTICIPANT_STATUSES or status in ("active", "") else "active"
    page = paginate(caseload_query(current_user, status=status, q=request.args.get("q", "")[:120]),
                    request.args.get("page"), scalars=False)
    # One event for the list of names (as on My week), not one per person on it.
    audit.record("view", "caseload", current_user.id, detail=f"caseload: {len(page.items)} people shown")
    return render_template("participants/index.html", page=page, status=status, statuses=PARTICIPANT_STATUSES,
                           today=local_today())


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a person to one's own caseload."""
    form = ParticipantForm()
    if form.validate_on_submit():
        participant = create_participant(current_user, name=form.name.data, referral_date=form.referral_date.data,
                                         status=form.status.data)
        db.session.commit()
        flash(f"{participant.name} added to your caseload. Fill in their career profile together.", "success")
        return redirect(url_for("participants.profile", participant_id=participant.id))
    return render_template("participants/form.html", form=form, participant=None), 400 if form.errors else 200


@bp.get("/<int:participant_id>")
def page(participant_id: int):
    """A participant's page: profile, timeline and how long since referral and since the last contact."""
    participant = load_participant(participant_id, erased_ok=True)
    audit.record("view", "participant", participant.id)
    if participant.erased_at is not None:
        return render_template("participants/erased.html", participant=participant, statuses=PARTICIPANT_STATUSES)
    last_contact, first_face_to_face = contact_dates(participant)
    return render_template("participants/page.html", participant=participant, profile=participant.profile,
                           timeline=timeline(participant), last_contact=last_contact,
                           first_face_to_face=first_face_to_face, today=local_today(),
                           statuses=PARTICIPANT_STATUSES, remote_choices=REMOTE_CHOICES,
                           disclosure_choices=DISCLOSURE_CHOICES)


@bp.route("/<int:participant_id>/edit", methods=["GET", "POST"])
def edit(participant_id: int):
    """Change a participant's name, referral date or status."""
    participant = load_participant(participant_id)
    if request.method == "GET":
        audit.record("view", "participant", participant.id, detail="details form")
    form = ParticipantForm(obj=participant)
    if form.validate_on_submit():
        changed = update_participant(participant, name=form.name.data, referral_date=form.referral_date.data,
                                     status=form.status.data)
        db.session.commit()
        flash("Changes saved." if changed else "Nothing was changed.", "success")
        return redirect(url_for("participants.page", participant_id=participant.id))
    return render_template("participants/form.html", form=form, participant=participant), \
        400 if form.errors else 200


@bp.route("/<int:participant_id>/profile", methods=["GET", "POST"])
def profile(participant_id: int):
    """The career profile: what the person wants, offers, and their own limits."""
    participant = load_participant(participant_id)
    if request.method == "GET":
        audit.record("view", "participant", participant.id, detail="career profile form")
    form = CareerProfileForm(obj=participant.profile)
    if form.validate_on_submit():
        changed = save_profile(participant, {name: form[name].data for name in PROFILE_FIELDS})
        db.session.commit()
        flash("Career profile saved." if changed else "Nothing was changed.", "success")
        return redirect(url_for("participants.page", participant_id=participant.id))
    return render_template("participants/profile_form.html", form=form, participant=participant), \
        400 if form.errors else 200


@bp.route("/<int:participant_id>/reassign", methods=["GET", "POST"])
def reassign_view(participant_id: int):
    """Move a participant to another specialist (team leads and admins)."""
    participant = load_participant(participant_id)
    if request.method == "GET":
        audit.record("view", "participant", participant.id, detail="reassign form")
    form = ReassignForm(specialist_id=participant.specialist_id)
    form.specialist_id.choices = choices(reassign_choices(current_user))
    if form.validate_on_submit():
        try:
            reassign(participant, db.get_or_404(User, form.specialist_id.data), current_user)
        except ParticipantError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{participant.name} is now on {participant.specialist.name}'s caseload.", "success")
            return redirect(url_for("participants.page", participant_id=participant.id))
    return render_template("participants/reassign.html", form=form, participant=participant), \
        400 if form.errors else 200


def _download(participant: Participant, kind: str, body: str, mimetype: str) -> Response:
    """One participant's record as a file to save, named by id and date (never by name: it would be logged)."""
    response = Response(body, mimetype=mimetype)
    name = f"participant-{participant.id}-record-{local_today().isoformat()}.{kind}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/<int:participant_id>/record.json")
def record_as_json(participant_id: int):
    """Everything held about the participant, as JSON (their specialist, their team lead, admins)."""
    participant = load_participant(participant_id)
    audit.record("privacy_export", "participant", participant.id, detail="json")
    body = record_json(participant_record(participant), utcnow())
    return _download(participant, "json", body, "application/json")


@bp.get("/<int:participant_id>/record.csv")
def record_as_csv(participant_id: int):
    """Everything held about the participant, as one CSV file with a section per kind of record."""
    participant = load_participant(participant_id)
    audit.record("privacy_export", "participant", participant.id, detail="csv")
    body = record_csv(participant_record(participant), f"Everything we hold about {participant.name}", utcnow())
    return _download(participant, "csv", body, "text/csv")


@bp.route("/<int:participant_id>/erase", methods=["GET", "POST"])
def erase(participant_id: int):
    """Erase a closed participant's details on request (admins): a page saying what goes and what stays."""
    participant = load_participant(participant_id, erased_ok=True, for_update=request.method == "POST")
    if participant.erased_at is not None:
        flash("This person's details were already erased.", "info")
        return redirect(url_for("participants.page", participant_id=participant.id))
    if request.method == "GET":
        audit.record("view", "participant", participant.id, detail="erase form")
    form = EraseForm()
    if form.validate_on_submit():
        try:
            erase_participant(participant)
        except ErasureRefused as error:
            form.confirm.errors.append(str(error))
        else:
            db.session.commit()
            flash("Their details were erased. Dates, statuses and figures are kept.", "success")
            return redirect(url_for("participants.page", participant_id=participant_id))
    return render_template("participants/erase.html", form=form, participant=participant,
                           problem=erasure_problem(participant)), 400 if form.errors else 200
