"""Extension singletons, bound to an app in create_app."""

import sqlite3

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints let Alembic alter and drop them, on SQLite's batch mode too.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()


@event.listens_for(Engine, "connect")
def _sqlite_write_ahead_log(dbapi_connection, _connection_record) -> None:
    """SQLite in write-ahead-log mode: readers and the one writer no longer block each other (gunicorn's workers
    and the scheduler share the file), and a commit costs one append instead of rewriting a rollback journal,
    which made each email of a digest run wait on the disk. With synchronous=NORMAL a commit survives the app or
    the process crashing; only a power cut or an operating-system crash can lose the last moments' commits
    (never corrupt the file), as SQLite's own documentation says. PostgreSQL, the production database, is not
    affected."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
