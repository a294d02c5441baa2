"""Fixtures for the import and export tests: a team lead who imports, and helpers that walk the import steps."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_user


@pytest.fixture
def lead(signed_in):
    """A signed-in team lead (imports are for team leads and admins); returns the user."""
    user = make_user("team_lead")
    signed_in(user)
    return user


def csv_bytes(rows: list[list[str]], *, bom: bool = False, delimiter: str = ",") -> bytes:
    """Rows as CSV text in UTF-8 (quotes where needed)."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def multipart(data: bytes, filename: str) -> tuple[bytes, str]:
    """A multipart/form-data body holding one file field, and its content type.

    Encoded here rather than by the test client, which spools large bodies to a temporary file it never closes.
    """
    boundary = "----transfer-test-boundary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: text/csv\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(client, kind: str, data: bytes, filename: str = "import.csv"):
    """Post a file to the upload step; return the response."""
    body, content_type = multipart(data, filename)
    return client.post(f"/transfer/import/{kind}", data=body, content_type=content_type)


def check(client, mapping: dict[int, str] | None = None):
    """Post the column mapping as matched (or with changes: column index → field key); return the response."""
    page = client.get("/transfer/import/mapping")
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    chosen = list(staged(client)["mapping"])
    for index, key in (mapping or {}).items():
        chosen[index] = key
    return client.post("/transfer/import/mapping", data={f"column_{i}": key for i, key in enumerate(chosen)})


def staged(client) -> dict:
    """The import staged in the client's session: its rows, mapping and analysis."""
    from crm.transfer import staging
    from crm.transfer.views import STAGED

    with client.session_transaction() as session:
        token = session.get(STAGED)
    return json.loads(staging._path(token).read_text(encoding="utf-8"))


def import_file(client, kind: str, rows: list[list[str]], *, decisions: dict | None = None,
                good_rows_only: bool = False):
    """Upload, keep the matched columns, and confirm; return the confirm response."""
    assert upload(client, kind, csv_bytes(rows)).status_code == 302
    assert check(client).status_code == 302
    data = {f"line_{line}": choice for line, choice in (decisions or {}).items()}
    if good_rows_only:
        data["good_rows_only"] = "y"
    return client.post("/transfer/import/preview", data=data)
