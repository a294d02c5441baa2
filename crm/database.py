"""Engine set-up per database: SQLite pragmas and write locks, PostgreSQL as it comes.

SQLite (see GOTCHAS.md): foreign keys and the busy timeout are per connection; Python's sqlite3 would begin
a transaction only at the first write, so a request that reads then writes is not isolated. We take over
transaction control (driver ``isolation_level=None``) and emit the BEGIN ourselves: ``BEGIN IMMEDIATE`` takes
the write lock at the start, so concurrent read-then-write requests queue instead of losing updates. They
queue by trying again every few milliseconds rather than through SQLite's busy handler, whose ever longer
sleeps let a long waiter starve under steady load (see ``_begin_immediate``).
Requests with a safe method (GET, HEAD, OPTIONS) begin deferred, so readers never queue behind writers;
the few writes they make (audit events of a view) go through ``crm.audit``, which writes them in a
transaction of their own after the view has run.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

# True while the current unit of work only reads (a GET request); its transactions begin deferred.
reading_only: ContextVar[bool] = ContextVar("reading_only", default=False)
# How long a write waits between two tries for SQLite's write lock: a random pause in this range (seconds).
WRITE_LOCK_RETRY_SECONDS = (0.001, 0.004)


@contextmanager
def reading(session) -> Iterator[None]:
    """Run the block in a transaction of its own that only reads (on SQLite: begun deferred, no write lock).

    For slow reads in a request or thread that also writes: a password check, the suggestion index's build.
    The transaction in progress is committed first (begun IMMEDIATE, it would hold the lock through the block).
    """
    session.commit()
    token = reading_only.set(True)
    try:
        yield
    finally:
        session.commit()  # nothing was written: this only ends the read transaction
        reading_only.reset(token)


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Install the connection hooks of PostgreSQL, or SQLite's connection and transaction hooks, on engine."""
    if engine.dialect.name == "postgresql":
        _configure_postgresql(engine)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Hand transaction control to SQLAlchemy's begin event below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable across app crashes in WAL mode
        if not _is_memory(engine):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if reading_only.get():
            connection.exec_driver_sql("BEGIN")
        else:
            _begin_immediate(connection, busy_timeout_ms)


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # PostgreSQL compiles a query to machine code (JIT) when its estimated cost is high, as a page's
        # correlated subqueries over 500,000 contacts are: My week spent 18 ms of its 100 ms compiling. Short
        # queries that run once never win that back.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.commit()


def _begin_immediate(connection: Connection, busy_timeout_ms: int) -> None:
    """BEGIN IMMEDIATE, waiting for the write lock by trying again every few milliseconds, not SQLite's way.

    SQLite's busy handler sleeps longer and longer between tries (up to 100 ms), so under steady load a
    request that has waited a while keeps losing the lock to newer ones, which still try every millisecond or
    two, and its wait can reach the busy timeout ("database is locked"). With gunicorn's 4 workers and 8
    clients logging contacts, the slowest answer took 2-6 s that way, and under 1 s with this loop: waiters
    that all try at the same short interval have an even chance, and one takes the lock soon after its release.
    """
    driver_connection = connection.connection.dbapi_connection
    driver_connection.execute("PRAGMA busy_timeout=0")
    try:
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except OperationalError as error:
            if not _is_busy(error.orig):
                raise
            if not _retry_begin_immediate(driver_connection, deadline=time.monotonic() + busy_timeout_ms / 1000):
                connection.exec_driver_sql("BEGIN IMMEDIATE")  # the last try: its error goes through SQLAlchemy
    finally:
        driver_connection.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")


def _retry_begin_immediate(driver_connection: sqlite3.Connection, deadline: float) -> bool:
    """Try BEGIN IMMEDIATE on the driver's connection (cheap to fail) until it succeeds (True) or the deadline.

    False also for any error other than busy, so that the caller's last try reports it through SQLAlchemy.
    """
    while time.monotonic() < deadline:
        time.sleep(random.uniform(*WRITE_LOCK_RETRY_SECONDS))  # noqa: S311 - jitter, not a secret
        try:
            driver_connection.execute("BEGIN IMMEDIATE")
            return True
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                return False
    return False


def _is_busy(error: BaseException | None) -> bool:
    """True for SQLITE_BUSY (and its extended codes): another connection holds the lock."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY


def _is_memory(engine: Engine) -> bool:
    database = engine.url.database
    return not database or database == ":memory:" or database.startswith("file::memory:")
