"""The permission matrix's route table for the core of the product.

Each entry: endpoint -> (method, url for a place, the rule the route declares). A place has
area_id, inspection_id, action_id, evidence_id, milestone_id and member_id (see
tests/integration/test_permissions.py). Other parts of the product add a module beside this one.
"""

from wsoa.permissions import (
    AREA_MANAGER,
    AREA_MEMBER,
    CONTRIBUTOR,
    EVIDENCE_AUTHOR,
    IMPORTER,
    PUBLIC,
    SIGNED_IN,
)

ROUTES = {
    "auth.sign_in": ("GET", lambda p: "/sign-in", PUBLIC),
    "auth.accessibility": ("GET", lambda p: "/accessibility", PUBLIC),
    "auth.sign_out": ("POST", lambda p: "/sign-out", SIGNED_IN),
    "auth.account": ("GET", lambda p: "/account", SIGNED_IN),
    "auth.accept": ("GET", lambda p: "/invitations/not-a-real-token", PUBLIC),
    "inspections.index": ("GET", lambda p: "/", SIGNED_IN),
    "inspections.show": ("GET", lambda p: f"/inspections/{p.inspection_id}", AREA_MEMBER),
    "inspections.edit_key_dates": ("GET", lambda p: f"/inspections/{p.inspection_id}/key-dates", AREA_MANAGER),
    "inspections.upload": ("GET", lambda p: "/inspections/import", IMPORTER),
    "inspections.confirm": ("POST", lambda p: "/inspections/import/confirm", IMPORTER),
    "actions.plan": ("GET", lambda p: f"/inspections/{p.inspection_id}/actions", AREA_MEMBER),
    "actions.seed": ("GET", lambda p: f"/inspections/{p.inspection_id}/seed", AREA_MANAGER),
    "actions.new_action": ("GET", lambda p: f"/inspections/{p.inspection_id}/actions/new", AREA_MANAGER),
    "actions.show": ("GET", lambda p: f"/actions/{p.action_id}", AREA_MEMBER),
    "actions.edit": ("GET", lambda p: f"/actions/{p.action_id}/edit", AREA_MANAGER),
    "actions.split": ("GET", lambda p: f"/actions/{p.action_id}/split", AREA_MANAGER),
    "actions.retire": ("GET", lambda p: f"/actions/{p.action_id}/retire", AREA_MANAGER),
    "actions.update": ("GET", lambda p: f"/actions/{p.action_id}/update", CONTRIBUTOR),
    "actions.new_evidence": ("GET", lambda p: f"/actions/{p.action_id}/evidence/new", CONTRIBUTOR),
    "actions.new_milestone": ("GET", lambda p: f"/actions/{p.action_id}/milestones/new", CONTRIBUTOR),
    "actions.milestone_done": ("POST", lambda p: f"/milestones/{p.milestone_id}/done", CONTRIBUTOR),
    "actions.complete": ("GET", lambda p: f"/actions/{p.action_id}/complete", CONTRIBUTOR),
    "actions.decide_sign_off": ("GET", lambda p: f"/actions/{p.action_id}/sign-off", AREA_MANAGER),
    "actions.download_evidence": ("GET", lambda p: f"/evidence/{p.evidence_id}/download", AREA_MEMBER),
    "actions.review": ("GET", lambda p: f"/evidence/{p.evidence_id}/review", AREA_MANAGER),
    # The world's evidence was added by its area's manager.
    "actions.replace_returned_evidence": ("GET", lambda p: f"/evidence/{p.evidence_id}/replace", EVIDENCE_AUTHOR),
    "actions.withdraw_returned_evidence": ("POST", lambda p: f"/evidence/{p.evidence_id}/withdraw", EVIDENCE_AUTHOR),
    "actions.new_comment": ("GET", lambda p: f"/actions/{p.action_id}/comments/new", CONTRIBUTOR),
    "actions.mine": ("GET", lambda p: "/my-actions", SIGNED_IN),
    # Lists only the actions the person leads: anyone signed in may open it.
    "actions.board_update": ("GET", lambda p: "/my-actions/board-update", SIGNED_IN),
    "actions.change_several": ("GET", lambda p: f"/inspections/{p.inspection_id}/actions/change-several", AREA_MANAGER),
    "actions.area_settings": ("GET", lambda p: f"/areas/{p.area_id}/settings", AREA_MANAGER),
    "exports.audit_csv": ("GET", lambda p: f"/areas/{p.area_id}/audit.csv", AREA_MANAGER),
    "members.index": ("GET", lambda p: f"/areas/{p.area_id}/members", AREA_MANAGER),
    "members.invite": ("GET", lambda p: f"/areas/{p.area_id}/members/invite", AREA_MANAGER),
    "members.role": ("GET", lambda p: f"/areas/{p.area_id}/members/{p.member_id}/role", AREA_MANAGER),
    "members.details": ("GET", lambda p: f"/areas/{p.area_id}/members/{p.member_id}/details", AREA_MANAGER),
    "members.remove": ("GET", lambda p: f"/areas/{p.area_id}/members/{p.member_id}/remove", AREA_MANAGER),
    "members.reinvite": ("POST", lambda p: f"/areas/{p.area_id}/members/{p.member_id}/reinvite", AREA_MANAGER),
    "static": ("GET", lambda p: "/assets/app.css", PUBLIC),
}
