"""Import and export in Chromium: a team lead imports a CSV with a mistake, fixes it, imports it, undoes it;
a specialist exports the employer list and opens the file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PHONE, assert_fits_width, sign_in


def _prepare() -> None:
    """An employer the team already has."""
    from tests.factories import make_employer

    make_employer("Maple Street Bakery Ltd", town="Sampleford", notes="Prefers mornings.")


def _employers() -> dict[str, dict]:
    from sqlalchemy import select

    from crm.extensions import db
    from crm.models import Employer

    return {e.name: {"website": e.website, "phone": e.phone, "town": e.town}
            for e in db.session.scalars(select(Employer))}


def _write(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


def visit(page: Page, target) -> None:
    """Click a link or button, wait for the next page, and check it fits the width."""
    with page.expect_navigation():
        target.click()
    assert_fits_width(page)


def choose_file(page: Page, path: Path) -> None:
    page.get_by_label("CSV file").set_input_files(str(path))
    visit(page, page.get_by_role("button", name="Upload and continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Match the columns of {path.name}")


@pytest.fixture
def lead(live_server):
    live_server.run(_prepare)
    return live_server.make_user("team_lead", name="Lee Lead")


def test_import_with_a_mistake_fix_it_import_and_undo(live_server, page, lead, tmp_path, screenshot):
    page.set_viewport_size(PHONE)
    sign_in(page, lead.email, lead.password)
    page.goto("/transfer/")
    assert_fits_width(page)
    with page.expect_download() as template:
        page.get_by_role("link", name="Download the employers template").click()
    assert Path(template.value.path()).read_text(encoding="utf-8-sig").startswith("Business name,Industry,")

    header = ["Firm", "Town", "Web", "Remarks"]
    mistaken = _write(tmp_path / "employers.csv", [
        header,
        ["Riverside Cafe", "Sampleford", "https://riverside.example.org", "Keen to hire locally"],
        ["Hilltop Garage", "Testbury", "javascript:alert(1)", ""],
        ["Maple Street Bakery", "Sampleford", "https://maple.example.org", ""],
    ])
    visit(page, page.get_by_role("link", name="Import employers"))
    choose_file(page, mistaken)
    # "Firm" and "Remarks" are not names the app knows: the user says what they hold.
    expect(page.get_by_label("Web")).to_have_value("website")
    expect(page.get_by_label("Firm")).to_have_value("")
    page.get_by_label("Firm").select_option(label="Business name")
    page.get_by_label("Remarks").select_option(label="Notes")
    screenshot(page, "match-the-columns")
    visit(page, page.get_by_role("button", name="Check the rows"))

    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("1 with problems")
    problem = page.locator("#problem-rows > li")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("Line 3: Hilltop Garage")
    expect(problem).to_contain_text("Web: Enter a web address like https://example.org")
    expect(page.get_by_text("Nothing has been saved yet.")).to_be_visible()
    screenshot(page, "preview-with-a-problem")
    # Confirming without leaving the bad row out is refused, and nothing is written.
    visit(page, page.get_by_role("button", name="Import the rows"))
    expect(page.get_by_text("Tick this box to import only the rows without problems")).to_be_visible()
    assert sorted(live_server.run(_employers)) == ["Maple Street Bakery Ltd"]

    # Fix the file and upload it again.
    fixed = _write(tmp_path / "employers-fixed.csv", [
        header,
        ["Riverside Cafe", "Sampleford", "https://riverside.example.org", "Keen to hire locally"],
        ["Hilltop Garage", "Testbury", "https://hilltop.example.org", ""],
        ["Maple Street Bakery", "Sampleford", "https://maple.example.org", ""],
    ])
    visit(page, page.get_by_role("link", name="upload the corrected file"))
    choose_file(page, fixed)
    page.get_by_label("Firm").select_option(label="Business name")
    page.get_by_label("Remarks").select_option(label="Notes")
    visit(page, page.get_by_role("button", name="Check the rows"))
    expect(summary).not_to_contain_text("problems")
    expect(summary).to_contain_text("2 ready to import")
    duplicate = page.locator("#duplicate-rows > li")
    expect(duplicate).to_contain_text("Maple Street Bakery Ltd, Sampleford")
    choice = page.get_by_label("What to do with line 4")
    expect(choice).to_have_value("skip")
    choice.select_option(label="Merge into Maple Street Bakery Ltd: fill in its empty details")
    screenshot(page, "preview-with-a-duplicate")
    visit(page, page.get_by_role("button", name="Import the rows"))

    expect(page.get_by_role("status")).to_have_text("Import finished: 2 added, 1 merged.")
    expect(page.locator("#import-counts dt:text-is('Added') + dd")).to_have_text("2")
    expect(page.locator("#import-counts dt:text-is('Merged into existing employers') + dd")).to_have_text("1")
    assert live_server.run(_employers) == {
        "Maple Street Bakery Ltd": {"website": "https://maple.example.org", "phone": None, "town": "Sampleford"},
        "Riverside Cafe": {"website": "https://riverside.example.org", "phone": None, "town": "Sampleford"},
        "Hilltop Garage": {"website": "https://hilltop.example.org", "phone": None, "town": "Testbury"},
    }

    # Undo the whole import.
    visit(page, page.get_by_role("link", name="Undo this import"))
    plan = page.locator("#undo-plan")
    expect(plan).to_contain_text("2 employers that the import added will be removed")
    expect(plan).to_contain_text("filled in on 1 existing employer will be emptied again")
    screenshot(page, "undo")
    visit(page, page.get_by_role("button", name="Undo the import"))
    expect(page.get_by_role("status").first).to_have_text("Import undone: 2 removed.")
    expect(page.locator("#undo-status")).to_contain_text("Everything it added was removed.")
    assert live_server.run(_employers) == {
        "Maple Street Bakery Ltd": {"website": None, "phone": None, "town": "Sampleford"}}
    page.goto("/transfer/")
    expect(page.get_by_role("row").filter(has_text="employers-fixed.csv")).to_contain_text("Undone")


def _export_data() -> None:
    from tests.factories import make_employer

    make_employer("Café Crème", town="Sampleford", industry="Hospitality")
    make_employer("=HYPERLINK(\"http://evil.example\",\"Click me\")", town="Testbury", industry="Hospitality")
    make_employer("Kingfisher Motors", town="Testbury", industry="Motor trade")


def test_export_the_filtered_employer_list_and_open_it(live_server, page, lead):
    live_server.run(_export_data)
    specialist = live_server.make_user("specialist", name="Sam Specialist")
    sign_in(page, specialist.email, specialist.password)
    page.goto("/transfer/")
    expect(page.get_by_text("Import from a CSV file")).to_have_count(0)
    with page.expect_download() as exported:
        page.get_by_role("link", name="All employers").click()
    download = exported.value
    assert download.suggested_filename.startswith("employers-") and download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert sorted(row["Business name"] for row in rows) == [
        "'=HYPERLINK(\"http://evil.example\",\"Click me\")", "Café Crème", "Kingfisher Motors",
        "Maple Street Bakery Ltd"]

    # The same export with the list's filters, as the list page's "Export these as CSV" link asks for it.
    response = page.request.get("/transfer/export/employers.csv?industry=Hospitality&q=cafe")
    assert response.ok and response.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"), newline="")))
    assert [row["Business name"] for row in rows] == ["Café Crème"]
