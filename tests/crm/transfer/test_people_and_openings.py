"""Importing contact people (matched to employers by name or id) and openings (with the competitive flag)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import ContactPerson, Opening
from crm.models.types import utcnow
from crm.transfer.models import ImportBatch
from tests.crm.transfer.conftest import check, csv_bytes, import_file, staged, upload
from tests.factories import make_employer, make_opening


@pytest.fixture
def employers(app):
    return {"bakery": make_employer("Maple Street Bakery Ltd"), "cafe": make_employer("Riverside Cafe"),
            "cafe2": make_employer("Riverside Cafe"), "closed": make_employer("Old Mill Tavern", archived_at=utcnow())}


def errors_by_line(client) -> dict[int, list[str]]:
    return {row["line"]: row["errors"] for row in staged(client)["analysis"]["rows"]}


def test_people_are_matched_to_employers_by_name_or_id(app, client, lead, employers):
    bakery, cafe2 = employers["bakery"], employers["cafe2"]
    rows = [["Employer", "Employer id", "Name", "Role", "Email", "Phone"],
            ["maple street bakery", "", "Bea Baker", "Owner", "bea@example.org", "01632 960001"],
            ["", str(cafe2.id), "Carl Cook", "", "", ""],
            ["Riverside Cafe", "", "Ann Ambiguous", "", "", ""],
            ["Nowhere Ltd", "", "Nina Nobody", "", "", ""],
            ["Old Mill Tavern", "", "Tom Tavern", "", "", ""],
            ["", "99999", "Ivan Id", "", "", ""],
            ["Hilltop", str(bakery.id), "Mia Mismatch", "", "", ""],
            ["Maple Street Bakery", "", "", "", "not-an-email", ""]]
    upload(client, "people", csv_bytes(rows))
    assert staged(client)["mapping"] == ["employer", "employer_id", "name", "job_title", "email", "phone"]
    check(client)
    errors = errors_by_line(client)
    assert errors[2] == [] and errors[3] == []
    assert errors[4] == ["Employer: 2 employers are called “Riverside Cafe”: add an “Employer id” column to say "
                         "which one (the employer export lists the ids)."]
    assert errors[5] == ["Employer: No employer is called “Nowhere Ltd”: import the employers first, or check the "
                         "spelling."]
    assert "is archived" in errors[6][0]
    assert errors[7] == ["Employer: No employer has the id “99999”."]
    assert f"The employer with id {bakery.id} is Maple Street Bakery Ltd, not Hilltop." in errors[8][0]
    assert errors[9] == ["Name: Enter the person's name.",
                         "Email: Enter an email address like name@example.org."]
    response = client.post("/transfer/import/preview", data={"good_rows_only": "y"})
    assert response.status_code == 302
    people = {p.name: p for p in db.session.scalars(select(ContactPerson))}
    assert sorted(people) == ["Bea Baker", "Carl Cook"]
    assert (people["Bea Baker"].employer_id, people["Bea Baker"].job_title, people["Bea Baker"].email) == \
        (bakery.id, "Owner", "bea@example.org")
    assert people["Carl Cook"].employer_id == cafe2.id


def test_someone_already_at_the_employer_is_a_possible_duplicate(app, client, lead, employers):
    db.session.add(ContactPerson(employer_id=employers["bakery"].id, name="Bea Baker"))
    rows = [["Employer", "Name"], ["Maple Street Bakery", "bea  BAKER"], ["Maple Street Bakery", "Sid Second"],
            ["Maple Street Bakery", "Sid Second"]]
    upload(client, "people", csv_bytes(rows))
    check(client)
    matches = {row["line"]: row["matches"] for row in staged(client)["analysis"]["rows"]}
    assert matches[2][0]["reasons"] == ["someone of the same name at this employer"] and "id" in matches[2][0]
    assert matches[3] == [] and matches[4][0]["line"] == 3
    page = client.get("/transfer/import/preview").get_data(as_text=True)
    assert "Add it anyway as a new contact person" in page and "Merge into" not in page
    client.post("/transfer/import/preview", data={"line_4": "create"})
    assert sorted(db.session.scalars(select(ContactPerson.name))) == ["Bea Baker", "Sid Second", "Sid Second"]


OPENING_HEADER = ["Employer", "Job title", "Lowest hourly pay", "Highest hourly pay", "Fewest hours a week",
                  "Most hours a week", "Shifts", "Remote", "Source", "Set aside for disabled people", "Status",
                  "Opened on", "Closes on", "Requirements"]


def test_openings_are_imported_with_the_forms_rules(app, client, lead, employers):
    rows = [OPENING_HEADER,
            ["Maple Street Bakery", "Baker", "£12.50", "13", "16", "24", "Day; weekend", "no", "job development", "no",
             "", "2026-11-01", "30/11/2026", "Food hygiene; Early starts"],
            ["Maple Street Bakery", "Counter assistant", "9.00", "", "", "", "", "yes", "", "", "Filled", "", "", ""],
            ["Maple Street Bakery", "Trainee", "15", "", "", "", "", "", "", "yes", "", "", "", ""],
            ["Maple Street Bakery", "Upside down", "15", "12", "30", "20", "moonlight", "perhaps", "rumour", "", "gone",
             "2026-12-01", "2026-11-01", ""],
            ["Maple Street Bakery", "", "NaN", "sNaN", "-3", "200", "", "", "", "", "", "31/02/2026", "", ""]]
    upload(client, "openings", csv_bytes(rows))
    assert staged(client)["mapping"] == ["employer", "title", "pay_min", "pay_max", "hours_min", "hours_max",
                                         "shifts", "remote", "source", "set_aside_for_disabled", "status",
                                         "opened_on", "closes_on", "requirements"]
    check(client)
    errors = errors_by_line(client)
    assert errors[2] == errors[3] == errors[4] == []
    assert errors[5] == [
        "Status: use open or filled or closed.", "Source: use advertised or developed.", "Remote: write yes or no.",
        "Shifts: use day, evening, night or weekend (not “moonlight”).",
        "Closes on: the closing date cannot be before the opening date.",
        "Fewest hours a week: The lowest hours cannot be more than the highest.",
        "Lowest hourly pay: The lowest pay cannot be more than the highest."]
    assert errors[6] == [
        "Opened on: write the date like 2026-11-23 or 23/11/2026.", "Job title: Give the job title.",
        "Fewest hours a week: Give hours a week between 0 and 168.",
        "Most hours a week: Give hours a week between 0 and 168.",
        "Lowest hourly pay: Give a number, like 12.50.", "Highest hourly pay: Give a number, like 12.50."]
    client.post("/transfer/import/preview", data={"good_rows_only": "y"})
    openings = {o.title: o for o in db.session.scalars(select(Opening))}
    baker = openings["Baker"]
    assert (baker.pay_min, baker.pay_max, baker.hours_min, baker.hours_max) == (Decimal("12.50"), Decimal("13.00"),
                                                                                16.0, 24.0)
    assert (baker.shifts, baker.source, baker.remote, baker.status, baker.competitive) == (
        ["day", "weekend"], "developed", False, "open", True)
    assert (baker.opened_on, baker.closes_on, baker.requirements) == (
        date(2026, 11, 1), date(2026, 11, 30), ["Food hygiene", "Early starts"])
    assert baker.created_by_id == lead.id and baker.closed_at is None
    counter = openings["Counter assistant"]
    assert (counter.status, counter.remote, counter.competitive, counter.closed_at is not None) == (
        "filled", True, False, True)
    assert openings["Trainee"].competitive is False  # set aside for disabled people


def test_an_open_opening_with_the_same_title_is_a_possible_duplicate(app, client, lead, employers):
    make_opening(employers["bakery"], title="Baker")
    rows = [["Employer id", "Job title"], [str(employers["bakery"].id), "baker"]]
    import_file(client, "openings", rows)
    assert db.session.scalar(select(ImportBatch)).counts["skipped"] == 1
    assert len(db.session.scalars(select(Opening)).all()) == 1


def test_undo_of_openings_keeps_those_in_use(app, client, lead, employers):
    rows = [["Employer", "Job title"], ["Maple Street Bakery", "Baker"], ["Maple Street Bakery", "Driver"]]
    import_file(client, "openings", rows)
    batch = db.session.scalar(select(ImportBatch))
    from crm.models import JobMatch
    from tests.factories import make_participant, make_user

    driver = db.session.scalar(select(Opening).where(Opening.title == "Driver"))
    person = make_participant(make_user("specialist"))
    db.session.add(JobMatch(participant_id=person.id, opening_id=driver.id))
    db.session.commit()
    client.post(f"/transfer/imports/{batch.id}/undo")
    assert list(db.session.scalars(select(Opening.title))) == ["Driver"]
    db.session.refresh(batch)
    assert batch.undo_kept[0]["reason"] == "it has been suggested to job seekers"
