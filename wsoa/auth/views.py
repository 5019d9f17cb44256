from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, login_manager
from ..models import User
from . import bp
from .forms import SignInForm
from .services import authenticate

login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see this page"
login_manager.login_message_category = "info"


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


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("inspections.index"))
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    logout_user()
    flash("You have signed out", "success")
    return redirect(url_for("auth.sign_in"))
