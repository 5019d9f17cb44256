from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError

from ..extensions import csrf
from ..forms import query_id
from ..models import DELIVERY_STATUSES
from ..permissions import ADMIN, PUBLIC, SIGNED_IN, PermissionDenied, can_view_area, route_rule
from .admin import deliveries, delivery_counts, recent_runs, resend
from .forms import PreferencesForm, ResendForm, UnsubscribeForm
from .preferences import (
    PreferenceError,
    person_for_unsubscribe_link,
    preferences_of,
    set_preferences,
    unsubscribe,
)

bp = Blueprint("reminders", __name__)


@bp.route("/email-preferences", methods=["GET", "POST"])
@login_required
@route_rule(SIGNED_IN)
def preferences():
    current = preferences_of(current_user.id)
    form = PreferencesForm(
        data={
            "frequency": current.frequency,
            "weekly_day": str(current.weekly_day),
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            weekly_day = int(form.weekly_day.data) if str(form.weekly_day.data or "").isdigit() else None
            set_preferences(current_user, form.frequency.data, weekly_day)
        except PreferenceError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash("Your email preferences are saved", "success")
            return redirect(url_for("reminders.preferences"))
    return render_template("reminders/preferences.html", form=form)


@bp.route("/email/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no token; the signed link is the key
@route_rule(PUBLIC)
def unsubscribe_link(token: str):
    """GET shows a confirmation page with a button; POST unsubscribes. Works without signing in, only for
    the person the signed link was made for."""
    one_click = request.method == "POST" and request.form.get("List-Unsubscribe") == "One-Click"
    form = UnsubscribeForm()
    if request.method == "POST" and not one_click and not form.validate_on_submit():
        raise CSRFError("The form's CSRF token is missing or has expired.")
    person = person_for_unsubscribe_link(current_app.config["SECRET_KEY"], token)
    if person is None:
        return render_template("reminders/unsubscribe_broken.html"), 400
    if request.method == "POST":
        unsubscribe(person)
        return render_template("reminders/unsubscribed.html", person=person)
    return render_template("reminders/unsubscribe.html", form=form, person=person)


def _refuse_unless_admin() -> None:
    """Site administrators only. A filter on another area's people is hidden, not refused."""
    if current_user.is_admin:
        return
    area_id = request.args.get("area", type=query_id)
    if area_id is not None and not can_view_area(current_user, area_id):
        abort(404)
    raise PermissionDenied("Only a site administrator can see email deliveries.")


def _deliveries_page(resend_form: ResendForm, status: int = 200):
    chosen = request.args.get("status")
    chosen = chosen if chosen in DELIVERY_STATUSES or chosen == "queued" else None
    area_id = request.args.get("area", type=query_id)
    return (
        render_template(
            "reminders/deliveries.html",
            form=resend_form,
            rows=deliveries(status=chosen, area_id=area_id),
            counts=delivery_counts(),
            runs=recent_runs(),
            chosen=chosen,
            area_id=area_id,
        ),
        status,
    )


@bp.route("/admin/deliveries")
@login_required
@route_rule(ADMIN)
def deliveries_page():
    _refuse_unless_admin()
    return _deliveries_page(ResendForm(formdata=None))


@bp.route("/admin/deliveries/resend", methods=["POST"])
@login_required
@route_rule(ADMIN)
def resend_delivery():
    _refuse_unless_admin()
    form = ResendForm()
    if form.validate_on_submit():
        try:
            delivery = resend(current_user, int(form.delivery_id.data))
        except (LookupError, ValueError) as error:
            message = str(error) if isinstance(error, PreferenceError) else "That email is no longer in the list"
            form.delivery_id.errors.append(message)
        else:
            flash(f"The email to {delivery.user.email} will be sent again on the next run", "success")
            kept = {key: value for key, value in request.args.items() if key in ("status", "area")}
            return redirect(url_for("reminders.deliveries_page", **kept))
    return _deliveries_page(form)
