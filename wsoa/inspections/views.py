from flask import abort, render_template
from flask_login import current_user, login_required

from . import bp
from .grouping import group_findings
from .services import inspection_for, inspections_for


@bp.route("/")
@login_required
def index():
    return render_template("inspections/index.html", inspections=inspections_for(current_user))


@bp.route("/inspections/<int:inspection_id>")
@login_required
def show(inspection_id: int):
    inspection = inspection_for(current_user, inspection_id)
    if inspection is None:
        abort(404)
    return render_template(
        "inspections/show.html", inspection=inspection, groups=group_findings(inspection.findings)
    )
