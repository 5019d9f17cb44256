"""Where evidence files are kept: a local directory or an S3-compatible bucket, behind one interface.

Every file is named by an opaque key (32 random hex digits); the name a person gave a file is only
ever shown, never used as a path or an object name. Files go in and come out as streams, in chunks,
so a worker's memory stays flat whatever the size of the file. The bucket is private: downloads go
through the app, after its permission check (see docs/deploy.md for why the app streams them rather
than redirecting to a presigned link).

No Flask here: `storage_from_settings` takes the app's settings, and `storage_for(app)` keeps one
store per app (boto3 clients are thread-safe and slow to build).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 1024 * 1024
_KEY = re.compile(r"[0-9a-f]{32}")


class StorageError(Exception):
    """The store could not do what was asked (unreachable, refused, misconfigured)."""


class FileTooLarge(StorageError):
    """The stream went past the size limit; nothing was kept."""


class StoredFileMissing(StorageError):
    """There is no file under this key."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Found:
    """What the store knows about a kept file without reading it (sha256 only where the store records it)."""

    size: int
    sha256: str | None


def new_key() -> str:
    return secrets.token_hex(16)


def checked_key(key: str) -> str:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ValueError("not an evidence key")
    return key


def _as_stream(source: BinaryIO | bytes) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes | bytearray) else source


