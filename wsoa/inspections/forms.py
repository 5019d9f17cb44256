from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..forms import GovukDateField
from .cycle import ACCEPTED, INSUFFICIENT, MEETING_NAMES, RESUBMIT, SUFFICIENT


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


# -- The inspection cycle after the plan (issue 12) ------------------------------------------------------------


class SubmissionForm(FlaskForm):
    submitted_on = GovukDateField("Date submitted", what="the date it was submitted")
    note = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Record the submission", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    decision = RadioField(
        "What did Ofsted and the CQC decide?",
        choices=[
            SelectChoice(ACCEPTED, "Accepted as fit for purpose"),
            SelectChoice(RESUBMIT, "Asked for it again"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether it was accepted or asked for again")],
    )
    decided_on = GovukDateField("Date of the decision", what="the date of the decision")
    resubmit_by = GovukDateField(
        "Resubmit by", what="the date it must be resubmitted by", required=False
    )
    note = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Record the decision", widget=GovSubmitInput())


class RevisitForm(FlaskForm):
    notice_on = GovukDateField("Date of the notice", what="the date of the notice")
    starts_on = GovukDateField("First day on site", what="the first day on site")
    ends_on = GovukDateField("Last day on site", what="the last day on site")
    letter_published_on = GovukDateField(
        "Letter published (when it is)", what="the date the letter was published", required=False
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


NOT_RECORDED = ""


def judgements_form(findings: list, data: dict | None = None) -> FlaskForm:
    """One question per judged finding: its progress and the inspectors' words. Built per inspection."""

    class JudgementsForm(FlaskForm):
        submit = SubmitField("Save the judgements", widget=GovSubmitInput())

    for line in findings:
        setattr(
            JudgementsForm,
            f"progress_{line.finding_id}",
            RadioField(
                f"{line.label}: progress",
                choices=[
                    SelectChoice(SUFFICIENT, "Sufficient progress"),
                    SelectChoice(INSUFFICIENT, "Insufficient progress"),
                    SelectChoice(NOT_RECORDED, "Not recorded yet"),
                ],
                widget=GovRadioInput(),
                default=line.progress or NOT_RECORDED,
                validators=[Optional()],
            ),
        )
        setattr(
            JudgementsForm,
            f"words_{line.finding_id}",
            TextAreaField(
                f"{line.label}: the inspectors' words",
                widget=GovTextArea(),
                default=line.inspectors_words,
                validators=[Optional(), Length(max=5000)],
            ),
        )
    return JudgementsForm(data=data) if data is not None else JudgementsForm()


class MeetingForm(FlaskForm):
    kind = RadioField(
        "What meeting?",
        choices=[SelectChoice(kind, name) for kind, name in MEETING_NAMES.items()],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the kind of meeting")],
    )
    held_on = GovukDateField("Date", what="the date of the meeting")
    note = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Record the meeting", widget=GovSubmitInput())


class FollowOnPlanForm(FlaskForm):
    carry_over = SelectMultipleField(
        "Open actions to carry over", coerce=int, choices=[], widget=GovCheckboxesInput(), validators=[Optional()]
    )
    # "id:version,…" of the actions the page offered: one changed since is a conflict, not carried blindly.
    shown_versions = HiddenField()
    submit = SubmitField("Open the plan", widget=GovSubmitInput())


class ClosePlanForm(FlaskForm):
    version = HiddenField()  # the plan's version the page showed
    submit = SubmitField("Close the plan as complete", widget=GovSubmitInput())
