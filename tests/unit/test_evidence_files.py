import io
import tracemalloc
import zipfile

import pytest

from wsoa.actions.evidence_files import DOCX, FileRefused, check_file, check_upload, display_name, sniff

LIMIT = 1024 * 1024


def office_zip(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<doc/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"%PDF-1.7\n..."),
        ("chart.png", b"\x89PNG\r\n\x1a\n...."),
        ("photo.JPG", b"\xff\xd8\xff\xe0...."),
        ("minutes.docx", office_zip("word/")),
        ("tracker.xlsx", office_zip("xl/")),
        ("slides.pptx", office_zip("ppt/")),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...."),
        ("figures.csv", b"month,referrals\nJanuary,42\n"),
    ],
)
def test_allowed_files_are_accepted_when_their_content_matches_their_name(name, data):
    shown, _ = check_file(name, data, LIMIT)
    assert shown == name


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"MZ\x90\x00 a Windows program"),
        ("minutes.docx", office_zip("xl/")),
        ("figures.csv", b"\x00\x01\x02binary"),
        ("chart.png", b"%PDF-1.7"),
    ],
)
def test_content_that_does_not_match_the_name_is_refused(name, data):
    with pytest.raises(FileRefused, match="its content is not a"):
        check_file(name, data, LIMIT)


def test_a_file_type_that_is_not_allowed_is_refused_whatever_its_content():
    with pytest.raises(FileRefused, match="must be a PDF, Word"):
        check_file("script.html", b"<script>alert(1)</script>", LIMIT)


def test_an_empty_file_is_refused():
    with pytest.raises(FileRefused, match="empty"):
        check_file("report.pdf", b"", LIMIT)


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(FileRefused, match="smaller than 1MB"):
        check_file("report.pdf", b"%PDF-" + b"0" * LIMIT, LIMIT)


@pytest.mark.parametrize(
    ("given", "shown"),
    [("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\Users\\me\\report.pdf", "report.pdf"),
     ("re\x00port\x1b.pdf", "report.pdf"), ("...hidden.pdf", "hidden.pdf"), ("", "evidence")],
)
def test_path_tricks_in_a_file_name_are_stripped_to_the_last_part(given, shown):
    assert display_name(given) == shown


def test_sniffing_never_trusts_a_zip_that_is_not_an_office_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    assert sniff(buffer.getvalue()) is None


def test_an_office_document_is_recognised_from_a_stream_without_reading_it_into_memory(tmp_path):
    path = tmp_path / "minutes.docx"
    path.write_bytes(office_zip("word/"))
    with path.open("rb") as stream:
        assert check_upload("minutes.docx", stream, LIMIT) == ("minutes.docx", DOCX)
        assert stream.tell() == 0  # left at its start, ready to be stored


def test_a_large_csv_is_checked_in_chunks_with_flat_memory(tmp_path):
    path = tmp_path / "figures.csv"
    with path.open("wb") as out:
        for month in range(400_000):
            out.write(f"month {month},{month * 7}\n".encode())
    size = path.stat().st_size
    tracemalloc.start()
    with path.open("rb") as stream:
        check_upload("figures.csv", stream, size)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert size > 5_000_000
    assert peak < size // 2


def test_a_control_character_far_into_a_csv_is_still_found(tmp_path):
    data = b"a,b\n" * 500_000 + b"\x00"
    with pytest.raises(FileRefused, match="its content is not a CSV file"):
        check_upload("figures.csv", io.BytesIO(data), len(data))


def test_an_upload_over_the_limit_is_refused_from_its_size_alone():
    stream = io.BytesIO(b"%PDF-" + b"0" * LIMIT)
    with pytest.raises(FileRefused, match="smaller than 1MB"):
        check_upload("report.pdf", stream, LIMIT)


def test_a_zip_bomb_is_not_inflated_to_find_its_type():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"a" * 200_000_000)
    tracemalloc.start()
    assert sniff(buffer.getvalue()) is None
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20_000_000
