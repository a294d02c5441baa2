"""The web layer: security headers, error pages, audit writing, static files."""

import re

import pytest
from sqlalchemy import select

from crm import audit
from crm.extensions import db
from crm.models import AuditEvent, Team
from tests.conftest import PROJECT_ROOT
from tests.factories import make_user


def test_security_headers(client, signed_in):
    signed_in(make_user())
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for part in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                 "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script_or_style(client, signed_in):
    signed_in(make_user("admin"))
    for path in ("/", "/account", "/admin/users", "/admin/teams", "/admin/users/new", "/nowhere"):
        body = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", body), path
        assert "<style" not in body and " style=" not in body, path


def test_templates_load_nothing_from_the_internet():
    for template in (PROJECT_ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"""(src|href)=["'](https?:)?//""", text), template


@pytest.mark.parametrize("path", [
    "vendor/bootstrap-5.3.9/bootstrap.min.css", "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
    "vendor/htmx-2.0.11/htmx.min.js", "vendor/chartjs-4.6.1/chart.umd.min.js", "css/app.css", "js/app.js",
])
def test_vendored_static_files_are_served(client, path):
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
    response.close()


def test_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_500_page_rolls_back_and_hides_details(app, client, signed_in):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        db.session.add(Team(name="half-written"))
        db.session.flush()
        raise RuntimeError("internal detail")

    app.add_url_rule("/broken", "broken", broken, methods=["POST"])
    from crm import policy

    policy.RULES["broken"] = policy.ANY_STAFF
    try:
        signed_in(make_user())
        response = client.post("/broken")
    finally:
        del policy.RULES["broken"]
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "internal detail" not in body
    assert db.session.scalar(select(Team).where(Team.name == "half-written")) is None


def test_health(client):
    assert client.get("/health").get_json() == {"status": "ok"}


def test_audit_event_text_cannot_forge_lines(app):
    event = audit.record("view", "participant", "12\nuser=admin action=delete", fields=["a\r\nb"],
                         detail="x\u2028y")
    db.session.commit()
    assert "\n" not in event.object_id and "\r" not in event.fields[0] and "\u2028" not in event.detail


def test_views_of_get_requests_are_written_after_the_request(app, client, signed_in):
    def looked_at():
        audit.record("view", "team", 7)
        return "ok"

    app.add_url_rule("/looked", "looked", looked_at)
    from crm import policy

    policy.RULES["looked"] = policy.ANY_STAFF
    try:
        user = make_user()
        signed_in(user)
        assert client.get("/looked").status_code == 200
    finally:
        del policy.RULES["looked"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "view")).one()
    assert (event.object_type, event.object_id, event.user_id) == ("team", "7", user.id)


def test_pagination_count_limit(app):
    from crm.models import Team
    from crm.pagination import paginate

    for n in range(7):
        db.session.add(Team(name=f"T{n}"))
    db.session.flush()
    page = paginate(select(Team).order_by(Team.id), "1", per_page=2, count_limit=5)
    assert page.capped and page.total == 5 and page.total_label == "more than 5" and len(page.items) == 2
    page = paginate(select(Team).order_by(Team.id), "9", per_page=2, count_limit=50)
    assert not page.capped and page.total_label == "7" and page.number == 4 and len(page.items) == 1
    assert not page.has_next


def test_a_capped_list_pages_on_past_its_count(app):
    """Past the counted rows a capped list still pages: to its last row, and says "more than"."""
    from crm.models import Team
    from crm.pagination import paginate

    for n in range(7):
        db.session.add(Team(name=f"T{n}"))
    db.session.flush()
    page = paginate(select(Team).order_by(Team.id), "3", per_page=2, count_limit=3)
    assert page.number == 3 and [t.name for t in page.items] == ["T4", "T5"] and page.has_next
    assert page.pages_label == "more than 2"
    page = paginate(select(Team).order_by(Team.id), "4", per_page=2, count_limit=3)
    assert [t.name for t in page.items] == ["T6"] and not page.has_next and page.has_prev
