"""What people (and attackers) type, and how it must come back: hostile values for any form field, and checks.

Each field of a form (see tests.webforms) gets values that fit its kind (dates for a date box, options for a
select) and values that do not: control characters, huge and over-long text, unicode, numbers as text, SQL and
markup metacharacters, ids of other people's records. A field may also be left out or sent twice.
Probes (markup, a template expression, a formula) stored through forms must come back inert: ``injections``
lists what on a fetched page was written by input rather than by the app.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from hypothesis import strategies as st

from tests.webforms import Field, Form, Page

SQL = ["%", "_", "\\", "%%", "\\%", "'", '"', ";", "--", "/*", "*/", "\x00", "' OR '1'='1", "%' --",
       "'; DROP TABLE employer; --", '") OR 1=1 --', "[a-z]%", "*", "?", "$1", ":name", "%s", "{0}", "%(x)s"]
MARKUP = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "{{7*7}}",
          "{% raw %}", "${7*7}", "&amp;&lt;", "]]>", "<!--", "\u202e", "\ufeff", "\u2028", "\r\n\r\nX-Injected: 1"]
DATES = ["0000-00-00", "9999-12-31", "2026-02-30", "2026-13-01", "2026-00-10", "1899-12-31", "0001-01-01",
         "20260-01-01", "-2026-01-01", "2024-02-29", "31/12/2026", "12/31/2026", "today", "2026-1-1", "2026-W48",
         "2026-11-23T25:61", "0000-00-00T00:00", "9999-12-31T23:59", "2026-11-23T14:05:99", "1970-01-01T00:00",
         "2026-03-29T01:30", "2026-Q5", "2026-Q0", "-1-Q1", "９９９９-１２-３１"]
NUMBERS = ["-1", "0", "-0", "00", "1e999", "-1e999", "1e-999", "nan", "NaN", "inf", "-Infinity", "0.001",
           "12,50", "1_000", " 12 ", "0x10", "²", "٣", "½", "2147483647", "2147483648", "-2147483649",
           "9223372036854775808", "99999999999999999999999999", "1" * 400, "12.345", "1E+400", "+5", "--5"]
# The values at the edges of each kind of box, each sent once in every such box (random draws rarely hit them).
EDGES = {"date": ["0000-00-00", "0001-01-01", "9999-12-31", "2026-02-30"],
         "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T10:00"],
         "number": ["-1", "2147483648", "1e999", "sNaN"]}
FILE_NAMES = ["import.csv", "../../etc/passwd", "x.xlsx", "", "名前.csv", "a.csv\x00.exe", "<b>.csv", "CON", "a" * 300]


def sendable(strings: Iterable[str]) -> list[str]:
    """The strings a request can carry: those without lone surrogates (UTF-8 cannot encode them)."""
    return [text for text in strings if text.encode("utf-8", "replace").decode() == text]


def text_values(field: Field, naughty: Sequence[str]) -> st.SearchStrategy[str]:
    """Any text: control characters, unicode, metacharacters, and lengths around the field's limit."""
    limit = field.maxlength or 5000
    sizes = sorted({max(limit - 1, 0), limit, limit + 1, min(limit * 4 + 1, 20_000)})
    long = st.tuples(st.sampled_from(["x", "é", "𝕏", "<", "%", " "]), st.sampled_from(sizes)).map(
        lambda pair: pair[0] * pair[1])
    return st.one_of(
        st.text(max_size=30),
        st.text(st.characters(max_codepoint=0x7F), max_size=30),
        st.sampled_from(SQL + MARKUP + DATES + NUMBERS),
        st.sampled_from(list(naughty)),
        long,
    )


def number_values() -> st.SearchStrategy[str]:
    """Numbers written every way, and things that only look like numbers."""
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.floats().map(str),
        st.decimals(allow_nan=True, places=4).map(str),
    )


def date_values() -> st.SearchStrategy[str]:
    """Dates that do not exist, are out of range, or are written the wrong way; and real ones far apart."""
    return st.one_of(
        st.sampled_from(DATES),
        st.dates().map(lambda d: d.isoformat()),
        st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    )


