"""`flask backup` and `flask restore` on SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from crm import audit
from crm.extensions import db
from crm.models import AuditEvent, Team
from tests.conftest import require_or_skip

sqlite_only = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
postgres_only = pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
BATCH = 10


def _live_file(app) -> Path:
    return Path(db.engine.url.database)


def _team_names() -> set[str]:
    db.session.rollback()
    return set(db.session.scalars(select(Team.name)))


def _add_team(name: str) -> None:
    db.session.add(Team(name=name))
    db.session.commit()


def _events() -> list[tuple]:
    """(action, user id, role, detail) of every audit event, oldest first."""
    db.session.rollback()
    rows = db.session.execute(select(AuditEvent.action, AuditEvent.user_id, AuditEvent.user_role, AuditEvent.detail)
                              .order_by(AuditEvent.id))
    return [tuple(row) for row in rows]


def _audited_backup_then_restore(runner, target: Path) -> None:
    """An event, a backup (audited), another event; a restore brings back the first and records itself."""
    earlier = _events()
    audit.record("view", "probe", 1, detail="before the backup")
    db.session.commit()
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    size = target.stat().st_size
    assert _events() == [*earlier, ("view", None, None, "before the backup"),
                         ("backup_written", None, "cli", f"{target.name}, {size} bytes")]
    audit.record("view", "probe", 2, detail="after the backup")
    db.session.commit()

    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    # Written into the restored database, after what it brought back (events after the backup are gone with it).
    assert _events() == [*earlier, ("view", None, None, "before the backup"),
                         ("database_restored", None, "cli", f"from {target.name}")]


def _count(path: Path) -> tuple[int, int, str]:
    connection = sqlite3.connect(path)
    try:
        count, highest = connection.execute("SELECT count(*), coalesce(max(id), 0) FROM team").fetchone()
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return count, highest, integrity


@sqlite_only
def test_backup_while_the_app_writes_is_consistent(app, runner, tmp_path):
    live = _live_file(app)
    stop = threading.Event()
    written = []

    def keep_inserting():
        connection = sqlite3.connect(live, timeout=30, isolation_level=None)
        connection.execute("PRAGMA busy_timeout=30000")
        batch = 0
        while not stop.is_set():
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany("INSERT INTO team (name, active, created_at) VALUES (?, 1, '2026-01-01')",
                                   [(f"team {batch}-{i} " + "x" * 200,) for i in range(BATCH)])
            connection.execute("COMMIT")
            batch += 1
            written.append(batch)
            time.sleep(0.005)  # a gap between writes, as the app leaves: the backup's audit event needs one
        connection.close()

    writer = threading.Thread(target=keep_inserting)
    writer.start()
    try:
        while len(written) < 200:  # a few thousand rows, so the copy has pages to read while rows arrive
            time.sleep(0.01)
        copies, during = [], []
        for n in range(3):
            target = tmp_path / f"copy-{n}.db"
            before = len(written)
            result = runner.invoke(args=["backup", str(target)])
            assert result.exit_code == 0, result.output
            during.append(len(written) - before)
            assert "Backup written to" in result.output
            copies.append(target)
    finally:
        stop.set()
        writer.join(30)
    final = len(written) * BATCH
    assert sum(during) > 0, "the writer made no commits while the backups ran"
    for copy in copies:
        count, highest, integrity = _count(copy)
        assert integrity == "ok"
        assert count == highest  # no gaps: a snapshot, not a mixture
        assert count % BATCH == 0  # whole transactions only
        assert 200 * BATCH <= count <= final
        assert not copy.with_name(copy.name + "-wal").exists()  # a single self-contained file


@sqlite_only
def test_backup_default_path_is_in_instance_backups(app, runner):
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    made = list((Path(app.instance_path) / "backups").glob("crm-*Z.db"))
    assert len(made) == 1 and made[0].name in result.output


@sqlite_only
def test_restore_brings_back_the_rows(app, runner, tmp_path):
    _add_team("Before")
    target = tmp_path / "backup.db"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    _add_team("After")
    db.session.execute(Team.__table__.delete().where(Team.name == "Before"))
    db.session.commit()
    assert _team_names() == {"After"}

    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    assert _team_names() == {"Before"}
    _add_team("Later")  # the app carries on writing to the restored database
    assert _team_names() == {"Before", "Later"}


@sqlite_only
def test_backup_and_restore_are_audited(app, runner, tmp_path):
    _audited_backup_then_restore(runner, tmp_path / "audited.db")


@sqlite_only
def test_restore_asks_first(app, runner, tmp_path):
    _add_team("Before")
    target = tmp_path / "backup.db"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    _add_team("After")

    refused = runner.invoke(args=["restore", str(target)], input="n\n")
    assert refused.exit_code != 0 and "Replace ALL data" in refused.output and "Aborted" in refused.output
    assert _team_names() == {"Before", "After"}

    confirmed = runner.invoke(args=["restore", str(target)], input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert _team_names() == {"Before"}


def _foreign_database(path: Path, *, revision: str | None) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    if revision:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    connection.commit()
    connection.close()
    return path


@sqlite_only
@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.db", "does not exist"),
    (lambda d: d, "is a directory"),
    (lambda d: (d / "text.db").write_text("hello, not a database " * 10) and d / "text.db", "not a SQLite database"),
    (lambda d: _foreign_database(d / "other.db", revision=None), "not one of this app"),
    (lambda d: _foreign_database(d / "future.db", revision="9999abc"), "does not know"),
])
def test_restore_refuses_what_is_not_a_backup_of_this_app(app, runner, tmp_path, make, message):
    _add_team("Kept")
    path = make(tmp_path)
    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _team_names() == {"Kept"}


@sqlite_only
def test_backup_errors_are_clear(app, runner, tmp_path):
    existing = tmp_path / "existing.db"
    existing.write_text("keep me")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert existing.read_text() == "keep me"

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = runner.invoke(args=["backup", str(blocker / "backup.db")])
    assert result.exit_code != 0 and "Cannot create the folder" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


@postgres_only
def test_postgres_round_trip(app, runner, tmp_path):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        require_or_skip("pg_dump / pg_restore are not installed: PostgreSQL backup test not run")
    _add_team("Before")
    target = tmp_path / "backup.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"PGDMP")
    _add_team("After")

    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    assert _team_names() == {"Before"}
    _add_team("Later")  # sequences came back too
    assert _team_names() == {"Before", "Later"}
    _audited_backup_then_restore(runner, tmp_path / "audited.dump")


@postgres_only
def test_postgres_restore_refuses_other_files(app, runner, tmp_path):
    sqlite_file = _foreign_database(tmp_path / "other.db", revision="0001")
    result = runner.invoke(args=["restore", "--yes", str(sqlite_file)])
    assert result.exit_code != 0 and "not a pg_dump archive" in result.output


@postgres_only
def test_postgres_tools_missing_is_a_clear_error(app, runner, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = runner.invoke(args=["backup", str(tmp_path / "x.dump")])
    assert result.exit_code != 0
    assert "pg_dump was not found" in result.output and "postgresql-client" in result.output
    assert not (tmp_path / "x.dump").exists()
