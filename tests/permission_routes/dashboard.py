"""The permission matrix's route table for the dashboards and the tracker export.

Every member of an area may see its dashboards and download its tracker: viewers include parent carer
forum representatives and DfE or NHS England advisers, who read the same plan (docs/dashboards.md).
The overview lists only the user's own areas, so it needs no more than a signed-in user.
"""

from wsoa.permissions import AREA_MEMBER, SIGNED_IN

ROUTES = {
    "dashboard.overview": ("GET", lambda p: "/dashboard", SIGNED_IN),
    # Lists only the areas the person manages: anyone signed in may open it.
    "dashboard.work_queue": ("GET", lambda p: "/work", SIGNED_IN),
    "dashboard.area": ("GET", lambda p: f"/inspections/{p.inspection_id}/dashboard", AREA_MEMBER),
    "dashboard.actions": ("GET", lambda p: f"/inspections/{p.inspection_id}/dashboard/actions", AREA_MEMBER),
    "dashboard.readiness": ("GET", lambda p: f"/inspections/{p.inspection_id}/readiness", AREA_MEMBER),
    "dashboard.owners": ("GET", lambda p: f"/inspections/{p.inspection_id}/owners", AREA_MEMBER),
    "exports.tracker_csv_download": ("GET", lambda p: f"/inspections/{p.inspection_id}/tracker.csv", AREA_MEMBER),
    "exports.tracker_xlsx_download": ("GET", lambda p: f"/inspections/{p.inspection_id}/tracker.xlsx", AREA_MEMBER),
}
