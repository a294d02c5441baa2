"""Admin pages: staff accounts, teams, settings and the audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm import audit as audit_trail
from crm.admin.audit_log import audit_query, known_actions, known_object_types, parse_search
from crm.admin.forms import SettingsForm, TeamForm, UserForm
from crm.admin.services import (
    StaffError,
    count_active_admins,
    create_user,
    save_team,
    set_user_active,
    team_choices,
    update_user,
)
from crm.auth import two_step
from crm.extensions import db
from crm.formatting import local_today
from crm.forms import ConfirmForm, choices
from crm.models import Team, User
from crm.openings.services import refresh_competitive_flags
from crm.pagination import Page, paginate
from crm.participants.privacy import due_for_erasure_query
from crm.settings import DEFAULT_SETTINGS, get_setting, minimum_hourly_wage, save_settings

bp = Blueprint("admin", __name__)


@bp.get("/")
def index():
    """The admin home: go to the staff list."""
    return redirect(url_for("admin.users"))


@bp.get("/users")
def users():
    """List staff accounts, optionally only one team's or the inactive ones."""
    query = select(User).options(joinedload(User.team)).order_by(User.active.desc(), User.name, User.id)
    show = request.args.get("show", "active")
    if show == "active":
        query = query.where(User.active)
    elif show == "inactive":
        query = query.where(~User.active)
    page = paginate(query, request.args.get("page"))
    return render_template("admin/users.html", page=page, show=show, confirm=ConfirmForm())


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user, password_required=user is None)
    form.team_id.choices = choices(team_choices())
    if user is not None and request.method == "GET":
        form.team_id.data = user.team_id or 0
    return form


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    """Create a staff account."""
    form = _user_form()
    if form.validate_on_submit():
        try:
            user = create_user(name=form.name.data, email=form.email.data, role=form.role.data,
                               team_id=form.team_id.data, password=form.password.data or "")
        except StaffError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Account created for {user.name}.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    """Edit a staff account (name, email, role, team, password)."""
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    if form.validate_on_submit():
        try:
            if user.id == current_user.id and form.role.data != "admin":
                raise StaffError("role", "You cannot take away your own administrator role.")
            changed = update_user(user, name=form.name.data, email=form.email.data, role=form.role.data,
                                  team_id=form.team_id.data, password=form.password.data or None)
        except StaffError as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(str(error))
        else:
            db.session.commit()
            flash("Changes saved." if changed else "Nothing was changed.", "success")
            return redirect(url_for("admin.users"))
    return (render_template("admin/user_form.html", form=form, user=user, confirm=ConfirmForm()),
            400 if form.errors else 200)


@bp.post("/users/<int:user_id>/deactivate")
def user_deactivate(user_id: int):
    """Deactivate a staff account: they are signed out everywhere and cannot sign in."""
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash("The form had expired. Please try again.", "warning")
    elif user.id == current_user.id:
        flash("You cannot deactivate your own account.", "warning")
    elif user.role == "admin" and count_active_admins() <= 1:
        flash("This is the last active administrator; make someone else an administrator first.", "warning")
    else:
        set_user_active(user, False)
        db.session.commit()
        flash(f"{user.name} has been deactivated and signed out everywhere.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/two-step/reset")
def user_two_step_reset(user_id: int):
    """Turn a staff member's two-step sign-in off (a lost phone); they are signed out everywhere."""
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash("The form had expired. Please try again.", "warning")
    elif user.id == current_user.id:
        flash("You cannot reset your own two-step sign-in; ask another administrator.", "warning")
    elif not user.two_step_on:
        flash(f"Two-step sign-in is already off for {user.name}.", "info")
    else:
        two_step.reset(user)
        db.session.commit()
        flash(f"Two-step sign-in is reset for {user.name}; they have been signed out everywhere.", "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/reactivate")
def user_reactivate(user_id: int):
    """Let a deactivated staff member sign in again."""
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        set_user_active(user, True)
        db.session.commit()
        flash(f"{user.name} can sign in again.", "success")
    return redirect(url_for("admin.users", show="inactive"))


@bp.get("/teams")
def teams():
    """List the teams with their members."""
    query = select(Team).options(selectinload(Team.members)).order_by(Team.active.desc(), Team.name)
    all_teams = db.session.scalars(query).all()
    return render_template("admin/teams.html", teams=all_teams)


@bp.route("/teams/new", methods=["GET", "POST"])
def team_new():
    """Create a team."""
    return _team_form(None)


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
def team_edit(team_id: int):
    """Rename, deactivate or reactivate a team."""
    return _team_form(db.get_or_404(Team, team_id))


def _team_form(team: Team | None):
    form = TeamForm(obj=team)
    if form.validate_on_submit():
        try:
            saved = save_team(team, name=form.name.data, active=form.active.data)
        except StaffError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Team {saved.name} saved.", "success")
            return redirect(url_for("admin.teams"))
    return render_template("admin/team_form.html", form=form, team=team), 400 if form.errors else 200


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """Minimum wage, fidelity targets, week start and time zone."""
    current = {key: get_setting(key) for key in DEFAULT_SETTINGS}
    current["minimum_hourly_wage"] = minimum_hourly_wage()
    form = SettingsForm(data=current if request.method == "GET" else None)
    if form.validate_on_submit():
        changed = save_settings({key: form[key].data for key in DEFAULT_SETTINGS}, current_user)
        if "minimum_hourly_wage" in changed:
            refresh_competitive_flags()  # openings are competitive against the new minimum from now on
        db.session.commit()
        flash("Settings saved." if changed else "Nothing was changed.", "success")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form), 400 if form.errors else 200


@bp.get("/audit")
def audit():
    """Search the audit log (read only: there is no way to change or delete an event)."""
    search = parse_search(request.args)
    page = paginate(audit_query(search), request.args.get("page"), per_page=50, scalars=False,
                    count_limit=10_000)
    return render_template("admin/audit.html", page=page, search=search, actions=known_actions(),
                           object_types=known_object_types())


@bp.get("/due-for-erasure")
def due_for_erasure():
    """Closed participants kept longer than the retention setting, each with a link to erase them (none automatic)."""
    months = int(get_setting("erase_closed_after_months"))
    query = due_for_erasure_query(local_today(), months)
    page = paginate(query, request.args.get("page"), scalars=False) if query is not None else Page([], 1, 1, 0)
    audit_trail.record("view", "due_for_erasure", None, detail=f"{page.total} people listed")
    return render_template("admin/due_for_erasure.html", page=page, months=months)
