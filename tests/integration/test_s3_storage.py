"""Evidence in an S3-compatible bucket (SeaweedFS on loopback): the same behaviour as the directory, streamed,
private, and reached only through the app's permission check."""

import hashlib
import io
import tracemalloc
from pathlib import Path

import pytest

from tests.factories import make_actions, make_inspection, make_user
from tests.integration.test_evidence_pages import stored, upload
from tests.pages import csrf_token, redirect_target, sign_in
from tests.servers import S3_ACCESS_KEY, S3_SECRET_KEY
from tests.unit.test_storage import Endless
from wsoa.storage import FileTooLarge, StorageError, StoredFileMissing

MB = 1024 * 1024


@pytest.fixture
def setting(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    action = make_actions(app, inspection, manager)[0]
    return action, manager


def local_files(app) -> set[Path]:
    return {p for p in Path(app.config["EVIDENCE_STORAGE_DIR"]).rglob("*") if p.is_file()}


def test_a_file_goes_into_the_bucket_under_its_opaque_key_and_comes_back_whole(s3_server, s3_bucket):
    store = s3_server.store(s3_bucket)
    stored_file = store.save(io.BytesIO(b"%PDF-1.7 minutes"))
    assert s3_server.keys(s3_bucket) == [stored_file.key]
    assert stored_file.sha256 == hashlib.sha256(b"%PDF-1.7 minutes").hexdigest()
    with store.open(stored_file.key) as body:
        assert body.read() == b"%PDF-1.7 minutes"
    assert store.find(stored_file.key).sha256 == stored_file.sha256  # recorded on the object, for resuming


def peak_memory(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_upload_streams_into_the_bucket_with_memory_that_does_not_grow_with_the_file(s3_server, s3_bucket):
    store = s3_server.store(s3_bucket)
    small = peak_memory(lambda: store.save(io.BufferedReader(Endless(8 * MB))))
    large = peak_memory(lambda: store.save(io.BufferedReader(Endless(48 * MB))))
    assert large < small + MB
    assert large < 8 * MB


def test_a_download_streams_out_of_the_bucket_with_memory_that_does_not_grow_with_the_file(s3_server, s3_bucket):
    store = s3_server.store(s3_bucket)
    keys = {size: store.save(io.BufferedReader(Endless(size * MB))).key for size in (8, 48)}

    def read(key):
        with store.open(key) as body:
            while body.read(256 * 1024):
                pass

    small, large = (peak_memory(lambda key=keys[size]: read(key)) for size in (8, 48))
    assert large < small + MB
    assert large < 4 * MB


def test_a_stream_past_the_limit_leaves_nothing_in_the_bucket(s3_server, s3_bucket):
    store = s3_server.store(s3_bucket)
    with pytest.raises(FileTooLarge):
        store.save(io.BufferedReader(Endless(3 * MB)), max_bytes=2 * MB)
    assert s3_server.keys(s3_bucket) == []


def test_a_missing_object_and_a_missing_bucket_say_so(s3_server, s3_bucket):
    with pytest.raises(StoredFileMissing):
        s3_server.store(s3_bucket).open("0" * 32)
    with pytest.raises(StorageError, match="not reachable"):
        s3_server.store("no-such-bucket").check()


def test_the_bucket_refuses_a_request_that_is_not_signed(s3_server, s3_bucket):
    """The store the tests use is private, as production's must be: no file is reachable without the app."""
    import requests

    key = s3_server.store(s3_bucket).save(b"%PDF-1.7 private").key
    assert requests.get(f"{s3_server.endpoint}/{s3_bucket}/{key}", timeout=10).status_code == 403
    assert (S3_ACCESS_KEY, S3_SECRET_KEY) != ("", "")


def test_an_upload_through_the_app_lands_in_the_bucket_and_not_on_disk(s3_app, s3_server, s3_bucket, client, setting):
    action, manager = setting
    before = local_files(s3_app)
    sign_in(client, manager)
    assert redirect_target(upload(client, action.id, b"%PDF-1.7\nminutes", "minutes.pdf")) == f"/actions/{action.id}"
    (evidence,) = stored(s3_app)
    assert s3_server.keys(s3_bucket) == [evidence.storage_key]
    assert evidence.sha256 == hashlib.sha256(b"%PDF-1.7\nminutes").hexdigest()
    assert local_files(s3_app) == before


def test_a_member_downloads_from_the_bucket_through_the_app_as_an_attachment(s3_app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    upload(client, action.id, b"%PDF-1.7 minutes", "minutes.pdf")
    (evidence,) = stored(s3_app)
    with client.get(f"/evidence/{evidence.id}/download") as response:
        assert response.status_code == 200
        assert response.data == b"%PDF-1.7 minutes"
        assert response.headers["Content-Length"] == str(len(b"%PDF-1.7 minutes"))
        assert response.headers["Content-Disposition"] == "attachment; filename=minutes.pdf"
        assert "Location" not in response.headers  # streamed, never a redirect to the bucket


def test_a_person_of_another_area_gets_nothing_from_the_bucket(s3_app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    upload(client, action.id, b"%PDF-1.7 secret minutes", "secret.pdf")
    (evidence,) = stored(s3_app)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    make_inspection(s3_app, "Northfold")
    sign_in(client, make_user(s3_app, role="manager", area="Northfold"))
    response = client.get(f"/evidence/{evidence.id}/download")
    assert response.status_code == 404
    assert b"secret" not in response.data


def test_the_instance_is_ready_with_its_bucket_and_not_without_it(s3_app, s3_server, client):
    assert client.get("/readyz").status_code == 200
    s3_server.client.delete_bucket(Bucket=s3_app.extensions["wsoa.storage"].bucket)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "not ready"}
