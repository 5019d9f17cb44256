"""Fixtures: an app whose database is built by running the migrations, and a clean slate per test.

On SQLite each run (each pytest-xdist worker) gets a temporary file; with DATABASE_URL set (CI's PostgreSQL
run) the tests use that database and empty it first, or under pytest-xdist a database per worker beside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask.testing import FlaskCliRunner
from flask_migrate import upgrade

from config import TestConfig
from tests.database import (
    drop_everything,
    drop_worker_database,
    empty_all_tables,
    reaches_a_database,
    remember_empty_database,
    worker_database,
)
from tests.mailbox import Outbox
from wsoa.app import create_app
from wsoa.cli import main
from wsoa.extensions import db


def pytest_collection_modifyitems(config, items):
    """With WSOA_DATABASE_TESTS_ONLY set (CI's PostgreSQL pass), run only the tests that reach a database.

    The unit tests of pure code (the reader, the document builders, the rules) never open one, so a second pass on
    another database could only repeat their first result; every test that asks for the database, and every
    integration, API and browser test, still runs."""
    if not os.environ.get("WSOA_DATABASE_TESTS_ONLY"):
        return
    kept, deselected = [], []
    for item in items:
        (kept if reaches_a_database(item.nodeid, getattr(item, "fixturenames", ())) else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id) -> Iterator[str]:
    if not os.environ.get("DATABASE_URL"):
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'wsoa-test.db'}"
    elif worker_id == "master":  # not under pytest-xdist
        yield TestConfig.SQLALCHEMY_DATABASE_URI
    else:
        url = worker_database(TestConfig.SQLALCHEMY_DATABASE_URI, worker_id)
        yield url
        drop_worker_database(url)


@pytest.fixture(scope="session")
def migrated_app(database_url, tmp_path_factory):
    class SessionTestConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        EVIDENCE_STORAGE_DIR = str(tmp_path_factory.mktemp("evidence"))

    app = create_app(SessionTestConfig)
    with app.app_context():
        drop_everything()
        upgrade()
        db.session.remove()
        remember_empty_database()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(migrated_app):
    """The app with empty tables. No app context is pushed: requests get their own, as in production."""
    yield migrated_app
    with migrated_app.app_context():
        db.session.remove()
        empty_all_tables()


@pytest.fixture
def app_context(app):
    """For service-level tests that call domain functions directly."""
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app, tmp_path, monkeypatch) -> Outbox:
    """The emails this test sends (the test settings use the outbox mail backend), read back."""
    directory = tmp_path / "outbox"
    monkeypatch.setitem(app.config, "OUTBOX_DIR", str(directory))
    return Outbox(directory)


class WsoaCliRunner(FlaskCliRunner):
    """Runs the `wsoa` command (its commands live on the console script's group) against the test app."""

    def invoke(self, cli=None, args=None, **kwargs):
        return super().invoke(cli or main, args, **kwargs)


@pytest.fixture
def runner(app):
    return WsoaCliRunner(app)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """SeaweedFS's S3 gateway on loopback, started once for the session by the first test that needs it."""
    from tests.servers import SeaweedS3

    server = SeaweedS3(tmp_path_factory.mktemp("seaweedfs"))
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server) -> str:
    """A new, empty bucket."""
    return s3_server.new_bucket()


@pytest.fixture
def s3_app(app, s3_server, s3_bucket):
    """The app keeping its evidence in a new bucket instead of its directory."""
    from wsoa.storage import use_storage

    use_storage(app, s3_server.store(s3_bucket))
    yield app
    use_storage(app, None)
