"""Errors as RFC 9457 problem details (`application/problem+json`), for every request under /api/.

The app's error pages ask `for_api_request` first, so a URL under /api/ that matches no route (404), a
method it does not take (405) or a failure anywhere (500) is answered in the same shape as the API's own
refusals. Imports Flask only: the 500 answer must not need the database.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from flask import Response, current_app, request
from werkzeug.exceptions import HTTPException, NotFound

API_PREFIX = "/api/"
PROBLEM_JSON = "application/problem+json"

# The short, stable names clients can rely on, by status when nothing more specific applies.
CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "edit_conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    428: "version_required",
    429: "rate_limited",
    500: "server_error",
}
DETAILS = {
    400: "The request could not be read.",
    401: "Send a personal access token: Authorization: Bearer <token>.",
    403: "You may see this, but not do this.",
    404: "There is nothing here, or it belongs to an area you do not belong to.",
    405: "This address does not take that method.",
    413: "The request is too large.",
    415: "Send JSON, with Content-Type: application/json.",
    500: "Something went wrong on our side. Nothing was changed; try again later.",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(
    status: int,
    detail: str | None = None,
    *,
    code: str | None = None,
    headers: dict | None = None,
    **extensions,
) -> Response:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or DETAILS.get(status, HTTPStatus(status).description),
        "code": code or CODES.get(status, "error"),
        **extensions,
    }
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON, headers=headers or {})
    response.headers["Cache-Control"] = "no-store"
    return response


def for_api_request(error, status: int, detail: str | None = None) -> Response | None:
    """The problem answer for a request under /api/, or None for a page."""
    if not is_api_request():
        return None
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        if not _exists_for(error.valid_methods[0]):
            return problem(404)
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem(status, detail, headers=headers)


def _exists_for(method: str) -> bool:
    """Whether the path names something with `method`. Werkzeug answers 405 when a route for another method
    matches the path's shape even if its id is one the route refuses (too big for the database): that is 404."""
    try:
        current_app.url_map.bind_to_environ(request.environ).match(method=method)
    except NotFound:
        return False
    except HTTPException:
        return True
    return True
