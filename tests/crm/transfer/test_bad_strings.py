"""Naughty strings in every cell of an import never cause a server error, and come back out neutralised."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import ContactPerson, Employer, Opening
from crm.transfer.columns import columns
from crm.transfer.csvio import FORMULA_STARTS
from tests.crm.transfer.conftest import check, csv_bytes, upload
from tests.factories import make_employer


def walk(client, kind: str, rows: list[list[str]]) -> None:
    """Upload, check, preview and import the good rows; every step must answer without a server error."""
    response = upload(client, kind, csv_bytes(rows))
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        return
    assert check(client).status_code == 302
    assert client.get("/transfer/import/preview").status_code == 200
    assert client.get("/transfer/import/problems.csv").status_code == 200
    response = client.post("/transfer/import/preview", data={"good_rows_only": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize("kind", ["employers", "people", "openings"])
def test_naughty_strings_in_every_column(app, client, lead, blns, kind):
    make_employer("Maple Street Bakery")
    header = [column.label for column in columns(kind)]
    rows = [header] + [[text] * len(header) for text in blns]
    if kind != "employers":  # give each row a real employer so that the other cells are what gets checked
        rows += [["Maple Street Bakery", "", *([text] * (len(header) - 2))] for text in blns]
    walk(client, kind, rows)
    for path in ("/transfer/export/employers.csv", "/transfer/export/openings.csv?status=",
                 "/transfer/export/contacts.csv", "/transfer/"):
        assert client.get(path).status_code == 200


def test_naughty_names_are_kept_as_text_and_exported_safely(app, client, lead, blns):
    rows = [["Business name"]] + [[text] for text in blns]
    walk(client, "employers", rows)
    names = set(db.session.scalars(select(Employer.name)))
    assert "<script>alert(123)</script>" in names
    # Whatever was kept goes out neutralised.
    text = client.get("/transfer/export/employers.csv").get_data(as_text=True).removeprefix("\ufeff")
    exported = [row[1] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert exported and all(not name.startswith(FORMULA_STARTS) for name in exported)
    page = client.get("/transfer/").get_data(as_text=True)
    assert "<script>alert(123)</script>" not in page


@pytest.mark.parametrize("text", ["\x00", "A\x00B"])
def test_a_nul_byte_refuses_the_file_not_the_server(app, client, lead, text):
    response = upload(client, "employers", csv_bytes([["Business name"], [text]]))
    assert response.status_code == 400
    assert "binary data" in response.get_data(as_text=True)


def test_control_characters_are_dropped_like_typed_input(app, client, lead):
    walk(client, "people", [["Employer", "Name"]])  # header only: refused, nothing more
    make_employer("Maple Street Bakery")
    walk(client, "people", [["Employer", "Name"], ["Maple Street Bakery", "Bea\x1b[0m Baker\x07"]])
    assert db.session.scalar(select(ContactPerson.name)) == "Bea[0m Baker"
    assert db.session.scalar(select(Opening)) is None
