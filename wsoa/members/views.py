from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..auth import emails
from ..auth.services import unlock_account
from ..links import email_link
from ..loaders import load_area, load_membership
from ..models import User
from ..permissions import ADMIN, ADMINISTER, AREA_MANAGER, MANAGE, SIGNED_IN, can_manage_area, route_rule
from ..reminders.invitations import send_invitation_email
from .forms import (
    ChangeRoleForm,
    ConfirmJoinForm,
    InviteMemberForm,
    MemberDetailsForm,
    ReinviteForm,
    RemoveMemberForm,
    UnlockMemberForm,
)
from .services import (
    DEFAULT_INVITATION_DAYS,
    ROLE_DESCRIPTIONS,
    ROLE_NAMES,
    IssuedInvitation,
    IssuedJoinRequest,
    MemberError,
    actions_led_in_area,
    change_member_details,
    change_role,
    confirm_join,
    invite_member,
    last_manager_problem,
    members_of,
    open_join_request,
    reinvite_member,
    remove_member,
)

bp = Blueprint("members", __name__)


def _link_on_screen(endpoint: str, token: str) -> str | None:
    """A link is shown only to a site administrator, and only when it could not be emailed.

    A link shown to a manager would let them set the password of (or confirm for) the person they
    invited, and so sign in as them, in every area that person belongs to.
    """
    if not _actor().is_admin:
        return None
    return email_link(endpoint, token=token) or url_for(endpoint, token=token, _external=True)


def _actor() -> User:
    # Services store the acting user on rows: give them the user, not Flask-Login's proxy.
    return current_user._get_current_object()


def _invitation_days() -> int:
    return int(current_app.config.get("INVITATION_DAYS", DEFAULT_INVITATION_DAYS))


def _invitation_sent(area, invitation: IssuedInvitation, resent: bool):
    """Email the link to the invited person. The manager is told it was sent; they never see it."""
    link = email_link("auth.accept", token=invitation.token)
    emailed = link is not None and send_invitation_email(invitation, link, _actor()) is not None
    return render_template(
        "members/invitation_link.html",
        area=area,
        invitation=invitation,
        link=None if emailed else _link_on_screen("auth.accept", invitation.token),
        emailed=emailed,
        role_name=ROLE_NAMES[invitation.role],
        resent=resent,
    )


def _join_request_sent(area, request: IssuedJoinRequest):
    """Email someone who already has an account the link to confirm they want to join."""
    link = email_link("members.join", token=request.token)
    emailed = link is not None and emails.send(
        emails.compose_join(
            user_id=request.user_id,
            to=request.email,
            name=request.name,
            link=link,
            area_name=request.area_name,
            role=request.role,
            invited_by=_actor().name,
            expires_at=request.expires_at,
            service_name=current_app.config["SERVICE_NAME"],
        ),
        current_app.config,
    )
    return render_template(
        "members/join_requested.html",
        area=area,
        request=request,
        link=None if emailed else _link_on_screen("members.join", request.token),
        emailed=emailed,
        role_name=ROLE_NAMES[request.role],
    )


def _back_to_members(area):
    return redirect(url_for("members.index", area_id=area.id))


@bp.route("/areas/<int:area_id>/members")
@route_rule(AREA_MANAGER)
@login_required
def index(area_id: int):
    area = load_area(area_id, MANAGE)
    return render_template(
        "members/index.html",
        area=area,
        members=members_of(_actor(), area),
        reinvite_form=ReinviteForm(),
        unlock_form=UnlockMemberForm() if _actor().is_admin else None,
    )


@bp.route("/areas/<int:area_id>/members/invite", methods=["GET", "POST"])
@route_rule(AREA_MANAGER)
@login_required
def invite(area_id: int):
    area = load_area(area_id, MANAGE)
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
                return _invitation_sent(area, result.invitation, resent=False)
            if result.join_request is not None:
                return _join_request_sent(area, result.join_request)
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
    area = load_area(area_id, MANAGE)
    membership = load_membership(area, user_id)
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


@bp.route("/areas/<int:area_id>/members/<int:user_id>/details", methods=["GET", "POST"])
@route_rule(AREA_MANAGER)
@login_required
def details(area_id: int, user_id: int):
    """Job title and organisation: how the written statement names the person as a lead or partner."""
    area = load_area(area_id, MANAGE)
    membership = load_membership(area, user_id)
    form = MemberDetailsForm(data={"job_title": membership.job_title, "organisation": membership.organisation})
    if form.validate_on_submit():
        try:
            changed = change_member_details(_actor(), area, user_id, form.job_title.data or "",
                                            form.organisation.data or "")
        except MemberError as error:
            form[error.field or "job_title"].errors.append(str(error))
        else:
            name = membership.user.name
            flash(f"{name}'s job title and organisation saved" if changed else "Nothing was changed",
                  "success" if changed else "info")
            return _back_to_members(area)
    return render_template("members/details.html", form=form, area=area, member=membership.user)


def _a(role: str) -> str:
    name = ROLE_NAMES[role].lower()
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


@bp.route("/areas/<int:area_id>/members/<int:user_id>/remove", methods=["GET", "POST"])
@route_rule(AREA_MANAGER)
@login_required
def remove(area_id: int, user_id: int):
    area = load_area(area_id, MANAGE)
    membership = load_membership(area, user_id)
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
    area = load_area(area_id, MANAGE)
    load_membership(area, user_id)
    # The app-wide CSRF protection has already checked the form's token.
    try:
        invitation = reinvite_member(_actor(), area, user_id, valid_days=_invitation_days())
    except MemberError as error:
        flash(str(error), "info")
        return _back_to_members(area)
    except LookupError:
        abort(404)
    return _invitation_sent(area, invitation, resent=True)


@bp.route("/areas/<int:area_id>/members/<int:user_id>/unlock", methods=["POST"])
@route_rule(ADMIN)
@login_required
def unlock(area_id: int, user_id: int):
    area = load_area(area_id, ADMINISTER)
    member = load_membership(area, user_id).user
    if unlock_account(_actor(), member):
        flash(f"{member.name}'s account is unlocked. They can sign in now.", "success")
    else:
        flash(f"{member.name}'s account was not locked.", "info")
    return _back_to_members(area)


@bp.route("/join/<token>", methods=["GET", "POST"])
@route_rule(SIGNED_IN)
@login_required
def join(token: str):
    """The link emailed to someone with an account who was asked to join an area. Only they can use it:
    for anyone else it is not found. Opening it changes nothing; the button does."""
    request = open_join_request(_actor(), token)
    if request is None:
        return render_template("auth/invitation_spent.html"), 404
    form = ConfirmJoinForm()
    if form.validate_on_submit():
        try:
            area = confirm_join(_actor(), token)
        except LookupError:
            return render_template("auth/invitation_spent.html"), 404
        flash(f"You are now {_a(request.role)} in {area.name}.", "success")
        return redirect(url_for("inspections.index"))
    return render_template(
        "members/join.html", form=form, request=request, role_name=ROLE_NAMES[request.role].lower()
    )
