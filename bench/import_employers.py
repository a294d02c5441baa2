"""How long importing 10,000 employers takes, duplicate checks included (figure to reach: 30 s).

The whole web flow through the test client, as a team lead would click it: upload the CSV, keep the matched
columns (every row checked with the employer form's rules, duplicates looked for with the duplicate guard's rules
against the existing employers and the earlier rows), look at the preview, confirm. The database holds 20,000
employers first, named the way the demo data names them, so that many rows have near-duplicates.

    .venv/bin/python bench/import_employers.py                      # SQLite in a temporary folder
    .venv/bin/python bench/import_employers.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    (BENCH_PG_URL works too; the PostgreSQL database is emptied first)
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXISTING, ROWS = 20_000, 10_000
PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throwaway account in a throwaway database


# Names built as the demo data builds them: a place word, a kind of business, and a branch for repeats.
PLACES = ("Maple Street", "Riverside", "Old Mill", "Greenway", "Oakfield", "Willow Lane", "Kingfisher", "Brookside",
          "Harbour View", "Station Road", "Hilltop", "Meadowbank", "Cedar", "Elm Court", "Sampleford", "Northgate",
          "Beacon", "Foxglove", "Lark Rise", "Juniper", "Bluebell", "Silverbirch", "Hawthorn", "Marigold", "Heron")
BUSINESSES = ("Bakery", "Cafe", "Care Home", "Garden Centre", "Logistics", "Print Works", "Motors", "Hotel",
              "Pharmacy", "Builders", "Cleaning Services", "Florist", "Butchers", "Kitchen", "Warehouse",
              "Home Support", "Accountants", "Garage", "Leisure Centre", "Bookshop", "Deli", "Tavern", "Salon")
SYLLABLES = ("bar", "ten", "lo", "mer", "wick", "ash", "den", "fel", "gor", "ham", "ing", "kel", "mon", "nor", "pel",
             "quin", "ros", "sel", "tor", "ul", "ven", "wes", "yar", "zel", "bro", "cas", "dun", "ell")
BRANCHES = ("Testbury", "Exampleton", "Mockley", "Demo Heath", "Fictonby Marsh", "Sampleford", "Placeby")


def _names(rng: random.Random, count: int) -> list[str]:
    names, used = [], {}
    while len(names) < count:
        base = f"{rng.choice(PLACES)} {rng.choice(BUSINESSES)}"
        times = used.get(base, 0)
        used[base] = times + 1
        names.append(base if times == 0 else f"{base} ({BRANCHES[times % len(BRANCHES)]} {times // 7 + 1})")
    return names


def _prepare(url: str) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from crm import create_app
    from crm.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 1024, "PASSWORD_HASH_PARALLELISM": 1})
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE"))
            db.session.execute(text("CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        db.engine.dispose()


def _seed(rng: random.Random) -> list[str]:
    """20,000 existing employers (Core inserts) and a team lead; returns their names."""
    from sqlalchemy import insert

    from crm.auth.passwords import hash_password
    from crm.employers.names import normalise_employer_name
    from crm.extensions import db
    from crm.models import Employer, Team, User
    from crm.models.types import utcnow

    team = Team(name="Bench team")
    db.session.add(team)
    db.session.flush()
    db.session.add(User(email="lead@bench.example.org", name="Bench Lead", role="team_lead", team_id=team.id,
                        password_hash=hash_password(PASSWORD)))
    names = _names(rng, EXISTING)
    now = utcnow()
    db.session.execute(insert(Employer), [
        {"name": name, "normalized_name": normalise_employer_name(name), "town": "Sampleford",
         "relationship_stage": "prospect", "created_at": now, "updated_at": now} for name in names])
    db.session.commit()
    return names


def _new_name(rng: random.Random) -> str:
    """A business the team does not know yet: an invented family name and a trade."""
    family = "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()
    return f"{family} {rng.choice(BUSINESSES)}"


def _file(rng: random.Random, existing: list[str]) -> bytes:
    """10,000 rows: mostly new businesses, a tenth named as existing ones, a few with mistakes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Business name", "Industry", "Street address", "Town", "Postcode", "Phone", "Website", "Size",
                     "Relationship stage", "Notes"])
    for i in range(ROWS):
        name = rng.choice(existing) if rng.random() < 0.1 else _new_name(rng)
        website = f"https://www.business{i}.example.org" if rng.random() < 0.95 else "not a web address"
        writer.writerow([name, "Hospitality", f"{rng.randint(1, 200)} High Street", "Sampleford",
                         f"XX{rng.randint(1, 9)} {rng.randint(1, 9)}AB", f"01632 96{i % 10000:04d}", website,
                         rng.choice(["micro", "small", "", "1–9 staff"]), "Introduced", "Imported for the benchmark."])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def main() -> int:
    """Run the import once and print the time of each step and in all."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CRM_INSTANCE_PATH"] = str(Path(folder) / "instance")
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        _prepare(url)
        return _run(url)


def _run(url: str) -> int:
    from crm import create_app
    from crm.database import reading_only
    from crm.extensions import db
    from crm.transfer.models import ImportBatch

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 1024,
                      "PASSWORD_HASH_PARALLELISM": 1})
    rng = random.Random(1729)
    with app.app_context():
        existing = _seed(rng)
        db.session.remove()
    data = _file(rng, existing)
    client = app.test_client()
    assert client.post("/login", data={"email": "lead@bench.example.org", "password": PASSWORD}).status_code == 302
    steps = []

    def step(label, method, path, **kwargs):
        started = time.perf_counter()
        response = getattr(client, method)(path, **kwargs)
        steps.append((label, time.perf_counter() - started))
        assert response.status_code in (200, 302), (label, response.status_code, response.get_data(True)[:500])
        return response

    step("upload", "post", "/transfer/import/employers", data={"file": (io.BytesIO(data), "bench.csv")},
         content_type="multipart/form-data")
    step("mapping page", "get", "/transfer/import/mapping")
    step("check rows and duplicates", "post", "/transfer/import/mapping",
         data={f"column_{i}": key for i, key in enumerate(
             ["name", "industry", "address", "town", "postcode", "phone", "website", "size", "relationship_stage",
              "notes"])})
    step("preview page", "get", "/transfer/import/preview")
    step("confirm and write", "post", "/transfer/import/preview", data={"good_rows_only": "y"})
    token = reading_only.set(True)
    with app.app_context():
        batch = db.session.scalar(db.select(ImportBatch))
        counts = batch.counts
        db.engine.dispose()
    reading_only.reset(token)
    total = sum(seconds for _, seconds in steps)
    print(f"Import of {ROWS:,} employers into {EXISTING:,} on {url.split(':')[0]}:")
    for label, seconds in steps:
        print(f"  {label:<28} {seconds:6.2f} s")
    print(f"  {'total':<28} {total:6.2f} s   (figure to reach: 30 s)   {counts}")
    return 0 if total <= 30 else 1


if __name__ == "__main__":
    sys.exit(main())
