"""CSV exports: the lists' filters, what each person may see, formula cells neutralised, streamed, audited."""

from __future__ import annotations

import csv
import inspect
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from crm.extensions import db
from crm.models import AuditEvent, Employer
from crm.models.types import utcnow
from crm.transfer.columns import auto_map
from tests.factories import make_contact, make_employer, make_opening, make_participant, make_user


def rows_of(response) -> list[list[str]]:
    """The CSV rows of an export (checking the byte order mark first)."""
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def column(rows: list[list[str]], name: str) -> list[str]:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


def export_events() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)))


@pytest.fixture
def specialist(signed_in):
    user = make_user("specialist", name="Sam Specialist")
    signed_in(user)
    return user


def test_employer_export_is_a_streamed_utf8_attachment(app, client, specialist):
    make_employer("Café Crème", town="Sampleford")
    response = client.get("/transfer/export/employers.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="employers-')
    assert response.is_streamed and "Content-Length" not in response.headers
    assert response.get_data().startswith(b"\xef\xbb\xbf")
    rows = rows_of(response)
    assert rows[0][:3] == ["Employer id", "Business name", "Industry"]
    assert column(rows, "Business name") == ["Café Crème"]


@pytest.mark.parametrize("endpoint", ["transfer.export_employers", "transfer.export_contacts",
                                      "transfer.export_openings"])
def test_the_export_views_answer_with_a_generator(app, specialist, endpoint):
    from flask_login import login_user

    make_employer("Riverside Cafe")
    with app.test_request_context("/"):
        login_user(specialist)
        response = app.view_functions[endpoint]()
        assert inspect.isgenerator(response.response)
        assert "".join(response.response).startswith("\ufeff")


def test_formula_cells_are_neutralised(app, client, specialist):
    make_employer("=HYPERLINK(\"http://evil.example\",\"Click\")", town="+Sampleford", industry="-2+3",
                  notes="@SUM(A1:A9)", address="\tTabbed", postcode="\rX", latitude=51.5, longitude=-1.25)
    rows = rows_of(client.get("/transfer/export/employers.csv"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Business name"] == "'=HYPERLINK(\"http://evil.example\",\"Click\")"
    assert row["Town"] == "'+Sampleford"
    assert row["Industry"] == "'-2+3"
    assert row["Notes"] == "'@SUM(A1:A9)"
    assert row["Street address"] == "'\tTabbed"
    assert row["Postcode"] == "'\rX"
    assert row["Longitude"] == "-1.25"  # a number we wrote cannot be a formula


def test_employer_export_honours_the_list_filters(app, client, specialist):
    owner = make_user("specialist", name="Olu Owner")
    make_employer("Riverside Cafe", industry="Hospitality", relationship_stage="learning", owner_id=owner.id,
                  last_contact_at=utcnow() - timedelta(days=45))
    make_employer("Riverside Motors", industry="Motor trade", relationship_stage="learning", owner_id=owner.id,
                  last_contact_at=utcnow() - timedelta(days=2))
    make_employer("Hilltop Cafe", industry="Hospitality", relationship_stage="introduced")
    make_employer("Riverside Deli", industry="Hospitality", archived_at=utcnow())

    def names(query: str) -> list[str]:
        return sorted(column(rows_of(client.get(f"/transfer/export/employers.csv?{query}")), "Business name"))

    assert names("") == ["Hilltop Cafe", "Riverside Cafe", "Riverside Motors"]
    assert names("industry=Hospitality") == ["Hilltop Cafe", "Riverside Cafe"]
    assert names("q=riverside&stage=learning") == ["Riverside Cafe", "Riverside Motors"]
    assert names(f"owner={owner.id}&stale=1") == ["Riverside Cafe"]
    assert names("archived=1") == ["Riverside Deli"]
    assert names("stage=nonsense&sort=nonsense&owner=x") == ["Hilltop Cafe", "Riverside Cafe", "Riverside Motors"]


def test_every_export_writes_one_audit_event_before_streaming(app, client, specialist):
    make_employer("Riverside Cafe", industry="Hospitality")
    response = client.get("/transfer/export/employers.csv?industry=Hospitality&stage=learning&q=river")
    events = export_events()  # written when the response started, before its body was read
    assert [(e.object_type, e.detail, e.fields, e.user_id) for e in events] == [
        ("employers", "3 filters", ["industry", "q", "stage"], specialist.id)]
    response.get_data()
    client.get("/transfer/export/contacts.csv")
    client.get("/transfer/export/openings.csv?status=")
    assert [(e.object_type, e.detail) for e in export_events()] == [
        ("employers", "3 filters"), ("employer_contacts", "0 filters"), ("openings", "0 filters")]


def test_a_large_export_is_read_and_written_in_batches(app, client, specialist):
    now = utcnow()
    db.session.execute(insert(Employer), [{"name": f"Business {i:04d}", "normalized_name": f"business {i:04d}",
                                           "relationship_stage": "prospect", "created_at": now, "updated_at": now}
                                          for i in range(2500)])
    response = client.get("/transfer/export/employers.csv")
    chunks = list(response.response)
    assert len(chunks) >= 5  # the header, then 500 rows at a time
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))
    assert len(rows) == 2501
    assert rows[1][1] == "Business 0000" and rows[-1][1] == "Business 2499"


def test_exported_employers_can_be_imported_again():
    from crm.transfer.exports import EMPLOYER_HEADER

    mapping = auto_map("employers", list(EMPLOYER_HEADER))
    assert {key for key in mapping if key} >= {"name", "industry", "address", "town", "postcode", "phone", "website",
                                               "size", "relationship_stage", "owner", "latitude", "longitude",
                                               "notes"}


# --- the contact log -----------------------------------------------------------------------------------


@pytest.fixture
def teams(app):
    """Two specialists in one team with a lead, and a specialist in another team, each with a participant."""
    lead = make_user("team_lead", name="Lee Lead")
    mine = make_user("specialist", team=lead.team, name="Sam Specialist")
    colleague = make_user("specialist", team=lead.team, name="Cal Colleague")
    other = make_user("specialist", name="Otto Other")
    employer = make_employer("Riverside Cafe")
    people = {user: make_participant(user, name=f"Pat of {user.name}") for user in (mine, colleague, other)}
    make_contact(mine, employer, participants=[people[mine], people[other]], notes="=cmd|' /C calc'!A0",
                 mode="phone", purpose="on_behalf")
    make_contact(colleague, employer, participants=[people[colleague]], mode="in_person")
    make_contact(other, employer, contacted_at=utcnow() - timedelta(days=40))
    return {"lead": lead, "mine": mine, "colleague": colleague, "other": other, "admin": make_user("admin")}


def test_a_specialist_exports_only_their_own_contacts(app, client, signed_in, teams):
    signed_in(teams["mine"])
    rows = rows_of(client.get("/transfer/export/contacts.csv"))
    assert column(rows, "Specialist") == ["Sam Specialist"]
    # The participant now on another team's caseload is counted, not named.
    assert column(rows, "On behalf of") == ["Pat of Sam Specialist; 1 other"]
    assert column(rows, "Notes") == ["'=cmd|' /C calc'!A0"]
    # Asking for someone else's contacts by id gives nothing more.
    rows = rows_of(client.get(f"/transfer/export/contacts.csv?specialist={teams['colleague'].id}"))
    assert column(rows, "Specialist") == ["Sam Specialist"]


def test_a_team_lead_exports_the_team_and_an_admin_everyone(app, client, signed_in, teams):
    signed_in(teams["lead"])
    rows = rows_of(client.get("/transfer/export/contacts.csv"))
    assert sorted(column(rows, "Specialist")) == ["Cal Colleague", "Sam Specialist"]
    assert sorted(column(rows, "On behalf of")) == ["Pat of Cal Colleague", "Pat of Sam Specialist; 1 other"]
    client.post("/logout")
    signed_in(teams["admin"])
    rows = rows_of(client.get("/transfer/export/contacts.csv"))
    assert len(rows) == 4
    assert "Pat of Otto Other; Pat of Sam Specialist" in column(rows, "On behalf of") or \
        "Pat of Sam Specialist; Pat of Otto Other" in column(rows, "On behalf of")


def test_contact_export_honours_the_log_filters(app, client, signed_in, teams):
    signed_in(teams["lead"])

    def specialists(query: str) -> list[str]:
        return sorted(column(rows_of(client.get(f"/transfer/export/contacts.csv?{query}")), "Specialist"))

    assert specialists("f2f=1") == ["Cal Colleague"]
    assert specialists("mode=phone") == ["Sam Specialist"]
    assert specialists("purpose=on_behalf") == ["Sam Specialist"]
    assert specialists(f"specialist={teams['colleague'].id}") == ["Cal Colleague"]
    assert specialists(f"specialist={teams['other'].id}") == ["Cal Colleague", "Sam Specialist"]  # not in the team
    today = utcnow().date()
    assert specialists(f"from={today - timedelta(days=1)}&to={today}") == ["Cal Colleague", "Sam Specialist"]
    assert specialists(f"to={today - timedelta(days=10)}") == []
    assert specialists("from=not-a-date&mode=carrier-pigeon") == ["Cal Colleague", "Sam Specialist"]


# --- openings ------------------------------------------------------------------------------------------


def test_opening_export_honours_the_list_filters(app, client, specialist):
    bakery, garage = make_employer("Maple Street Bakery"), make_employer("Kingfisher Garage")
    make_opening(bakery, title="Baker", industry="Hospitality", source="developed", shifts=["day", "weekend"],
                 pay_min=Decimal("12.50"), requirements=["Food hygiene", "=1+1"], hours_min=16.0, hours_max=24.0)
    make_opening(bakery, title="Counter assistant", industry="Hospitality", status="filled")
    make_opening(garage, title="Valeter", industry="Motor trade", source="advertised")

    def titles(query: str) -> list[str]:
        return sorted(column(rows_of(client.get(f"/transfer/export/openings.csv?{query}")), "Job title"))

    assert titles("") == ["Baker", "Valeter"]  # like the list: open ones unless asked
    assert titles("status=") == ["Baker", "Counter assistant", "Valeter"]
    assert titles("status=filled") == ["Counter assistant"]
    assert titles("industry=Hospitality&status=") == ["Baker", "Counter assistant"]
    assert titles("source=developed") == ["Baker"]
    assert titles("q=maple&status=") == ["Baker", "Counter assistant"]
    rows = rows_of(client.get("/transfer/export/openings.csv?q=baker"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Shifts"], row["Lowest hourly pay"], row["Requirements"], row["Fewest hours a week"]) == \
        ("Day; Weekend", "12.50", "Food hygiene; =1+1", "16")
    assert row["Source"] == "Found through job development"


def test_contact_log_export_streams_outside_any_outer_context(app, database_url):
    """As in production: no app context around the client, so the rows are written after the session closed."""
    import threading

    from crm import create_app
    from crm.extensions import db
    from crm.models import CareerProfile  # noqa: F401 - models loaded
    from tests.conftest import BASE_TEST_CONFIG, sign_in
    from tests.factories import make_contact, make_employer, make_participant, make_team, make_user

    team = make_team()
    lead = make_user("team_lead", team=team)
    specialist = make_user("specialist", team=team)
    person = make_participant(specialist, name="Pat Streamed")
    make_contact(specialist, make_employer("Stream Cafe"), purpose="on_behalf", participants=[person])
    db.session.commit()
    result = {}

    def run():  # a fresh thread has no Flask context at all, like a server worker
        other = create_app({**BASE_TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
        client = other.test_client()
        sign_in(client, lead)
        response = client.get("/transfer/export/contacts.csv")
        result["status"], result["body"] = response.status_code, response.get_data(as_text=True)
        with other.app_context():
            db.engine.dispose()

    lead_email = lead.email
    assert lead_email
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert result["status"] == 200 and "Pat Streamed" in result["body"] and "Stream Cafe" in result["body"]
