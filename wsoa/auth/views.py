from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import login_manager
from ..links import email_link
from ..models import User
from ..permissions import PUBLIC, SIGNED_IN, route_rule, start_page
from . import emails
from .forms import SetPasswordForm, SignInForm, UnlockForm
from .services import (
    DEFAULT_LOCKOUT_MINUTES,
    DEFAULT_LOCKOUT_THRESHOLD,
    DEFAULT_UNLOCK_LINK_HOURS,
    INVITATION_OPEN,
    INVITATION_UNKNOWN,
    SIGN_IN_OK,
    AccountError,
    IssuedUnlockLink,
    accept_invitation,
    attempt_sign_in,
    check_invitation,
    open_unlock_link,
    record_sign_out,
    unlock_with_link,
    user_for_session,
)

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see this page"
login_manager.login_message_category = "info"

WRONG_EMAIL_OR_PASSWORD = "Enter a correct email address and password"  # noqa: S105 - a message, not a password


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Sessions name the user and their session version: one ended on the server signs nobody in."""
    return user_for_session(session_id)


def _safe_next(target: str | None, user) -> str:
    """Only same-site paths: never redirect a user off-site after sign-in. With none, the person's start page."""
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
    return url_for(start_page(user))


def _lockout_settings() -> tuple[int, int]:
    return (
        int(current_app.config.get("LOCKOUT_THRESHOLD", DEFAULT_LOCKOUT_THRESHOLD)),
        int(current_app.config.get("LOCKOUT_MINUTES", DEFAULT_LOCKOUT_MINUTES)),
    )


def _email_unlock_link(unlock: IssuedUnlockLink, user_id: int, lock_minutes: int) -> None:
    link = email_link("auth.unlock", token=unlock.token)
    if link is None:
        return
    emails.send(
        emails.compose_unlock(
            user_id=user_id,
            to=unlock.email,
            name=unlock.name,
            link=link,
            expires_at=unlock.expires_at,
            lock_minutes=lock_minutes,
            service_name=current_app.config["SERVICE_NAME"],
        ),
        current_app.config,
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@route_rule(PUBLIC)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for(start_page(current_user)))
    form = SignInForm()
    threshold, minutes = _lockout_settings()
    failed = False
    if form.validate_on_submit():
        attempt = attempt_sign_in(
            form.email.data,
            form.password.data,
            threshold=threshold,
            lock_minutes=minutes,
            unlock_hours=int(current_app.config.get("UNLOCK_LINK_HOURS", DEFAULT_UNLOCK_LINK_HOURS)),
        )
        if attempt.outcome == SIGN_IN_OK:
            login_user(attempt.user)
            return redirect(_safe_next(request.args.get("next"), attempt.user))
        if attempt.unlock_link is not None:
            _email_unlock_link(attempt.unlock_link, attempt.user.id, minutes)
        # One message whether the email is unknown, the password wrong or the account locked: none of
        # them tells a stranger whether an account exists.
        form.email.errors.append(WRONG_EMAIL_OR_PASSWORD)
        failed = True
    return render_template("auth/sign_in.html", form=form, failed=failed, threshold=threshold, minutes=minutes)


@bp.route("/accessibility")
@route_rule(PUBLIC)
def accessibility():
    return render_template("auth/accessibility.html")


@bp.route("/account")
@route_rule(SIGNED_IN)
@login_required
def account():
    return render_template("auth/account.html")


@bp.route("/sign-out", methods=["POST"])
@route_rule(SIGNED_IN)
@login_required
def sign_out():
    record_sign_out(current_user._get_current_object())
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


@bp.route("/unlock/<token>", methods=["GET", "POST"])
@route_rule(PUBLIC)
def unlock(token: str):
    """The link emailed when an account is locked. Opening it changes nothing (mail scanners open links);
    the button does."""
    link = open_unlock_link(token)
    if link is None:
        return render_template("auth/unlock_spent.html"), 404
    form = UnlockForm()
    if form.validate_on_submit():
        try:
            unlock_with_link(token)
        except AccountError:
            return render_template("auth/unlock_spent.html"), 404
        flash("Your account is unlocked. You can sign in now.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/unlock.html", form=form, email=link.user.email)
