"""Importing employers: template, refusals, column mapping, preview with line numbers, duplicates, confirmation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEvent, Employer
from crm.transfer.models import ImportBatch
from tests.crm.transfer.conftest import check, csv_bytes, import_file, staged, upload
from tests.factories import make_employer, make_user

HEADER = ["Business name", "Town", "Website", "Phone"]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def employer_named(name: str) -> Employer | None:
    return db.session.scalar(select(Employer).where(Employer.name == name))


@pytest.mark.parametrize("kind, first", [("employers", "Business name"), ("people", "Employer"),
                                         ("openings", "Employer")])
def test_template_lists_the_columns(app, client, lead, kind, first):
    response = client.get(f"/transfer/import/{kind}/template.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{kind}-import-template.csv"'
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff" + first + ",") and text.count("\r\n") == 1
    assert client.get("/transfer/import/nonsense/template.csv").status_code == 404


def test_upload_page_explains_the_format(app, client, lead):
    page = client.get("/transfer/import/employers").get_data(as_text=True)
    assert "CSV UTF-8" in page and "at most\n    5 MB" in page
    assert client.get("/transfer/import/nonsense").status_code == 404


@pytest.mark.parametrize("data, filename, message", [
    (b"", "empty.csv", "The file is empty"),
    ("Business name\nCaf\xe9 Cr\xe8me\n".encode("latin-1"), "latin.csv", "save it as CSV UTF-8"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "employers.xlsx", "only CSV files can"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "employers.csv", "it looks like a zipped file such as an Excel workbook"),
    (b"Business name\n", "header.csv", "no rows of data"),
])
def test_refused_files_say_why_and_nothing_is_staged(app, client, lead, data, filename, message):
    response = upload(client, "employers", data, filename)
    assert response.status_code == 400
    assert message.lower() in response.get_data(as_text=True).lower()
    with client.session_transaction() as session:
        assert "transfer_import" not in session


def test_no_file_chosen(app, client, lead):
    response = client.post("/transfer/import/employers", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose the CSV file to import." in response.get_data(as_text=True)


def test_a_file_over_the_import_limit_is_refused(app, client, lead):
    data = b"Business name\n" + b"Maple Street Bakery\n" * 300_000  # about 6 MB
    response = upload(client, "employers", data)
    assert response.status_code == 400
    assert "larger than 5 MB" in response.get_data(as_text=True)


def test_a_50_mb_upload_gets_the_import_limit_in_the_413_page(app, client, lead):
    response = upload(client, "employers", b"x" * (50 * 1024 * 1024), "big.csv")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "That file is too large to import" in page and "at most 5 MB" in page


def test_columns_are_matched_by_name_and_synonyms(app, client, lead):
    data = csv_bytes([["BUSINESS NAME", "post code", "Web", "Telephone", "Comments", "Our ref"],
                      ["Maple Street Bakery", "xx1 2ab", "example.org", "01632 960123", "Nice", "A1"]])
    assert upload(client, "employers", data).status_code == 302
    assert staged(client)["mapping"] == ["name", "postcode", "website", "phone", "notes", ""]
    page = client.get("/transfer/import/mapping").get_data(as_text=True)
    assert "For example: Maple Street Bakery" in page and "Leave out this column" in page


def test_the_user_can_change_the_mapping(app, client, lead):
    data = csv_bytes([["Company", "Area", "Remarks"], ["Maple Street Bakery", "Sampleford", "Keen to hire"]])
    upload(client, "employers", data)
    assert staged(client)["mapping"] == ["name", "", ""]
    response = check(client, {1: "town", 2: ""})
    assert response.status_code == 302 and response.headers["Location"] == "/transfer/import/preview"
    values = staged(client)["analysis"]["rows"][0]["values"]
    assert (values["name"], values["town"], values["notes"]) == ("Maple Street Bakery", "Sampleford", None)


def test_mapping_problems_are_shown(app, client, lead):
    upload(client, "employers", csv_bytes([["Town", "Place"], ["Sampleford", "Hill"]]))
    response = check(client)
    assert response.status_code == 400
    assert "Choose the column that holds “Business name”." in response.get_data(as_text=True)
    response = check(client, {0: "name", 1: "name"})
    assert "“Business name” is chosen for more than one column" in response.get_data(as_text=True)
    response = client.post("/transfer/import/mapping", data={"column_0": "name", "column_1": "password_hash"})
    assert response.status_code == 400


def test_preview_shows_each_problem_with_its_line_and_nothing_is_written(app, client, lead):
    rows = [HEADER,
            ["Maple Street Bakery", "Sampleford", "https://maple.example.org", "01632 960123"],
            ["", "Sampleford", "", ""],
            ["Riverside Cafe", "Sampleford", "javascript:alert(1)", "call us"],
            ["x" * 201, "", "", ""]]
    before = (count(Employer), count(AuditEvent), count(ImportBatch))
    assert upload(client, "employers", csv_bytes(rows)).status_code == 302
    assert check(client).status_code == 302
    page = client.get("/transfer/import/preview")
    assert page.status_code == 200
    problems = {row["line"]: row["errors"] for row in staged(client)["analysis"]["rows"] if row["errors"]}
    assert problems == {
        3: ["Business name: Enter the name of the business."],
        4: ["Phone: Enter a phone number using digits, like 01632 960123 or +44 7700 900123.",
            "Website: Enter a web address like https://example.org (only http and https addresses)."],
        5: ["Business name: Use at most 200 characters."],
    }
    text = page.get_data(as_text=True)
    assert "3 with problems" in text and "1 ready to import" in text
    assert "Line 4</span>: <span" in text and "Enter a web address like" in text
    assert "Nothing has been saved yet." in text
    assert (count(Employer), count(AuditEvent), count(ImportBatch)) == before
    problems_csv = client.get("/transfer/import/problems.csv").get_data(as_text=True)
    assert problems_csv.splitlines()[0] == "\ufeffBusiness name,Town,Website,Phone,Problems"
    assert problems_csv.count("\r\n") == 4


def test_bad_rows_are_left_out_only_when_the_user_says_so(app, client, lead):
    rows = [HEADER, ["Maple Street Bakery", "Sampleford", "", ""], ["Bad One", "", "ftp://x.example.org", ""]]
    response = import_file(client, "employers", rows)
    assert response.status_code == 400
    assert "Tick this box to import only the rows without problems" in response.get_data(as_text=True)
    assert count(Employer) == 0 and count(ImportBatch) == 0
    response = client.post("/transfer/import/preview", data={"good_rows_only": "y"})
    assert response.status_code == 302
    assert [e.name for e in db.session.scalars(select(Employer))] == ["Maple Street Bakery"]
    batch = db.session.scalar(select(ImportBatch))
    assert batch.counts == {"rows": 2, "created": 1, "merged": 0, "skipped": 0, "left_out": 1}
    summary = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Import finished: 1 added, 0 merged." in summary


def test_an_import_creates_employers_with_their_details_and_audits_them(app, client, lead):
    owner = make_user("specialist", name="Olu Owner", email="olu@example.org")
    rows = [["Business name", "Postcode", "Website", "Phone", "Size", "Stage", "Owner", "Latitude", "Longitude"],
            ["Maple Street Bakery Ltd", "xx1  2ab", "maple.example.org", "+44 1632 960123", "10–49 staff",
             "Learning the business", "olu@example.org", "51.5", "-0.12"],
            ["Riverside Cafe", "", "", "", "micro", "", "Olu Owner", "", ""]]
    assert import_file(client, "employers", rows).status_code == 302
    bakery, cafe = employer_named("Maple Street Bakery Ltd"), employer_named("Riverside Cafe")
    assert (bakery.normalized_name, bakery.postcode, bakery.website, bakery.website_domain, bakery.phone_digits) == \
        ("maple street bakery", "XX1 2AB", "https://maple.example.org", "maple.example.org", "1632960123")
    assert (bakery.size, bakery.relationship_stage, bakery.owner_id, bakery.latitude, bakery.longitude) == \
        ("small", "learning", owner.id, 51.5, -0.12)
    assert (cafe.size, cafe.relationship_stage, cafe.owner_id, cafe.created_by_id) == \
        ("micro", "prospect", owner.id, lead.id)
    batch = db.session.scalar(select(ImportBatch))
    assert sorted(batch.created_ids) == sorted([bakery.id, cafe.id])
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.in_(("import", "create")))).all()
    assert sorted((e.action, e.object_type) for e in events) == [
        ("create", "employer"), ("create", "employer"), ("import", "import_batch")]
    assert next(e for e in events if e.action == "import").detail == \
        "employers: 2 rows, 2 created, 0 merged, 0 skipped, 0 left out"
    assert next(e for e in events if e.action == "create" and e.object_id == str(bakery.id)).detail == \
        f"import {batch.id}"


@pytest.mark.parametrize("cells, message", [
    (["Maple", "", "", "", "giant", "", ""], "Size: use micro, small, medium or large."),
    (["Maple", "", "", "", "", "best friends", ""], "Stage: use one of Not yet contacted"),
    (["Maple", "", "", "", "", "", "Nobody Known"], "Owner: No active specialist or team lead is called"),
    (["Maple", "91", "", "", "", "", ""], "Latitude: Between -90 and 90."),
    (["Maple", "51.5", "", "", "", "", ""], "Longitude: Give both latitude and longitude, or neither."),
    (["Maple", "north", "", "", "", "", ""], "Latitude: Give a number, like 16 or 37.5."),
    (["Maple", "", "", "", "", "", "", "surplus"], "more cells than there are column names"),
])
def test_row_rules_are_the_employer_forms(app, client, lead, cells, message):
    rows = [["Business name", "Latitude", "Longitude", "Website", "Size", "Stage", "Owner"], cells]
    upload(client, "employers", csv_bytes(rows))
    check(client)
    errors = staged(client)["analysis"]["rows"][0]["errors"]
    assert any(error.startswith(message) or message in error for error in errors), errors


def test_nothing_is_written_until_confirmed_and_a_confirmed_import_cannot_be_repeated(app, client, lead):
    rows = [HEADER, ["Maple Street Bakery", "", "", ""]]
    upload(client, "employers", csv_bytes(rows))
    check(client)
    client.get("/transfer/import/preview")
    assert count(Employer) == 0
    assert client.post("/transfer/import/preview", data={}).status_code == 302
    assert count(Employer) == 1
    again = client.post("/transfer/import/preview", data={})
    assert again.status_code == 302 and again.headers["Location"] == "/transfer/"
    assert count(Employer) == 1


def test_cancel_forgets_the_staged_file(app, client, lead):
    upload(client, "employers", csv_bytes([HEADER, ["Maple Street Bakery", "", "", ""]]))
    assert client.post("/transfer/import/cancel").status_code == 302
    assert client.get("/transfer/import/mapping").headers["Location"] == "/transfer/"
    assert count(Employer) == 0


def test_someone_else_cannot_use_my_staged_import(app, client, lead, signed_in):
    from crm.transfer import staging

    upload(client, "employers", csv_bytes([HEADER, ["Maple Street Bakery", "", "", ""]]))
    with client.session_transaction() as session:
        token = session["transfer_import"]
    other = make_user("team_lead")
    assert staging.load(token, other.id) is None
    assert staging.load(token, lead.id) is not None
    assert staging.load("../../etc/passwd", lead.id) is None


# --- duplicates ----------------------------------------------------------------------------------------


@pytest.fixture
def existing(app):
    return make_employer("Maple Street Bakery Ltd", town="Sampleford", phone=None, website=None,
                         notes="Prefers mornings.")


def duplicate_rows():
    return [["Business name", "Town", "Website", "Phone", "Notes"],
            ["Maple Street Bakery", "Elsewhere", "https://maple.example.org", "01632 960123", "New notes"],
            ["Riverside Cafe", "", "", "", ""],
            ["Riverside Café", "", "", "", ""]]


def test_duplicates_are_found_in_the_database_and_in_the_file(app, client, lead, existing):
    upload(client, "employers", csv_bytes(duplicate_rows()))
    check(client)
    rows = {row["line"]: row["matches"] for row in staged(client)["analysis"]["rows"]}
    assert [(m["id"], m["reasons"]) for m in rows[2]] == [(existing.id, ["a very similar name"])]
    assert rows[3] == []
    assert [(m["line"], m["name"]) for m in rows[4]] == [(3, "Riverside Cafe")]
    page = client.get("/transfer/import/preview").get_data(as_text=True)
    assert "2 may already be in the app" in page
    assert f'href="/employers/{existing.id}"' in page and "line 3 of this file: Riverside Cafe" in page
    assert f'<option value="merge:{existing.id}">' in page


def test_duplicates_are_skipped_by_default(app, client, lead, existing):
    assert import_file(client, "employers", duplicate_rows()).status_code == 302
    assert sorted(e.name for e in db.session.scalars(select(Employer))) == ["Maple Street Bakery Ltd",
                                                                          "Riverside Cafe"]
    assert db.session.scalar(select(ImportBatch)).counts["skipped"] == 2


def test_create_anyway(app, client, lead, existing):
    import_file(client, "employers", duplicate_rows(), decisions={2: "create", 4: "create"})
    assert count(Employer) == 4


def test_merge_fills_only_the_empty_fields_of_the_match(app, client, lead, existing):
    import_file(client, "employers", duplicate_rows(), decisions={2: f"merge:{existing.id}"})
    db.session.refresh(existing)
    assert (existing.name, existing.town, existing.notes) == ("Maple Street Bakery Ltd", "Sampleford",
                                                             "Prefers mornings.")
    assert (existing.website, existing.phone, existing.phone_digits) == ("https://maple.example.org",
                                                                       "01632 960123", "1632960123")
    batch = db.session.scalar(select(ImportBatch))
    assert batch.merged == {str(existing.id): {"phone": [None, "01632 960123"],
                                               "website": [None, "https://maple.example.org"]}}
    assert batch.counts["merged"] == 1 and count(Employer) == 2
    update = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "update",
                                                        AuditEvent.object_id == str(existing.id)))
    assert update.fields == ["phone", "website"]


def test_a_merge_into_something_not_offered_is_refused(app, client, lead, existing):
    stranger = make_employer("Hilltop Garage")
    response = import_file(client, "employers", duplicate_rows(), decisions={2: f"merge:{stranger.id}"})
    assert response.status_code == 400
    assert count(Employer) == 2 and count(ImportBatch) == 0


def test_same_phone_or_website_is_a_duplicate_too(app, client, lead):
    first = make_employer("Kingfisher Motors", phone="01632 960555", phone_digits="1632960555")
    rows = [["Business name", "Phone"], ["KF Autos", "+44 1632 960555"]]
    upload(client, "employers", csv_bytes(rows))
    check(client)
    matches = staged(client)["analysis"]["rows"][0]["matches"]
    assert [(m["id"], m["reasons"]) for m in matches] == [(first.id, ["the same phone number"])]


def test_a_file_with_a_byte_order_mark_and_semicolons(app, client, lead):
    data = csv_bytes([["Business name", "Town"], ["Café Crème", "Sampleford"]], bom=True, delimiter=";")
    assert upload(client, "employers", data).status_code == 302
    check(client)
    client.post("/transfer/import/preview", data={})
    assert employer_named("Café Crème").town == "Sampleford"


def test_upload_of_a_bytes_stream_keeps_line_numbers_of_the_file(app, client, lead):
    data = b'Business name,Notes\r\n\r\n"Maple","two\r\nlines"\r\n,no name\r\n'
    upload(client, "employers", data)
    check(client)
    assert [(row["line"], bool(row["errors"])) for row in staged(client)["analysis"]["rows"]] == [
        (3, False), (5, True)]
