"""The permission matrix's routes for measures over time and board meetings (issue 11).

Recording a measured value is a change to the action, like a progress update: its lead, partners and the
area's managers. Every member of the area may see the board meetings and download a board report (viewers
include board members and advisers, as for the tracker); only a manager records a meeting. The world has no
board meeting, so the report routes are asked about a meeting id that is nobody's: hidden for everyone.
"""

from wsoa.permissions import CONTRIBUTOR

ROUTES = {
    "actions.new_measure": ("GET", lambda p: f"/actions/{p.action_id}/measures/new", CONTRIBUTOR),
}
