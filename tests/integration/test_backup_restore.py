"""The backup and restore in docs/deploy.md, done for real: pg_dump the database and copy the bucket into a
directory, restore both into an empty database and an empty bucket, and find every action, update and
evidence file there."""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
from urllib.parse import urlsplit, urlunsplit

import pytest

from config import TestConfig
from tests.conftest import WsoaCliRunner
from tests.factories import make_actions, make_inspection, make_user
from wsoa.actions.evidence import EvidenceDetails, add_evidence
from wsoa.actions.services import UpdateDetails, post_update
from wsoa.app import create_app
from wsoa.extensions import db
from wsoa.models import Action, Evidence, ProgressUpdate, User
from wsoa.storage import storage_for, use_storage

postgres = bool(os.environ.get("DATABASE_URL"))
pytestmark = pytest.mark.skipif(
    not postgres, reason="the documented backup is pg_dump and pg_restore of PostgreSQL (SQLite is one file to copy)"
)


def snapshot(app) -> dict:
    """Every action, update and evidence record, as plain values."""
    with app.app_context():
        return {
            "actions": sorted((a.id, a.reference, a.title, a.status, a.version) for a in db.session.query(Action)),
            "updates": sorted((u.id, u.action_id, u.rag, u.done) for u in db.session.query(ProgressUpdate)),
            "evidence": sorted(
                (e.id, e.action_id, e.storage_key, e.original_filename, e.sha256) for e in db.session.query(Evidence)
            ),
        }


@pytest.fixture
def plan_with_evidence(s3_app):
    inspection = make_inspection(s3_app, "Westmarsh")
    manager = make_user(s3_app, role="manager", area="Westmarsh")
    actions = make_actions(s3_app, inspection, manager)[:3]
    with s3_app.app_context():
        acting = db.session.get(User, manager.id)
        for number, made in enumerate(actions):
            action = db.session.get(Action, made.id)
            post_update(acting, action, UpdateDetails("amber", "Slower than planned", f"Work {number}"), action.version)
            db.session.commit()
            details = EvidenceDetails(
                "impact", "Audit", action.created_at.date(), filename=f"audit-{number}.pdf",
                data=b"%PDF-1.7 audit " + os.urandom(20_000),
            )
            add_evidence(acting, action, details, storage_for(s3_app), 1024 * 1024, action.version)
    return snapshot(s3_app)


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def psql(url: str, statement: str) -> None:
    subprocess.run(["psql", "--quiet", "--no-psqlrc", "-d", url, "-c", statement], check=True, capture_output=True)


def test_a_backup_restores_into_an_empty_database_and_bucket_with_everything_found(
    s3_app, s3_server, plan_with_evidence, tmp_path
):
    source_url = s3_app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://", 1)
    dump, bucket_copy = tmp_path / "wsoa.dump", tmp_path / "evidence-backup"

    # Back up: the database with pg_dump, the bucket into a directory (verified by sha256).
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), source_url], check=True)
    backup = WsoaCliRunner(s3_app).invoke(args=["copy-evidence", "--to", str(bucket_copy)])
    assert backup.exit_code == 0, backup.output

    # Restore into an empty database and an empty bucket.
    restored_name = f"wsoa_restore_{secrets.token_hex(4)}"
    restored_url = with_database(source_url, restored_name)
    psql(with_database(source_url, "postgres"), f"CREATE DATABASE {restored_name}")
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", restored_url, str(dump)], check=True)

        class RestoredConfig(TestConfig):
            SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://" + restored_url.split("://", 1)[1]

        restored = create_app(RestoredConfig)
        new_bucket = s3_server.new_bucket("restored")
        use_storage(restored, s3_server.store(new_bucket))
        copied = WsoaCliRunner(restored).invoke(args=["copy-evidence", "--from", str(bucket_copy)])
        assert copied.exit_code == 0, copied.output

        assert snapshot(restored) == plan_with_evidence
        assert len(plan_with_evidence["evidence"]) == 3 and len(plan_with_evidence["updates"]) == 3
        store = storage_for(restored)
        for _, _, key, _, sha256 in plan_with_evidence["evidence"]:
            with store.open(key) as body:
                assert hashlib.sha256(body.read()).hexdigest() == sha256
        assert s3_server.keys(new_bucket) == sorted(row[2] for row in plan_with_evidence["evidence"])
        with restored.app_context():
            db.engine.dispose()
    finally:
        psql(with_database(source_url, "postgres"), f"DROP DATABASE IF EXISTS {restored_name} WITH (FORCE)")
