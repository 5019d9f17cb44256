from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, ValidationError

from ..auth.services import email_format_problem, normalise_email
from ..models import AREA_ROLES
from .services import JOB_DETAIL_MAX_LENGTH, NAME_MAX_LENGTH, ROLE_NAMES

ROLE_CHOICES = [SelectChoice(role, ROLE_NAMES[role]) for role in AREA_ROLES]


def _role_field(label: str) -> RadioField:
    # The role is checked by AnyOf, so a missing or made-up value gets the same plain message.
    return RadioField(
        label,
        choices=ROLE_CHOICES,
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired(message="Select a role"), AnyOf(AREA_ROLES, message="Select a role")],
    )


class InviteMemberForm(FlaskForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the person's full name"),
            Length(max=NAME_MAX_LENGTH, message=f"Name must be {NAME_MAX_LENGTH} characters or fewer"),
        ],
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="Use their work email address",
        validators=[InputRequired(message="Enter their email address")],
    )
    role = _role_field("Role")
    submit = SubmitField("Invite", widget=GovSubmitInput())

    def validate_email(self, field):
        if problem := email_format_problem(normalise_email(field.data or "")):
            raise ValidationError(problem)


class ChangeRoleForm(FlaskForm):
    role = _role_field("Role")
    submit = SubmitField("Save role", widget=GovSubmitInput())


class MemberDetailsForm(FlaskForm):
    job_title = StringField(
        "Job title",
        widget=GovTextInput(),
        description="For example: Head of SEND",
        validators=[Length(max=JOB_DETAIL_MAX_LENGTH, message=f"Use {JOB_DETAIL_MAX_LENGTH} characters or fewer")],
    )
    organisation = StringField(
        "Organisation",
        widget=GovTextInput(),
        description="For example: Westmarsh Council, or NHS Westmarsh Integrated Care Board",
        validators=[Length(max=JOB_DETAIL_MAX_LENGTH, message=f"Use {JOB_DETAIL_MAX_LENGTH} characters or fewer")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class RemoveMemberForm(FlaskForm):
    submit = SubmitField("Remove from the area", widget=GovSubmitInput())


class ReinviteForm(FlaskForm):
    """Only the CSRF token: the button sits in the members table."""


class UnlockMemberForm(FlaskForm):
    """Only the CSRF token: the button sits in the members table, for site administrators."""


class ConfirmJoinForm(FlaskForm):
    submit = SubmitField("Join", widget=GovSubmitInput())
