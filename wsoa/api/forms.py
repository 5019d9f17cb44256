"""The account page's forms: make a token, revoke one."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ..forms import GovukDateField
from ..models import SCOPE_READ, SCOPE_READ_WRITE
from .tokens import NAME_MAX_LENGTH


class NewTokenForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter a name for the token"),
            Length(max=NAME_MAX_LENGTH, message=f"The name must be {NAME_MAX_LENGTH} characters or fewer"),
        ],
    )
    scope = RadioField(
        "What may the token do?",
        choices=[
            SelectChoice(SCOPE_READ, "Read: see what you can see on the pages"),
            SelectChoice(SCOPE_READ_WRITE, "Read and write: also post progress updates and add milestones"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select what the token may do")],
    )
    expires_on = GovukDateField("When should it expire?", what="the date the token expires")
    submit = SubmitField("Create token", widget=GovSubmitInput())


class RevokeTokenForm(FlaskForm):
    submit = SubmitField("Revoke", widget=GovSubmitInput())
