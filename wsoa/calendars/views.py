"""Calendar feeds: the page where a person makes, replaces and stops their secret addresses, and the feeds.

A feed is fetched by calendar apps that cannot sign in, so it is served without a session at its secret
address; an unknown or stopped address, or one whose owner has left the area, is simply not found.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ..attempts import attempt
from ..loaders import load_calendar_feed
from ..models import FEED_AREA, FEED_PERSONAL, utcnow
from ..permissions import PUBLIC, SIGNED_IN, route_rule
from .feeds import build_calendar
from .forms import NewFeedForm
from .services import area_events, feed_for_token, live_feeds_of, make_feed, personal_events, stop_feed

bp = Blueprint("calendars", __name__)


def _areas():
    return sorted((m.local_area for m in current_user.memberships), key=lambda area: area.name)


def _feed_url(token: str) -> str:
    base = current_app.config.get("APP_BASE_URL") or request.host_url
    return base.rstrip("/") + url_for("calendars.feed", token=token)


def _render(form, issued=None):
    return render_template(
        "account/calendars.html",
        form=form,
        feeds=live_feeds_of(current_user),
        issued=issued,
        issued_url=_feed_url(issued.token) if issued else None,
    )


def _new_feed_form(areas: dict, **kwargs) -> NewFeedForm:
    form = NewFeedForm(**kwargs)
    form.calendar.choices = [SelectChoice(FEED_PERSONAL, "My due dates and milestones")] + [
        SelectChoice(area_id, f"{area.name}: key dates, the revisit and meetings") for area_id, area in areas.items()
    ]
    return form


@bp.route("/account/calendars", methods=["GET", "POST"])
@login_required
@route_rule(SIGNED_IN)
def calendars():
    areas = {str(area.id): area for area in _areas()}
    form = _new_feed_form(areas)
    if form.validate_on_submit():
        chosen = form.calendar.data
        scope = FEED_PERSONAL if chosen == FEED_PERSONAL else FEED_AREA
        made = attempt(lambda: make_feed(current_user, scope, areas.get(chosen), utcnow()), form.calendar)
        if made.succeeded:
            return _render(_new_feed_form(areas, formdata=None), made.result)
    return _render(form)


@bp.route("/account/calendars/<int:feed_id>/stop", methods=["POST"])
@login_required
@route_rule(SIGNED_IN)
def stop(feed_id: int):
    feed = load_calendar_feed(feed_id)
    stop_feed(current_user, feed, utcnow())
    flash("The address has stopped working. Calendar apps that used it will find nothing there.", "success")
    return redirect(url_for("calendars.calendars"))


@bp.route("/account/calendars/<int:feed_id>/replace", methods=["POST"])
@login_required
@route_rule(SIGNED_IN)
def replace(feed_id: int):
    feed = load_calendar_feed(feed_id)
    issued = make_feed(current_user, feed.scope, feed.local_area, utcnow())
    return _render(_new_feed_form({str(area.id): area for area in _areas()}, formdata=None), issued)


@bp.route("/calendar/<token>.ics")
@route_rule(PUBLIC)
def feed(token: str):
    found = feed_for_token(token)
    if found is None:
        abort(404)
    base_url = (current_app.config.get("APP_BASE_URL") or request.host_url).rstrip("/")
    uid_domain = urlsplit(current_app.config.get("APP_BASE_URL") or "https://wsoa.invalid").hostname
    if found.scope == FEED_PERSONAL:
        name = f"{found.user.name}: SEND actions"
        events = personal_events(found.user, uid_domain, base_url)
    else:
        name = f"{found.local_area.name}: SEND inspection key dates"
        events = area_events(found.local_area, uid_domain, base_url)
    body = build_calendar(name, events, datetime.now(UTC))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="wsoa.ics"'
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
