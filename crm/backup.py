"""`flask backup` and `flask restore`: a consistent copy of the database, and bringing one back.

SQLite: the sqlite3 online backup API copies the live file page by page within one read transaction, so the
copy is a consistent snapshot even while the app keeps writing (never copy the ``.db`` file itself: recent
commits live in the ``-wal`` file, see GOTCHAS.md). The copy is checked with ``PRAGMA integrity_check``.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists`` with the host, port, user,
password and database of the app's database URL. The PostgreSQL client tools must be installed (Debian:
``apt install postgresql-client``), of the server's major version or newer.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump / pg_restore with an argument list, never a shell
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from crm import audit
from crm.extensions import db

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"
CLIENT_TOOLS_HELP = (
    "The PostgreSQL client tools (pg_dump, pg_restore) must be installed and on PATH "
    "(Debian/Ubuntu: apt install postgresql-client), of the server's major version or newer."
)


class BackupError(Exception):
    """A backup or restore cannot be done; the message says why, for the operator."""


def _database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _sqlite_file(url: URL) -> Path:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        raise BackupError("The database is in memory: there is no file to back up or restore.")
    return Path(database)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory
    from flask_migrate import Config

    directory = current_app.extensions["migrate"].directory
    config = Config(os.path.join(directory, "alembic.ini"))
    config.set_main_option("script_location", directory)
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def default_path(extension: str) -> Path:
    """instance/backups/crm-<UTC timestamp>.<extension>."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(current_app.instance_path) / "backups" / f"crm-{stamp}.{extension}"


def _new_target(path: Path) -> Path:
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name (backups are never overwritten).")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot create the folder {path.parent}: {exc.strerror or exc}.") from exc
    return path


# --- SQLite -----------------------------------------------------------------------------------------------


def _integrity(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)


def backup_sqlite(live: Path, target: Path) -> None:
    """Copy the live database to target with the online backup API, then check the copy."""
    if not live.is_file():
        raise BackupError(f"The database file {live} does not exist.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(live, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # pages=-1: all pages in one step, one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            result = _integrity(copy)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup failed: {exc}.") from exc
    finally:
        source.close()
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"The copy failed its integrity check: {result}")
    partial.replace(target)


def _check_file_starts_with(path: Path, header: bytes, what: str) -> None:
    """Raise BackupError unless path is a file that begins with header (what it should be, in words)."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    with path.open("rb") as handle:
        if handle.read(len(header)) != header:
            raise BackupError(f"{path} is not {what}.")


def check_sqlite_backup(path: Path) -> str:
    """Return the schema revision of a backup of this app's SQLite database; raise BackupError if it is not one."""
    _check_file_starts_with(path, SQLITE_HEADER, "a SQLite database")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = _integrity(connection)
            has_version = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone() if has_version else None
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} cannot be read as a SQLite database: {exc}.") from exc
    if result != "ok":
        raise BackupError(f"{path} failed its integrity check: {result}")
    if revision is None:
        raise BackupError(f"{path} is a SQLite database but not one of this app (it has no alembic_version).")
    if revision[0] not in _known_revisions():
        raise BackupError(f"{path} is at schema revision {revision[0]!r}, which this app does not know.")
    return revision[0]


def restore_sqlite(source: Path, live: Path) -> None:
    """Copy a checked backup over the live database with the backup API (other connections see it at once)."""
    db.session.remove()
    db.engine.dispose()
    try:
        backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(live, timeout=30)
            try:
                backup.backup(target)
                result = _integrity(target)
            finally:
                target.close()
        finally:
            backup.close()
    except sqlite3.Error as exc:
        raise BackupError(f"The restore failed: {exc}.") from exc
    if result != "ok":
        raise BackupError(f"The restored database failed its integrity check: {result}")


# --- PostgreSQL -------------------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found. {CLIENT_TOOLS_HELP}")
    return found


