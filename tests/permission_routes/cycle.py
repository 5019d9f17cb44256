"""The permission matrix's routes for the inspection cycle after the plan and the calendar feeds (issue 12).

The cycle's pages hang off the inspection (they act on its current plan, whichever that is), so the matrix's
places need nothing new: with no follow-on plan, the close page says there is none to close. The calendar pages
act only on the person's own addresses: the matrix posts to an id that is nobody's. A feed is served without
signing in, at its secret address (public by its secret): the matrix fetches a made-up one, which is not found for
anyone.
"""

from wsoa.permissions import AREA_MANAGER, AREA_MEMBER, PUBLIC, SIGNED_IN

ROUTES = {
    "inspections.cycle": ("GET", lambda p: f"/inspections/{p.inspection_id}/cycle", AREA_MEMBER),
    "inspections.record_submission_page": ("GET", lambda p: f"/inspections/{p.inspection_id}/submission", AREA_MANAGER),
    "inspections.record_decision_page": ("GET", lambda p: f"/inspections/{p.inspection_id}/decision", AREA_MANAGER),
    "inspections.record_revisit_page": ("GET", lambda p: f"/inspections/{p.inspection_id}/revisit", AREA_MANAGER),
    "inspections.record_judgements_page": (
        "GET", lambda p: f"/inspections/{p.inspection_id}/judgements", AREA_MANAGER
    ),
    "inspections.new_meeting": ("GET", lambda p: f"/inspections/{p.inspection_id}/meetings/new", AREA_MANAGER),
    "inspections.follow_on_plan": ("GET", lambda p: f"/inspections/{p.inspection_id}/follow-on-plan", AREA_MEMBER),
    "inspections.open_follow_on_plan_page": (
        "GET", lambda p: f"/inspections/{p.inspection_id}/follow-on-plan/open", AREA_MANAGER
    ),
    "inspections.close_plan_page": (
        "GET", lambda p: f"/inspections/{p.inspection_id}/plan/close", AREA_MANAGER
    ),
    "inspections.timeline": ("GET", lambda p: f"/areas/{p.area_id}/timeline", AREA_MEMBER),
    "calendars.calendars": ("GET", lambda p: "/account/calendars", SIGNED_IN),
    "calendars.stop": ("POST", lambda p: "/account/calendars/987654/stop", SIGNED_IN),
    "calendars.replace": ("POST", lambda p: "/account/calendars/987654/replace", SIGNED_IN),
    "calendars.feed": ("GET", lambda p: "/calendar/wsoa_cal_not-a-real-token.ics", PUBLIC),
}
