"""How fast the letter reader runs, and how much memory it takes, on one core.

    python bench/parse_letters.py [--seconds N]

Reads the shared material (../shared beside the repository, or WSOA_SHARED_DIR)
and prints one row per corpus, then a one-line verdict last; it exits 1 when a
corpus misses its target.  A corpus is a name, its items and a function that
reads one item, measured by `measure(name, items, read_one, seconds)`: the 2016
letters as text (target 2,000 a second), and the 2023 reports as PDF (target 4 a second).

Speed is reads per second of the process's CPU time on the one core it is pinned to, which is what
the reader costs whatever else the machine is doing; the wall-clock speed is shown beside it, and
falls below it when other work shares the core.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Run as a script, only bench/ is on the path; the wsoa package also needs the
# repository root (for `config`).
sys.path.insert(0, str(REPO_ROOT))

from wsoa.letters import read_document, read_letter  # noqa: E402 - after the path set-up above
from wsoa.letters.letter2016 import read_letter_2016  # noqa: E402

TARGET_LETTERS_PER_SECOND = 2000
TARGET_REPORTS_PER_SECOND = 4


@dataclass(frozen=True)
class Corpus:
    name: str
    items: Sequence
    read_one: Callable
    target_per_second: float | None = None


@dataclass(frozen=True)
class Measurement:
    name: str
    items: int
    reads: int
    seconds: float  # CPU time
    wall_seconds: float
    peak_traced_bytes: int

    @property
    def per_second(self) -> float:
        return self.reads / self.seconds

    @property
    def wall_per_second(self) -> float:
        return self.reads / self.wall_seconds


def shared_dir() -> Path:
    return Path(os.environ.get("WSOA_SHARED_DIR", REPO_ROOT.parent / "shared"))


def corpora(shared: Path) -> list[Corpus]:
    letters = [path.read_text(encoding="utf-8") for path in sorted((shared / "letters").glob("*.txt"))]
    reports = [path.read_bytes() for path in sorted((shared / "letters" / "area-send-2023").glob("*.pdf"))]
    if not letters:
        return []
    # The second row leaves out telling the framework apart, to show what the 2016 reader itself costs.
    return [
        Corpus("2016 letters, read_letter", letters, read_letter, TARGET_LETTERS_PER_SECOND),
        Corpus("2016 letters, 2016 reader", letters, read_letter_2016),
        Corpus("2023 PDF reports, read_document", reports, read_document, TARGET_REPORTS_PER_SECOND),
    ]


def measure(name: str, items: Sequence, read_one: Callable, seconds: float) -> Measurement:
    """Read the items round and round for `seconds` of CPU time (at least once), then once more under tracemalloc.

    Speed is timed without tracemalloc, which would slow every allocation.
    """
    reads = 0
    started, wall_started = time.process_time(), time.perf_counter()
    while reads == 0 or time.process_time() - started < seconds:
        for item in items:
            read_one(item)
        reads += len(items)
    elapsed, wall_elapsed = time.process_time() - started, time.perf_counter() - wall_started

    tracemalloc.start()
    for item in items:
        read_one(item)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Measurement(name, len(items), reads, elapsed, wall_elapsed, peak)


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def max_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def report(measurement: Measurement, target_per_second: float | None) -> str:
    verdict = ""
    if target_per_second is not None:
        met = "met" if measurement.per_second >= target_per_second else "MISSED"
        verdict = f"target >= {target_per_second:g}/s: {met}"
    return (
        f"{measurement.name:<34} {measurement.items:>5} {measurement.reads:>8} "
        f"{measurement.per_second:>10.1f}/s {measurement.wall_per_second:>10.1f}/s "
        f"{measurement.peak_traced_bytes / 1024:>10.1f} KiB   {verdict}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="how much CPU time to spend on each corpus (default 3)"
    )
    args = parser.parse_args(argv)

    shared = shared_dir()
    found = corpora(shared)
    if not found:
        print(f"No shared material found at {shared}; set WSOA_SHARED_DIR.", file=sys.stderr)
        return 1

    print(f"Python {sys.version.split()[0]}, {pin_to_one_core()}, {args.seconds:g} s per corpus")
    print(f"{'corpus':<34} {'items':>5} {'reads':>8} {'speed (CPU)':>12} {'(wall)':>12} {'traced peak':>14}")
    missed = []
    for corpus in found:
        measurement = measure(corpus.name, corpus.items, corpus.read_one, args.seconds)
        print(report(measurement, corpus.target_per_second))
        if corpus.target_per_second is not None and measurement.per_second < corpus.target_per_second:
            missed.append(f"{corpus.name} at {measurement.per_second:.1f}/s (target {corpus.target_per_second:g}/s)")
    print(f"process max RSS: {max_rss_mib():.1f} MiB")
    if missed:
        print("VERDICT: MISSED " + "; ".join(missed))
        return 1
    print("VERDICT: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
