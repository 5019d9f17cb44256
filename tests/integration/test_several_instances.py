"""A regional deployment in miniature: two gunicorn instances (separate processes, separate local
directories) on one database and one S3 bucket, as a load balancer would send one person's requests to
either. Then two schedulers at once. Everything runs on loopback and is stopped at the end."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.database import empty_all_tables
from tests.factories import PASSWORD, make_actions, make_inspection, make_user
from tests.reminder_factories import SmtpSink, set_action
from tests.servers import BIN, Browser, WebInstance, WsoaProcess, production_environment, text_of, wait_until
from wsoa.auth.views import WRONG_EMAIL_OR_PASSWORD
from wsoa.extensions import db
from wsoa.models import Delivery, Evidence, User

# The deployment and the area are built once for the module: under pytest-xdist the module runs whole on one
# worker, so no other module's test empties the database in between.
pytestmark = pytest.mark.xdist_group("several_instances")
postgres = bool(os.environ.get("DATABASE_URL"))
CONFLICT = "Someone else changed this action while you were editing it"


@dataclass
class Deployment:
    a: WebInstance
    b: WebInstance
    environment: dict[str, str]
    smtp: SmtpSink
    workdir: Path
    directories: list[Path]


@pytest.fixture(scope="module")
def deployment(migrated_app, s3_server, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("deployment")
    smtp = SmtpSink().__enter__()
    environment = production_environment(
        migrated_app.config["SQLALCHEMY_DATABASE_URI"],
        **s3_server.settings(s3_server.new_bucket()),
        MAIL_PORT=str(smtp.port),
    )
    directories = [workdir / "a-evidence", workdir / "b-evidence"]
    instances = [
        WebInstance(name, {**environment, "EVIDENCE_STORAGE_DIR": str(directory)}, workdir)
        for name, directory in zip(("a", "b"), directories, strict=True)
    ]
    try:
        for instance in instances:
            instance.wait_until_ready()
        yield Deployment(*instances, environment, smtp, workdir, directories)
    finally:
        for instance in instances:
            instance.stop()
        smtp.__exit__()
        with migrated_app.app_context():
            db.session.remove()
            empty_all_tables()


@pytest.fixture(scope="module")
def area(migrated_app, deployment):
    """An area with a manager and a lead officer on its first action."""
    inspection = make_inspection(migrated_app, "Eastmoor")
    manager = make_user(migrated_app, role="manager", area="Eastmoor")
    lead = make_user(migrated_app, role="officer", area="Eastmoor")
    action = make_actions(migrated_app, inspection, manager, lead=lead)[0]
    return manager, lead, action.id


def test_evidence_uploaded_through_one_instance_downloads_through_the_other(migrated_app, deployment, area):
    manager, _, action_id = area
    content = b"%PDF-1.7\n" + os.urandom(300_000)
    at_a = Browser(deployment.a.url)
    assert at_a.sign_in(manager.email, PASSWORD).status_code == 302
    response = at_a.submit(
        f"/actions/{action_id}/evidence/new",
        {"kind": "activity", "description": "Panel minutes", "as_at": ["1", "2", "2026"], "link_url": ""},
        files={"file": ("minutes.pdf", content, "application/pdf")},
    )
    assert response.status_code == 302, text_of(response)
    with migrated_app.app_context():
        evidence_id = db.session.query(Evidence.id).filter_by(action_id=action_id).scalar()

    download = at_a.at(deployment.b.url).get(f"/evidence/{evidence_id}/download")

    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == hashlib.sha256(content).hexdigest()
    assert download.headers["Content-Disposition"] == "attachment; filename=minutes.pdf"
    assert [path for directory in deployment.directories for path in directory.rglob("*") if path.is_file()] == []


def test_a_sign_in_lockout_on_one_instance_holds_on_the_other(migrated_app, deployment, area):
    person = make_user(migrated_app, role="viewer", area="Eastmoor")
    at_a = Browser(deployment.a.url)
    for _ in range(5):
        at_a.sign_in(person.email, "not-the-password")

    refused = Browser(deployment.b.url).sign_in(person.email, PASSWORD)

    # The right password is refused on the other instance, with the same words as a wrong one (a lock
    # never tells a stranger that an account exists).
    assert refused.status_code == 200
    assert WRONG_EMAIL_OR_PASSWORD in text_of(refused)


def test_an_edit_conflict_across_instances_is_a_conflict(deployment, area):
    manager, lead, action_id = area
    path = f"/actions/{action_id}/update"
    lead_at_a, manager_at_b = Browser(deployment.a.url), Browser(deployment.b.url)
    lead_at_a.sign_in(lead.email, PASSWORD)
    manager_at_b.sign_in(manager.email, PASSWORD)
    lead_form, manager_form = lead_at_a.hidden_fields(path), manager_at_b.hidden_fields(path)
    assert lead_form["version"] == manager_form["version"]

    saved = lead_at_a.request("POST", path, data={**lead_form, "rag": "amber", "rag_reason": "Slow", "done": "Met"})
    stale = manager_at_b.request(
        "POST", path, data={**manager_form, "rag": "green", "rag_reason": "Fine", "done": "Typed work"}
    )

    assert saved.status_code == 302
    assert stale.status_code == 200
    assert CONFLICT in text_of(stale) and "Typed work" in stale.text


def test_each_instance_writes_json_log_lines_with_the_request_id_it_answered_with(deployment):
    response = Browser(deployment.a.url).get("/sign-in")
    request_id = response.headers["X-Request-ID"]

    def logged():
        return [entry for entry in deployment.a.log_entries() if entry.get("request_id") == request_id]

    (line,) = wait_until(logged, 10, "the request's log line")
    assert (line["logger"], line["route"], line["status"]) == ("wsoa.requests", "/sign-in", 200)
    assert all({"time", "level", "logger", "message"} <= set(entry) for entry in deployment.b.log_entries())


@pytest.mark.skipif(not postgres, reason="needs PostgreSQL: SQLite serialises every writer, so there is no race")
def test_two_schedulers_at_once_send_each_digest_once(migrated_app, deployment):
    inspection = make_inspection(migrated_app, "Westwold")
    manager = make_user(migrated_app, role="manager", area="Westwold")
    leads = [make_user(migrated_app, role="officer", area="Westwold") for _ in range(4)]
    for person, action in zip(leads, make_actions(migrated_app, inspection, manager), strict=False):
        set_action(migrated_app, action.id, lead_id=person.id, due_date=date.today() - timedelta(days=3))
    # Send time midnight: each scheduler catches up today's digests as soon as it starts, so both race.
    environment = {**deployment.environment, "DIGEST_SEND_TIME": "00:00"}
    # The module's tests share one mail server: an earlier lockout's unlock email is not this test's.
    already = len(deployment.smtp.messages)
    schedulers = [
        WsoaProcess(f"scheduler-{n}", [str(BIN / "wsoa"), "scheduler"], environment, deployment.workdir)
        for n in (1, 2)
    ]
    try:
        for scheduler in schedulers:
            wait_until(lambda s=scheduler: "Digests:" in s.output(), 45, f"{scheduler.name}'s run")
    finally:
        for scheduler in schedulers:
            scheduler.stop()

    received = Counter(message.to for message in deployment.smtp.messages[already:])
    with migrated_app.app_context():
        claimed = Counter(
            email for (email,) in db.session.query(User.email).join(Delivery, Delivery.user_id == User.id)
        )
    assert {lead.email for lead in leads} <= set(received)
    assert set(received.values()) == {1}  # none went twice
    # Each was claimed once in the ledger. Its status may still say "sending" or "failed" if a loaded machine
    # broke the connection after the relay took the message: the window the ledger documents.
    assert claimed == received
