from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..models import User
from ..permissions import AREA_MANAGER, can_manage_area, route_rule
from ..reminders.invitations import send_invitation_email
from .forms import ChangeRoleForm, InviteMemberForm, ReinviteForm, RemoveMemberForm
from .services import (
    DEFAULT_INVITATION_DAYS,
    ROLE_DESCRIPTIONS,
    ROLE_NAMES,
    IssuedInvitation,
    MemberError,
    actions_led_in_area,
    change_role,
    invite_member,
    last_manager_problem,
    members_of,
    membership_in,
    reinvite_member,
    remove_member,
    require_manager,
    visible_area,
)

bp = Blueprint("members", __name__)


def invitation_link(invitation: IssuedInvitation) -> str:
    """The link the invited person opens to set their password: the only place a token becomes a link."""
    return url_for("auth.accept", token=invitation.token, _external=True)


def _actor() -> User:
    # Services store the acting user on rows: give them the user, not Flask-Login's proxy.
    return current_user._get_current_object()


def _managed_area_or_404(area_id: int):
    """404 for an area that is missing or not the user's (its existence is not revealed); 403 for a
    member who does not manage it."""
    area = visible_area(_actor(), area_id)
    if area is None:
        abort(404)
    require_manager(_actor(), area)
    return area


def _membership_or_404(area, user_id: int):
    membership = membership_in(area, user_id)
    if membership is None:
        abort(404)
    return membership


def _invitation_days() -> int:
    return int(current_app.config.get("INVITATION_DAYS", DEFAULT_INVITATION_DAYS))


def _show_link(area, invitation: IssuedInvitation, resent: bool):
    """Email the link and show it to the manager too, in case the email does not arrive."""
    link = invitation_link(invitation)
    emailed = send_invitation_email(invitation, link, _actor()) is not None
    return render_template(
        "members/invitation_link.html",
        area=area,
        invitation=invitation,
        link=link,
        emailed=emailed,
        role_name=ROLE_NAMES[invitation.role],
        resent=resent,
    )


def _back_to_members(area):
    return redirect(url_for("members.index", area_id=area.id))


@bp.route("/areas/<int:area_id>/members")
@route_rule(AREA_MANAGER)
@login_required
def index(area_id: int):
    area = _managed_area_or_404(area_id)
    return render_template(
        "members/index.html",
        area=area,
        members=members_of(_actor(), area),
        reinvite_form=ReinviteForm(),
    )


@bp.route("/areas/<int:area_id>/members/invite", methods=["GET", "POST"])
@route_rule(AREA_MANAGER)
@login_required
def invite(area_id: int):
    area = _managed_area_or_404(area_id)
    form = InviteMemberForm()
    if form.validate_on_submit():
        try:
            result = invite_member(
                _actor(), area, form.email.data, form.name.data, form.role.data, valid_days=_invitation_days()
            )
        except MemberError as error:
            form[error.field or "email"].errors.append(str(error))
        else:
            if result.invitation is not None:
                return _show_link(area, result.invitation, resent=False)
            flash(
                f"{result.email} has been added to {area.name} as {ROLE_NAMES[result.role].lower()}. "
                "They already have an account or an invitation, so they use that to sign in.",
                "success",
            )
            return _back_to_members(area)
    return render_template("members/invite.html", form=form, area=area, role_descriptions=ROLE_DESCRIPTIONS)


@bp.route("/areas/<int:area_id>/members/<int:user_id>/role", methods=["GET", "POST"])
@route_rule(AREA_MANAGER)
@login_required
def role(area_id: int, user_id: int):
    area = _managed_area_or_404(area_id)
    membership = _membership_or_404(area, user_id)
    member = membership.user
    form = ChangeRoleForm(data={"role": membership.role})
    if form.validate_on_submit():
        try:
            old, new = change_role(_actor(), area, user_id, form.role.data)
        except MemberError as error:
            form.role.errors.append(str(error))
        except LookupError:
            abort(404)
        else:
            if old == new:
                flash(f"{member.name} is still {_a(new)}. Nothing was changed.", "info")
            elif user_id == _actor().id:
                flash(f"You are now {_a(new)} in {area.name}.", "success")
            else:
                flash(f"{member.name} is now {_a(new)} in {area.name}.", "success")
            if not can_manage_area(_actor(), area.id):
                return redirect(url_for("inspections.index"))
            return _back_to_members(area)
    return render_template(
        "members/role.html", form=form, area=area, member=member, role_descriptions=ROLE_DESCRIPTIONS
    )


def _a(role: str) -> str:
    name = ROLE_NAMES[role].lower()
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


@bp.route("/areas/<int:area_id>/members/<int:user_id>/remove", methods=["GET", "POST"])
@route_rule(AREA_MANAGER)
@login_required
def remove(area_id: int, user_id: int):
    area = _managed_area_or_404(area_id)
    membership = _membership_or_404(area, user_id)
    member = membership.user
    leaving = user_id == _actor().id
    form = RemoveMemberForm()
    problem = None
    if form.validate_on_submit():
        try:
            remove_member(_actor(), area, user_id)
        except MemberError as error:
            form.submit.errors.append(str(error))
        except LookupError:
            abort(404)
        else:
            if leaving:
                flash(f"You have left {area.name}.", "success")
                return redirect(url_for("inspections.index"))
            flash(f"{member.name} has been removed from {area.name}. Their account is kept.", "success")
            return _back_to_members(area)
    elif not form.is_submitted():
        problem = last_manager_problem(_actor(), area, membership, "remove")
    return render_template(
        "members/remove.html",
        form=form,
        area=area,
        member=member,
        leaving=leaving,
        problem=problem,
        actions_led=actions_led_in_area(area, user_id),
    )


@bp.route("/areas/<int:area_id>/members/<int:user_id>/reinvite", methods=["POST"])
@route_rule(AREA_MANAGER)
@login_required
def reinvite(area_id: int, user_id: int):
    area = _managed_area_or_404(area_id)
    _membership_or_404(area, user_id)
    # The app-wide CSRF protection has already checked the form's token.
    try:
        invitation = reinvite_member(_actor(), area, user_id, valid_days=_invitation_days())
    except MemberError as error:
        flash(str(error), "info")
        return _back_to_members(area)
    except LookupError:
        abort(404)
    return _show_link(area, invitation, resent=True)
