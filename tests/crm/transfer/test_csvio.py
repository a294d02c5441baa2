"""Reading uploads safely and writing CSV that spreadsheets cannot run as formulas."""

from __future__ import annotations

import csv
import io

import pytest

from crm.transfer import csvio
from crm.transfer.csvio import CsvRefused, clean_cell, csv_stream, neutralise, read_csv, read_upload


@pytest.mark.parametrize("text", ["=1+2", "+44 7700 900123", "-2+3", "@SUM(A1:A2)", "\tx", "\rx", "\0x",
                                  "=HYPERLINK(\"http://evil.example\",\"click\")"])
def test_formula_like_text_is_prefixed(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value, written", [("Maple Street Bakery", "Maple Street Bakery"), (None, ""),
                                            (True, "yes"), (False, "no"), (-1.54, "-1.54"), (-3, "-3"),
                                            ("", ""), ("a=b", "a=b")])
def test_other_values_are_written_as_they_are(value, written):
    assert neutralise(value) == written


def test_stream_starts_with_a_byte_order_mark_and_uses_crlf():
    chunks = list(csv_stream(["Name", "Notes"], [["=cmd", "line one\nline two"], ["Café", "@x"]]))
    text = "".join(chunks)
    assert text.startswith("\ufeffName,Notes\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows == [["Name", "Notes"], ["'=cmd", "line one\nline two"], ["Café", "'@x"]]


def test_stream_yields_in_chunks():
    chunks = list(csv_stream(["n"], ([i] for i in range(1200)), rows_per_chunk=500))
    assert len(chunks) == 4  # the header, then 500, 500 and 200 rows
    assert "".join(chunks).count("\r\n") == 1201


def test_reads_utf8_with_and_without_byte_order_mark():
    for data in ("Name,Town\nCafé Nero,Sampleford\n".encode(), "\ufeffName,Town\r\nCafé Nero,Sampleford\r\n".encode()):
        table = read_csv(data, "x.csv")
        assert table.headers == ["Name", "Town"]
        assert table.rows == [(2, ["Café Nero", "Sampleford"])]


def test_line_numbers_count_blank_lines_and_cells_over_several_lines():
    data = b'Name,Notes\n\nFirst,"two\nlines"\n\nSecond,x\n'
    assert read_csv(data).rows == [(3, ["First", "two\nlines"]), (6, ["Second", "x"])]


def test_semicolons_and_tabs_are_understood():
    assert read_csv(b"Name;Town\nA;B\n").rows == [(2, ["A", "B"])]
    assert read_csv(b"Name\tTown\nA\tB\n", "x.tsv").rows == [(2, ["A", "B"])]


def test_blank_column_names_are_numbered_and_cells_trimmed():
    table = read_csv(b" Name ,,Town\n  Bakery  ,x, y \n")
    assert table.headers == ["Name", "Column 2", "Town"]
    assert table.rows == [(2, ["Bakery", "x", "y"])]


def test_our_own_formula_prefix_is_taken_off_again():
    assert clean_cell("'=SUM(A1)") == "=SUM(A1)"
    assert clean_cell("'+44 7700 900123") == "+44 7700 900123"
    assert clean_cell("'quoted'") == "'quoted'"
    assert clean_cell("'") == "'"


@pytest.mark.parametrize("data, filename, message", [
    (b"", "x.csv", "The file is empty"),
    (b"   \r\n\r\n", "x.csv", "The file is empty"),
    ("\ufeff".encode(), "x.csv", "The file is empty"),
    (b"Name,Town\n", "x.csv", "no rows of data"),
    ("Name\nCaf\xe9\n".encode("latin-1"), "x.csv", "not saved as UTF-8 (the first character that is not is on line 2)"),
    ("Name\nCafé\n".encode("utf-16"), "x.csv", "UTF-16"),
    (b"PK\x03\x04\x14\x00\x06\x00", "employers.csv", "Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "employers.csv", "older Excel"),
    (b"%PDF-1.7\n", "employers.csv", "PDF"),
    (b"Name\nA\x00B\n", "x.csv", "binary data"),
    (b"Name\nA\n", "employers.xlsx", "only CSV files can"),
    (b'Name,Notes\nA,"never closed\n', "x.csv", "quotation mark"),
    (b'Name,Notes\nA,"closed"then more\n', "x.csv", "line 2"),
])
def test_files_that_are_not_csv_utf8_are_refused_with_a_reason(data, filename, message):
    with pytest.raises(CsvRefused) as error:
        read_csv(data, filename)
    assert message in str(error.value)


def test_not_utf8_says_how_to_save_as_csv_utf8():
    with pytest.raises(CsvRefused, match="Save it as CSV UTF-8") as error:
        read_csv("Name\nMüller\n".encode("cp1252"))
    assert "CSV UTF-8 (comma delimited)" in str(error.value)


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(csvio, "MAX_ROWS", 3)
    with pytest.raises(CsvRefused, match="more than 3 rows"):
        read_csv(b"Name\na\nb\nc\nd\n")


def test_a_far_too_long_cell_is_refused():
    with pytest.raises(CsvRefused, match="a cell is far too long"):
        read_csv(b'Name\n"' + b"x" * 200_000 + b'"\n')


def test_upload_over_the_limit_is_refused_without_reading_it_all():
    stream = io.BytesIO(b"Name\n" + b"x" * 2_000_000)
    with pytest.raises(CsvRefused, match="larger than 1 MB"):
        read_upload(stream, "x.csv", 1024 * 1024)
    assert stream.tell() == 1024 * 1024 + 1
