"""Who may export and import: exports for all staff (within what they may see), imports for leads and admins."""

from __future__ import annotations

import pytest

from crm.transfer.models import ImportBatch
from crm.transfer.undo import may_undo
from tests.factories import make_user

IMPORT_PAGES = ["/transfer/import/employers", "/transfer/import/people/template.csv", "/transfer/import/mapping",
                "/transfer/import/preview", "/transfer/import/problems.csv", "/transfer/imports/1",
                "/transfer/imports/1/undo"]
EXPORTS = ["/transfer/export/employers.csv", "/transfer/export/contacts.csv", "/transfer/export/openings.csv"]


def test_specialists_export_but_do_not_import(app, client, signed_in):
    signed_in(make_user("specialist"))
    page = client.get("/transfer/")
    assert page.status_code == 200
    assert "Import from a CSV file" not in page.get_data(as_text=True)
    for path in EXPORTS:
        assert client.get(path).status_code == 200, path
    for path in IMPORT_PAGES:
        assert client.get(path).status_code == 403, path
    assert client.post("/transfer/import/employers").status_code == 403
    assert client.post("/transfer/import/cancel").status_code == 403


@pytest.mark.parametrize("role", ["team_lead", "admin"])
def test_leads_and_admins_import(app, client, signed_in, role):
    signed_in(make_user(role))
    assert "Import from a CSV file" in client.get("/transfer/").get_data(as_text=True)
    assert client.get("/transfer/import/employers").status_code == 200
    assert client.get("/transfer/import/preview").status_code == 302  # nothing uploaded yet


def test_signed_out_people_are_sent_to_sign_in(app, client):
    for path in ["/transfer/", *EXPORTS, *IMPORT_PAGES]:
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path


def test_who_may_see_and_undo_an_import(app):
    importer = make_user("team_lead")
    batch = ImportBatch(kind="employers", filename="x.csv", user_id=importer.id, user=importer)
    assert may_undo(importer, batch)
    assert may_undo(make_user("team_lead", team=importer.team), batch)
    assert may_undo(make_user("admin"), batch)
    assert not may_undo(make_user("team_lead"), batch)
    assert not may_undo(make_user("specialist", team=importer.team), batch)
