"""A manager uploads a letter, checks what was read, corrects it and confirms."""

import io
import os
import re

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.factories import letter_text, make_area, make_user
from tests.pages import assert_page, csrf_token, redirect_target, sign_in
from wsoa.extensions import db
from wsoa.models import Inspection, LocalArea

UPLOAD = "/inspections/import"
CONFIRM = "/inspections/import/confirm"


def upload(client, content: bytes, filename: str = "letter.txt"):
    return client.post(
        UPLOAD,
        data={"csrf_token": csrf_token(client, UPLOAD), "letter": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def hidden_reading(page: str) -> str:
    return re.search(r'name="reading" type="hidden" value="([^"]+)"', page).group(1)


def confirm(client, reading: str, **overrides):
    fields = {
        "local_area": "Westmarsh",
        "letter_date": ["14", "3", "2025"],
        "inspection_start": ["3", "2", "2025"],
        "inspection_end": ["7", "2", "2025"],
    }
    fields.update(overrides)
    return client.post(CONFIRM, data={"csrf_token": csrf_token(client, UPLOAD), "reading": reading, **fields})


def only_inspection_id(app) -> int:
    with app.app_context():
        (inspection_id,) = db.session.scalars(db.select(Inspection.id)).all()
        return inspection_id


def stored_inspections(app) -> int:
    with app.app_context():
        return db.session.query(Inspection).count()


def pdf_bytes(draw) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    draw(page)
    page.save()
    return buffer.getvalue()


def test_the_upload_page_asks_for_a_file(client, manager):
    page = assert_page(client.get(UPLOAD), "Import an inspection letter or report")
    assert 'type="file"' in page


def test_uploading_a_letter_shows_what_was_read_and_stores_nothing(app, client, manager):
    page = assert_page(upload(client, letter_text().encode()), "Check what was read from the letter")
    assert 'value="Westmarsh"' in page
    assert "<mark>" in page
    assert "Areas of significant weakness" in page
    assert stored_inspections(app) == 0


def test_confirming_stores_the_inspection_and_leads_the_manager_to_choose_findings_to_track(app, client, manager):
    reading = hidden_reading(upload(client, letter_text().encode()).get_data(as_text=True))
    response = confirm(client, reading)
    assert redirect_target(response) == f"/inspections/{only_inspection_id(app)}/seed"
    page = assert_page(client.get(response.headers["Location"]), "Choose the findings to track")
    assert "Imported the Westmarsh inspection letter" in page
    with app.app_context():
        inspection = db.session.query(Inspection).one()
        assert inspection.source_filename == "letter.txt"
        assert inspection.imported_by_id == manager.id


def test_the_manager_can_correct_the_dates_before_confirming(app, client, manager):
    reading = hidden_reading(upload(client, letter_text().encode()).get_data(as_text=True))
    confirm(client, reading, inspection_start=["4", "2", "2025"], letter_date=["15", "3", "2025"])
    with app.app_context():
        inspection = db.session.query(Inspection).one()
        assert (inspection.inspection_start.day, inspection.letter_date.day) == (4, 15)


def test_a_wrong_date_on_the_preview_keeps_what_was_typed_and_stores_nothing(app, client, manager):
    reading = hidden_reading(upload(client, letter_text().encode()).get_data(as_text=True))
    response = confirm(client, reading, local_area="Westmarsh typed", inspection_end=["31", "2", "2025"])
    page = assert_page(response, "Check what was read from the letter")
    assert "<title>Error:" in page
    assert "The date the inspection ended must be a real date" in page
    assert 'value="Westmarsh typed"' in page
    assert 'value="31"' in page
    assert stored_inspections(app) == 0


def test_an_inspection_that_ends_before_it_starts_is_refused(app, client, manager):
    reading = hidden_reading(upload(client, letter_text().encode()).get_data(as_text=True))
    page = confirm(client, reading, inspection_end=["1", "2", "2025"]).get_data(as_text=True)
    assert "The inspection must end on or after the day it started" in page
    assert stored_inspections(app) == 0


def test_a_tampered_preview_is_refused_and_stores_nothing(app, client, manager):
    reading = hidden_reading(upload(client, letter_text().encode()).get_data(as_text=True))
    response = confirm(client, reading[:-4] + "AAAA")
    assert response.status_code == 400
    assert "This preview has expired or was changed" in response.get_data(as_text=True)
    assert stored_inspections(app) == 0


def test_a_letter_already_imported_is_recognised_on_upload(app, client, manager):
    reading = hidden_reading(upload(client, letter_text().encode()).get_data(as_text=True))
    confirm(client, reading)
    page = assert_page(upload(client, letter_text().encode()), "Import an inspection letter or report")
    assert "This letter has already been imported for Westmarsh" in page
    assert stored_inspections(app) == 1


def test_a_manager_cannot_import_a_letter_for_an_area_they_do_not_manage(app, client):
    sign_in(client, make_user(app, role="manager", area=make_area(app, "Northfold")))
    reading = hidden_reading(upload(client, letter_text().encode()).get_data(as_text=True))
    page = confirm(client, reading).get_data(as_text=True)
    assert "You can only import letters for the local areas you manage (Northfold)" in page
    assert stored_inspections(app) == 0
    with app.app_context():
        assert db.session.query(LocalArea).filter_by(name="Westmarsh").count() == 0


def test_an_administrator_may_import_a_letter_for_a_new_area(app, client):
    sign_in(client, make_user(app, role="admin"))
    reading = hidden_reading(upload(client, letter_text("Eastbury").encode()).get_data(as_text=True))
    response = confirm(client, reading, local_area="Eastbury")
    assert redirect_target(response) == f"/inspections/{only_inspection_id(app)}/seed"
    assert stored_inspections(app) == 1


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_officers_and_viewers_cannot_import(app, client, role):
    sign_in(client, make_user(app, role=role, area=make_area(app)))
    assert_page(client.get(UPLOAD), "You cannot do this", status=403)


def test_no_file_chosen_gets_a_clear_message(client, manager):
    response = client.post(UPLOAD, data={"csrf_token": csrf_token(client, UPLOAD)})
    assert "Select the letter or report to upload" in assert_page(response, "Import an inspection letter or report")


def image_only_pdf() -> bytes:
    return pdf_bytes(lambda page: (page.rect(50, 50, 200, 300, fill=1), page.circle(300, 500, 80, fill=1)))


def recipe_pdf() -> bytes:
    def draw(page):
        for line, text in enumerate(["Flapjacks", "Melt 200g butter with 150g golden syrup.",
                                     "Stir in 300g oats and bake for 20 minutes."]):
            page.drawString(72, 770 - 20 * line, text)
    return pdf_bytes(draw)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "empty.txt", "The file is empty"),
        (os.urandom(4096), "random.pdf", "The file is not a PDF or UTF-8 text file"),
        (b"%PDF-1.7\n" + os.urandom(2048), "broken.pdf", "PDF"),
        (image_only_pdf(), "scan.pdf", "no text"),
        (recipe_pdf(), "recipe.pdf", "does not look like"),
        (b"Flapjacks\n\nMelt the butter and syrup.\n", "recipe.txt", "does not look like"),
    ],
    ids=["empty", "random-bytes", "corrupt-pdf", "image-only-pdf", "pdf-of-something-else", "text-of-something-else"],
)
def test_a_file_that_is_not_a_letter_gets_a_clear_message_and_stores_nothing(
    app, client, manager, content, filename, message
):
    page = assert_page(upload(client, content, filename), "Import an inspection letter or report")
    assert "There is a problem" in page
    assert message in page
    assert stored_inspections(app) == 0


