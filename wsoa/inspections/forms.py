from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from ..forms import GovukDateField


class UploadLetterForm(FlaskForm):
    letter = FileField(
        "Upload the inspection letter or report",
        widget=GovFileInput(),
        validators=[FileRequired(message="Select the letter or report to upload")],
        description="A PDF as published by Ofsted, or the letter's text saved as a .txt file.",
    )
    submit = SubmitField("Read the letter", widget=GovSubmitInput())


class ConfirmImportForm(FlaskForm):
    """The preview: what was read, which the manager may correct before anything is stored."""

    reading = HiddenField(validators=[InputRequired()])
    local_area = StringField(
        "Local area",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the local area's name"),
            Length(max=200, message="Local area must be 200 characters or fewer"),
        ],
    )
    letter_date = GovukDateField("Date of the letter", what="the date of the letter", required=False)
    inspection_start = GovukDateField("Inspection started", what="the date the inspection started")
    inspection_end = GovukDateField("Inspection ended", what="the date the inspection ended")
    submit = SubmitField("Confirm and import", widget=GovSubmitInput())

    def validate_inspection_end(self, field):
        if field.data and self.inspection_start.data and field.data < self.inspection_start.data:
            raise ValidationError("The inspection must end on or after the day it started")


class KeyDatesForm(FlaskForm):
    wsoa_deadline = GovukDateField(
        "Written statement of action due", what="the date the written statement is due", required=False
    )
    revisit_date = GovukDateField(
        "Revisit or monitoring inspection", what="the date of the revisit or monitoring inspection", required=False
    )
    next_full_inspection_date = GovukDateField(
        "Next full inspection", what="the date of the next full inspection", required=False
    )
    submit = SubmitField("Save key dates", widget=GovSubmitInput())
