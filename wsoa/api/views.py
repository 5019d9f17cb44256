"""The JSON API under /api/v1 (token-authenticated, documented by OpenAPI 3.1), and the account page where a
person makes and revokes their tokens.

Every API request names its token (`Authorization: Bearer ...`); a session cookie never authorises one. The
request then acts as the token's owner: the loaders and services apply that person's roles exactly as they do
on the pages. A post that carries cookies but no token is checked for a CSRF token like any form post before
it is turned away, so only token-authenticated requests are exempt from the CSRF check.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from http import HTTPStatus

from flask import Blueprint as PageBlueprint
from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .. import audit
from ..actions.evidence import evidence_for_download
from ..actions.measures import Measurement, record_measure
from ..actions.services import (
    ACTION_ALONE,
    ACTION_SUMMARY,
    EditConflict,
    UpdateDetails,
    WorkflowError,
    add_milestone,
    finding_numbers_of,
    post_update,
)
from ..downloads import evidence_download
from ..extensions import csrf
from ..inspections.cycle_services import cycle_of, cycles_of
from ..loaders import load_action, load_api_token, load_area, load_inspection, load_inspection_summary
from ..models import SCOPE_READ_WRITE, utcnow
from ..permissions import AREA_MEMBER, CONTRIBUTE, CONTRIBUTOR, PUBLIC, SIGNED_IN, route_rule
from . import representations as show
from . import schemas
from .forms import NewTokenForm, RevokeTokenForm
from .problems import PROBLEM_JSON, problem
from .services import (
    actions_slice,
    areas_slice,
    evidence_slice,
    inspections_slice,
    judgements_slice,
    links_for,
    measures_slice,
    milestones_slice,
    plans_slice,
    updates_slice,
)
from .tokens import (
    DEFAULT_RATE_LIMIT,
    MAX_LIFETIME_DAYS,
    SCOPE_NAMES,
    TokenError,
    check_token,
    count_request,
    create_token,
    is_live,
    latest_expiry,
    revoke_token,
    tokens_of,
)

API_VERSION = "1"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REALM = 'Bearer realm="wsoa"'

bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Areas, inspections, actions and their updates, milestones, measured values and evidence "
    "(docs/api.md).",
)
account_bp = PageBlueprint("account", __name__)


class WsoaApi(Api):
    """flask-smorest's Api, without its app-wide error handler: the pages keep their own error pages, and
    the API answers with problem details (below and wsoa/api/problems.py)."""

    ERROR_SCHEMA = schemas.Problem

    def _register_error_handlers(self):
        pass

    def _register_responses(self):
        """Every error the document names, `default` included, is problem details."""
        for status in HTTPStatus:
            response = {"description": status.phrase}
            if not 100 <= status < 200 and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error, as problem details (RFC 9457).", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def init_app(app: Flask) -> None:
    """Register the API and its account page with the app, and generate the OpenAPI document."""
    api = WsoaApi(
        spec_kwargs={
            "title": "wsoa API",
            "version": API_VERSION,
            "openapi_version": "3.1.0",
            "info": {
                "description": "Read a local area's SEND inspection response (areas, inspections, findings, key "
                "dates, actions, updates, milestones, measured values, evidence) and post progress updates, milestones "
                "and measured values. "
                "Authenticate with a personal access token: `Authorization: Bearer <token>`. "
                "Errors are `application/problem+json` (RFC 9457). See docs/api.md."
            },
            "security": [{"bearerAuth": []}],
        }
    )
    api.init_app(app)
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "A personal access token from /account/tokens."},
    )
    api.register_blueprint(bp)
    app.register_blueprint(account_bp)
    csrf.exempt(bp)  # checked by hand below, for requests that carry no token


# -- Authentication, rate limits, conditional requests -------------------------------------------------


class ApiProblem(Exception):
    def __init__(self, response):
        super().__init__(response.status)
        self.response = response


@bp.before_request
def authenticate():
    if request.endpoint == "api.openapi_document":
        return None
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if not scheme:
        if request.method not in SAFE_METHODS and request.cookies:
            csrf.protect()  # a post that carries cookies but no token is checked like a form post; then refused
        return problem(401, headers={"WWW-Authenticate": REALM})
    if scheme.lower() != "bearer" or not raw.strip():
        return problem(401, "Send the token as Authorization: Bearer <token>.", headers={"WWW-Authenticate": REALM})
    now = utcnow()
    check = check_token(raw.strip(), now.date())
    if check.token is None:
        return problem(
            401, check.refusal, code="invalid_token", headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'}
        )
    token = check.token
    # Read before counting: the count commits, and reading the owner through the token again would reload both.
    owner = token.user
    g.rate = count_request(token, now, int(current_app.config.get("API_RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_LIMIT)))
    if not g.rate.allowed:
        return problem(
            429,
            f"This token has made more than {g.rate.limit} requests this minute. "
            f"Try again in {g.rate.reset_seconds} seconds.",
            headers={"Retry-After": str(g.rate.reset_seconds)},
        )
    # The request acts as the token's owner, whatever session cookie came with it.
    g._login_user = owner
    g.api_token = token
    if request.method not in SAFE_METHODS and token.scope != SCOPE_READ_WRITE:
        audit.record_now(
            "permission.refused",
            owner,
            summary=f"{request.method} {request.path}: API token '{token.name}' ({token.prefix}…) may only read",
        )
        return problem(
            403,
            "This token may only read. Make a read and write token to post updates, milestones or measured values.",
            code="insufficient_scope",
            headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope"'},
        )
    return None


def etag_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:40]


@bp.after_request
def conditional_and_counted(response):
    if request.method in SAFE_METHODS and response.status_code == 200 and response.mimetype == "application/json":
        response.set_etag(etag_of(response.get_data()))
        response.make_conditional(request)
    if response.mimetype in ("application/json", PROBLEM_JSON) and response.status_code != 429:
        # Area data: a client may keep it and ask again with If-None-Match, a shared cache may not.
        response.headers.setdefault("Cache-Control", "private, no-cache")
    response.vary.add("Authorization")
    rate = g.get("rate")
    if rate is not None:
        response.headers["RateLimit-Limit"] = str(rate.limit)
        response.headers["RateLimit-Remaining"] = str(rate.remaining)
        response.headers["RateLimit-Reset"] = str(rate.reset_seconds)
    return response


# -- Errors as problem details ----------------------------------------------------------------------------


def http_problem(error: HTTPException):
    if isinstance(error, CSRFError):
        return problem(
            400,
            "Requests without a personal access token are checked like form posts, and this one had no valid "
            "CSRF token. API clients send Authorization: Bearer <token>; a session cookie never authorises them.",
            code="csrf_failed",
        )
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages is not None:
        return problem(error.code, "Some of what was sent is not valid: see errors.", errors=messages)
    return problem(error.code, headers=dict(getattr(error, "data", None) or {}).get("headers"))


for _code in (400, 401, 403, 404, 405, 409, 413, 415, 422, 428, 429):
    bp.register_error_handler(_code, http_problem)


@bp.errorhandler(ApiProblem)
def raised_problem(error: ApiProblem):
    return error.response


@bp.errorhandler(EditConflict)
def edit_conflict(conflict: EditConflict):
    current = _action_body(conflict.action)
    response = problem(
        409,
        f"Someone changed this action after the version you sent: it is now version {conflict.action.version}. "
        "Its current state is in `current`: check it, then send your change again with that version.",
        current=current,
    )
    response.set_etag(etag_of(jsonify(current).get_data()))
    return response


@bp.errorhandler(WorkflowError)
def refused_change(error: WorkflowError):
    return problem(422, str(error), code="refused")


# -- Documentation helpers ----------------------------------------------------------------------------------

PROBLEM_TEXT = {
    401: "No token, or one that is unknown, expired or revoked.",
    403: "The token's owner may see this but not do this, or the token may only read.",
    404: "Nothing here, or in an area the token's owner does not belong to.",
    409: "The action changed since the version sent: `current` holds it as it is now.",
    422: "Invalid input (unknown fields, wrong types, out-of-range values), or a change the rules refuse.",
    428: "Neither `version` nor `If-Match` was sent.",
    429: "Too many requests with this token this minute: wait for Retry-After seconds.",
}
READ_PROBLEMS = (401, 404, 422, 429)
WRITE_PROBLEMS = (401, 403, 404, 409, 422, 428, 429)
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The ETag of the copy you have: 304 Not Modified if it is still current.",
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The action's ETag (from GET /actions/{action_id}): the change is made only if it is current.",
}


def problems(*codes: int):
    def decorate(view):
        for code in codes:
            view = bp.alt_response(
                code, schema=schemas.Problem, content_type=PROBLEM_JSON, description=PROBLEM_TEXT[code]
            )(view)
        return view

    return decorate


def read(response_schema, *codes: int):
    """A GET answered with `response_schema`, an ETag, and 304 when If-None-Match names it."""

    def decorate(view):
        view = problems(*(codes or READ_PROBLEMS))(view)
        view = bp.alt_response(304, description="Not modified: the copy you have is current.", success=True)(view)
        view = bp.doc(parameters=[IF_NONE_MATCH])(view)
        return bp.response(200, response_schema, headers={"ETag": {"schema": {"type": "string"}}})(view)

    return decorate


def _page(found, represent) -> dict:
    """A page of items and the cursor for the next one (also sent as a Link header)."""
    next_cursor = schemas.encode_cursor(found.next_after) if found.next_after is not None else None
    if next_cursor is not None:
        args = {**request.args.to_dict(), "cursor": next_cursor}
        g.link_next = url_for(request.endpoint, **(request.view_args or {}), **args)
    return {"items": [represent(item) for item in found.items], "next_cursor": next_cursor}


@bp.after_request
def link_next(response):
    if g.get("link_next") and response.status_code == 200:
        response.headers["Link"] = f'<{g.link_next}>; rel="next"'
    return response


def with_action(rule):
    """Load the action (404 if it is not there or in another area; 403 if this person may not do this) before
    the body is read, so a refusal does not depend on what was sent."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, action_id: int, **kwargs):
            return view(*args, action=load_action(action_id, rule, ACTION_SUMMARY), **kwargs)

        return wrapper

    return decorate


