"""Evidence packs through the app: the accepted files of the weakness or plan asked for, with their index; the rest
only when asked; nothing from another area, ever; every download audited."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from tests.pages import assert_page, sign_in
from tests.pdf_checks import pdf_text
from tests.statement_factories import add_evidence_item, build_statement_plan, storage_key_of
from wsoa.actions.services import finding_numbers
from wsoa.extensions import db
from wsoa.models import AuditEvent, Inspection
from wsoa.storage import storage_for


@pytest.fixture
def plan(app):
    return build_statement_plan(app)


@pytest.fixture
def evidence(app, plan):
    """On action 1.1 (Weakness 1): accepted minutes, accepted survey link, awaiting agenda, returned and withdrawn
    notes. On action 2.1 (Weakness 2): accepted audit."""
    first, second = plan.action("1.1").id, plan.action("2.1").id
    ids = {
        "minutes": add_evidence_item(app, first, plan.lead, "Panel minutes", data=b"minutes,1\n",
                                     filename="minutes.csv", accepted_by=plan.manager),
        "survey": add_evidence_item(app, first, plan.lead, "Parent survey", kind="impact",
                                    link_url="https://localoffer.example/survey", accepted_by=plan.manager),
        "agenda": add_evidence_item(app, first, plan.lead, "Draft agenda", data=b"agenda\n", filename="agenda.csv"),
        "returned": add_evidence_item(app, first, plan.lead, "Undated notes", data=b"notes\n", filename="notes.csv",
                                      returned_by=plan.manager),
        "withdrawn": add_evidence_item(app, first, plan.lead, "Old notes", data=b"old\n", filename="old.csv",
                                       returned_by=plan.manager, withdrawn=True),
        "audit": add_evidence_item(app, second, plan.lead, "Strategy audit", data=b"audit\n", filename="audit.csv",
                                   accepted_by=plan.manager),
    }
    return ids


@pytest.fixture
def manager_client(client, plan):
    sign_in(client, plan.manager)
    return client


def _pack_url(plan, **query) -> str:
    params = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/inspections/{plan.inspection.id}/evidence-pack.zip" + (f"?{params}" if params else "")


def _download(client, url: str) -> zipfile.ZipFile:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="evidence-pack-westmarsh-')
    return zipfile.ZipFile(io.BytesIO(response.data))


def _files(archive: zipfile.ZipFile) -> list[str]:
    return [name.rsplit("/", 1)[-1] for name in archive.namelist() if name != "index.pdf"]


def _weakness_id(app, plan, number: int) -> int:
    """The id of the finding numbered so in the plan ("Weakness 2")."""
    with app.app_context():
        numbers = finding_numbers(db.session.get(Inspection, plan.inspection.id))
        return next(finding_id for finding_id, n in numbers.items() if n == number)


def test_the_whole_plan_pack_holds_the_index_and_only_accepted_files(app, manager_client, plan, evidence):
    archive = _download(manager_client, _pack_url(plan))
    assert _files(archive) == [f"E{evidence['minutes']} minutes.csv", f"E{evidence['audit']} audit.csv"]
    assert archive.read(f"evidence/action 1.1/E{evidence['minutes']} minutes.csv") == b"minutes,1\n"
    index = re.sub(r"\s+", " ", pdf_text(archive.read("index.pdf")))
    assert "Evidence pack: the whole plan" in index
    assert "3 items, accepted evidence only" in index
    for listed in ("Panel minutes", "Parent survey", "Strategy audit"):
        assert listed in index
    assert "localoffer.example/" in index  # the link, which its narrow cell wraps after each slash
    for left_out in ("Draft agenda", "Undated notes", "Old notes"):
        assert left_out not in index


def test_asking_for_everything_adds_awaiting_and_returned_evidence_but_never_withdrawn(
    app, manager_client, plan, evidence
):
    archive = _download(manager_client, _pack_url(plan, include_unaccepted="y"))
    names = _files(archive)
    assert f"E{evidence['agenda']} agenda.csv" in names and f"E{evidence['returned']} notes.csv" in names
    assert f"E{evidence['withdrawn']} old.csv" not in names
    index = re.sub(r"\s+", " ", pdf_text(archive.read("index.pdf")))
    assert "including evidence not yet accepted" in index
    assert "Awaiting review" in index and "Returned" in index and "Old notes" not in index


def test_a_weakness_pack_holds_only_the_evidence_of_that_weaknesss_actions(app, manager_client, plan, evidence):
    archive = _download(manager_client, _pack_url(plan, scope=_weakness_id(app, plan, 2)))
    assert _files(archive) == [f"E{evidence['audit']} audit.csv"]
    index = re.sub(r"\s+", " ", pdf_text(archive.read("index.pdf")))
    assert "Evidence pack: Weakness 2" in index and "Panel minutes" not in index


def test_evidence_in_another_area_never_reaches_a_pack(app, manager_client, plan, evidence):
    other = build_statement_plan(app, "Otherton")
    add_evidence_item(app, other.action("1.1").id, other.lead, "Otherton minutes", data=b"secret\n",
                      filename="secret.csv", accepted_by=other.manager)
    archive = _download(manager_client, _pack_url(plan))
    assert "secret.csv" not in " ".join(archive.namelist())
    assert "Otherton" not in pdf_text(archive.read("index.pdf"))
    other_finding = _weakness_id(app, other, 1)
    assert manager_client.get(_pack_url(plan, scope=other_finding)).status_code == 404
    assert manager_client.get(f"/inspections/{other.inspection.id}/evidence-pack.zip").status_code == 404


def test_a_scope_that_is_not_a_tracked_finding_is_not_found(app, manager_client, plan, evidence):
    assert manager_client.get(_pack_url(plan, scope="weakness-1")).status_code == 404
    assert manager_client.get(_pack_url(plan, scope="999999")).status_code == 404


def test_every_pack_downloaded_is_audited_with_what_it_held(app, manager_client, plan, evidence):
    _download(manager_client, _pack_url(plan, scope=_weakness_id(app, plan, 1), include_unaccepted="y"))
    with app.app_context():
        [event] = db.session.scalars(db.select(AuditEvent).filter_by(event="evidence_pack.downloaded"))
        assert (event.actor_id, event.summary) == (
            plan.manager.id,
            "Evidence pack for Weakness 1 downloaded: 4 items, 3 files, including evidence not yet accepted",
        )


def test_a_file_missing_from_the_store_is_noted_in_the_pack_and_the_rest_arrive(app, manager_client, plan, evidence):
    with app.app_context():
        storage_for(app).discard(storage_key_of(app, evidence["minutes"]))
    archive = _download(manager_client, _pack_url(plan))
    assert _files(archive) == [f"E{evidence['minutes']} minutes.csv (missing).txt", f"E{evidence['audit']} audit.csv"]


def test_the_pack_page_offers_the_whole_plan_and_each_tracked_finding(app, manager_client, plan, evidence):
    page = assert_page(manager_client.get(f"/inspections/{plan.inspection.id}/evidence-pack"),
                       "Download an evidence pack")
    assert 'value="all" checked' in page
    assert "Weakness 1" in page and "Area for development 13" in page
