"""The permission matrix's routes for the public progress page: managers choose and publish it; anyone reads it.
Every place in the matrix's world has its page published, showing one accepted evidence file."""

from wsoa.permissions import AREA_MANAGER, PUBLIC

ROUTES = {
    "public.manage": ("GET", lambda p: f"/areas/{p.area_id}/public-page", AREA_MANAGER),
    "public.preview_page": ("GET", lambda p: f"/areas/{p.area_id}/public-page/preview", AREA_MANAGER),
    # Posted with no preview behind it: refused as out of date, so nothing is published again.
    "public.publish_page": ("POST", lambda p: f"/areas/{p.area_id}/public-page/publish", AREA_MANAGER),
    "public.unpublish_page": ("GET", lambda p: f"/areas/{p.area_id}/public-page/unpublish", AREA_MANAGER),
    "public.page": ("GET", lambda p: f"/public/{p.public_slug}", PUBLIC),
    "public.evidence_file": ("GET", lambda p: f"/public/{p.public_slug}/evidence/{p.public_evidence_id}", PUBLIC),
}
