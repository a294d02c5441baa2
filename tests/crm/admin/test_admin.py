"""Admin pages: staff accounts and teams."""

import pytest
from sqlalchemy import select

from crm.auth.passwords import verify_password
from crm.extensions import db
from crm.models import AuditEvent, Team, User
from tests.conftest import sign_in
from tests.factories import make_team, make_user

GOOD_PASSWORD = "purple wombat umbrella"


@pytest.fixture
def admin(app):
    return make_user("admin", name="Ada Admin")


@pytest.fixture
def admin_client(client, admin):
    assert sign_in(client, admin).status_code == 302
    return client


def test_admin_pages_list_staff_and_teams(admin_client):
    team = make_team("North Team")
    make_user("team_lead", team=team, name="Lee Lead")
    body = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Ada Admin" in body and "Lee Lead" in body
    body = admin_client.get("/admin/teams").get_data(as_text=True)
    assert "North Team" in body and "Lee Lead" in body


def test_create_user(admin_client):
    team = make_team()
    response = admin_client.post("/admin/users/new", data={
        "name": "Sam New", "email": "Sam.New@Example.org", "role": "specialist",
        "team_id": team.id, "password": GOOD_PASSWORD,
    })
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "sam.new@example.org"))
    assert user.team_id == team.id and user.role == "specialist"
    assert verify_password(user.password_hash, GOOD_PASSWORD)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "create", AuditEvent.object_type == "user"))
    assert event.object_id == str(user.id) and "password" in event.fields


@pytest.mark.parametrize("form, field, message", [
    ({"email": "not-an-email"}, "email", "Enter an email address like"),
    ({"password": "short"}, "password", "at least 12"),
    ({"password": ""}, "password", "at least 12"),
    ({"name": ""}, "name", "Enter the person"),
    ({"name": "x" * 121}, "name", "at most 120"),
    ({"team_id": 0}, "team_id", "Choose the team"),
    ({"role": "superuser"}, "role", "Not a valid choice"),
    ({"email": "taken@example.org"}, "email", "already uses this email"),
])
def test_create_user_bad_input_keeps_input(admin_client, form, field, message):
    team = make_team()
    make_user(email="taken@example.org")
    data = {"name": "Sam <b>New</b>", "email": "sam@example.org", "role": "specialist",
            "team_id": team.id, "password": GOOD_PASSWORD, **form}
    response = admin_client.post("/admin/users/new", data=data)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body
    assert f'id="{field}-error"' in body and 'aria-invalid="true"' in body
    if form.get("name") is None:
        assert "Sam &lt;b&gt;New&lt;/b&gt;" in body  # kept, and shown as text
    assert db.session.scalar(select(User).where(User.email == "sam@example.org")) is None


def test_edit_user_role_ends_their_sessions(app, admin_client):
    team = make_team()
    user = make_user(team=team)
    theirs = app.test_client()
    sign_in(theirs, user)
    response = admin_client.post(f"/admin/users/{user.id}", data={
        "name": user.name, "email": user.email, "role": "team_lead", "team_id": team.id, "password": "",
    })
    assert response.status_code == 302
    assert theirs.get("/").status_code == 302
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert event.fields == ["role"]


def test_admin_sets_new_password(app, admin_client):
    user = make_user()
    response = admin_client.post(f"/admin/users/{user.id}", data={
        "name": user.name, "email": user.email, "role": user.role, "team_id": user.team_id,
        "password": GOOD_PASSWORD,
    })
    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, GOOD_PASSWORD)


def test_admin_cannot_demote_self(admin_client, admin):
    team = make_team()
    response = admin_client.post(f"/admin/users/{admin.id}", data={
        "name": admin.name, "email": admin.email, "role": "specialist", "team_id": team.id, "password": "",
    })
    assert response.status_code == 400
    assert "your own administrator role" in response.get_data(as_text=True)


def test_deactivate_and_reactivate(app, admin_client):
    user = make_user()
    theirs = app.test_client()
    sign_in(theirs, user)
    assert admin_client.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert theirs.get("/").status_code == 302
    assert sign_in(theirs, user).status_code == 401
    assert admin_client.post(f"/admin/users/{user.id}/reactivate").status_code == 302
    assert sign_in(theirs, user).status_code == 302


def test_cannot_deactivate_self(admin_client, admin):
    admin_client.post(f"/admin/users/{admin.id}/deactivate")
    db.session.refresh(admin)
    assert admin.active


def test_deactivate_is_post_only(admin_client, admin):
    user = make_user()
    assert admin_client.get(f"/admin/users/{user.id}/deactivate").status_code == 405


def test_unknown_user_is_404(admin_client):
    assert admin_client.get("/admin/users/99999").status_code == 404


def test_create_and_rename_team(admin_client):
    assert admin_client.post("/admin/teams/new", data={"name": "South", "active": "y"}).status_code == 302
    team = db.session.scalar(select(Team).where(Team.name == "South"))
    response = admin_client.post("/admin/teams/new", data={"name": "south", "active": "y"})
    assert response.status_code == 400 and "already a team" in response.get_data(as_text=True)
    assert admin_client.post(f"/admin/teams/{team.id}", data={"name": "South West"}).status_code == 302
    db.session.refresh(team)
    assert team.name == "South West" and not team.active


@pytest.mark.parametrize("role", ["specialist", "team_lead"])
@pytest.mark.parametrize("path", ["/admin/users", "/admin/users/new", "/admin/teams", "/admin/teams/new"])
def test_non_admins_are_refused_and_audited(client, role, path):
    user = make_user(role)
    sign_in(client, user)
    assert client.get(path).status_code == 403
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "denied")).one()
    assert event.user_id == user.id and event.user_role == role


def test_non_admin_post_refused(client):
    user = make_user("team_lead")
    other = make_user()
    sign_in(client, user)
    assert client.post(f"/admin/users/{other.id}/deactivate").status_code == 403
    db.session.refresh(other)
    assert other.active


def test_pagination_of_staff(app, admin_client):
    app.config["PER_PAGE"] = 5
    for _ in range(7):
        make_user()
    first = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in admin_client.get("/admin/users?page=2").get_data(as_text=True)
    assert admin_client.get("/admin/users?page=abc").status_code == 200
    assert admin_client.get("/admin/users?page=-5").status_code == 200


def test_settings_page(admin_client):
    from decimal import Decimal

    from crm.settings import forget_cached_settings, get_setting, minimum_hourly_wage

    body = admin_client.get("/admin/settings").get_data(as_text=True)
    assert 'value="12.21"' in body and "Europe/London" in body
    data = {"minimum_hourly_wage": "12.50", "currency_symbol": "$", "face_to_face_target_per_week": "7",
            "first_contact_target_days": "30", "caseload_target": "20", "employer_concentration_flag_percent": "15",
            "week_starts_on": "6", "timezone": "America/New_York", "erase_closed_after_months": "84"}
    assert admin_client.post("/admin/settings", data=data).status_code == 302
    forget_cached_settings()
    assert minimum_hourly_wage() == Decimal("12.50") and get_setting("week_starts_on") == 6
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "settings")).one()
    assert set(event.fields) == {"minimum_hourly_wage", "currency_symbol", "face_to_face_target_per_week",
                                 "week_starts_on", "timezone"}
    bad = {**data, "minimum_hourly_wage": "-1", "timezone": "Mars/Base", "caseload_target": "many"}
    response = admin_client.post("/admin/settings", data=bad)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Between 0.01" in body and "Not a time zone" in body
