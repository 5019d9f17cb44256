"""Database set-up shared by the fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from wsoa.extensions import db

# SQLite: a copy of the freshly migrated database, put back between tests.
_empty_sqlite_copy: Path | None = None


def worker_database(url: str, worker: str) -> str:
    """A PostgreSQL database of this test worker's own beside the one in `url` (pytest-xdist runs several
    workers at once, each emptying its tables between tests), created empty; `drop_worker_database` removes it."""
    worker_url = make_url(url).set(database=f"{make_url(url).database}_{worker}")
    with _server(url) as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{worker_url.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{worker_url.database}"'))
    return worker_url.render_as_string(hide_password=False)


def drop_worker_database(url: str) -> None:
    with _server(url) as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


def _server(url: str):
    engine = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    return engine.connect()


def drop_everything() -> None:
    """Leave an empty database: a previous local run may have left tables, triggers and functions behind."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        return
    metadata = MetaData()
    metadata.reflect(bind=db.engine)
    metadata.drop_all(bind=db.engine)


def remember_empty_database() -> None:
    """Call once the migrations have run: on SQLite, keep a copy of the empty file to restore later."""
    global _empty_sqlite_copy
    if db.engine.dialect.name == "sqlite":
        database = Path(db.engine.url.database)
        db.engine.dispose()
        _empty_sqlite_copy = database.with_suffix(".empty")
        shutil.copyfile(database, _empty_sqlite_copy)


def empty_all_tables() -> None:
    """Back to the freshly migrated state. The audit trail refuses DELETE, so rows are never deleted here:
    PostgreSQL truncates, SQLite gets its empty file back."""
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            # The audit trail refuses TRUNCATE too (migration 0007). session_replication_role = replica switches
            # ordinary triggers off for this transaction only (SET LOCAL); it needs a superuser, which the test
            # database's user is. The app never does this: README says how to run it with a role that cannot.
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            # RESTART IDENTITY keeps ids small and predictable from test to test.
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    db.engine.dispose()
    database = Path(db.engine.url.database)
    # A write-ahead log left by another engine on the same file (a test's second instance) must not be
    # replayed onto the empty copy.
    for leftover in (database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(_empty_sqlite_copy, database)


PURE_TEST_DIRECTORIES = ("tests/unit/", "tests/architecture/")


def reaches_a_database(nodeid: str, fixture_names) -> bool:
    """Whether a test can reach a database: it asks for one (through any fixture), or it is an integration, API or
    browser test, which run the app."""
    return "database_url" in fixture_names or not nodeid.replace("\\", "/").startswith(PURE_TEST_DIRECTORIES)
