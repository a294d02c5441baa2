"""The openings list: search, filters, order, pagination, and a fixed number of queries per page."""

import re
import shutil
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, event

from crm.extensions import db
from crm.models.types import utcnow
from crm.openings.services import OpeningFilters, opening_list_query
from tests.factories import make_employer, make_opening


def titles(client, **params) -> list[str]:
    """The job titles listed, in order."""
    body = client.get("/openings/", query_string=params).get_data(as_text=True)
    return re.findall(r'<a href="/openings/\d+">([^<]*)</a>', body)


@pytest.fixture
def openings(app):
    """A small variety of openings at two employers."""
    bakery, depot = make_employer("Maple Street Bakery"), make_employer("Riverside Depot")
    now = utcnow()
    make_opening(bakery, title="Baker", industry="Hospitality", competitive=True, pay_min=Decimal("13"),
                 closes_on=date(2026, 12, 20), updated_at=now - timedelta(days=3))
    make_opening(bakery, title="Counter assistant", industry="Retail", source="developed",
                 closes_on=date(2026, 12, 1), updated_at=now - timedelta(days=1))
    make_opening(depot, title="Forklift driver", industry="Warehousing", competitive=True,
                 updated_at=now - timedelta(days=2))
    make_opening(depot, title="Night picker 100%", industry="warehousing", status="filled", closed_at=now)
    make_opening(depot, title="Cleaner", industry="Cleaning", status="closed", closed_at=now)
    return bakery, depot


def test_open_openings_newest_first_by_default(as_specialist, openings):
    assert titles(as_specialist) == ["Counter assistant", "Forklift driver", "Baker"]


@pytest.mark.parametrize("params, expected", [
    ({"status": "filled"}, ["Night picker 100%"]),
    ({"status": "closed"}, ["Cleaner"]),
    ({"status": "any", "sort": "title"}, ["Baker", "Cleaner", "Counter assistant", "Forklift driver",
                                          "Night picker 100%"]),
    ({"q": "BAKERY"}, ["Counter assistant", "Baker"]),  # the employer's name
    ({"q": "lift"}, ["Forklift driver"]),  # part of a title, any case
    ({"q": "100%", "status": "any"}, ["Night picker 100%"]),  # % is not a wildcard
    ({"q": "_"}, []),
    ({"industry": "WAREHOUSING", "status": "any"}, ["Night picker 100%", "Forklift driver"]),
    ({"source": "developed"}, ["Counter assistant"]),
    ({"source": "advertised"}, ["Forklift driver", "Baker"]),
    ({"competitive": "1"}, ["Forklift driver", "Baker"]),
    ({"sort": "closing"}, ["Counter assistant", "Baker", "Forklift driver"]),  # no closing date last
    ({"sort": "title"}, ["Baker", "Counter assistant", "Forklift driver"]),
    ({"sort": "nonsense"}, ["Counter assistant", "Forklift driver", "Baker"]),
])
def test_filters_and_order(as_specialist, openings, params, expected):
    assert titles(as_specialist, **params) == expected


def test_openings_at_one_employer(as_specialist, openings):
    bakery, _ = openings
    body = as_specialist.get("/openings/", query_string={"employer_id": bakery.id}).get_data(as_text=True)
    assert "Openings at Maple Street Bakery" in body
    assert f'<input type="hidden" name="employer_id" value="{bakery.id}">' in body  # kept by the filter form
    assert f'href="/openings/new?employer_id={bakery.id}">Add an opening' in body
    assert titles(as_specialist, employer_id=bakery.id) == ["Counter assistant", "Baker"]
    assert titles(as_specialist, employer_id=bakery.id, status="any", q="baker") == ["Counter assistant", "Baker"]


def test_list_shows_the_facts_as_text(as_specialist):
    make_opening(make_employer("<b>Bold</b> Ltd"), title="<script>alert(1)</script>", pay_min=Decimal("12.5"),
                 pay_max=Decimal("14"), hours_max=20, shifts=["day", "night"], place="Mill <Lane>", competitive=True,
                 closes_on=date(2026, 12, 24))
    body = as_specialist.get("/openings/").get_data(as_text=True)
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "at &lt;b&gt;Bold&lt;/b&gt; Ltd" in body
    facts = "£12.50 to £14.00 an hour · up to 20 hours a week · Day, Night · Mill &lt;Lane&gt; · Closes Thu 24 Dec 2026"
    assert facts in body
    assert "1 opening found." in body and ">Competitive</span>" in body


def test_pagination(as_specialist, app):
    employer = make_employer()
    for n in range(30):
        make_opening(employer, title=f"Job {n:02}")
    first = titles(as_specialist, sort="title")
    assert len(first) == 25 and first[0] == "Job 00"
    assert titles(as_specialist, sort="title", page=2) == [f"Job {n}" for n in range(25, 30)]
    assert titles(as_specialist, sort="title", page=99) == [f"Job {n}" for n in range(25, 30)]  # the last page
    assert titles(as_specialist, sort="title", page="x")[0] == "Job 00"
    body = as_specialist.get("/openings/?sort=title&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in body and "30 openings found." in body


def test_a_page_takes_the_same_queries_however_many_rows(as_specialist, app):
    """The page, its count, and the employers of the page in one query: never a query per row (N+1)."""

    def statements_for_a_page() -> list[str]:
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert as_specialist.get("/openings/?status=any").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return [re.sub(r"\s+", " ", s) for s in seen if s.lstrip().upper().startswith("SELECT")]

    make_opening()
    few = statements_for_a_page()
    for _ in range(24):
        make_opening()
    many = statements_for_a_page()
    assert len(many) == len(few)
    assert len([s for s in many if re.search(r"\bFROM opening\b", s)]) == 2  # the page and its count
    employers = [s for s in many if re.search(r"FROM employer WHERE employer\.id IN", s)]
    assert len(employers) == 1, many


def test_list_query_uses_the_status_index_for_the_default_order(sqlite_template, tmp_path):
    """On SQLite the default list reads ix_opening_status_updated in order, without sorting the openings."""
    path = tmp_path / "plan.db"
    shutil.copyfile(sqlite_template, path)
    engine = create_engine(f"sqlite:///{path}")
    query = opening_list_query(OpeningFilters()).limit(25)
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        plan = " ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    engine.dispose()
    assert "ix_opening_status_updated" in plan and "TEMP B-TREE" not in plan
