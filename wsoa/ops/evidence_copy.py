"""Copy every evidence file the database knows from one store to another, verified by sha256.

Used to move a directory of evidence into a bucket (`wsoa copy-evidence --from DIR`) and to back a
bucket up into a directory (`wsoa copy-evidence --to DIR`). Safe to stop and run again: a file already
in the target with the recorded size and sha256 is skipped, so a second run copies only what the first
did not finish. Each copy is hashed on the way in and read back from the target; a file whose content is
not what the database recorded is reported and not copied. Nothing is ever deleted from the source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from ..models import Evidence
from ..storage import Storage, StorageError, StoredFileMissing, sha256_of

COPIED, ALREADY_THERE, MISSING, CORRUPT, FAILED = "copied", "already there", "missing", "corrupt", "failed"


@dataclass(frozen=True)
class Recorded:
    key: str
    size: int
    sha256: str


@dataclass
class CopyReport:
    outcomes: dict[str, str] = field(default_factory=dict)  # key -> outcome
    problems: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for value in self.outcomes.values() if value == outcome)

    @property
    def complete(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{self.count(COPIED)} copied, {self.count(ALREADY_THERE)} already there, "
            f"{self.count(MISSING)} missing, {self.count(CORRUPT)} corrupt, {self.count(FAILED)} failed"
        )


def recorded_files() -> list[Recorded]:
    rows = db.session.execute(
        select(Evidence.storage_key, Evidence.size_bytes, Evidence.sha256)
        .where(Evidence.storage_key.is_not(None))
        .order_by(Evidence.id)
    )
    return [Recorded(key, size, sha) for key, size, sha in rows]


def _verified_in(store: Storage, file: Recorded) -> bool:
    found = store.find(file.key)
    if found is None or found.size != file.size:
        return False
    if found.sha256 is not None:
        return found.sha256 == file.sha256
    return sha256_of(store.open(file.key)) == file.sha256


def copy_one(file: Recorded, source: Storage, target: Storage) -> tuple[str, str | None]:
    """The outcome, and what went wrong if anything did."""
    if _verified_in(target, file):
        return ALREADY_THERE, None
    try:
        stream = source.open(file.key)
    except StoredFileMissing:
        return MISSING, f"{file.key}: not in the source (and not already in the target)"
    with stream:
        stored = target.put(file.key, stream)
    if stored.sha256 != file.sha256 or stored.size != file.size:
        target.discard(file.key)
        return CORRUPT, f"{file.key}: the source's copy does not match the sha256 the database recorded"
    if sha256_of(target.open(file.key)) != file.sha256:
        target.discard(file.key)
        return FAILED, f"{file.key}: the copy read back from the target does not match; removed it"
    return COPIED, None


def copy_evidence(
    files: Iterable[Recorded], source: Storage, target: Storage, progress: Callable[[str, str], None] | None = None
) -> CopyReport:
    report = CopyReport()
    for file in files:
        try:
            outcome, problem = copy_one(file, source, target)
        except StorageError as error:
            outcome, problem = FAILED, f"{file.key}: {error}"
        report.outcomes[file.key] = outcome
        if problem:
            report.problems.append(problem)
        if progress:
            progress(file.key, outcome)
    return report