def _pg_connection(url: URL) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment for the PostgreSQL tools; the password goes in the environment."""
    args = []
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    for key, value in url.query.items():  # e.g. sslmode=require
        if key in {"sslmode", "sslrootcert", "sslcert", "sslkey"}:
            env[f"PG{key.upper()}"] = value if isinstance(value, str) else value[-1]
    return [*args, "--no-password"], env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {message[-1] if message else f'exit status {result.returncode}'}")


def backup_postgres(url: URL, target: Path) -> None:
    """pg_dump in the custom format to target."""
    args, env = _pg_connection(url)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", *args,
              "--dbname", url.database or ""], env, "pg_dump")
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)


def check_postgres_backup(path: Path) -> None:
    """Raise BackupError unless path is a pg_dump custom-format archive of this app's database."""
    _check_file_starts_with(path, PG_CUSTOM_HEADER, "a pg_dump archive in the custom format (made by `flask backup`)")
    result = subprocess.run([_pg_tool("pg_restore"), "--list", str(path)],  # noqa: S603
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{path} cannot be read by pg_restore: {result.stderr.strip()}")
    entries = [line.split() for line in result.stdout.splitlines() if not line.startswith(";")]
    if not any("TABLE" in words and "alembic_version" in words for words in entries):
        raise BackupError(f"{path} is a PostgreSQL dump but not one of this app (it has no alembic_version).")


def restore_postgres(url: URL, source: Path) -> None:
    """pg_restore --clean --if-exists into the app's database, in one transaction."""
    args, env = _pg_connection(url)
    db.session.remove()
    db.engine.dispose()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args,
          "--dbname", url.database or "", str(source)], env, "pg_restore")


# --- Commands ---------------------------------------------------------------------------------------------


def _audit(action: str, detail: str) -> None:
    """Record what the command did as an audit event by the command line (no staff member), committed."""
    try:
        audit.record(action, "database", None, detail=detail, user=audit.CLI)
        db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        raise BackupError(f"That was done, but its audit event could not be written "
                          f"({exc.__class__.__name__}).") from exc


@click.command("backup")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path | None) -> None:
    """Write a consistent copy of the database to PATH (default: instance/backups/crm-<UTC time>.db or .dump).

    Safe while the app is running. SQLite: online backup API, then an integrity check of the copy.
    PostgreSQL: pg_dump --format=custom; the PostgreSQL client tools (pg_dump, pg_restore) must be installed,
    e.g. `apt install postgresql-client`.
    """
    url = _database_url()
    try:
        if url.get_backend_name() == "sqlite":
            target = _new_target(path or default_path("db"))
            backup_sqlite(_sqlite_file(url), target)
        elif url.get_backend_name() == "postgresql":
            target = _new_target(path or default_path("dump"))
            backup_postgres(url, target)
        else:
            raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")
        _audit("backup_written", f"{target.name}, {target.stat().st_size} bytes")
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {target} ({target.stat().st_size:,} bytes). Keep it private: it holds "
               "personal data.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace ALL data in the database with the backup at PATH (made by `flask backup`).

    Stop the app first. SQLite: checks that PATH is a sound SQLite database of this app, then copies it in with
    the backup API. PostgreSQL: pg_restore --clean --if-exists in one transaction; the PostgreSQL client tools
    (pg_dump, pg_restore) must be installed, e.g. `apt install postgresql-client`.
    Run `flask db upgrade` afterwards if the backup is from an older version of the app.
    """
    url = _database_url()
    backend = url.get_backend_name()
    try:
        if backend == "sqlite":
            live = _sqlite_file(url)
            check_sqlite_backup(path)
        elif backend == "postgresql":
            check_postgres_backup(path)
        else:
            raise BackupError(f"Restoring {backend} databases is not supported.")
        where = live if backend == "sqlite" else url.render_as_string(hide_password=True)
        if not yes:
            click.confirm(f"Replace ALL data in {where} with {path}?", abort=True)
        if backend == "sqlite":
            restore_sqlite(path, live)
        else:
            restore_postgres(url, path)
        _audit("database_restored", f"from {path.name}")  # into the restored database, after its own events
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {path} into {where}.")
