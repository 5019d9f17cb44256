"""The local evidence store: opaque keys, streamed writes with size and sha256, nothing left on failure."""

import hashlib
import io
import tracemalloc

import pytest

from wsoa.storage import FileTooLarge, LocalStorage, StorageError, StoredFileMissing, storage_from_settings


class Endless(io.RawIOBase):
    """A stream of `size` bytes that never exists in memory at once."""

    def __init__(self, size: int):
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.left)
        buffer[:count] = b"x" * count
        self.left -= count
        return count


def test_a_file_is_kept_under_an_opaque_key_with_its_size_and_sha256(tmp_path):
    store = LocalStorage(tmp_path)
    stored = store.save(io.BytesIO(b"%PDF-1.7 minutes"))
    assert len(stored.key) == 32 and int(stored.key, 16) >= 0
    assert (stored.size, stored.sha256) == (16, hashlib.sha256(b"%PDF-1.7 minutes").hexdigest())
    with store.open(stored.key) as stream:
        assert stream.read() == b"%PDF-1.7 minutes"
    assert store.path(stored.key).is_relative_to(tmp_path)


def test_anything_but_a_key_is_refused_as_a_name(tmp_path):
    with pytest.raises(ValueError, match="not an evidence key"):
        LocalStorage(tmp_path).open("../../etc/passwd")


def test_saving_streams_the_file_with_flat_memory(tmp_path):
    store = LocalStorage(tmp_path)
    tracemalloc.start()
    stored = store.save(io.BufferedReader(Endless(64 * 1024 * 1024)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert stored.size == 64 * 1024 * 1024
    assert peak < 4 * 1024 * 1024


def test_a_stream_past_the_limit_is_refused_and_leaves_nothing_behind(tmp_path):
    store = LocalStorage(tmp_path)
    with pytest.raises(FileTooLarge):
        store.save(io.BufferedReader(Endless(3 * 1024 * 1024)), max_bytes=2 * 1024 * 1024)
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(StoredFileMissing):
        LocalStorage(tmp_path).open("0" * 32)
    assert LocalStorage(tmp_path).find("0" * 32) is None


def test_a_directory_that_cannot_be_created_is_not_ready(tmp_path):
    (tmp_path / "file").write_text("in the way")
    with pytest.raises(StorageError, match="cannot create"):
        LocalStorage(tmp_path / "file" / "evidence").check()


def test_the_settings_choose_the_store():
    assert isinstance(storage_from_settings({"EVIDENCE_STORAGE": "local", "EVIDENCE_STORAGE_DIR": "/x"}), LocalStorage)
    with pytest.raises(StorageError, match="EVIDENCE_S3_BUCKET is not set"):
        storage_from_settings({"EVIDENCE_STORAGE": "s3"})
    with pytest.raises(StorageError, match="must be one of local, s3"):
        storage_from_settings({"EVIDENCE_STORAGE": "ftp"})
