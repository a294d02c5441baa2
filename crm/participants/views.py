"""Participant pages: the caseload, a person's page with their timeline, and their career profile."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm import audit, policy
from crm.extensions import db
from crm.formatting import local_today
from crm.forms import choices
from crm.models import Participant, User
from crm.models.participant import DISCLOSURE_CHOICES, PARTICIPANT_STATUSES, REMOTE_CHOICES
from crm.pagination import paginate
from crm.participants.forms import PROFILE_FIELDS, CareerProfileForm, ParticipantForm, ReassignForm
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


def load_participant(participant_id: int) -> Participant:
    """The participant, if the current user may see them; otherwise 404 (and an audit event)."""
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.erased_at is not None:
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
    participant = load_participant(participant_id)
    audit.record("view", "participant", participant.id)
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