def _today() -> date:
    return date.today()


def _action_body(action) -> dict:
    return schemas.Action().dump(show.single_action(action, _today()))


def _expected_version(action, version: int | None) -> int:
    """The version the change was made on: `version` in the body, or the version whose ETag If-Match names."""
    if_match = request.if_match
    if if_match and not if_match.star_tag:
        if not if_match.contains(etag_of(jsonify(_action_body(action)).get_data())):
            raise EditConflict(action)
        return action.version if version is None else version
    if version is None:
        raise ApiProblem(
            problem(
                428,
                "Say which version of the action this change was made on: send `version` (the action's version) "
                "or an If-Match header with the action's ETag.",
            )
        )
    return version


# -- The OpenAPI document --------------------------------------------------------------------------------


@bp.route("/openapi.json")
@route_rule(PUBLIC)
@bp.doc(security=[], summary="This API's OpenAPI 3.1 document", tags=["documentation"])
@bp.response(200, description="The OpenAPI document.")
def openapi_document():
    from flask_smorest import current_api

    return current_api.spec.to_dict()


# -- Reads ----------------------------------------------------------------------------------------------


@bp.route("/me")
@route_rule(SIGNED_IN)
@read(schemas.Me, 401, 429)
def me():
    """Who the token acts as, their roles, and the token's scope and expiry"""
    return show.me(current_user, g.api_token)


