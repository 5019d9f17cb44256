"""The evidence pack's builders: the ZIP written as it streams, and its index as a reader sees it."""

from __future__ import annotations

import io
import re
import struct
import tracemalloc
import zipfile
from datetime import date, datetime

import pdfplumber
import pytest

from tests.pdf_checks import assert_pdf_lays_out_cleanly, blocks_lines, pdf_text
from wsoa.documents.evidence_pack import (
    PackAction,
    PackEvidence,
    PackFacts,
    PackFile,
    PackFinding,
    pack_file_name,
    pack_index_blocks,
    pack_index_pdf,
    zip_stream,
)

WHEN = datetime(2026, 3, 2, 9, 30)


def _file(name: str, data: bytes) -> PackFile:
    return PackFile(name, len(data), WHEN, lambda: io.BytesIO(data))


def _unzip(chunks) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(chunks)))


def test_the_zip_holds_each_file_byte_for_byte_then_the_documents():
    files = [_file("evidence/action 1.1/E1 minutes.pdf", b"%PDF minutes"),
             _file("evidence/action 1.2/E2 a.csv", b"a,b")]
    archive = _unzip(zip_stream(files, [("index.pdf", lambda: b"%PDF index")], WHEN))
    assert archive.namelist() == ["evidence/action 1.1/E1 minutes.pdf", "evidence/action 1.2/E2 a.csv", "index.pdf"]
    assert archive.read("index.pdf") == b"%PDF index"
    assert archive.read("evidence/action 1.1/E1 minutes.pdf") == b"%PDF minutes"
    assert archive.testzip() is None


def test_a_file_the_store_no_longer_has_becomes_a_note_and_the_rest_still_arrive():
    missing = PackFile("evidence/action 1.1/E1 gone.pdf", 10, WHEN, lambda: None)
    archive = _unzip(zip_stream([missing, _file("evidence/action 1.1/E2 kept.csv", b"kept")], [], WHEN))
    assert archive.namelist() == ["evidence/action 1.1/E1 gone.pdf (missing).txt", "evidence/action 1.1/E2 kept.csv"]
    assert "could not be read from the store" in archive.read("evidence/action 1.1/E1 gone.pdf (missing).txt").decode()


def test_each_file_keeps_its_date_the_documents_and_notes_are_dated_when_made_and_everyone_may_read_them():
    made = datetime(2026, 3, 3, 8, 5, 10)
    scanned = PackFile("evidence/action 1.1/E1 scan.pdf", 4, datetime(1975, 6, 1, 12, 0), lambda: io.BytesIO(b"scan"))
    missing = PackFile("evidence/action 1.1/E2 gone.pdf", 10, WHEN, lambda: None)
    files = [scanned, missing, _file("evidence/action 1.2/E3 minutes.pdf", b"minutes")]
    archive = _unzip(zip_stream(files, [("index.pdf", lambda: b"%PDF index")], made))
    assert {info.filename: info.date_time for info in archive.infolist()} == {
        "evidence/action 1.1/E1 scan.pdf": (1980, 6, 1, 12, 0, 0),  # ZIP dates nothing before 1980
        "evidence/action 1.1/E2 gone.pdf (missing).txt": (2026, 3, 3, 8, 5, 10),
        "evidence/action 1.2/E3 minutes.pdf": (2026, 3, 2, 9, 30, 0),
        "index.pdf": (2026, 3, 3, 8, 5, 10),
    }
    assert {info.external_attr >> 16 for info in archive.infolist()} == {0o644}  # rw-r--r-- once unzipped


def test_a_file_over_2_gib_goes_in_with_zip64_sizes_rather_than_stopping_the_pack():
    """zipfile decides from the size the store gives, before reading a byte, whether an entry needs ZIP64: a short
    stream stands in here for a 3 GiB recording."""
    name = "evidence/action 1.1/E4 recording.mp4"
    body = b"".join(zip_stream([PackFile(name, 3 * 1024**3, WHEN, lambda: io.BytesIO(b"frames"))], [], WHEN))
    name_length, extra_length = struct.unpack("<HH", body[26:30])
    assert body[30 + name_length : 32 + name_length] == b"\x01\x00"  # the local header's ZIP64 extra field
    assert _unzip([body]).read(name) == b"frames"


