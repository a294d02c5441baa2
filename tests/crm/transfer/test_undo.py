"""Undoing a whole import: what it created goes, filled-in fields are emptied, what is in use since stays."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEvent, ContactPerson, Employer
from crm.transfer.models import ImportBatch
from tests.crm.transfer.conftest import import_file
from tests.factories import make_contact, make_employer, make_user

ROWS = [["Business name", "Website", "Phone"],
        ["Maple Street Bakery", "https://maple.example.org", "01632 960123"],
        ["Riverside Cafe", "", ""],
        ["Hilltop Garage", "", ""]]


def names() -> list[str]:
    return sorted(db.session.scalars(select(Employer.name)))


@pytest.fixture
def imported(app, client, lead):
    """An import of three employers, one of them merged into an existing employer."""
    existing = make_employer("Maple Street Bakery Ltd", notes="Prefers mornings.")
    response = import_file(client, "employers", ROWS, decisions={2: f"merge:{existing.id}"})
    assert response.status_code == 302
    batch = db.session.scalar(select(ImportBatch))
    return batch, existing


def test_undo_page_says_what_will_happen(app, client, imported):
    batch, _ = imported
    page = client.get(f"/transfer/imports/{batch.id}/undo").get_data(as_text=True)
    assert "2 employers that the import added will be removed" in page
    assert "filled in on 1 existing employer will be emptied again" in page
    assert "What cannot be undone" not in page


def test_undo_removes_what_was_added_and_empties_what_was_filled_in(app, client, imported):
    batch, existing = imported
    assert names() == ["Hilltop Garage", "Maple Street Bakery Ltd", "Riverside Cafe"]
    response = client.post(f"/transfer/imports/{batch.id}/undo")
    assert response.status_code == 302
    assert names() == ["Maple Street Bakery Ltd"]
    db.session.refresh(existing)
    assert (existing.website, existing.phone, existing.website_domain, existing.notes) == (
        None, None, None, "Prefers mornings.")
    db.session.refresh(batch)
    assert batch.undone_at is not None and batch.undo_kept == []
    actions = [(e.action, e.object_type) for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(("undo", "delete"))).order_by(AuditEvent.id))]
    assert actions == [("undo", "import_batch"), ("delete", "employer"), ("delete", "employer")]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Import undone: 2 removed." in page and "Everything it added was removed." in page
    again = client.post(f"/transfer/imports/{batch.id}/undo")
    assert again.status_code == 302
    assert "already been undone" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_what_is_in_use_or_changed_since_stays_and_is_explained(app, client, imported, lead):
    batch, existing = imported
    cafe = db.session.scalar(select(Employer).where(Employer.name == "Riverside Cafe"))
    garage = db.session.scalar(select(Employer).where(Employer.name == "Hilltop Garage"))
    make_contact(make_user("specialist"), cafe)
    db.session.add(ContactPerson(employer_id=garage.id, name="Gail Garage"))
    existing.website = "https://maple-bakery.example.org"  # changed by someone since the import
    db.session.commit()
    page = client.get(f"/transfer/imports/{batch.id}/undo").get_data(as_text=True)
    assert "What cannot be undone" in page
    assert "Riverside Cafe: contacts have been logged with it." in page
    assert "Hilltop Garage: people there have been added." in page
    assert "Maple Street Bakery Ltd (website): it was changed after the import." in page
    client.post(f"/transfer/imports/{batch.id}/undo")
    assert names() == ["Hilltop Garage", "Maple Street Bakery Ltd", "Riverside Cafe"]
    db.session.refresh(existing)
    assert (existing.website, existing.phone) == ("https://maple-bakery.example.org", None)
    db.session.refresh(batch)
    assert sorted(kept["reason"] for kept in batch.undo_kept) == [
        "contacts have been logged with it", "it was changed after the import", "people there have been added"]
    summary = client.get(f"/transfer/imports/{batch.id}").get_data(as_text=True)
    assert "Some things had to stay" in summary and "Contacts have been logged with it." in summary


def test_an_employer_edited_after_the_import_stays(app, client, imported):
    batch, _ = imported
    cafe = db.session.scalar(select(Employer).where(Employer.name == "Riverside Cafe"))
    cafe.town = "Sampleford"
    db.session.commit()
    client.post(f"/transfer/imports/{batch.id}/undo")
    assert names() == ["Maple Street Bakery Ltd", "Riverside Cafe"]


def test_undo_is_for_the_importer_their_team_lead_and_admins(app, client, imported, lead, signed_in):
    batch, _ = imported
    client.post("/logout")
    other_lead = make_user("team_lead")
    signed_in(other_lead)
    assert client.get(f"/transfer/imports/{batch.id}").status_code == 403
    assert client.post(f"/transfer/imports/{batch.id}/undo").status_code == 403
    assert f"/transfer/imports/{batch.id}" not in client.get("/transfer/").get_data(as_text=True)
    client.post("/logout")
    signed_in(make_user("team_lead", team=lead.team))
    assert client.get(f"/transfer/imports/{batch.id}").status_code == 200
    assert f"/transfer/imports/{batch.id}" in client.get("/transfer/").get_data(as_text=True)
    client.post("/logout")
    signed_in(make_user("admin"))
    assert client.post(f"/transfer/imports/{batch.id}/undo").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Employer)) == 1
    assert client.get("/transfer/imports/999").status_code == 404
