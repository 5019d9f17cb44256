from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from ..forms import GetForm, GovukDateField

OUTCOME_MAX = 5000
WHOLE_PLAN = "all"


class GenerateStatementForm(FlaskForm):
    submit = SubmitField("Generate a new version", widget=GovSubmitInput())


class MarkSubmittedForm(FlaskForm):
    submitted_on = GovukDateField("When was it submitted?", what="the date it was submitted")
    submit = SubmitField("Record as submitted", widget=GovSubmitInput())


class GovernanceForm(FlaskForm):
    board = StringField(
        "Board",
        widget=GovTextInput(),
        description="The board that oversees the plan, for example: Westmarsh SEND Improvement Board",
        validators=[Optional(), Length(max=200, message="The board's name must be 200 characters or fewer")],
    )
    governance = TextAreaField(
        "How the board oversees the plan",
        widget=GovTextArea(),
        description="Who chairs it, how often it meets, who it reports to",
        validators=[Optional(), Length(max=OUTCOME_MAX, message=f"Use {OUTCOME_MAX} characters or fewer")],
    )
    coproduction = TextAreaField(
        "Co-production with the parent carer forum",
        widget=GovTextArea(),
        description="How families and the forum shaped the plan and will check its progress",
        validators=[Optional(), Length(max=OUTCOME_MAX, message=f"Use {OUTCOME_MAX} characters or fewer")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class OutcomeEntry(Form):
    """One finding's intended outcome; the finding's label is given as the field's label by the page."""

    finding_id = HiddenField()
    shown = HiddenField()
    outcome = TextAreaField(
        "Intended outcome",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=OUTCOME_MAX, message=f"Use {OUTCOME_MAX} characters or fewer")],
    )


class OutcomesForm(FlaskForm):
    findings = FieldList(FormField(OutcomeEntry))
    submit = SubmitField("Save intended outcomes", widget=GovSubmitInput())


class EvidencePackForm(GetForm):
    scope = RadioField(
        "Which evidence?",
        choices=[],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the whole plan or one weakness")],
    )
    include_unaccepted = BooleanField(
        "Also include evidence not yet accepted (awaiting review or returned)", widget=GovCheckboxInput()
    )
    submit = SubmitField("Download the evidence pack", widget=GovSubmitInput())
