"""Reading uploaded CSV files safely, and writing CSV that spreadsheets cannot mistake for formulas.

Spreadsheet programs run a cell that begins with ``= + - @`` (and some read tab, carriage return or NUL the
same way) as a formula, so every text cell we write that begins with one gets a ``'`` in front (GOTCHAS.md).
Numbers we write ourselves (a negative longitude) are left alone: they cannot hold a formula. Files are written
as UTF-8 with a byte order mark so that Excel reads accents; uploads must be UTF-8 (with or without the mark).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)
BOM = "\ufeff"
EXTENSIONS = frozenset({"csv", "txt", "tsv"})
MAX_ROWS = 50_000
SAVE_AS_CSV = ("In Excel choose File › Save a copy (or Save as) › “CSV UTF-8 (comma delimited)”; in LibreOffice "
               "choose Save as › “Text CSV” with the character set “Unicode (UTF-8)”.")
# Content that is certainly not a CSV file, by its first bytes.
# As for typed input (crm.security): control characters other than tab and line breaks are dropped from cells.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SIGNATURES = (
    (b"PK\x03\x04", "a zipped file such as an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods)"),
    (b"\xd0\xcf\x11\xe0", "an older Excel or Word file (.xls or .doc)"),
    (b"%PDF", "a PDF document"),
)


class CsvRefused(Exception):
    """The uploaded file cannot be imported; the message says why in plain words and is safe to show."""


@dataclass
class CsvTable:
    """An uploaded file read as text: its column names and its rows, each with its line number in the file."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def neutralise(value) -> str:
    """The text of one cell to write: formula-like text gets a leading ', numbers and dates are written plainly."""
    if value.__class__ is str:  # most cells: checked first, as an export writes millions of them
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal | date | datetime):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_stream(header: Sequence[str], rows: Iterable[Sequence], rows_per_chunk: int = 500) -> Iterator[str]:
    """The CSV text of header and rows, with a byte order mark first, in chunks of rows_per_chunk rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(name) for name in header])
    yield _take(buffer)
    for count, row in enumerate(rows, start=1):
        writer.writerow(map(neutralise, row))
        if count % rows_per_chunk == 0:
            yield _take(buffer)
    rest = _take(buffer)
    if rest:
        yield rest


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate(0)
    return text


def read_upload(stream, filename: str, limit: int) -> CsvTable:
    """Read an uploaded file of at most limit bytes as CSV; raise CsvRefused with the reason otherwise."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise CsvRefused(f"The file is larger than {limit // (1024 * 1024)} MB. Split it into smaller files and "
                         "import them one after another.")
    return read_csv(data, filename)


def read_csv(data: bytes, filename: str = "") -> CsvTable:
    """Parse the bytes of a CSV file (UTF-8, with or without a byte order mark); raise CsvRefused if it is not one."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension and extension not in EXTENSIONS:
        raise CsvRefused(f"“.{extension[:10]}” files cannot be imported: only CSV files can. {SAVE_AS_CSV}")
    text = _decode(data)
    if not text.strip():
        raise CsvRefused("The file is empty. Choose the CSV file that holds your rows.")
    table = _parse(text, "\t" if extension == "tsv" else _delimiter(text))
    if not table.rows:
        raise CsvRefused("The file has a row of column names but no rows of data below it.")
    return table


def _decode(data: bytes) -> str:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise CsvRefused(f"This is not a CSV file: it looks like {what}. {SAVE_AS_CSV}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvRefused(f"The file is saved as UTF-16 (“Unicode text”), not UTF-8. {SAVE_AS_CSV}")
    if b"\0" in data:
        raise CsvRefused(f"This is not a CSV file: it holds binary data, not text. {SAVE_AS_CSV}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise CsvRefused(f"The file is not saved as UTF-8 (the first character that is not is on line {line}), "
                         f"so accented letters would come out wrong. Save it as CSV UTF-8 and upload it again. "
                         f"{SAVE_AS_CSV}") from error


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel in many European settings) or tab: whichever the first line has most of."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


def _parse(text: str, delimiter: str) -> CsvTable:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            cells = [clean_cell(cell) for cell in cells]
            if not any(cells):
                continue
            if headers is None:
                headers = [name or f"Column {i}" for i, name in enumerate(cells, start=1)]
                continue
            rows.append((line, cells))
            if len(rows) > MAX_ROWS:
                raise CsvRefused(f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files.")
    except csv.Error as error:
        raise CsvRefused(f"The file could not be read as CSV: line {max(reader.line_num, 1)} has a problem "
                         f"({_plain_csv_error(error)}). {SAVE_AS_CSV}") from error
    return CsvTable(headers=headers or [], rows=rows)


def _plain_csv_error(error: csv.Error) -> str:
    message = str(error)
    if "field larger than field limit" in message:
        return "a cell is far too long"
    if "expected after" in message or "unexpected end of data" in message:
        return "a quotation mark is not closed or is followed by more text"
    return "it is not laid out as CSV"


def clean_cell(cell: str) -> str:
    """A cell as typed: no control characters or surrounding spaces, nor the ' our exports put before a formula."""
    text = _CONTROL.sub("", cell).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text
