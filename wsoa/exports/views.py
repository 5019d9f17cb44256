import re

from flask import Response, abort
from flask_login import current_user, login_required

from ..extensions import db
from ..models import LocalArea
from ..permissions import AREA_MANAGER, can_view_area, route_rule
from . import bp
from .audit import AUDIT_HEADER, action_references, audit_events_for_area, audit_rows
from .csv_safety import csv_text


@bp.route("/areas/<int:area_id>/audit.csv")
@login_required
@route_rule(AREA_MANAGER)
def audit_csv(area_id: int):
    area = db.session.get(LocalArea, area_id)
    if area is None or not can_view_area(current_user, area_id):
        abort(404)
    events = audit_events_for_area(current_user, area_id)
    body = csv_text(AUDIT_HEADER, audit_rows(events, action_references(area_id)))
    filename = "audit-trail-" + re.sub(r"[^a-z0-9]+", "-", area.name.lower()).strip("-") + ".csv"
    return Response(
        "\ufeff" + body,  # a byte-order mark so Excel reads the file as UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
