"""Is this instance ready for traffic? The database answers, its schema is at the newest migration,
and the evidence store answers. Each check says what is wrong; /readyz keeps that to the logs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..storage import StorageError, storage_for

logger = logging.getLogger("wsoa.readiness")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@cache
def _newest_migrations(directory: str) -> frozenset[str]:
    """The heads of the migration scripts this code ships (read once per process)."""
    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def _migrations_directory(app: Flask) -> str:
    return str(Path(app.extensions["migrate"].directory))


def check_database(app: Flask) -> list[Check]:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = frozenset()
            if inspect(connection).has_table("alembic_version"):
                current = frozenset(connection.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError as error:
        reason = type(error).__name__ + ": " + str(error).splitlines()[0]
        return [Check("database", False, reason), Check("migrations", False, "the database did not answer")]
    expected = _newest_migrations(_migrations_directory(app))
    if current == expected:
        migrations = Check("migrations", True, f"at {', '.join(sorted(current))}")
    else:
        migrations = Check(
            "migrations",
            False,
            f"the database is at {', '.join(sorted(current)) or 'no migration'}; this code needs "
            f"{', '.join(sorted(expected))}: run `wsoa db upgrade`",
        )
    return [Check("database", True, "answers"), migrations]


def check_storage(app: Flask) -> Check:
    try:
        store = storage_for(app)
        store.check()
    except StorageError as error:
        return Check("storage", False, str(error))
    return Check("storage", True, f"{store.kind} answers")


def readiness(app: Flask) -> list[Check]:
    return [*check_database(app), check_storage(app)]


def log_failures(checks: list[Check]) -> None:
    for check in checks:
        if not check.ok:
            logger.warning("Not ready: %s: %s", check.name, check.detail, extra={"check": check.name})
