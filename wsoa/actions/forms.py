from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..forms import GetForm, GovukDateField, NumberField, WholeNumberField, filter_select
from ..inspections.key_dates import parse_reminder_days
from ..vocabulary import (
    DIRECTION_NAMES,
    EVIDENCE_ACTIVITY,
    EVIDENCE_IMPACT,
    MEASURE_HIGHER,
    RAG_AMBER,
    RAG_GREEN,
    RAG_RED,
)

RAG_CHOICES = [
    SelectChoice(RAG_GREEN, "Green: on track"),
    SelectChoice(RAG_AMBER, "Amber: at risk"),
    SelectChoice(RAG_RED, "Red: off track"),
]


class ActionChangeForm(FlaskForm):
    """A change to an action carries the version of the action it was made on (wsoa/actions/services.py)."""

    version = HiddenField()


class SeedActionsForm(FlaskForm):
    findings = SelectMultipleField(
        "Findings to track",
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select at least one finding to track")],
    )
    submit = SubmitField("Create draft actions", widget=GovSubmitInput())


class ActionForm(ActionChangeForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter a title for the action"),
            Length(max=300, message="Title must be 300 characters or fewer"),
        ],
    )
    description = TextAreaField("What will be done", widget=GovTextArea(), validators=[Optional()])
    findings = SelectMultipleField(
        "Findings this action answers",
        coerce=int,
        choices=[],
        widget=GovCheckboxesInput(),
        validators=[InputRequired(message="Select the finding or findings this action answers")],
    )
    lead = SelectField("Lead officer", coerce=str, choices=[], widget=GovSelect())
    partners = SelectMultipleField(
        "Partners in the area", coerce=int, choices=[], widget=GovCheckboxesInput(), validators=[Optional()]
    )
    partner_organisations = TextAreaField(
        "Partner organisations",
        widget=GovTextArea(),
        validators=[Optional()],
        description="One a line, for example: NHS Westmarsh ICB, Westmarsh Voices parent carer forum",
    )
    start_date = GovukDateField("Start date", what="the start date", required=False)
    due_date = GovukDateField("Due date", what="the due date", required=False)
    success_measure = TextAreaField(
        "Success measure",
        widget=GovTextArea(),
        validators=[Optional()],
        description="What will be different for children and young people when this is done",
    )
    baseline = StringField(
        "Baseline",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=500)],
        description="Where things stand now, if it can be measured",
    )
    target = StringField("Target", widget=GovTextInput(), validators=[Optional(), Length(max=500)])
    baseline_value = NumberField(
        "Baseline as a number (optional)",
        what="The baseline",
        description="For the chart of measured values, for example 45",
        validators=[Optional()],
    )
    target_value = NumberField(
        "Target as a number (optional)", what="The target", description="For example 60", validators=[Optional()]
    )
    measure_unit = StringField(
        "Unit (optional)",
        widget=GovTextInput(),
        description="For example %, days or children",
        validators=[Optional(), Length(max=20, message="The unit must be 20 characters or fewer, like % or days")],
    )
    measure_better = RadioField(
        "Which is better?",
        choices=[SelectChoice(value, name) for value, name in DIRECTION_NAMES.items()],
        default=MEASURE_HIGHER,
        widget=GovRadioInput(),
        # A form posted without it (an older page) keeps the default rather than failing.
        validators=[DataRequired(message="Select whether a higher or a lower value is better")],
    )
    measured_by = TextAreaField(
        "How it is measured",
        widget=GovTextArea(),
        validators=[Optional()],
        description="Where the numbers come from and how often, for example: the monthly SEN2 return",
    )
    submit = SubmitField("Save action", widget=GovSubmitInput())

    def validate_due_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("The due date must be the same as or after the start date")


class SplitActionForm(ActionChangeForm):
    title = StringField(
        "Title of the new action",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter a title for the new action"),
            Length(max=300, message="Title must be 300 characters or fewer"),
        ],
    )
    submit = SubmitField("Split the action", widget=GovSubmitInput())


class RetireActionForm(ActionChangeForm):
    reason = TextAreaField(
        "Why is this action being retired?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter why the action is being retired")],
    )
    submit = SubmitField("Retire the action", widget=GovSubmitInput())


