from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, login_manager
from ..models import User
from ..permissions import PUBLIC, SIGNED_IN, route_rule
from .forms import SetPasswordForm, SignInForm
from .services import (
    DEFAULT_LOCKOUT_MINUTES,
    DEFAULT_LOCKOUT_THRESHOLD,
    INVITATION_OPEN,
    INVITATION_UNKNOWN,
    SIGN_IN_LOCKED,
    SIGN_IN_OK,
    AccountError,
    accept_invitation,
    attempt_sign_in,
    check_invitation,
    record_sign_out,
)

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see this page"
login_manager.login_message_category = "info"

WRONG_EMAIL_OR_PASSWORD = "Enter a correct email address and password"  # noqa: S105 - a message, not a password


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a user off-site after sign-in."""
    # Browsers read "/\\host" like "//host", so a backslash anywhere is refused too.
    is_local_path = (
        bool(target)
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not urlsplit(target).netloc
    )
    if is_local_path:
        return target
    return url_for("inspections.index")


def _lockout_settings() -> tuple[int, int]:
    return (
        int(current_app.config.get("LOCKOUT_THRESHOLD", DEFAULT_LOCKOUT_THRESHOLD)),
        int(current_app.config.get("LOCKOUT_MINUTES", DEFAULT_LOCKOUT_MINUTES)),
    )


def _locked_message(minutes: int) -> str:
    return (
        "This account is locked because the password was entered wrongly too many times. "
        f"Try again later: the lock lasts {minutes} minutes."
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@route_rule(PUBLIC)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("inspections.index"))
    form = SignInForm()
    if form.validate_on_submit():
        threshold, minutes = _lockout_settings()
        attempt = attempt_sign_in(
            form.email.data, form.password.data, threshold=threshold, lock_minutes=minutes
        )
        if attempt.outcome == SIGN_IN_OK:
            login_user(attempt.user)
            return redirect(_safe_next(request.args.get("next")))
        if attempt.outcome == SIGN_IN_LOCKED:
            form.email.errors.append(_locked_message(minutes))
        else:
            form.email.errors.append(WRONG_EMAIL_OR_PASSWORD)
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@route_rule(SIGNED_IN)
@login_required
def sign_out():
    record_sign_out(current_user)
    logout_user()
    flash("You have signed out", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@route_rule(PUBLIC)
def accept(token: str):
    check = check_invitation(token)
    if check.state != INVITATION_OPEN:
        # Unknown links are "not found"; links that existed but are used or expired are "gone".
        status = 404 if check.state == INVITATION_UNKNOWN else 410
        return render_template("auth/invitation_spent.html"), status
    invitation = check.invitation
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accept_invitation(token, form.password.data)
        except AccountError:
            return render_template("auth/invitation_spent.html"), 410
        if current_user.is_authenticated:
            logout_user()
        login_user(user)
        flash(f"Your password is set and you are signed in. Welcome, {user.name}.", "success")
        return redirect(url_for("inspections.index"))
    return render_template("auth/set_password.html", form=form, invitation=invitation)
