"""Engine set-up per database: SQLite pragmas and write locks, PostgreSQL as it comes.

SQLite (see GOTCHAS.md): foreign keys and the busy timeout are per connection; Python's sqlite3 would begin
a transaction only at the first write, so a request that reads then writes is not isolated. We take over
transaction control (driver ``isolation_level=None``) and emit the BEGIN ourselves: ``BEGIN IMMEDIATE`` takes
the write lock at the start, so concurrent read-then-write requests queue instead of losing updates.
Requests with a safe method (GET, HEAD, OPTIONS) begin deferred, so readers never queue behind writers;
the few writes they make (audit events of a view) go through ``crm.audit``, which writes them in a
transaction of their own after the view has run.
"""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

# True while the current unit of work only reads (a GET request); its transactions begin deferred.
reading_only: ContextVar[bool] = ContextVar("reading_only", default=False)


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Install the SQLite connection and transaction hooks on engine; other databases are left alone."""
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
        connection.exec_driver_sql("BEGIN" if reading_only.get() else "BEGIN IMMEDIATE")


def _is_memory(engine: Engine) -> bool:
    database = engine.url.database
    return not database or database == ":memory:" or database.startswith("file::memory:")
