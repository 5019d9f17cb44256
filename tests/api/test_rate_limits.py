"""Rate limits per token, counted in the database: one count shared by every worker and every instance."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from config import TestConfig
from tests.api_factories import bearer, make_token
from tests.factories import make_inspection, make_user
from wsoa.app import create_app
from wsoa.extensions import db


@pytest.fixture
def token(app, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT_PER_MINUTE", 3)
    make_inspection(app, "Westmarsh")
    person = make_user(app, role="viewer", area="Westmarsh")
    return make_token(app, person.email)


def test_past_the_limit_a_token_is_told_when_to_try_again(client, token):
    with time_machine.travel(datetime(2026, 5, 4, 9, 0, 15), tick=False):
        answers = [client.get("/api/v1/me", headers=bearer(token)) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a.headers["RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
        refused = answers[3]
        assert refused.mimetype == "application/problem+json" and refused.get_json()["code"] == "rate_limited"
        assert refused.headers["Retry-After"] == "45"
    with time_machine.travel(datetime(2026, 5, 4, 9, 1, 0), tick=False):
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_each_token_has_its_own_count(app, client, token):
    person = make_user(app, role="viewer", area="Westmarsh")
    other = make_token(app, person.email)
    with time_machine.travel(datetime(2026, 5, 4, 9, 0, 0), tick=False):
        for _ in range(3):
            client.get("/api/v1/me", headers=bearer(token))
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 429
        assert client.get("/api/v1/me", headers=bearer(other)).status_code == 200


def test_two_instances_share_one_count(app, client, token):
    """A second app on the same database (another server) sees the requests the first one counted."""

    class SecondInstance(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        EVIDENCE_STORAGE_DIR = app.config["EVIDENCE_STORAGE_DIR"]
        API_RATE_LIMIT_PER_MINUTE = 3

    second_app = create_app(SecondInstance)
    second = second_app.test_client()
    with time_machine.travel(datetime(2026, 5, 4, 9, 0, 0), tick=False):
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
        assert second.get("/api/v1/me", headers=bearer(token)).status_code == 200
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
        assert second.get("/api/v1/me", headers=bearer(token)).status_code == 429
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 429
    with second_app.app_context():
        db.engine.dispose()
