"""Job matches to hire, job starts, follow-along support contacts, and ending a job.

Every page loads its participant through ``load_participant`` (404 for someone not on the user's caseload or
team). Buttons and forms come back to the page they were used on (``?next=``, limited to a few known pages).
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm import audit
from crm.extensions import db
from crm.formatting import local_today, local_zone, nice_date
from crm.forms import ConfirmForm, choices, parse_id
from crm.jobs.follow_along import (
    job_start_summary,
    log_support_contact,
    participant_jobs,
    support_contacts_query,
    update_support_contact,
)
from crm.jobs.forms import EndJobForm, HandMatchForm, JobStartForm, MatchStepForm, SupportContactForm
from crm.jobs.services import (
    PIPELINE,
    JobError,
    add_job_match_by_hand,
    end_job_start,
    explain_competitive,
    hire,
    job_start_prefill,
    move_job_match,
    record_job_start,
    resume_follow_along,
    status_label,
    stop_follow_along,
)
from crm.models import JobMatch, JobStart, Opening, SupportContact
from crm.models.participant import PARTICIPANT_STATUSES
from crm.openings.services import OpeningError, OpeningFilters, choose_employer, opening_list_query
from crm.pagination import paginate
from crm.participants.views import load_participant
from crm.settings import minimum_hourly_wage

bp = Blueprint("jobs", __name__)


@bp.app_template_global("jobs_for")
def jobs_for(participant):
    """What templates/jobs/_participant_jobs.html shows for a participant (3 queries)."""
    return participant_jobs(participant, local_today())


def _back(participant, start: JobStart | None = None):
    """Redirect to ?next= when it is one of the participant's pages (or home), else to the participant page."""
    pages = [url_for("participants.page", participant_id=participant.id),
             url_for("jobs.participant_page", participant_id=participant.id), url_for("main.home")]
    if start is not None:
        pages.append(url_for("jobs.start_page", start_id=start.id))
    wanted = request.args.get("next", "")
    if wanted in pages:
        return redirect(wanted + ("#jobs" if wanted == pages[0] else ""))
    return redirect(pages[0] + "#jobs")


def _load_match(match_id: int, for_update: bool = False) -> JobMatch:
    match = db.session.get(JobMatch, match_id, with_for_update=for_update)
    if match is None:
        abort(404)
    load_participant(match.participant_id)
    return match


def _load_start(start_id: int) -> JobStart:
    start = db.session.get(JobStart, start_id)
    if start is None:
        abort(404)
    load_participant(start.participant_id)
    return start


def _form_shown(participant, page: str) -> None:
    """A form page shows the participant's record too: showing it (GET) is audited as a view."""
    if request.method == "GET":
        audit.record("view", "participant", participant.id, detail=page)


@bp.get("/participants/<int:participant_id>")
def participant_page(participant_id: int):
    """A participant's job matches and job starts on a page of their own."""
    participant = load_participant(participant_id)
    audit.record("view", "participant", participant.id, detail="jobs")
    return render_template("jobs/participant.html", participant=participant)


@bp.post("/matches/<int:match_id>/step")
def match_step(match_id: int):
    """Move a job match one step along (applied, interview, offer, ended, or back to interested)."""
    match = _load_match(match_id, for_update=True)
    form = MatchStepForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "danger")
        return _back(match.participant)
    try:
        move_job_match(match, form.status.data, current_user, form.reason.data)
    except JobError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(f"“{match.opening.title}” moved to {status_label(match.status)}.", "success")
    return _back(match.participant)


