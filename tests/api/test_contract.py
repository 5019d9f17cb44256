"""The contract: every operation in the OpenAPI document, driven by Schemathesis from the document itself.

Schemathesis makes requests from each operation's schema, both ones that fit it and ones that break it
(unknown fields, wrong types, out-of-range numbers), sends them with a manager's read-and-write token, and
checks each answer: never a server error, and always a status, content type and body that the document
promises. Most generated ids are pointed at the area's real things, so the answers cover what the API says
about them, not only "not found".

(Schemathesis's own pytest plugin does not run under pytest 9, so the strategies are driven with Hypothesis.)
"""

from __future__ import annotations

import math

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_factories import bearer
from wsoa.extensions import db
from wsoa.models import Action, MeasuredValue, Milestone, ProgressUpdate

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPERATIONS = [
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/areas"),
    ("GET", "/api/v1/areas/{area_id}"),
    ("GET", "/api/v1/inspections"),
    ("GET", "/api/v1/inspections/{inspection_id}"),
    ("GET", "/api/v1/inspections/{inspection_id}/actions"),
    ("GET", "/api/v1/inspections/{inspection_id}/plans"),
    ("GET", "/api/v1/inspections/{inspection_id}/plans/{plan_number}/judgements"),
    ("GET", "/api/v1/actions/{action_id}"),
    ("GET", "/api/v1/actions/{action_id}/updates"),
    ("POST", "/api/v1/actions/{action_id}/updates"),
    ("GET", "/api/v1/actions/{action_id}/milestones"),
    ("POST", "/api/v1/actions/{action_id}/milestones"),
    ("GET", "/api/v1/actions/{action_id}/measures"),
    ("POST", "/api/v1/actions/{action_id}/measures"),
    ("GET", "/api/v1/actions/{action_id}/evidence"),
    pytest.param(
        "GET",
        "/api/v1/evidence/{evidence_id}/file",
        # Schemathesis's WSGI transport never closes a streamed response, so the file it downloads is closed
        # by the garbage collector (tests/api/test_reads.py downloads it and closes it).
        marks=pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    ),
]
NOTHING_TO_BREAK = {"/api/v1/openapi.json", "/api/v1/me"}
EXAMPLES = 30  # per operation and mode: about 1,090 requests in all


def test_the_document_is_valid_openapi_3_1_and_lists_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on any departure from the OpenAPI 3.1 schema
    paths = document["paths"].items()
    listed = {(method.upper(), path) for path, item in paths for method in item if method != "parameters"}
    assert listed == {tuple(getattr(operation, "values", operation)) for operation in OPERATIONS}
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal access token from /account/tokens.",
    }


def current_version(app, action_id: int) -> int:
    with app.app_context():
        return db.session.get(Action, action_id).version


def _real(world) -> dict:
    return {
        "area_id": world.own.area_id,
        "inspection_id": world.own.inspection_id,
        "action_id": world.own.action_ids[0],
        "evidence_id": world.own.evidence_id,
        "plan_number": 1,
    }


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_keeps_to_the_document(app, world, monkeypatch, method, path):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT_PER_MINUTE", 1_000_000)
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]
    real = _real(world)
    answered = set()

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,  # the same requests on every run: a failure here is never a fluke
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_the_document(case):
            for name, value in (case.path_parameters or {}).items():
                if isinstance(value, int) and value % 4 != 0:  # three in four go to something real
                    case.path_parameters[name] = real[name]
            version = case.body.get("version", 1) if isinstance(case.body, dict) else None
            if isinstance(version, int) and not isinstance(version, bool) and version % 2:
                case.body["version"] = current_version(app, real["action_id"])  # most are made on the latest
            response = case.call_and_validate(headers=bearer(world.manager), checks=CHECKS)
            answered.add(response.status_code)

        try:
            keeps_to_the_document()
        except Unsatisfiable:
            # Nothing in the operation can be made invalid (no path ids, query, body or typed header).
            assert mode == GenerationMode.NEGATIVE and path in NOTHING_TO_BREAK
    assert answered & {200, 201}, f"{method} {path} never succeeded: {sorted(answered)}"
    with app.app_context():  # whatever the posts stored went through the services' rules
        for update in db.session.query(ProgressUpdate):
            assert update.rag in ("red", "amber", "green") and update.done.strip() and update.rag_reason.strip()
        assert all(milestone.title.strip() for milestone in db.session.query(Milestone))
        values = db.session.query(MeasuredValue)
        assert all(math.isfinite(measured.value) and measured.source.strip() for measured in values)

