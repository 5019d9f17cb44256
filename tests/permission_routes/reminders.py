"""The permission matrix's routes for reminders and emailed digests.

Preferences and unsubscribe are not area-scoped. The administrators' page takes an optional area
filter: the matrix uses it, so a non-administrator is refused for their own area and finds nothing
(404) for another, as everywhere else. The unsubscribe route gets a made-up token.
"""

from wsoa.permissions import ADMIN, PUBLIC, SIGNED_IN

ROUTES = {
    "reminders.preferences": ("GET", lambda p: "/email-preferences", SIGNED_IN),
    "reminders.unsubscribe_link": ("GET", lambda p: "/email/unsubscribe/not-a-real-token", PUBLIC),
    "reminders.deliveries_page": ("GET", lambda p: f"/admin/deliveries?area={p.area_id}", ADMIN),
    "reminders.resend_delivery": ("POST", lambda p: f"/admin/deliveries/resend?area={p.area_id}", ADMIN),
}