def id_values(ids: Iterable[int]) -> st.SearchStrategy[str]:
    """Ids of every record of the data set (other people's too), and ids that cannot exist."""
    return st.sampled_from(sorted({str(i) for i in ids} | {"0", "-1", "2147483648", "9" * 30, "1.0", "1e3", "²"}))


def file_values(naughty: Sequence[str]) -> st.SearchStrategy[tuple]:
    """An uploaded file: random bytes or a CSV of naughty strings, under a hostile file name."""
    csv_text = st.lists(st.sampled_from(list(naughty) + SQL + MARKUP), min_size=1, max_size=6).map(
        lambda cells: ("Business name,Town\n" + "\n".join(f'"{c.replace(chr(34), 2 * chr(34))}",x' for c in cells))
        .encode())
    content = st.one_of(st.binary(max_size=300), csv_text, st.sampled_from([b"", b"\xef\xbb\xbf", b"PK\x03\x04"]))
    return st.tuples(content, st.sampled_from(FILE_NAMES))


def one_value(field: Field, ids: Iterable[int], naughty: Sequence[str]) -> st.SearchStrategy:
    """One hostile value for field, mostly of its own kind."""
    anything = text_values(field, naughty)
    if field.kind == "file":
        return file_values(naughty)
    if field.options:
        return st.one_of(st.sampled_from(field.options), anything)
    if field.kind in ("date", "datetime-local", "month", "week", "time"):
        return st.one_of(date_values(), anything)
    if field.kind == "number":
        return st.one_of(number_values(), anything)
    if field.kind == "hidden" and (field.name.endswith("_id") or field.value.isdigit()):
        return st.one_of(id_values(ids), anything)
    return st.one_of(anything, number_values(), date_values())


def field_values(field: Field, base: list, ids: Iterable[int], naughty: Sequence[str]) -> st.SearchStrategy[list]:
    """What a request carries for field: what the page has (or a valid value), a hostile value, none, or several."""
    value = one_value(field, ids, naughty)
    several = st.lists(value, min_size=2, max_size=4) if field.multiple else st.lists(value, min_size=2, max_size=2)
    return st.one_of(st.just(base), st.just(base), value.map(lambda v: [v]), st.just([]), several)


def form_pairs(form: Form, base: dict[str, list], ids: Iterable[int], naughty: Sequence[str],
               skip: frozenset[str] = frozenset({"csrf_token"})) -> st.SearchStrategy[list[tuple[str, object]]]:
    """The (name, value) pairs of one submission of form: each field kept, changed, left out or repeated."""
    names = [name for name in form.fields if name not in skip]
    per_field = [field_values(form.fields[name], base.get(name, []), ids, naughty) for name in names]
    # A name the form does not have: some are read by the app or by url_for ("_method", "endpoint") everywhere.
    extra = st.lists(st.tuples(st.sampled_from(["page", "id", "next", "_method", "_external", "_anchor", "endpoint",
                                                "csrf_token[]", "x" * 300]),
                               text_values(Field("extra", "text"), naughty)), max_size=1)
    return st.tuples(st.tuples(*per_field), extra).map(
        lambda drawn: [(name, v) for name, values in zip(names, drawn[0], strict=True) for v in values] + drawn[1])


def edge_submissions(form: Form, base: dict[str, list]) -> Iterable[list[tuple[str, str]]]:
    """One submission for each edge value (EDGES) of each date and number box, the other fields as in base."""
    for name, f in form.fields.items():
        for value in EDGES.get(f.kind, ()):
            yield [(n, v) for n, values in base.items() if n != name for v in values] + [(name, value)]


def as_upload(value: object) -> object:
    """A drawn file value as the test client sends it (a fresh stream each time)."""
    if isinstance(value, tuple):
        content, name = value
        return io.BytesIO(content), name
    return value


# --- Probes, and the checks that they came back inert ---------------------------------------------------

