from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import HiddenField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from .digest import DAILY, OFF, WEEKDAYS, WEEKLY

FREQUENCY_CHOICES = [
    SelectChoice(DAILY, "Every working day"),
    SelectChoice(WEEKLY, "Once a week"),
    SelectChoice(OFF, "Never: turn off digests and reminders"),
]
WEEKDAY_CHOICES = [SelectChoice(str(number), name) for number, name in enumerate(WEEKDAYS[:5])]


class PreferencesForm(FlaskForm):
    frequency = RadioField(
        "How often do you want an email?",
        choices=FREQUENCY_CHOICES,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select how often you want emails")],
    )
    weekly_day = RadioField(
        "If weekly, which day?",
        choices=WEEKDAY_CHOICES,
        widget=GovRadioInput(),
        validate_choice=False,
        default="0",
    )
    submit = SubmitField("Save preferences", widget=GovSubmitInput())


class UnsubscribeForm(FlaskForm):
    submit = SubmitField("Unsubscribe", widget=GovSubmitInput())


class ResendForm(FlaskForm):
    delivery_id = HiddenField(validators=[InputRequired(message="Choose an email to resend")])
    submit = SubmitField("Resend", widget=GovSubmitInput())