def test_a_file_over_the_size_limit_is_refused_and_stores_nothing(app, client, manager, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)
    response = upload(client, letter_text().encode() * 10)
    assert_page(response, "The file is too big", status=413)
    assert stored_inspections(app) == 0


def test_a_manager_changes_the_key_dates_and_sees_them_on_the_inspection(app, client, manager):
    reading = hidden_reading(upload(client, letter_text().encode()).get_data(as_text=True))
    inspection_page = confirm(client, reading).headers["Location"].removesuffix("/seed")
    edit = inspection_page + "/key-dates"
    assert_page(client.get(edit), "Key dates for Westmarsh")
    response = client.post(edit, data={"csrf_token": csrf_token(client, edit),
                                       "wsoa_deadline": ["", "", ""], "revisit_date": ["14", "9", "2026"]})
    assert redirect_target(response) == inspection_page
    page = client.get(inspection_page).get_data(as_text=True)
    assert "14 September 2026" in page
    assert "Set by a manager." in page
    assert "70 working days after the letter of 14 March 2025" in page


def test_a_viewer_cannot_change_key_dates(app, client, manager):
    reading = hidden_reading(upload(client, letter_text().encode()).get_data(as_text=True))
    inspection_page = confirm(client, reading).headers["Location"].removesuffix("/seed")
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, make_user(app, role="viewer", area="Westmarsh"))
    assert "Change key dates" not in client.get(inspection_page).get_data(as_text=True)
    assert client.get(inspection_page + "/key-dates").status_code == 403


REPORT_WITH_AN_UNFINISHED_FINDING = (
    "Area SEND inspection of Westmarsh Local Area Partnership\n\n"
    "Inspection dates: 3 to 7 February 2025\n\n"
    "Inspection outcome\n\n"
    "The local area partnership's SEND arrangements typically lead to positive experiences and outcomes.\n\n"
    "Areas for improvement\n\n"
    "| Areas for improvement |\n"
    "| Leaders should improve the quality of plans. |\n"
    "| Leaders should reduce waiting times for |\n"
)


def test_the_preview_shows_a_passage_warning_beside_its_finding(client, manager):
    page = assert_page(
        upload(client, REPORT_WITH_AN_UNFINISHED_FINDING.encode(), "report.txt"), "Check what was read from the report"
    )
    assert "Check these passages first" in page
    # In the letter's text the warning follows the finding it is about, not the finished one before it.
    marked = page.split("The letter, with each finding marked", 1)[1]
    unfinished = marked.index("Leaders should reduce waiting times for")
    warning = marked.index("does not end with a full stop")
    assert unfinished < warning
    assert marked.index("Leaders should improve the quality of plans.") < unfinished
    assert "govuk-warning-text" in marked[unfinished:warning + 200]


def test_passage_warnings_survive_the_sealed_preview(client, manager):
    page = upload(client, REPORT_WITH_AN_UNFINISHED_FINDING.encode(), "report.txt").get_data(as_text=True)
    again = confirm(client, hidden_reading(page), inspection_start=["31", "2", "2025"]).get_data(as_text=True)
    assert "Check these passages first" in again
    assert "does not end with a full stop" in again