def test_the_stream_sends_each_chunk_before_reading_the_next_so_memory_stays_flat():
    """Forty 2 MB files through the stream: no chunk handed on is much bigger than one read, and the peak of
    memory allocated while streaming stays a few reads' worth, far below the 80 MB that went through."""
    size = 2 * 1024 * 1024
    files = [PackFile(f"evidence/E{n}.bin", size, WHEN, lambda: io.BytesIO(bytes(size))) for n in range(40)]
    tracemalloc.start()
    try:
        largest = total = 0
        for chunk in zip_stream(files, [], WHEN):
            largest, total = max(largest, len(chunk)), total + len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 40 * size
    assert largest <= 1024 * 1024 + 4096
    assert peak < 12 * 1024 * 1024


def test_names_in_the_pack_never_act_as_paths_and_never_collide():
    assert pack_file_name("1.2", 7, "../../etc/passwd") == "evidence/action 1.2/E7 _.._etc_passwd"
    assert pack_file_name("1.2", 8, 'a:b*c?"<>|.pdf') == "evidence/action 1.2/E8 a_b_c_.pdf"
    assert pack_file_name("1.2", 9, "minutes.pdf") != pack_file_name("1.2", 10, "minutes.pdf")
    assert pack_file_name("1/2", 9, "minutes.pdf") == "evidence/action 1_2/E9 minutes.pdf"


def test_names_lose_the_dots_and_spaces_windows_drops_at_either_end_and_are_kept_short():
    assert pack_file_name("1.2", 11, " .Xmas rota. ") == "evidence/action 1.2/E11 Xmas rota"
    assert pack_file_name("1.2", 12, "..") == "evidence/action 1.2/E12 file"
    assert pack_file_name("1.2", 13, "a" * 200 + ".pdf") == "evidence/action 1.2/E13 " + "a" * 150


def _facts(**overrides) -> PackFacts:
    return PackFacts(
        **{
            "area_name": "Westmarsh",
            "scope": "Weakness 1",
            "generated_on": date(2026, 3, 2),
            "accepted_only": True,
            "findings": (
                PackFinding("Weakness 1", "The timeliness of EHC plans is poor.", (
                    PackAction("1.1", "Recruit EHC coordinators", (
                        PackEvidence("Panel minutes, January", "Activity", date(2026, 1, 10), "Accepted",
                                     "Morgan Manager", date(2026, 1, 12), "evidence/action 1.1/E3 minutes.pdf"),
                        PackEvidence("Parent survey results", "Impact", date(2026, 2, 1), "Accepted",
                                     "Morgan Manager", date(2026, 2, 3),
                                     link_url="https://localoffer.westmarsh.example/survey-results-" + "x" * 80),
                    )),
                    PackAction("1.2", "Track every assessment weekly"),
                )),
            ),
            **overrides,
        }
    )


def _column(document: bytes, header: str, next_header: str | None) -> str:
    """The text of one column of the first page's evidence table, its wrapped lines joined without spaces."""
    with pdfplumber.open(io.BytesIO(document)) as opened:
        page = opened.pages[0]
        words = page.extract_words()
        start = next(w for w in words if w["text"] == header.split()[0])
        end = next((w["x0"] for w in words if next_header and w["text"] == next_header.split()[0]), page.width)
        band = page.crop((start["x0"] - 1, start["bottom"] + 1, end - 1, page.height))
        return "".join((band.extract_text() or "").split())