class ProgressUpdateForm(ActionChangeForm):
    rag = RadioField(
        "How is the action going?",
        choices=RAG_CHOICES,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select red, amber or green")],
    )
    rag_reason = TextAreaField(
        "Reason for the rating",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the reason for the RAG rating")],
    )
    done = TextAreaField(
        "What has been done", widget=GovTextArea(), validators=[InputRequired(message="Enter what has been done")]
    )
    next_steps = TextAreaField("What happens next", widget=GovTextArea(), validators=[Optional()])
    percent_complete = WholeNumberField(
        "Percentage complete (optional)",
        what="Percentage complete",
        validators=[Optional(), NumberRange(min=0, max=100, message="Percentage complete must be between 0 and 100")],
    )
    submit = SubmitField("Post update", widget=GovSubmitInput())


class EvidenceForm(ActionChangeForm):
    kind = RadioField(
        "What does this evidence show?",
        choices=[
            SelectChoice(EVIDENCE_ACTIVITY, "Activity: we did what we said"),
            SelectChoice(EVIDENCE_IMPACT, "Impact: what changed for children and young people"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether this is evidence of activity or of impact")],
    )
    description = TextAreaField(
        "Description", widget=GovTextArea(), validators=[InputRequired(message="Enter a description of the evidence")]
    )
    as_at = GovukDateField("Date the evidence is as at", what="the date the evidence is as at")
    file = FileField(
        "Upload a file",
        widget=GovFileInput(),
        description="PDF, Word, Excel, PowerPoint, OpenDocument, CSV or an image",
    )
    link_url = StringField(
        "Or give a link",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=2000)],
        description="For example, a page on the local offer website",
    )
    submit = SubmitField("Add evidence", widget=GovSubmitInput())


class CommentForm(FlaskForm):
    body = TextAreaField(
        "Your comment",
        widget=GovTextArea(),
        description="Mention someone in the area with @ and their name, for example @Olu Adebayo: they get an email.",
        validators=[
            InputRequired(message="Enter your comment"),
            Length(max=5000, message="A comment must be 5000 characters or fewer"),
        ],
    )
    submit = SubmitField("Add comment", widget=GovSubmitInput())


