"""The permission matrix's routes for measures over time and board meetings (issue 11).

Recording a measured value is a change to the action, like a progress update: its lead, partners and the
area's managers; so is correcting or removing one. Every member of the area may see the board meetings and
download a board report (viewers include board members and advisers, as for the tracker); only a manager
records a meeting; each place in the world has one board meeting recorded and one measured value.
"""

from wsoa.permissions import AREA_MANAGER, AREA_MEMBER, CONTRIBUTOR

ROUTES = {
    "actions.new_measure": ("GET", lambda p: f"/actions/{p.action_id}/measures/new", CONTRIBUTOR),
    "actions.correct_measured_value": ("GET", lambda p: f"/measures/{p.measured_id}/correct", CONTRIBUTOR),
    "actions.remove_measured_value": ("GET", lambda p: f"/measures/{p.measured_id}/remove", CONTRIBUTOR),
    "board.meetings": ("GET", lambda p: f"/inspections/{p.inspection_id}/board", AREA_MEMBER),
    "board.record": ("GET", lambda p: f"/inspections/{p.inspection_id}/board/record", AREA_MANAGER),
    "board.report_docx": ("GET", lambda p: f"/board-meetings/{p.meeting_id}/report.docx", AREA_MEMBER),
    "board.report_pdf": ("GET", lambda p: f"/board-meetings/{p.meeting_id}/report.pdf", AREA_MEMBER),
}