@pytest.mark.pdf
def test_the_index_lists_each_action_and_its_evidence_with_file_or_link(tmp_path):
    document = pack_index_pdf(_facts())
    text = re.sub(r"\s+", " ", pdf_text(document))
    for phrase in ("Evidence pack: Weakness 1", "2 items, accepted evidence only",
                   "Action 1.1: Recruit EHC coordinators", "Action 1.2: Track every assessment weekly",
                   "No accepted evidence yet."):
        assert phrase in text, phrase
    assert text.index("Action 1.1") < text.index("Panel minutes") < text.index("Action 1.2")
    assert _column(document, "Shows", "As at").startswith("ActivityImpact")
    assert _column(document, "As at", "Reviewed").startswith("10January20261February2026")
    assert _column(document, "Reviewed", "File").startswith(
        "AcceptedbyMorganManager,12January2026AcceptedbyMorganManager,3February2026")
    assert _column(document, "File or link", None).startswith(
        "evidence/action1.1/E3minutes.pdfhttps://localoffer.westmarsh.example/survey-results-" + "x" * 80)
    assert_pdf_lays_out_cleanly(document, tmp_path)


def test_the_index_sets_out_what_the_pack_holds_then_each_finding_s_actions_and_their_evidence():
    assert blocks_lines(pack_index_blocks(_facts())) == [
        "Title: Evidence pack: Weakness 1",
        "Westmarsh local area partnership",
        "Made on: 2 March 2026",
        "Evidence: 2 items, accepted evidence only",
        "Files are in the pack's evidence folder, one folder per action, named as listed below. Links are listed "
        "with their address.",
        "Heading 1: Weakness 1",
        "Quote: The timeliness of EHC plans is poor.",
        "Heading 2: Action 1.1: Recruit EHC coordinators",
        "Caption: Evidence for action 1.1",
        "Evidence | Shows | As at | Reviewed | File or link",
        "Panel minutes, January | Activity | 10 January 2026 | Accepted by Morgan Manager, 12 January 2026 | "
        "evidence/action 1.1/E3 minutes.pdf",
        "Parent survey results | Impact | 1 February 2026 | Accepted by Morgan Manager, 3 February 2026 | "
        "https://localoffer.westmarsh.example/survey-results-" + "x" * 80,
        "Heading 2: Action 1.2: Track every assessment weekly",
        "No accepted evidence yet.",
    ]


def test_an_index_with_evidence_not_yet_reviewed_says_so_and_counts_one_item_as_one():
    waiting = PackEvidence("Draft audit", "Impact", date(2026, 2, 20), "Awaiting review",
                           file_name="evidence/action 1.1/E4 audit.pdf")
    reviewed_undated = PackEvidence("Audit", "Activity", date(2026, 2, 21), "Returned", "Morgan Manager")
    facts = _facts(accepted_only=False, findings=(
        PackFinding("Weakness 2", "Health advice is late.", (PackAction("2.1", "Clinic", (waiting,)),)),
        PackFinding("Weakness 3", "Leaders do not listen.", (PackAction("3.1", "Forum", (reviewed_undated,)),)),
        PackFinding("Area for development 4", "Transitions start late."),
        PackFinding("Area for development 5", "Short breaks.", (PackAction("5.1", "Audit short breaks"),)),
    ))
    lines = blocks_lines(pack_index_blocks(facts))
    assert lines[3] == "Evidence: 2 items, including evidence not yet accepted"
    assert "Draft audit | Impact | 20 February 2026 | Awaiting review | evidence/action 1.1/E4 audit.pdf" in lines
    assert "Audit | Activity | 21 February 2026 | Returned by Morgan Manager | " in lines
    assert lines[lines.index("Quote: Transitions start late.") + 1] == "No actions answer this yet."
    assert lines[-1] == "No evidence yet."
    one = _facts(findings=(PackFinding("Weakness 2", "Late.", (PackAction("2.1", "Clinic", (waiting,)),)),))
    assert blocks_lines(pack_index_blocks(one))[3] == "Evidence: 1 item, accepted evidence only"


def test_the_index_s_title_is_followed_by_the_partnership_set_larger_as_a_lede():
    blocks = pack_index_blocks(_facts())
    assert blocks[1] == {"kind": "paragraph", "text": "Westmarsh local area partnership", "lede": True, "strong": False}
    assert [block for block in blocks if block["kind"] == "paragraph" and block["lede"]] == [blocks[1]]