class ReviewEvidenceForm(ActionChangeForm):
    decision = RadioField(
        "Decision",
        choices=[SelectChoice("accept", "Accept"), SelectChoice("return", "Return it with a comment")],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select accept or return")],
    )
    comment = TextAreaField("Comment", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Save review", widget=GovSubmitInput())


class SignOffForm(ActionChangeForm):
    decision = RadioField(
        "Decision",
        choices=[SelectChoice("sign_off", "Sign off the action"), SelectChoice("return", "Return it to the lead")],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select sign off or return")],
    )
    reason = TextAreaField("Reason for returning it", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Save decision", widget=GovSubmitInput())


def _measured_value_field() -> NumberField:
    return NumberField(
        "Value", what="The value", validators=[InputRequired(message="Enter the value as a number, like 62.5")]
    )


def _measure_source_field(description: str | None = None) -> StringField:
    return StringField(
        "Where the value comes from",
        widget=GovTextInput(),
        description=description,
        validators=[
            InputRequired(message="Enter where the value comes from"),
            Length(max=300, message="Where the value comes from must be 300 characters or fewer"),
        ],
    )


def _measure_change_reason_field(doing: str, example: str) -> TextAreaField:
    return TextAreaField(
        f"Why are you {doing} it?",
        widget=GovTextArea(),
        description=f"For example: {example}. The audit trail keeps what it was.",
        validators=[
            InputRequired(message=f"Say why you are {doing} the value"),
            Length(max=500, message="The reason must be 500 characters or fewer"),
        ],
    )


class MeasureForm(ActionChangeForm):
    measured_on = GovukDateField("Date the value is for", what="the date the value is for")
    value = _measured_value_field()
    source = _measure_source_field("For example: SEN2 return, or the monthly EHC plan timeliness report")
    submit = SubmitField("Record the value", widget=GovSubmitInput())


class CorrectMeasureForm(ActionChangeForm):
    value = _measured_value_field()
    source = _measure_source_field()
    reason = _measure_change_reason_field("correcting", "typed 4.7 for 47, or the report was revised")
    submit = SubmitField("Save the correction", widget=GovSubmitInput())


class RemoveMeasureForm(ActionChangeForm):
    reason = _measure_change_reason_field("removing", "recorded against the wrong action")
    submit = SubmitField("Remove the value", widget=GovSubmitInput())


class ConfirmForm(ActionChangeForm):
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class MilestoneForm(ActionChangeForm):
    title = StringField(
        "Milestone",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter what the milestone is"), Length(max=300)],
    )
    due_date = GovukDateField("Date", what="the milestone's date")
    submit = SubmitField("Add milestone", widget=GovSubmitInput())


class AreaSettingsForm(FlaskForm):
    def validate_key_date_reminder_days(self, field):
        try:
            field.parsed = parse_reminder_days(field.data)
        except ValueError as problem:
            raise ValidationError(str(problem)) from None

    stale_after_days = WholeNumberField(
        "Days without an update before an action counts as stale",
        what="The number of days",
        validators=[
            InputRequired(message="Enter a number of days"),
            NumberRange(min=1, max=365, message="Enter a number of days between 1 and 365"),
        ],
    )
    due_soon_days = WholeNumberField(
        "Days ahead of its due date that an action counts as due soon",
        what="The number of days",
        validators=[
            InputRequired(message="Enter a number of days"),
            NumberRange(min=1, max=365, message="Enter a number of days between 1 and 365"),
        ],
    )
    key_date_reminder_days = StringField(
        "Remind managers this many days before each key date",
        widget=GovTextInput(),
        description="Whole numbers separated by commas, for example 90, 60, 30, 14, 7. Leave empty for no reminders.",
    )
    require_impact_evidence = BooleanField("Sign-off needs accepted evidence of impact", widget=GovCheckboxInput())
    allow_self_review = BooleanField(
        "Let a manager accept evidence they added and sign off actions they lead (for small areas with one "
        "manager: the audit trail records each time)",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())


MY_ACTIONS_SHOW = {
    "": "Everything I lead or partner on",
    "open": "Open: not yet complete",
    "overdue": "Overdue",
    "stale": "Stale: no recent update",
    "due_soon": "Due soon",
    "awaiting_sign_off": "Complete, waiting for sign-off",
}


class MyActionsFilterForm(GetForm):
    area = filter_select("Local area")
    show = filter_select("Show", [SelectChoice(value, label) for value, label in MY_ACTIONS_SHOW.items()])


class BulkChangeForm(FlaskForm):
    actions = SelectMultipleField(
        "Actions to change",
        coerce=int,
        choices=[],
        widget=GovCheckboxesInput(),
        validators=[InputRequired(message="Select the actions to change")],
    )
    lead = SelectField("Lead officer", coerce=str, choices=[], widget=GovSelect(), default="")
    partner = SelectField("Add a partner", coerce=str, choices=[], widget=GovSelect(), default="")
    due_date = GovukDateField("Due date", what="the due date", required=False)
    submit = SubmitField("Change the chosen actions", widget=GovSubmitInput())


LEAVE_AS_IT_IS = SelectChoice("", "Leave as it is")


def board_update_form(actions) -> FlaskForm:
    """A rating and one line for each of the lead's actions, posted together before a board meeting."""

    class BoardUpdateForm(FlaskForm):
        submit = SubmitField("Post the updates", widget=GovSubmitInput())

    for action in actions:
        setattr(
            BoardUpdateForm,
            f"rag_{action.id}",
            RadioField(
                f"{action.reference} {action.title}: how is it going?",
                choices=RAG_CHOICES,
                widget=GovRadioInput(),
                validate_choice=False,  # leaving an action out is allowed; the service checks what is given
            ),
        )
        setattr(
            BoardUpdateForm,
            f"line_{action.id}",
            StringField(
                f"One line on {action.reference}: what was done, and why that rating",
                widget=GovTextInput(),
                validators=[Optional(), Length(max=500, message="Keep each line to 500 characters or fewer")],
            ),
        )
        setattr(BoardUpdateForm, f"version_{action.id}", HiddenField())
    return BoardUpdateForm()