# Markup, a template expression, a spreadsheet formula and a calendar line in one: what lands in a text field.
# Shorter ones for fields with a small limit; script addresses for web-address fields.
PROBES = ['=t{{7*7}}t<script>alert(1)</script>"><img src=x onerror=alert(1)>\r\nATTACH:x', '"><svg onload=alert(1)>',
          "<b onclick=x>", "t{{7*7}}t", '"<b>', "<b>"]
URL_PROBES = ["javascript:alert(1)//t{{7*7}}t", "javascript:alert(1)", "t{{7*7}}t", "<b>"]
EVALUATED = "t49t"  # what t{{7*7}}t becomes if a template engine runs it
PROBE_TEXT = "&lt;script&gt;alert(1)&lt;/script&gt;"  # the first probe shown as text
NEUTRALISED = "'=t{{7*7}}t<script>"  # the first probe in a CSV file, where it must not start a formula
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "hx-get", "hx-post", "xlink:href", "poster",
                            "data", "background", "srcset", "ping"})
# Elements the app's templates never use: one on a page was written by someone's input.
FOREIGN = frozenset({"iframe", "object", "embed", "base", "frame", "frameset", "applet", "svg", "math", "style",
                     "template", "audio", "video", "marquee", "isindex"})
# What spreadsheets read as the start of a formula (GOTCHAS.md), written here rather than taken from the app.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
ICS_NAMES = frozenset({"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME", "UID", "DTSTAMP",
                       "DTSTART", "DTEND", "SUMMARY", "TRANSP", "DESCRIPTION"})


def fitting(probes: list[str], limit: int | None) -> str:
    """The first probe that fits the field's limit."""
    return next((p for p in probes if limit is None or len(p) <= limit), probes[-1][:limit])


def scheme(address: str) -> str:
    """The scheme a browser reads from an attribute value (it ignores tabs, line breaks and edge spaces)."""
    text = re.sub(r"[\t\n\r]", "", address).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10 ")
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", text)
    return found.group(1).lower() if found else ""


def injections(page: Page) -> list[str]:
    """What on a fetched page was written by input rather than by the app: markup, script addresses, formulas."""
    where = f"{page.url} ({page.content_type})"
    found = [f"{where}: a template ran ({EVALUATED})"] if EVALUATED in page.text else []
    if page.parsed is not None:
        for tag, attrs in page.parsed.tags:
            if tag == "script" and attrs.get("type") != "application/json" \
                    and not (attrs.get("src") or "").startswith("/static/"):
                found.append(f"{where}: <script {attrs}>")
            if tag in FOREIGN or tag == "img" and not re.match(r"/[^/]", attrs.get("src") or ""):
                found.append(f"{where}: <{tag} {attrs}>")
            for name, value in attrs.items():
                if name.startswith(("on", "hx-on", "data-hx-on")):
                    found.append(f"{where}: <{tag} {name}={value!r}>")
                if name in URL_ATTRIBUTES and scheme(value or "") in ("javascript", "vbscript", "data"):
                    found.append(f"{where}: <{tag} {name}={value!r}>")
    elif page.content_type.startswith("text/csv"):
        for row in csv.reader(io.StringIO(page.text.removeprefix("\ufeff"), newline="")):
            found += [f"{where}: formula cell {cell!r}" for cell in row
                      if cell.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell)]
    elif page.content_type.startswith("text/calendar"):
        for line in page.text.replace("\r\n ", "").split("\r\n"):
            if line and re.split(r"[;:]", line, maxsplit=1)[0] not in ICS_NAMES:
                found.append(f"{where}: calendar line {line[:80]!r}")
    return found


def shows_probe(page: Page) -> bool:
    """True when the page shows the first probe, as its kind of file should: escaped, neutralised or folded."""
    if page.content_type.startswith("text/csv"):
        return NEUTRALISED in page.text
    if page.content_type.startswith("text/calendar"):
        return "t{{7*7}}t<script>" in page.text.replace("\r\n ", "")
    return PROBE_TEXT in page.text
