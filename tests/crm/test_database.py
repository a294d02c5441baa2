"""Migrations agree with the models; SQLite is set up for safe concurrent writes."""

import multiprocessing
import os
import sqlite3
import threading
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from crm import create_app
from crm.database import reading_only
from crm.extensions import db
from crm.models import Setting
from tests.conftest import BASE_TEST_CONFIG


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrated_to_the_newest_revision(app):
    from alembic.script import ScriptDirectory
    from flask_migrate import Config

    config = Config(os.path.join(app.extensions["migrate"].directory, "alembic.ini"))
    config.set_main_option("script_location", app.extensions["migrate"].directory)
    heads = ScriptDirectory.from_config(config).get_heads()
    current = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    assert [current] == heads


def test_every_constraint_is_named(app):
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"
        for index in table.indexes:
            assert index.name


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_sqlite_connection_settings(app):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"]


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_postgresql_connections_do_not_compile_queries(app):
    """JIT is off: compiling a page's costly-looking query took longer than running it."""
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW jit").scalar() == "off"


def _count_then_write(url: str, instance: str, rounds: int) -> None:
    """In its own process: read the counter, then write it plus one, rounds times."""
    os.environ["CRM_INSTANCE_PATH"] = instance
    app = create_app({**BASE_TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        for _ in range(rounds):
            row = db.session.get(Setting, "counter")
            row.value = row.value + 1
            db.session.commit()


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_concurrent_read_then_write_loses_nothing(app, database_url, tmp_path):
    db.session.add(Setting(key="counter", value=0))
    db.session.commit()
    processes, rounds = 4, 40
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_count_then_write, args=(database_url, str(tmp_path / "i"), rounds))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    db.session.rollback()
    assert db.session.scalar(select(Setting.value).where(Setting.key == "counter")) == processes * rounds


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_writes_begin_immediate_and_reads_deferred(app):
    statements = []

    from sqlalchemy import event

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        token = reading_only.set(False)
        with db.engine.begin() as connection:
            connection.execute(text("SELECT 1"))
        reading_only.reset(token)
        token = reading_only.set(True)
        with db.engine.begin() as connection:
            connection.execute(text("SELECT 1"))
        reading_only.reset(token)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE", "BEGIN"]


def test_foreign_keys_are_enforced(app):
    from sqlalchemy.exc import IntegrityError

    from crm.models import ContactPerson

    db.session.add(ContactPerson(employer_id=424242, name="Nobody"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def _hold_write_lock(database_url: str, seconds: float) -> threading.Timer:
    """Another connection takes SQLite's write lock now and gives it back after seconds."""
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release():
        holder.execute("ROLLBACK")
        holder.close()

    timer = threading.Timer(seconds, release)
    timer.start()
    return timer


def _connect_in_wal_mode() -> None:
    """Open the app's connection first, which switches the file to WAL, as in production."""
    assert db.session.scalar(text("PRAGMA journal_mode")) == "wal"
    db.session.rollback()


def _write_counter(value: int) -> None:
    token = reading_only.set(False)
    try:
        db.session.add(Setting(key=f"counter-{value}", value=value))
        db.session.commit()
    finally:
        reading_only.reset(token)


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_a_write_waits_for_the_write_lock_then_goes_ahead(app, database_url):
    _connect_in_wal_mode()
    started = time.monotonic()
    timer = _hold_write_lock(database_url, 0.3)
    _write_counter(1)
    assert time.monotonic() - started >= 0.3
    timer.join()
    assert db.session.get(Setting, "counter-1").value == 1


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
@pytest.mark.app_config(SQLITE_BUSY_TIMEOUT_MS=200)
def test_a_write_gives_up_after_the_busy_timeout_and_the_app_recovers(app, database_url):
    from sqlalchemy.exc import OperationalError

    _connect_in_wal_mode()
    timer = _hold_write_lock(database_url, 1.0)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="database is locked"):
        _write_counter(1)
    assert 0.2 <= time.monotonic() - started < 0.9
    db.session.rollback()
    timer.join()
    _write_counter(2)
    assert db.session.get(Setting, "counter-2").value == 2
    assert db.session.scalar(text("PRAGMA busy_timeout")) == 200  # put back after the writes