@bp.route("/participants/<int:participant_id>/matches/new", methods=["GET", "POST"])
def hand_match(participant_id: int):
    """Add a job match by hand: an opening the person found themselves."""
    participant = load_participant(participant_id)
    _form_shown(participant, "add a job match")
    form = HandMatchForm()
    if request.method == "POST":
        opening = db.session.get(Opening, parse_id(form.opening_id.data) or 0) if form.validate_on_submit() else None
        try:
            if opening is None:
                raise JobError("opening_id", "That opening could not be found. Search again and choose one.")
            add_job_match_by_hand(participant, opening, current_user)
        except JobError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(f"“{opening.title}” added to {participant.name}'s job matches, at Interested.", "success")
            return _back(participant)
    q = request.args.get("q", "").strip()[:200]
    page = paginate(opening_list_query(OpeningFilters(q=q, status="open")), request.args.get("page")) if q else None
    matched = {m.opening_id: m.status for m in participant_jobs(participant, local_today()).matches}
    return render_template("jobs/hand_match.html", participant=participant, q=q, page=page, matched=matched), \
        400 if request.method == "POST" else 200


def _start_values(form: JobStartForm) -> dict:
    hours = form.hours_per_week.data
    return {"job_title": form.job_title.data, "start_date": form.start_date.data,
            "hours_per_week": float(hours) if hours is not None else None, "hourly_pay": form.hourly_pay.data,
            "set_aside_for_disabled": form.set_aside_for_disabled.data,
            "time_limited_by_agency": form.time_limited_by_agency.data}


def _status_now(participant) -> str:
    return f"{participant.name}'s status is now “{PARTICIPANT_STATUSES[participant.status]}”."


def _started(start: JobStart):
    db.session.commit()
    flash(f"Job start recorded: {start.job_title} at {start.employer.name}. {_status_now(start.participant)}",
          "success")
    return redirect(url_for("jobs.start_page", start_id=start.id, new=1))


def _start_form(form: JobStartForm, participant, match: JobMatch | None):
    return render_template("jobs/start_form.html", form=form, participant=participant, match=match,
                           minimum_wage=minimum_hourly_wage()), 400 if form.errors else 200


@bp.route("/matches/<int:match_id>/hire", methods=["GET", "POST"])
def hire_view(match_id: int):
    """Hired: record the job start, prefilled from the opening."""
    match = _load_match(match_id, for_update=request.method == "POST")
    if "hired" not in PIPELINE.get(match.status, ()):
        flash(f"“{match.opening.title}” is at {status_label(match.status)}: only an offer leads to a hire.", "danger")
        return _back(match.participant)
    _form_shown(match.participant, f"hire form, job match {match.id}")
    form = JobStartForm(data={**job_start_prefill(match.opening), "start_date": local_today()}
                        if request.method == "GET" else None)
    del form.employer_query, form.employer_id
    if form.validate_on_submit():
        try:
            return _started(hire(match, current_user, **_start_values(form)))
        except JobError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
    return _start_form(form, match.participant, match)


