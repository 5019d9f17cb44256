"""`wsoa copy-evidence`: a directory of evidence into the bucket and the bucket back into a directory,
every file verified by sha256, safe to stop and run again."""

import hashlib

import pytest

from tests.factories import make_actions, make_inspection, make_user
from wsoa.actions.evidence import EvidenceDetails, add_evidence
from wsoa.extensions import db
from wsoa.models import Action, Evidence, User
from wsoa.storage import LocalStorage, storage_for

CONTENTS = [b"%PDF-1.7 minutes", b"%PDF-1.7 audit", b"month,referrals\nJanuary,42\n"]
NAMES = ["minutes.pdf", "audit.pdf", "figures.csv"]


@pytest.fixture
def evidence_on_disk(app, tmp_path):
    """Three files added while evidence was kept in a directory: (the directory, their keys)."""
    directory = LocalStorage(tmp_path / "evidence")
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    action_id = make_actions(app, inspection, manager)[0].id
    keys = []
    with app.app_context():
        for content, name in zip(CONTENTS, NAMES, strict=True):
            action = db.session.get(Action, action_id)
            details = EvidenceDetails("activity", "Minutes", action.created_at.date(), filename=name, data=content)
            evidence = add_evidence(db.session.get(User, manager.id), action, details, directory, 1024, action.version)
            keys.append(evidence.storage_key)
    return directory, keys


def copy(runner, *args):
    return runner.invoke(args=["copy-evidence", *args])


def test_a_directory_of_evidence_moves_into_the_bucket_and_every_file_is_verified(
    s3_app, s3_server, s3_bucket, runner, evidence_on_disk
):
    directory, keys = evidence_on_disk
    result = copy(runner, "--from", str(directory.root))
    assert result.exit_code == 0, result.output
    assert "3 copied, 0 already there, 0 missing, 0 corrupt, 0 failed" in result.output
    assert s3_server.keys(s3_bucket) == sorted(keys)
    store = storage_for(s3_app)
    for key, content in zip(keys, CONTENTS, strict=True):
        with store.open(key) as body:
            assert body.read() == content


def test_a_second_run_copies_only_what_the_first_did_not_finish(s3_app, s3_server, s3_bucket, runner, evidence_on_disk):
    directory, keys = evidence_on_disk
    copy(runner, "--from", str(directory.root))
    s3_server.client.delete_object(Bucket=s3_bucket, Key=keys[1])  # as if the first run stopped before it
    result = copy(runner, "--from", str(directory.root))
    assert result.exit_code == 0, result.output
    assert "1 copied, 2 already there" in result.output
    assert s3_server.keys(s3_bucket) == sorted(keys)


def test_a_file_whose_content_changed_on_disk_is_reported_and_not_copied(
    s3_app, s3_server, s3_bucket, runner, evidence_on_disk
):
    directory, keys = evidence_on_disk
    directory.path(keys[0]).write_bytes(b"%PDF-1.7 tampered")
    result = copy(runner, "--from", str(directory.root))
    assert result.exit_code == 1
    assert f"{keys[0]}: the source's copy does not match the sha256 the database recorded" in result.output
    assert "2 copied, 0 already there, 0 missing, 1 corrupt" in result.output
    assert keys[0] not in s3_server.keys(s3_bucket)


def test_a_file_missing_from_the_directory_is_reported(s3_app, runner, evidence_on_disk):
    directory, keys = evidence_on_disk
    directory.path(keys[2]).unlink()
    result = copy(runner, "--from", str(directory.root))
    assert result.exit_code == 1
    assert f"{keys[2]}: not in the source" in result.output


def test_the_bucket_backs_up_into_a_directory_that_the_app_could_serve(s3_app, runner, evidence_on_disk, tmp_path):
    directory, keys = evidence_on_disk
    copy(runner, "--from", str(directory.root))
    result = copy(runner, "--to", str(tmp_path / "backup"))
    assert result.exit_code == 0, result.output
    backup = LocalStorage(tmp_path / "backup")
    with s3_app.app_context():
        recorded = {e.storage_key: e.sha256 for e in db.session.query(Evidence)}
    assert {key: hashlib.sha256(backup.path(key).read_bytes()).hexdigest() for key in keys} == recorded


def test_it_needs_exactly_one_direction(app, runner):
    assert "Give --from DIR or --to DIR." in copy(runner).output
