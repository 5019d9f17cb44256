"""The permission matrix's routes for the JSON API (issue 17) and the account page for its tokens.

API requests carry the role's read-and-write token instead of a session (tests/integration/test_permissions.py):
no token is the API's "sign in" (401). Writes are posted with an empty body, so a person who may make the change
gets 422 (allowed, but invalid), one who may only look gets 403, and another area's action is not found.
The account page's revoke button gets a token id that is nobody's.
"""

from wsoa.permissions import AREA_MEMBER, CONTRIBUTOR, PUBLIC, SIGNED_IN

ROUTES = {
    "api.openapi_document": ("GET", lambda p: "/api/v1/openapi.json", PUBLIC),
    "api.me": ("GET", lambda p: "/api/v1/me", SIGNED_IN),
    "api.areas": ("GET", lambda p: "/api/v1/areas", SIGNED_IN),
    "api.area": ("GET", lambda p: f"/api/v1/areas/{p.area_id}", AREA_MEMBER),
    "api.inspections": ("GET", lambda p: "/api/v1/inspections", SIGNED_IN),
    "api.inspection": ("GET", lambda p: f"/api/v1/inspections/{p.inspection_id}", AREA_MEMBER),
    "api.actions": ("GET", lambda p: f"/api/v1/inspections/{p.inspection_id}/actions", AREA_MEMBER),
    "api.plans": ("GET", lambda p: f"/api/v1/inspections/{p.inspection_id}/plans", AREA_MEMBER),
    "api.judgements": ("GET", lambda p: f"/api/v1/inspections/{p.inspection_id}/plans/1/judgements", AREA_MEMBER),
    "api.action": ("GET", lambda p: f"/api/v1/actions/{p.action_id}", AREA_MEMBER),
    "api.updates": ("GET", lambda p: f"/api/v1/actions/{p.action_id}/updates", AREA_MEMBER),
    "api.milestones": ("GET", lambda p: f"/api/v1/actions/{p.action_id}/milestones", AREA_MEMBER),
    "api.evidence": ("GET", lambda p: f"/api/v1/actions/{p.action_id}/evidence", AREA_MEMBER),
    "api.evidence_file": ("GET", lambda p: f"/api/v1/evidence/{p.evidence_id}/file", AREA_MEMBER),
    "api.post_update": ("POST", lambda p: f"/api/v1/actions/{p.action_id}/updates", CONTRIBUTOR),
    "api.post_milestone": ("POST", lambda p: f"/api/v1/actions/{p.action_id}/milestones", CONTRIBUTOR),
    "api.measures": ("GET", lambda p: f"/api/v1/actions/{p.action_id}/measures", AREA_MEMBER),
    "api.post_measure": ("POST", lambda p: f"/api/v1/actions/{p.action_id}/measures", CONTRIBUTOR),
    "account.tokens": ("GET", lambda p: "/account/tokens", SIGNED_IN),
    "account.revoke": ("POST", lambda p: "/account/tokens/987654/revoke", SIGNED_IN),
}
