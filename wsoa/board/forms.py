from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from ..forms import GovukDateField


class BoardMeetingForm(FlaskForm):
    meeting_date = GovukDateField("Date of the board meeting", what="the date of the board meeting")
    submit = SubmitField("Record the meeting", widget=GovSubmitInput())
