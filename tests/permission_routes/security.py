"""The permission matrix's routes for account security (issue 13): unlocking and confirming joining an area.

The two links get made-up tokens, so everyone who reaches them finds nothing (404). The administrators'
unlock button is for the area's member in the place.
"""

from wsoa.permissions import ADMIN, PUBLIC, SIGNED_IN

ROUTES = {
    "auth.unlock": ("GET", lambda p: "/unlock/not-a-real-token", PUBLIC),
    "members.join": ("GET", lambda p: "/join/not-a-real-token", SIGNED_IN),
    "members.unlock": ("POST", lambda p: f"/areas/{p.area_id}/members/{p.member_id}/unlock", ADMIN),
}