@bp.route("/areas")
@route_rule(SIGNED_IN)
@bp.arguments(schemas.ListQuery, location="query", as_kwargs=True)
@read(schemas.AreaPage, 401, 422, 429)
def areas(limit: int, cursor: int | None):
    """The areas the token's owner belongs to (every area for a site administrator), with their role"""
    return _page(areas_slice(current_user, cursor, limit), lambda area: show.area(area, current_user))


@bp.route("/areas/<int:area_id>")
@route_rule(AREA_MEMBER)
@read(schemas.Area, 401, 404, 429)
def area(area_id: int):
    """One area, with the thresholds its flags use"""
    return show.area(load_area(area_id), current_user)


@bp.route("/inspections")
@route_rule(SIGNED_IN)
@bp.arguments(schemas.InspectionListQuery, location="query", as_kwargs=True)
@read(schemas.InspectionPage)
def inspections(limit: int, cursor: int | None, area_id: int | None = None):
    """Inspections in the token owner's areas, with their key dates"""
    chosen = load_area(area_id) if area_id is not None else None
    found = inspections_slice(current_user, cursor, limit, chosen)
    cycles = cycles_of(inspection.id for inspection in found.items)
    return _page(found, lambda inspection: show.inspection_summary(inspection, cycles[inspection.id]))


