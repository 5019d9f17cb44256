"""/healthz and /readyz for load balancers and orchestrators: no sign-in, and nothing in the answer
beyond ready or not (what failed goes to the logs, with the request id)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from ..permissions import PUBLIC, route_rule
from .readiness import log_failures, readiness

bp = Blueprint("ops", __name__)


def _answer(status: str, code: int):
    response = jsonify(status=status)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/healthz")
@route_rule(PUBLIC)
def healthz():
    """The process answers. Touches nothing else: restart the instance only if this fails."""
    return _answer("ok", 200)


@bp.route("/readyz")
@route_rule(PUBLIC)
def readyz():
    """Send this instance traffic only while its database, schema and evidence store are all usable."""
    checks = readiness(current_app)
    if all(check.ok for check in checks):
        return _answer("ready", 200)
    log_failures(checks)
    return _answer("not ready", 503)
