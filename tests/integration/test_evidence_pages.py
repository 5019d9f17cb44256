"""Evidence uploads are checked by content, kept out of the web root, and served only to the area."""

import io
import os
import re
from datetime import date
from pathlib import Path

import pytest

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import assert_page, csrf_token, hidden_fields, redirect_target, sign_in
from wsoa.extensions import db
from wsoa.models import AuditEvent, Evidence


def upload(client, action_id, content: bytes, filename: str, **fields):
    data = {
        **hidden_fields(client, f"/actions/{action_id}/evidence/new"),
        "kind": "activity",
        "description": "Board minutes",
        "as_at": ["1", "2", "2026"],
        "link_url": "",
        "file": (io.BytesIO(content), filename),
        **fields,
    }
    return client.post(f"/actions/{action_id}/evidence/new", data=data, content_type="multipart/form-data")


@pytest.fixture
def setting(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    action = make_actions(app, inspection, manager)[0]
    return action, manager


def stored(app) -> list[Evidence]:
    with app.app_context():
        return db.session.query(Evidence).all()


def stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["EVIDENCE_STORAGE_DIR"]).rglob("*") if p.is_file()]


def test_a_pdf_is_stored_under_an_opaque_key_outside_the_web_root(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    before = set(stored_files(app))
    assert redirect_target(upload(client, action.id, b"%PDF-1.7\nminutes", "minutes.pdf")) == f"/actions/{action.id}"
    (evidence,) = stored(app)
    (new_file,) = set(stored_files(app)) - before
    assert new_file.name == evidence.storage_key and "minutes" not in str(new_file)
    assert not str(new_file).startswith(str(Path(app.static_folder)))
    assert evidence.original_filename == "minutes.pdf"
    assert evidence.content_type == "application/pdf"


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(app, client, setting, monkeypatch):
    action, manager = setting
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_BYTES", 1024)
    sign_in(client, manager)
    before = stored_files(app)
    page = assert_page(upload(client, action.id, b"%PDF-1.7\n" + b"0" * 2048, "big.pdf"), "Add evidence")
    assert "The selected file must be smaller than" in page
    assert stored(app) == [] and stored_files(app) == before


def test_wrong_content_behind_an_allowed_name_is_refused_and_nothing_is_stored(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    before = stored_files(app)
    page = upload(client, action.id, b"MZ\x90\x00" + os.urandom(200), "minutes.pdf").get_data(as_text=True)
    assert "its content is not a PDF" in page
    assert "Board minutes</textarea>" in page  # what was typed is kept
    assert stored(app) == [] and stored_files(app) == before


def test_path_tricks_in_the_file_name_are_stripped(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    upload(client, action.id, b"%PDF-1.7", "../../../../etc/cron.d/minutes.pdf")
    (evidence,) = stored(app)
    assert evidence.original_filename == "minutes.pdf"


def test_a_file_and_a_link_together_are_refused(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    page = upload(client, action.id, b"%PDF-1.7", "m.pdf", link_url="https://example.org").get_data(as_text=True)
    assert "Upload a file or give a link, but not both" in page
    assert stored(app) == []


def test_a_link_must_be_a_web_address(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    response = client.post(
        f"/actions/{action.id}/evidence/new",
        data={
            **hidden_fields(client, f"/actions/{action.id}/evidence/new"),
            "kind": "impact",
            "description": "d",
            "as_at": ["1", "2", "2026"],
            "link_url": "javascript:alert(1)",
        },
    )
    assert "Enter a link starting with https://" in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_member_downloads_the_file_as_an_attachment_and_the_download_is_audited(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    upload(client, action.id, b"%PDF-1.7 minutes", "minutes.pdf")
    (evidence,) = stored(app)
    with client.get(f"/evidence/{evidence.id}/download") as response:
        assert response.status_code == 200
        assert response.data == b"%PDF-1.7 minutes"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(event="evidence.downloaded").count() == 1


def test_a_user_of_another_area_cannot_download_and_learns_nothing(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    upload(client, action.id, b"%PDF-1.7 secret minutes", "secret.pdf")
    (evidence,) = stored(app)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    make_inspection(app, "Northfold")
    sign_in(client, make_user(app, role="manager", area="Northfold"))
    response = client.get(f"/evidence/{evidence.id}/download")
    assert response.status_code == 404
    assert b"secret" not in response.data
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(event="evidence.downloaded").count() == 0


def test_returning_evidence_needs_a_comment(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    upload(client, action.id, b"%PDF-1.7", "m.pdf")
    (evidence,) = stored(app)
    page = client.post(
        f"/evidence/{evidence.id}/review",
        data={**hidden_fields(client, f"/evidence/{evidence.id}/review"), "decision": "return", "comment": ""},
    ).get_data(as_text=True)
    assert "Enter what needs to change" in page
    assert stored(app)[0].review_status == "awaiting_review"


def test_a_crash_while_recording_evidence_leaves_neither_the_file_nor_the_record(app, client, setting, monkeypatch):
    action, manager = setting
    sign_in(client, manager)
    before = stored_files(app)

    def crash(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("wsoa.actions.evidence.audit.record", crash)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # answer 500 as in production
    response = upload(client, action.id, b"%PDF-1.7 minutes", "minutes.pdf")
    assert response.status_code == 500
    assert stored(app) == [] and stored_files(app) == before


def test_the_as_at_date_starts_as_today(client, setting):
    action, manager = setting
    sign_in(client, manager)
    page = client.get(f"/actions/{action.id}/evidence/new").get_data(as_text=True)
    today = date.today()
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        assert re.search(rf'id="as_at-{part}"[^>]*value="{value}"|value="{value}"[^>]*id="as_at-{part}"', page)


def test_a_form_with_a_problem_says_plainly_that_the_file_must_be_chosen_again(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    page = upload(client, action.id, b"%PDF-1.7", "minutes.pdf", description="").get_data(as_text=True)
    assert "Enter a description of the evidence" in page
    assert "Choose minutes.pdf again" in page
    assert stored(app) == []


def test_the_sign_off_page_shows_the_evidence_being_signed_off(app, client, setting):
    action, manager = setting
    sign_in(client, manager)
    upload(client, action.id, b"%PDF-1.7", "minutes.pdf", description="Board minutes, March")
    page = client.get(f"/actions/{action.id}/sign-off").get_data(as_text=True)
    assert "The evidence you are signing off on" in page and "No accepted evidence yet" in page
