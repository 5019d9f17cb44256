"""The permission matrix's route table for the written statement and the evidence packs.

Every member of an area may read its statement and download its versions: it is the plan the area publishes
for families anyway, and viewers include the parent carer forum that co-produces it. Generating a version,
recording a submission and writing the statement's own text are a manager's.

Evidence packs are a manager's alone: a pack hands every file of a weakness (or of the whole plan) to someone
outside the area in one go, and whether to include evidence not yet accepted is a reviewer's call. Officers and
viewers can still open each accepted item from its action's page.
"""

from wsoa.permissions import AREA_MANAGER, AREA_MEMBER

ROUTES = {
    "statements.show": ("GET", lambda p: f"/inspections/{p.inspection_id}/statement", AREA_MEMBER),
    "statements.generate": ("POST", lambda p: f"/inspections/{p.inspection_id}/statement/versions", AREA_MANAGER),
    # Each place in the world has a version 1 (tests/integration/test_permissions.py).
    "statements.download": (
        "GET", lambda p: f"/inspections/{p.inspection_id}/statement/versions/1.pdf", AREA_MEMBER
    ),
    "statements.mark_submitted": (
        "GET", lambda p: f"/inspections/{p.inspection_id}/statement/versions/1/submitted", AREA_MANAGER
    ),
    "statements.outcomes": ("GET", lambda p: f"/inspections/{p.inspection_id}/statement/outcomes", AREA_MANAGER),
    "statements.governance": ("GET", lambda p: f"/areas/{p.area_id}/statement/governance", AREA_MANAGER),
    "statements.evidence_packs": ("GET", lambda p: f"/inspections/{p.inspection_id}/evidence-pack", AREA_MANAGER),
    "statements.evidence_pack_download": (
        "GET", lambda p: f"/inspections/{p.inspection_id}/evidence-pack.zip", AREA_MANAGER
    ),
}
