"""The benchmark databases: migrated and seeded with the demo data once, then reused.

SQLite: ``bench/out/<scale>.db`` (git-ignored), built under a temporary name and renamed when complete, so
an interrupted build never leaves a half-seeded file behind. PostgreSQL: database ``crm_bench`` (large) or
``crm_bench_<scale>`` on the server given by ``--pg-url``, created through its ``postgres`` database; the seed
commits once at the end, so a database without staff has never been seeded and is seeded again.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

OUT = Path(__file__).resolve().parent / "out"


def make_app(url: str):
    """The app as deployed (TESTING and DEBUG off, CSRF on, real argon2 cost) on the database at url."""
    os.environ.setdefault("CRM_INSTANCE_PATH", str(OUT / "instance"))
    from crm import create_app

    # Plain HTTP on loopback (the test client, or gunicorn for the load test): the session cookie cannot be Secure.
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32),
                       "SESSION_COOKIE_SECURE": False, "TOTP_REQUIRED_FOR_ADMINS": False})


def _migrate_and_seed(url: str, scale: str, echo) -> float | None:
    """Bring the schema up to date; seed when there is no staff yet. Return the seed time, None if skipped."""
    from flask_migrate import upgrade

    from crm.cli import analyze_database
    from crm.demo import seed
    from crm.extensions import db
    from crm.models import User

    app = make_app(url)
    with app.app_context():
        upgrade()
        seconds = None
        if not db.session.scalar(select(func.count()).select_from(User)):
            echo(f"Seeding the {scale} data set into {make_url(url).render_as_string()} ...")
            started = time.perf_counter()
            echo(seed(scale=scale, echo=echo).splitlines()[0])
            seconds = time.perf_counter() - started
        # Fresh statistics, as `flask seed-demo` leaves them: the planner needs them on both databases.
        analyze_database()
        db.session.remove()
        db.engine.dispose()
    return seconds


def upgrade_schema(url: str) -> None:
    """Bring a cached database's schema up to the newest revision (the code may have moved on since seeding)."""
    from flask_migrate import upgrade

    from crm.extensions import db

    app = make_app(url)
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()


def _remember_seed(key: str, seconds: float) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{key}.seed.json").write_text(json.dumps({"seeded_on": date.today().isoformat(),
                                                      "seconds": round(seconds, 1)}))


def seed_info(key: str) -> dict:
    """When the cached database of key was seeded and how long it took ({} when unknown)."""
    path = OUT / f"{key}.seed.json"
    return json.loads(path.read_text()) if path.exists() else {}


def sqlite_database(scale: str, rebuild: bool, echo) -> str:
    """The URL of the cached SQLite database of scale, built first when missing or when rebuild."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{scale}.db"
    if path.exists() and not rebuild:
        upgrade_schema(f"sqlite:///{path}")
        return f"sqlite:///{path}"
    building = OUT / f"{scale}.building.db"
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    seconds = _migrate_and_seed(f"sqlite:///{building}", scale, echo)
    _checkpoint(building)
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    building.replace(path)
    _remember_seed(f"sqlite-{scale}", seconds or 0.0)
    echo(f"SQLite {scale}: seeded in {seconds or 0:.0f} s, cached as {path}")
    return f"sqlite:///{path}"


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file so that renaming the file alone moves all of it."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        busy, _frames, _done = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        connection.exec_driver_sql("PRAGMA journal_mode=DELETE")  # no -wal file left to lose in the rename
    engine.dispose()
    if busy:
        raise RuntimeError(f"{path} is still open elsewhere: its write-ahead log could not be folded in")


def postgres_database(server_url: str, scale: str, rebuild: bool, echo) -> str:
    """The URL of the PostgreSQL benchmark database of scale on server_url's server, created if absent."""
    from crm.config import normalise_database_url

    server = make_url(normalise_database_url(server_url))
    name = "crm_bench" if scale == "large" else f"crm_bench_{scale}"
    engine = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        quoted = connection.dialect.identifier_preparer.quote(name)
        present = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
        if present and rebuild:
            connection.execute(text(f"DROP DATABASE {quoted} WITH (FORCE)"))
        if not present or rebuild:
            connection.execute(text(f"CREATE DATABASE {quoted}"))
    engine.dispose()
    url = server.set(database=name).render_as_string(hide_password=False)
    seconds = _migrate_and_seed(url, scale, echo)
    if seconds is not None:
        _remember_seed(f"postgresql-{scale}", seconds)
        echo(f"PostgreSQL {scale}: seeded in {seconds:.0f} s, database {name}")
    return url