@bp.route("/participants/<int:participant_id>/starts/new", methods=["GET", "POST"])
def start_new(participant_id: int):
    """Record a job start without a job match: a job the person found themselves."""
    participant = load_participant(participant_id)
    _form_shown(participant, "job start form")
    form = JobStartForm(data={"start_date": local_today()} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            employer = choose_employer(form.employer_id.data, form.employer_query.data)
            return _started(record_job_start(participant, current_user, employer=employer, **_start_values(form)))
        except (JobError, OpeningError) as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
    return _start_form(form, participant, None)


@bp.get("/starts/<int:start_id>")
def start_page(start_id: int):
    """A job start: the job, its follow-along (next support due, contacts so far), and its end."""
    start = _load_start(start_id)
    audit.record("view", "job_start", start.id)
    contacts = paginate(support_contacts_query(start), request.args.get("page"))
    return render_template("jobs/start.html", start=start, participant=start.participant,
                           profile=start.participant.profile, summary=job_start_summary(start, local_today()),
                           contacts=contacts, competitive=explain_competitive(start),
                           new=request.args.get("new") == "1", confirm=ConfirmForm())


def _support_form(start: JobStart, support: SupportContact | None = None) -> SupportContactForm:
    form = SupportContactForm(obj=support)
    form.with_whom.choices = choices([("participant", start.participant.name), ("employer", start.employer.name)])
    if request.method == "GET":
        moment = support.contacted_at if support else datetime.now(local_zone())
        form.contacted_at.data = moment.astimezone(local_zone()).replace(second=0, microsecond=0, tzinfo=None)
        form.with_whom.data = ([w for w in ("participant", "employer") if getattr(support, f"with_{w}")]
                               if support else ["participant"])
    return form


def _support_values(form: SupportContactForm) -> dict:
    return {"contacted_at": form.aware_contacted_at(), "mode": form.mode.data, "notes": form.notes.data,
            "with_participant": "participant" in form.with_whom.data,
            "with_employer": "employer" in form.with_whom.data}


@bp.route("/starts/<int:start_id>/support/new", methods=["GET", "POST"])
def support_new(start_id: int):
    """Log a follow-along support contact with the person and/or their employer."""
    start = _load_start(start_id)
    _form_shown(start.participant, f"support contact form, job start {start.id}")
    form = _support_form(start)
    if form.validate_on_submit():
        try:
            log_support_contact(start, current_user, **_support_values(form))
        except JobError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            due = job_start_summary(start, local_today()).due
            flash("Support contact saved." + (f" The next is due by {nice_date(due)}." if due else ""), "success")
            return _back(start.participant, start)
    return render_template("jobs/support_form.html", form=form, start=start, participant=start.participant,
                           support=None), 400 if form.errors else 200


@bp.route("/support/<int:support_id>/edit", methods=["GET", "POST"])
def support_edit(support_id: int):
    """Correct a support contact one logged oneself."""
    support = db.get_or_404(SupportContact, support_id)
    start = _load_start(support.job_start_id)
    if support.specialist_id != current_user.id:
        audit.record_refusal("denied", "support_contact", support.id, detail="logged by someone else")
        abort(403)
    _form_shown(start.participant, f"support contact {support.id} form")
    form = _support_form(start, support)
    if form.validate_on_submit():
        try:
            changed = update_support_contact(support, **_support_values(form))
        except JobError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash("Changes saved." if changed else "Nothing was changed.", "success")
            return redirect(url_for("jobs.start_page", start_id=start.id))
    return render_template("jobs/support_form.html", form=form, start=start, participant=start.participant,
                           support=support), 400 if form.errors else 200


@bp.route("/starts/<int:start_id>/end", methods=["GET", "POST"])
def end(start_id: int):
    """End a job start: the last day, why, and whether the person looks for another job now."""
    start = _load_start(start_id)
    if start.end_date is not None:
        flash(f"This job already ended on {nice_date(start.end_date)}.", "danger")
        return redirect(url_for("jobs.start_page", start_id=start.id))
    _form_shown(start.participant, f"end job start {start.id} form")
    form = EndJobForm(data={"end_date": local_today()} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            end_job_start(start, end_date=form.end_date.data, reason=form.end_reason.data,
                          back_to_job_search=form.back_to_job_search.data)
        except JobError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Job ended: {start.job_title}. {_status_now(start.participant)}", "success")
            return _back(start.participant, start)
    return render_template("jobs/end_form.html", form=form, start=start, participant=start.participant), \
        400 if form.errors else 200


@bp.post("/starts/<int:start_id>/stop")
def stop(start_id: int):
    """The person asked to stop follow-along support for this job."""
    return _follow_along_switch(start_id, stopping=True)


@bp.post("/starts/<int:start_id>/resume")
def resume(start_id: int):
    """The person wants follow-along support again."""
    return _follow_along_switch(start_id, stopping=False)


def _follow_along_switch(start_id: int, stopping: bool):
    start = _load_start(start_id)
    if ConfirmForm().validate_on_submit():
        try:
            stop_follow_along(start, local_today()) if stopping else resume_follow_along(start)
        except JobError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash("Follow-along support stopped, as the person asked." if stopping
                  else "Follow-along support restarted.", "success")
    return redirect(url_for("jobs.start_page", start_id=start.id))
