from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired


class NewFeedForm(FlaskForm):
    calendar = RadioField(
        "Which calendar?",
        choices=[],  # your own, and each of your areas: filled in per request
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select which calendar to follow")],
    )
    submit = SubmitField("Make a secret address", widget=GovSubmitInput())
