"""Board meetings of a plan, and the board report for each. Thin: load with a rule, call a service, render."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..attempts import attempt
from ..documents.board_report import board_report_docx, board_report_pdf
from ..loaders import load_board_meeting, load_inspection
from ..permissions import AREA_MANAGER, AREA_MEMBER, MANAGE, can_manage_area, route_rule
from .forms import BoardMeetingForm
from .services import board_report, meetings_of, record_meeting

bp = Blueprint("board", __name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/inspections/<int:inspection_id>/board")
@login_required
@route_rule(AREA_MEMBER)
def meetings(inspection_id: int):
    inspection = load_inspection(inspection_id)
    return render_template(
        "board/meetings.html",
        inspection=inspection,
        meetings=meetings_of(inspection),
        may_manage=can_manage_area(current_user, inspection.local_area_id),
    )


@bp.route("/inspections/<int:inspection_id>/board/record", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def record(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    form = BoardMeetingForm()
    if form.validate_on_submit():
        recorded = attempt(lambda: record_meeting(current_user, inspection, form.meeting_date.data), form.meeting_date)
        if recorded.succeeded:
            snapshots = len(recorded.result.snapshots)
            flash(f"Board meeting recorded: {snapshots} actions frozen as they stand today", "success")
            return redirect(url_for("board.meetings", inspection_id=inspection.id))
    return render_template("board/record.html", form=form, inspection=inspection)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/board-meetings/<int:meeting_id>/report.docx")
@login_required
@route_rule(AREA_MEMBER)
def report_docx(meeting_id: int):
    found = board_report(current_user, load_board_meeting(meeting_id), "docx")
    return _download(board_report_docx(found.report), DOCX_TYPE, found.filename)


@bp.route("/board-meetings/<int:meeting_id>/report.pdf")
@login_required
@route_rule(AREA_MEMBER)
def report_pdf(meeting_id: int):
    found = board_report(current_user, load_board_meeting(meeting_id), "pdf")
    return _download(board_report_pdf(found.report), "application/pdf", found.filename)
