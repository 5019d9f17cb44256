"""The evidence pack that inspectors ask for at the revisit: a ZIP of an index (PDF) and the evidence files.

The index lists each action and its evidence (what it is, activity or impact, as at, who reviewed it, and the
file's name in the pack, or its link). The ZIP is written as it is sent (`zip_stream`): each file is read from the
store in chunks and each chunk leaves before the next is read, so memory stays flat however many files or bytes
the pack holds. It uses the standard library's zipfile on a write-only sink: with nowhere to seek back to,
zipfile writes each entry's CRC and sizes after its data (a data descriptor), which every common unzip tool
(Windows Explorer, macOS Archive Utility, Info-ZIP, 7-Zip) reads. Files are stored, not compressed: evidence is
mostly PDFs, Office files and pictures, which are compressed already, so deflating would cost time for nothing.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from ..formatting import long_date
from . import content, pdf

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class PackEvidence:
    description: str
    kind: str  # "Activity" or "Impact"
    as_at: date
    status: str  # "Accepted", "Awaiting review", "Returned"
    reviewer: str | None = None
    reviewed_on: date | None = None
    file_name: str | None = None  # its path inside the pack
    link_url: str | None = None


@dataclass(frozen=True)
class PackAction:
    reference: str
    title: str
    evidence: tuple[PackEvidence, ...] = ()


@dataclass(frozen=True)
class PackFinding:
    label: str
    text: str
    actions: tuple[PackAction, ...] = ()


@dataclass(frozen=True)
class PackFacts:
    area_name: str
    scope: str  # "the whole plan" or "Weakness 2"
    generated_on: date
    accepted_only: bool
    findings: tuple[PackFinding, ...] = ()

    @property
    def title(self) -> str:
        return f"Evidence pack: {self.scope}"

    @property
    def organisation(self) -> str:
        return f"{self.area_name} local area partnership"

    @property
    def evidence_count(self) -> int:
        return sum(len(action.evidence) for finding in self.findings for action in finding.actions)


# Rendering glue, checked by the tests that render a PDF, which `make mutation` leaves out.
def pack_index_pdf(facts: PackFacts) -> bytes:  # pragma: no mutate block
    return pdf.render_pdf(pack_index_blocks(facts), title=facts.title, author=facts.organisation,
                          footer=f"{facts.organisation} · {facts.title}")


EVIDENCE_HEADER = ["Evidence", "Shows", "As at", "Reviewed", "File or link"]


def pack_index_blocks(facts: PackFacts) -> list[content.Block]:
    """The index: what the pack holds, then per finding each action's evidence and where to find it."""
    count = facts.evidence_count
    blocks = [
        content.heading(facts.title, 1),
        content.paragraph(facts.organisation, lede=True),
        content.labelled("Made on", long_date(facts.generated_on)),
        content.labelled("Evidence", f"{count} item{'' if count == 1 else 's'}, "
                     + ("accepted evidence only" if facts.accepted_only else "including evidence not yet accepted")),
        content.paragraph("Files are in the pack's evidence folder, one folder per action, named as listed below. "
                      "Links are listed with their address."),
    ]
    for finding in facts.findings:
        blocks += [content.heading(finding.label, 2), content.quote(finding.text)]
        if not finding.actions:
            blocks.append(content.paragraph("No actions answer this yet."))
        for action in finding.actions:
            blocks.append(content.heading(f"Action {action.reference}: {action.title}", 3))
            if action.evidence:
                blocks.append(content.table(EVIDENCE_HEADER, [_evidence_row(item) for item in action.evidence],
                                        [27, 10, 18, 20, 25], caption=f"Evidence for action {action.reference}"))
            else:
                blocks.append(content.paragraph(f"No {'accepted ' if facts.accepted_only else ''}evidence yet."))
    return blocks


def _evidence_row(item: PackEvidence) -> list[str]:
    reviewed = item.status
    if item.reviewer:
        reviewed += f" by {item.reviewer}" + (f", {long_date(item.reviewed_on)}" if item.reviewed_on else "")
    return [item.description, item.kind, long_date(item.as_at), reviewed, item.file_name or item.link_url or ""]


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def pack_file_name(action_reference: str, evidence_id: int, original_filename: str) -> str:
    """Where a file goes in the pack: a folder per action, the evidence number first so names never collide.
    The name a person gave is only ever shown, so anything that could act as a path or confuse Windows goes."""
    name = _UNSAFE.sub("_", original_filename).strip(" .") or "file"
    return f"evidence/action {_UNSAFE.sub('_', action_reference)}/E{evidence_id} {name[:150]}"


@dataclass(frozen=True)
class PackFile:
    name: str  # its path inside the pack
    size: int
    modified: datetime
    # Opens the stored file for reading, or answers None when the store no longer has it.
    open: Callable[[], BinaryIO | None]


class _Sink(io.RawIOBase):
    """Where zipfile writes: it keeps what was written until the generator hands it on."""

    def __init__(self) -> None:
        self._pending: list[bytes] = []

    def write(self, data) -> int:
        self._pending.append(bytes(data))  # no copy when zipfile hands over bytes, as it does a file's chunks
        return len(data)

    def take(self) -> bytes:
        # Most takes hold one chunk of a file: hand it on as it is rather than copy it into a join.
        data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
        self._pending.clear()
        return data


MISSING_NOTE = (
    "This evidence file could not be read from the store when the pack was made. Download it from the action's "
    "page, or ask the service's administrator to restore it.\n"
)


def _entry(name: str, when: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(max(when.year, 1980), *when.timetuple()[1:6]))
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def zip_stream(files: Iterable[PackFile], documents: Iterable[tuple[str, Callable[[], bytes]]],
               when: datetime) -> Iterator[bytes]:
    """The ZIP as a stream of chunks: each file read from the store, then the documents, each made only when its
    turn comes. The files go first so the download starts at once: an index of thousands of items takes a while
    to lay out, and nothing is sent while it does."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for file in files:
            stream = file.open()
            if stream is None:
                archive.writestr(_entry(file.name + " (missing).txt", when), MISSING_NOTE)
                yield sink.take()
                continue
            entry_info = _entry(file.name, file.modified)
            entry_info.file_size = file.size  # a streamed entry: zipfile decides from this whether it needs ZIP64
            with contextlib.closing(stream), archive.open(entry_info, mode="w") as entry:
                while chunk := stream.read(CHUNK):
                    entry.write(chunk)
                    yield sink.take()
            yield sink.take()
        for name, make in documents:
            data = make()
            archive.writestr(_entry(name, when), data)
            yield sink.take()
    yield sink.take()
