"""Fixtures shared by the whole suite: app, client, runner, a clean database per test, sign-in helpers.

Every test that uses ``app`` runs on SQLite and again on PostgreSQL when TEST_DATABASE_URL is set. Under CI
(CI=true) a missing PostgreSQL fails those tests instead of skipping them.
SQLite: each test gets a copy of a database file migrated once per session. PostgreSQL: migrated once per
session, and every table is truncated after each test (see GOTCHAS.md on why not rollback-per-test).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from crm import create_app
from crm.database import reading_only
from tests.factories import DEFAULT_PASSWORD

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"

BASE_TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "WTF_CSRF_ENABLED": False,
    # Cheap argon2id parameters keep the suite fast; production uses the defaults in crm/config.py.
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_KIB": 1024,
    "PASSWORD_HASH_PARALLELISM": 1,
    # Rebuild the suggestion index in the request that notices a change, so tests see it at once.
    "SUGGESTIONS_REFRESH_IN_BACKGROUND": False,
    # Admin tests sign in with a password alone; tests of two-step sign-in turn the requirement on.
    "TOTP_REQUIRED_FOR_ADMINS": False,
}


def pytest_configure(config):
    config.addinivalue_line("markers", "app_config(**settings): extra settings for the app fixture")


def require_or_skip(reason: str):
    """Skip outside CI; fail in CI, where nothing may be skipped silently."""
    if IN_CI:
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


def _migrate(url: str, instance: Path) -> None:
    from flask_migrate import upgrade

    app = create_app({**BASE_TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        from crm.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite database file migrated to the newest revision, copied for each test."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.db"
    os.environ["CRM_INSTANCE_PATH"] = str(folder / "instance")
    _migrate(f"sqlite:///{path}", folder)
    # Fold the write-ahead log into the main file so that a plain copy is complete.
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory) -> str | None:
    """The PostgreSQL test database, emptied and migrated once per session; None when not configured."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    url = worker_database(url)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except Exception as exc:  # noqa: BLE001 - any connection failure is reported the same way
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL cannot be used: {exc}")
    finally:
        engine.dispose()
    _migrate(url, tmp_path_factory.mktemp("pg-instance"))
    return url


def worker_database(url: str, name: str | None = None) -> str:
    """url, or under pytest-xdist this worker's own database next to it (created when missing).

    ``make test`` runs the suite in two processes (pytest -n 2); each empties and migrates its database, so
    they must not share one. name replaces the database's name first (a test's throwaway database).
    """
    parsed = make_url(url)
    if name:
        parsed = parsed.set(database=name)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return parsed.render_as_string(hide_password=False)
    parsed = parsed.set(database=f"{parsed.database}_{worker}")
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}):
                conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure is reported the same way
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL cannot be used: {exc}")
    finally:
        server.dispose()
    return parsed.render_as_string(hide_password=False)


def _truncate_all(app) -> None:
    from crm.extensions import db

    with app.app_context():
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.rollback()
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_backend(request) -> str:
    """Which database the test runs on."""
    return request.param


@pytest.fixture
def database_url(db_backend, request, tmp_path) -> str:
    """A clean database for this test."""
    if db_backend == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    if url is None:
        require_or_skip("TEST_DATABASE_URL is not set: PostgreSQL tests not run")
    return url


@pytest.fixture
def app_settings(request) -> dict:
    """Settings from the test's app_config marker, if any."""
    marker = request.node.get_closest_marker("app_config")
    return dict(marker.kwargs) if marker else {}


class IsolatedClient(FlaskClient):
    """A test client whose every request runs as a separate request would in production.

    The test's own session (in the fixture's app context) is committed first, so factories need no commit
    and hold no lock; the request then gets a fresh app context (its own ``g`` and database session).
    """

    def open(self, *args, **kwargs):
        from crm.extensions import db

        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url, db_backend, app_settings, tmp_path, monkeypatch):
    """The app bound to this test's clean database, with an app context pushed."""
    for name in ("DATABASE_URL", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CRM_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**BASE_TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **app_settings})
    app.test_client_class = IsolatedClient
    from crm.employers.duplicates import forget_employer_names
    from crm.suggestions.index import suggestion_index

    forget_employer_names()  # caches are per process and database URL; each test starts afresh
    suggestion_index.forget()
    # The test's own reads begin deferred (like a GET request) so they never hold SQLite's write lock.
    token = reading_only.set(True)
    with app.app_context():
        yield app
        from crm.extensions import db

        db.session.remove()
        if db_backend == "postgresql":
            _truncate_all(app)
        db.engine.dispose()
    reading_only.reset(token)


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the app's CLI commands."""
    return app.test_cli_runner()


def sign_in(client, user, password: str = DEFAULT_PASSWORD):
    """Sign user in through the login form; return the response."""
    return client.post("/login", data={"email": user.email, "password": password})


@pytest.fixture
def signed_in(client):
    """A function that signs a user in on the shared client and returns the client."""

    def _sign_in(user):
        response = sign_in(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _sign_in


@pytest.fixture(scope="session")
def blns() -> list[str]:
    """The Big List of Naughty Strings from ../shared/data (skips only outside CI when absent)."""
    import json

    path = SHARED_DATA / "blns.json"
    if not path.exists():
        require_or_skip(f"{path} is missing")
    return json.loads(path.read_text(encoding="utf-8"))