def _measure(stream: BinaryIO, max_bytes: int | None) -> tuple[int, str]:
    """Size and sha256 of the rest of the stream, read in chunks; FileTooLarge past the limit."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise FileTooLarge(f"larger than {max_bytes} bytes")
        digest.update(chunk)
    return size, digest.hexdigest()


def sha256_of(stream: BinaryIO) -> str:
    with stream:
        return _measure(stream, None)[1]


class Storage(Protocol):
    kind: str

    def save(self, source: BinaryIO | bytes, max_bytes: int | None = None) -> StoredFile: ...

    def put(self, key: str, source: BinaryIO | bytes, max_bytes: int | None = None) -> StoredFile: ...

    def open(self, key: str) -> BinaryIO: ...

    def find(self, key: str) -> Found | None: ...

    def discard(self, key: str) -> None: ...

    def check(self) -> None: ...


class LocalStorage:
    """Files in a directory, under `<first two hex digits>/<key>`, written atomically.

    Several web instances can share it only if it is one shared file system: use S3 for that.
    """

    kind = "local"

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def path(self, key: str) -> Path:
        key = checked_key(key)
        return self.root / key[:2] / key

    def save(self, source: BinaryIO | bytes, max_bytes: int | None = None) -> StoredFile:
        return self.put(new_key(), source, max_bytes)

    def put(self, key: str, source: BinaryIO | bytes, max_bytes: int | None = None) -> StoredFile:
        """Stream the source to the file, hashing and counting as it goes; nothing is left on failure."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = _as_stream(source)
        digest, size = hashlib.sha256(), 0
        partial = path.with_suffix(f".{secrets.token_hex(4)}.partial")
        try:
            with partial.open("wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise FileTooLarge(f"larger than {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return StoredFile(key, size, digest.hexdigest())

    def open(self, key: str) -> BinaryIO:
        try:
            return self.path(key).open("rb")
        except FileNotFoundError:
            raise StoredFileMissing(key) from None

    def find(self, key: str) -> Found | None:
        try:
            return Found(self.path(key).stat().st_size, None)
        except FileNotFoundError:
            return None

    def discard(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def check(self) -> None:
        """The directory exists (or can be made) and this process can write to it."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"cannot create {self.root}: {error.strerror or error}") from error
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise StorageError(f"cannot write to {self.root}")



def _is_seekable(stream: BinaryIO) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, OSError):
        return False


class S3Storage:
    """Objects in a private S3-compatible bucket, named `<prefix><key>`.

    An upload is hashed in one pass over the (seekable, usually spooled-to-disk) upload, then streamed
    to the bucket as one PUT (multipart above MULTIPART_THRESHOLD, in parts of at most 8 MB, two at a
    time), so memory does not grow with the file. The sha256 is recorded on the object as metadata,
    which is what `wsoa copy-evidence` uses to resume. Hashing while uploading would be wrong: botocore
    re-reads the stream from the start when it retries a request.
    """

    kind = "s3"
    MULTIPART_THRESHOLD = 64 * 1024 * 1024

    def __init__(self, bucket: str, client, prefix: str = ""):
        from boto3.s3.transfer import TransferConfig

        self.bucket = bucket
        self.client = client
        self.prefix = prefix
        self.transfer = TransferConfig(
            multipart_threshold=self.MULTIPART_THRESHOLD,
            multipart_chunksize=8 * 1024 * 1024,
            max_concurrency=2,
        )
        self.transfer.max_in_memory_upload_chunks = 2

    def __repr__(self) -> str:
        return f"S3Storage(bucket={self.bucket!r}, prefix={self.prefix!r})"

    def _name(self, key: str) -> str:
        return self.prefix + checked_key(key)

    def _missing(self, error) -> bool:
        code = str(error.response.get("Error", {}).get("Code", ""))
        return code in ("404", "NoSuchKey", "NotFound")

    def save(self, source: BinaryIO | bytes, max_bytes: int | None = None) -> StoredFile:
        return self.put(new_key(), source, max_bytes)

    def put(self, key: str, source: BinaryIO | bytes, max_bytes: int | None = None) -> StoredFile:
        from boto3.exceptions import S3UploadFailedError
        from botocore.exceptions import BotoCoreError, ClientError

        name = self._name(key)
        stream = _as_stream(source)
        with contextlib.ExitStack() as cleanup:
            if not _is_seekable(stream):  # read twice below: spool it to a temporary file first
                spooled = cleanup.enter_context(tempfile.SpooledTemporaryFile(max_size=CHUNK))
                copied = 0
                while chunk := stream.read(CHUNK):
                    copied += len(chunk)
                    if max_bytes is not None and copied > max_bytes:
                        raise FileTooLarge(f"larger than {max_bytes} bytes")
                    spooled.write(chunk)
                spooled.seek(0)
                stream = spooled
            start = stream.tell()
            size, digest = _measure(stream, max_bytes)
            stream.seek(start)
            extra = {"ContentType": "application/octet-stream", "Metadata": {"sha256": digest}}
            try:
                self.client.upload_fileobj(stream, self.bucket, name, ExtraArgs=extra, Config=self.transfer)
            except (BotoCoreError, ClientError, S3UploadFailedError) as error:
                raise StorageError(f"could not store {key}: {error}") from error
        return StoredFile(key, size, digest)

    def open(self, key: str) -> BinaryIO:
        """The object's body as a stream (read it in chunks, then close it)."""
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        except ClientError as error:
            if self._missing(error):
                raise StoredFileMissing(key) from None
            raise StorageError(f"could not read {key}: {error}") from error

    def find(self, key: str) -> Found | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if self._missing(error):
                return None
            raise StorageError(f"could not look up {key}: {error}") from error
        return Found(head["ContentLength"], head.get("Metadata", {}).get("sha256"))

    def discard(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def check(self) -> None:
        """The bucket answers and these credentials may use it."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"bucket {self.bucket!r} is not reachable: {error}") from error


def make_s3_client(
    endpoint_url: str | None = None,
    region: str | None = None,
    addressing_style: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
):
    """An S3 client for AWS or an S3-compatible store. Credentials: given here (tests), or boto3's usual
    chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or the machine's role)."""
    import boto3
    from botocore.config import Config as BotoConfig

    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url or None,
        region_name=region or None,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=BotoConfig(
            s3={"addressing_style": addressing_style or ("path" if endpoint_url else "auto")},
            # Checksums only where S3 requires them: S3-compatible stores vary in what else they accept.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=60,
            max_pool_connections=20,
        ),
    )


STORAGE_KINDS = ("local", "s3")


def storage_from_settings(settings: Mapping) -> Storage:
    kind = settings.get("EVIDENCE_STORAGE") or "local"
    if kind == "local":
        return LocalStorage(settings["EVIDENCE_STORAGE_DIR"])
    if kind == "s3":
        if not settings.get("EVIDENCE_S3_BUCKET"):
            raise StorageError("EVIDENCE_S3_BUCKET is not set")
        client = make_s3_client(
            endpoint_url=settings.get("EVIDENCE_S3_ENDPOINT_URL"),
            region=settings.get("EVIDENCE_S3_REGION"),
            addressing_style=settings.get("EVIDENCE_S3_ADDRESSING_STYLE"),
        )
        return S3Storage(settings["EVIDENCE_S3_BUCKET"], client, prefix=settings.get("EVIDENCE_S3_PREFIX") or "")
    raise StorageError(f"EVIDENCE_STORAGE must be one of {', '.join(STORAGE_KINDS)}; it is {kind!r}")


_APP_KEY = "wsoa.storage"


def storage_for(app) -> Storage:
    """The app's evidence store, built from its settings on first use and then kept."""
    store = app.extensions.get(_APP_KEY)
    if store is None:
        store = app.extensions[_APP_KEY] = storage_from_settings(app.config)
    return store


def use_storage(app, store: Storage | None) -> None:
    """Make the app use this store (None: build it from the settings again). For tests and commands."""
    if store is None:
        app.extensions.pop(_APP_KEY, None)
    else:
        app.extensions[_APP_KEY] = store