@bp.route("/inspections/<int:inspection_id>")
@route_rule(AREA_MEMBER)
@read(schemas.Inspection, 401, 404, 429)
def inspection(inspection_id: int):
    """One inspection: key dates, and every finding with its name in the plan"""
    return show.inspection_in_full(load_inspection(inspection_id), cycle_of(inspection_id))


@bp.route("/inspections/<int:inspection_id>/actions")
@route_rule(AREA_MEMBER)
@bp.arguments(schemas.ListQuery, location="query", as_kwargs=True)
@read(schemas.ActionPage)
def actions(inspection_id: int, limit: int, cursor: int | None):
    """The inspection's actions: lead, partners, dates, status, RAG, flags and success measure"""
    found = load_inspection_summary(inspection_id)  # its facts, not the object: all the list needs, and faster
    numbers, today, thresholds = finding_numbers_of(found.id), _today(), found.thresholds
    listed = actions_slice(current_user, found, cursor, limit)
    links = links_for(listed.items)
    return _page(listed, lambda item: show.action(item, numbers, today, links[item.id], thresholds))


@bp.route("/inspections/<int:inspection_id>/plans")
@route_rule(AREA_MEMBER)
@bp.arguments(schemas.ListQuery, location="query", as_kwargs=True)
@read(schemas.PlanPage)
def plans(inspection_id: int, limit: int, cursor: int | None):
    """The inspection's plans in turn: the first plan (the statement's), then each follow-on plan, with its status
    and the visit that judges it. The cursor pages by plan number"""
    found = load_inspection(inspection_id)
    return _page(plans_slice(current_user, found, cursor, limit), show.plan)


@bp.route("/inspections/<int:inspection_id>/plans/<int:plan_number>/judgements")
@route_rule(AREA_MEMBER)
@bp.arguments(schemas.ListQuery, location="query", as_kwargs=True)
@read(schemas.JudgementPage)
def judgements(inspection_id: int, plan_number: int, limit: int, cursor: int | None):
    """What one plan's visit judges: each significant weakness or priority action (at a follow-on plan's visit,
    each the plan answers) with the judgement once recorded, in the inspectors' words. The cursor pages by finding
    id"""
    found = judgements_slice(current_user, load_inspection(inspection_id), plan_number, cursor, limit)
    if found is None:
        abort(404)
    return _page(found, show.judgement)


@bp.route("/actions/<int:action_id>")
@route_rule(AREA_MEMBER)
@read(schemas.Action, 401, 404, 429)
def action(action_id: int):
    """One action. Its ETag is what If-Match takes when changing it"""
    return show.single_action(load_action(action_id, loading=ACTION_SUMMARY), _today())


@bp.route("/actions/<int:action_id>/updates")
@route_rule(AREA_MEMBER)
@bp.arguments(schemas.ListQuery, location="query", as_kwargs=True)
@read(schemas.UpdatePage)
def updates(action_id: int, limit: int, cursor: int | None):
    """The action's progress updates, oldest first"""
    found = load_action(action_id, loading=ACTION_ALONE)  # the list is read apart
    return _page(updates_slice(current_user, found, cursor, limit), show.update)


@bp.route("/actions/<int:action_id>/milestones")
@route_rule(AREA_MEMBER)
@bp.arguments(schemas.ListQuery, location="query", as_kwargs=True)
@read(schemas.MilestonePage)
def milestones(action_id: int, limit: int, cursor: int | None):
    """The action's milestones, in the order they were added"""
    found = load_action(action_id, loading=ACTION_ALONE)  # the list is read apart
    return _page(milestones_slice(current_user, found, cursor, limit), show.milestone)


@bp.route("/actions/<int:action_id>/measures")
@route_rule(AREA_MEMBER)
@bp.arguments(schemas.ListQuery, location="query", as_kwargs=True)
@read(schemas.MeasuredValuePage)
def measures(action_id: int, limit: int, cursor: int | None):
    """The measured values of the action's success measure, in the order they were recorded"""
    found = load_action(action_id, loading=ACTION_ALONE)  # the list is read apart
    return _page(measures_slice(current_user, found, cursor, limit), show.measured_value)


