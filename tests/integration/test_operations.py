"""Health, readiness, request ids and `wsoa check`: what a load balancer and an operator rely on."""

import io
import json
import logging
import os
import subprocess

import pytest
from sqlalchemy import text

from config import TestConfig
from tests.servers import BIN, REPO
from wsoa.app import create_app
from wsoa.extensions import db
from wsoa.ops.logs import JsonFormatter, configure_logging


def test_healthz_answers_without_sign_in_and_says_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_answers_ready_when_the_database_schema_and_storage_are(client):
    response = client.get("/readyz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ready"})
    assert "Set-Cookie" not in response.headers


@pytest.fixture
def database_behind_the_code(app):
    """The schema as if `wsoa db upgrade` had not run since migration 0001 (put back afterwards: emptying the
    tables between tests leaves alembic_version alone)."""
    with app.app_context():
        current = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        db.session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        db.session.commit()
    yield
    with app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = :current"), {"current": current})
        db.session.commit()


def test_readyz_is_not_ready_while_the_database_is_behind_the_code(client, database_behind_the_code, caplog):
    with caplog.at_level(logging.WARNING, logger="wsoa.readiness"):
        response = client.get("/readyz")
    assert (response.status_code, response.get_json()) == (503, {"status": "not ready"})
    assert "wsoa db upgrade" not in response.get_data(as_text=True)
    assert "the database is at 0001; this code needs" in caplog.text
    assert caplog.records[0].request_id == response.headers["X-Request-ID"]


def test_readyz_is_not_ready_when_the_evidence_directory_cannot_be_written(app, client, tmp_path):
    from wsoa.storage import LocalStorage, use_storage

    (tmp_path / "file").write_text("in the way")
    use_storage(app, LocalStorage(tmp_path / "file" / "evidence"))
    try:
        assert client.get("/readyz").status_code == 503
    finally:
        use_storage(app, None)


@pytest.fixture
def json_log():
    stream = io.StringIO()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging("json", stream=stream)
    yield stream
    root.handlers[:], root.level = handlers, level


def test_every_log_line_of_a_request_is_json_with_its_request_id(client, json_log):
    response = client.get("/sign-in")
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    (summary,) = [line for line in lines if line["logger"] == "wsoa.requests"]
    assert summary["request_id"] == response.headers["X-Request-ID"]
    assert (summary["method"], summary["route"], summary["status"]) == ("GET", "/sign-in", 200)


def test_a_request_line_names_the_route_not_a_path_that_could_carry_a_token(client, json_log):
    client.get("/invitations/a-secret-token-in-the-path")
    assert "a-secret-token" not in json_log.getvalue()
    assert "/invitations/<token>" in json_log.getvalue()


class FailingConfig(TestConfig):
    TESTING = False  # show the error page rather than raise in the test
    TRUSTED_PROXIES = 1


@pytest.fixture
def failing_app():
    app = create_app(FailingConfig)

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_error_page_shows_the_request_id_that_the_logs_carry(failing_app, caplog):
    with caplog.at_level(logging.ERROR):
        response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert f"give them this reference: <strong class=\"govuk-!-font-weight-bold\" data-request-id>{request_id}" in (
        response.get_data(as_text=True)
    )
    (error,) = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert error.exc_info  # logged with its traceback
    assert json.loads(JsonFormatter().format(error))["request_id"] == request_id


def test_behind_a_trusted_proxy_its_request_id_and_scheme_are_used(failing_app):
    response = failing_app.test_client().get(
        "/healthz", headers={"X-Request-ID": "lb-7f3a9c2e11", "X-Forwarded-Proto": "https"}
    )
    assert response.headers["X-Request-ID"] == "lb-7f3a9c2e11"


def test_without_a_trusted_proxy_a_request_id_sent_by_the_client_is_ignored(client):
    response = client.get("/healthz", headers={"X-Request-ID": "client-made-up-id"})
    assert response.headers["X-Request-ID"] != "client-made-up-id"


def check(environment: dict[str, str]) -> subprocess.CompletedProcess:
    keep = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return subprocess.run(
        [str(BIN / "wsoa"), "check", "--settings-only"],
        env={**keep, "WSOA_ENV": "production", **environment}, capture_output=True, text=True, cwd=REPO, timeout=60,
    )


def test_wsoa_check_says_exactly_what_production_is_missing():
    result = check({})
    assert result.returncode == 1
    for expected in ("SECRET_KEY: not set", "APP_BASE_URL: not set", "MAIL_BACKEND: not set"):
        assert expected in result.stderr
    assert "wsoa is not ready to start" in result.stderr


def test_wsoa_check_passes_complete_settings():
    result = check({
        "SECRET_KEY": "k" * 48, "APP_BASE_URL": "https://wsoa.council.gov.uk", "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "relay.council.gov.uk", "MAIL_DEFAULT_SENDER": "wsoa@council.gov.uk",
        "EVIDENCE_STORAGE": "s3", "EVIDENCE_S3_BUCKET": "wsoa-evidence", "TRUSTED_PROXIES": "1",
        "DATABASE_URL": "postgresql://wsoa@db.council.internal/wsoa",
    })
    assert result.returncode == 0, result.stderr
    assert "Settings: complete." in result.stdout
