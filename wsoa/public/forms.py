from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSubmitInput, GovTextArea
from wtforms import HiddenField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..vocabulary import REVIEW_ACCEPTED
from .page import (
    SHOW_COMMENTS,
    SHOW_NAMES,
    SHOW_PROGRESS_NOTES,
    SUMMARY_MAX,
    ActionFacts,
    Choices,
    EvidenceFacts,
    PageFacts,
)

SHOW_CHOICES = [
    SelectChoice(SHOW_NAMES, "Names of the people who lead and partner on each action"),
    SelectChoice(SHOW_PROGRESS_NOTES, "Each action's latest progress note and the reason for its rating"),
    SelectChoice(SHOW_COMMENTS, "The discussion on each action (the authors' names only if names are shown)"),
]


def offered_actions(facts: PageFacts) -> list[ActionFacts]:
    return [action for action in facts.actions if action.publishable]


def offered_evidence(facts: PageFacts) -> list[EvidenceFacts]:
    return [
        item for action in offered_actions(facts) for item in action.evidence if item.review_status == REVIEW_ACCEPTED
    ]


def summary_field(finding_id: int) -> str:
    return f"summary_{finding_id}"


def choices_form(facts: PageFacts, saved: Choices) -> FlaskForm:
    """What to publish: findings, a plain-English summary of each, actions, evidence and the kinds of detail shown.
    Filled from `saved` on first showing; from what was posted after that, so nothing typed is lost."""

    class PublicPageForm(FlaskForm):
        findings = SelectMultipleField(
            "Findings to publish",
            coerce=int,
            choices=[SelectChoice(f.id, f.label) for f in facts.findings],
            validate_choice=False,  # see `chosen`
            validators=[InputRequired(message="Choose at least one weakness or area for development to publish")],
        )
        actions = SelectMultipleField(
            "Actions to publish",
            coerce=int,
            choices=[SelectChoice(a.id, a.reference) for a in offered_actions(facts)],
            validate_choice=False,
            validators=[Optional()],
        )
        evidence = SelectMultipleField(
            "Evidence to show",
            coerce=int,
            choices=[SelectChoice(e.id, e.description) for e in offered_evidence(facts)],
            validate_choice=False,
            validators=[Optional()],
        )
        shown = SelectMultipleField(
            "Also show",
            choices=SHOW_CHOICES,
            widget=GovCheckboxesInput(),
            validators=[Optional()],
            description="Nothing here is shown unless you tick it.",
        )
        submit = SubmitField("Save and preview", widget=GovSubmitInput())

    for finding in facts.findings:
        setattr(
            PublicPageForm,
            summary_field(finding.id),
            TextAreaField(
                f"{finding.label} in plain English",
                widget=GovTextArea(),
                validators=[
                    Optional(),
                    Length(max=SUMMARY_MAX, message=f"Keep the summary to {SUMMARY_MAX:,} characters or fewer"),
                ],
                default=saved.summary_of(finding),
            ),
        )
    return PublicPageForm(
        data={
            "findings": sorted(saved.finding_ids),
            "actions": sorted(saved.action_ids),
            "evidence": sorted(saved.evidence_ids),
            "shown": sorted(saved.shown),
        }
    )


def chosen(form: FlaskForm, facts: PageFacts) -> Choices:
    """The choices posted, keeping only what the form offered: an action retired (or evidence returned) while the
    form was open is dropped quietly, and the preview shows it gone. A summary left as the finding's own words is
    not kept, so that it follows the letter."""
    summaries = {f.id: (form[summary_field(f.id)].data or "").strip() for f in facts.findings}

    def kept(posted, offered) -> frozenset[int]:
        return frozenset(posted or ()) & {thing.id for thing in offered}

    return Choices(
        finding_ids=kept(form.findings.data, facts.findings),
        summaries={f.id: summaries[f.id] for f in facts.findings if summaries[f.id] not in ("", f.text)},
        action_ids=kept(form.actions.data, offered_actions(facts)),
        evidence_ids=kept(form.evidence.data, offered_evidence(facts)),
        shown=frozenset(form.shown.data or ()),
    )


class PublishForm(FlaskForm):
    """Publish what the preview showed: its fingerprint says exactly what that was."""

    previewed = HiddenField()
    submit = SubmitField("Publish this page", widget=GovSubmitInput())


class UnpublishForm(FlaskForm):
    submit = SubmitField("Take the page down", widget=GovSubmitInput())