@bp.route("/actions/<int:action_id>/evidence")
@route_rule(AREA_MEMBER)
@bp.arguments(schemas.ListQuery, location="query", as_kwargs=True)
@read(schemas.EvidencePage)
def evidence(action_id: int, limit: int, cursor: int | None):
    """The action's evidence: what it is, its review, and where to download its file"""
    found = load_action(action_id, loading=ACTION_ALONE)  # the list is read apart
    return _page(evidence_slice(current_user, found, cursor, limit), show.evidence)


@bp.route("/evidence/<int:evidence_id>/file")
@route_rule(AREA_MEMBER)
@problems(401, 404, 429)
@bp.response(200, content_type="*/*", description="The file, as an attachment. The download is audited.")
def evidence_file(evidence_id: int):
    """Download an evidence file: the same permission check, and the same audit, as the action page's link"""
    found = evidence_for_download(current_user, evidence_id)
    if found is None:
        abort(404)
    return evidence_download(found)


# -- Writes ---------------------------------------------------------------------------------------------


@bp.route("/actions/<int:action_id>/updates", methods=["POST"], endpoint="post_update")
@route_rule(CONTRIBUTOR)
@with_action(CONTRIBUTE)
@bp.arguments(schemas.NewUpdate)
@bp.doc(parameters=[IF_MATCH])
@problems(*WRITE_PROBLEMS)
@bp.response(201, schemas.UpdatePosted)
def new_update(body: dict, action):
    """Post a progress update (RAG with a reason), as on the action's update page"""
    details = UpdateDetails(
        rag=body["rag"],
        rag_reason=body["rag_reason"],
        done=body["done"],
        next_steps=body["next_steps"],
        percent_complete=body["percent_complete"],
    )
    posted = post_update(current_user, action, details, _expected_version(action, body.get("version")))
    return {"update": show.update(posted), "action": show.single_action(action, _today())}


@bp.route("/actions/<int:action_id>/milestones", methods=["POST"], endpoint="post_milestone")
@route_rule(CONTRIBUTOR)
@with_action(CONTRIBUTE)
@bp.arguments(schemas.NewMilestone)
@bp.doc(parameters=[IF_MATCH])
@problems(*WRITE_PROBLEMS)
@bp.response(201, schemas.MilestoneAdded)
def new_milestone(body: dict, action):
    """Add a milestone, as on the action's milestone page"""
    added = add_milestone(
        current_user, action, body["title"], body["due_date"], _expected_version(action, body.get("version"))
    )
    return {"milestone": show.milestone(added), "action": show.single_action(action, _today())}


@bp.route("/actions/<int:action_id>/measures", methods=["POST"], endpoint="post_measure")
@route_rule(CONTRIBUTOR)
@with_action(CONTRIBUTE)
@bp.arguments(schemas.NewMeasure)
@bp.doc(parameters=[IF_MATCH])
@problems(*WRITE_PROBLEMS)
@bp.response(201, schemas.MeasureRecorded)
def new_measure(body: dict, action):
    """Add a measured value to the action's success measure, as on the action's page"""
    measurement = Measurement(body["measured_on"], body["value"], body["source"])
    recorded = record_measure(current_user, action, measurement, _expected_version(action, body.get("version")))
    return {"measured_value": show.measured_value(recorded), "action": show.single_action(action, _today())}


# -- The account page: a person's tokens ----------------------------------------------------------------


@account_bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
@route_rule(SIGNED_IN)
def tokens():
    form = NewTokenForm()
    today = utcnow().date()
    issued = None
    if form.validate_on_submit():
        try:
            issued = create_token(current_user, form.name.data, form.scope.data, form.expires_on.data, today)
        except TokenError as refusal:
            form.name.errors.append(str(refusal))
        else:
            form = NewTokenForm(formdata=None)
    return render_template(
        "account/tokens.html",
        form=form,
        issued=issued,
        tokens=tokens_of(current_user),
        revoke_form=RevokeTokenForm(),
        today=today,
        is_live=is_live,
        scope_names=SCOPE_NAMES,
        latest_expiry=latest_expiry(today),
        max_days=MAX_LIFETIME_DAYS,
    )


@account_bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
@route_rule(SIGNED_IN)
def revoke(token_id: int):
    token = load_api_token(token_id)
    if RevokeTokenForm().validate_on_submit():
        try:
            revoke_token(current_user, token, utcnow())
        except TokenError as refusal:
            flash(str(refusal), "info")
        else:
            flash(f"Token '{token.name}' revoked: it no longer works", "success")
    return redirect(url_for("account.tokens"))
