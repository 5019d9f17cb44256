import re
from datetime import date

from flask import Blueprint, Response
from flask_login import current_user, login_required

from .. import audit
from ..dashboard.data import load_plan
from ..loaders import load_area, load_inspection_summary
from ..permissions import AREA_MANAGER, AREA_MEMBER, MANAGE, route_rule
from .audit import AUDIT_HEADER, action_references, audit_events_for_area, audit_rows
from .csv_safety import csv_text
from .tracker import tracker_csv, tracker_header, tracker_rows, tracker_xlsx

bp = Blueprint("exports", __name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _attachment(body, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/areas/<int:area_id>/audit.csv")
@login_required
@route_rule(AREA_MANAGER)
def audit_csv(area_id: int):
    area = load_area(area_id, MANAGE)
    events = audit_events_for_area(current_user, area_id)
    body = csv_text(AUDIT_HEADER, audit_rows(events, action_references(area_id)))
    filename = "audit-trail-" + _slug(area.name) + ".csv"
    # A byte-order mark so Excel reads the file as UTF-8.
    return _attachment("\ufeff" + body, "text/csv", filename)


def _tracker(inspection_id: int, file_type: str):
    """Every member of the area may download its tracker: it holds what the plan pages show them.
    Each download is written to the audit trail."""
    summary = load_inspection_summary(inspection_id)
    plan = load_plan(summary, details=True)
    today = date.today()
    header = tracker_header(summary, today)
    rows = tracker_rows(plan.actions, plan.weaknesses, summary.thresholds, today)
    audit.record_now(
        "tracker.exported",
        current_user,
        local_area_id=summary.local_area_id,
        summary=f"Action plan tracker downloaded as {file_type.upper()} ({len(rows)} actions)",
    )
    filename = f"action-plan-{_slug(summary.area_name)}-{today.isoformat()}.{file_type}"
    return header, rows, filename


@bp.route("/inspections/<int:inspection_id>/tracker.csv")
@login_required
@route_rule(AREA_MEMBER)
def tracker_csv_download(inspection_id: int):
    header, rows, filename = _tracker(inspection_id, "csv")
    return _attachment("\ufeff" + tracker_csv(rows), "text/csv", filename)


@bp.route("/inspections/<int:inspection_id>/tracker.xlsx")
@login_required
@route_rule(AREA_MEMBER)
def tracker_xlsx_download(inspection_id: int):
    header, rows, filename = _tracker(inspection_id, "xlsx")
    return _attachment(tracker_xlsx(header, rows), XLSX_TYPE, filename)
