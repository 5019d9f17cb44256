"""The dashboards' filter forms. They are GET forms: their values live in the URL, so a filtered view
can be bookmarked or sent to a colleague, and the form shows the values it was given. No CSRF token:
they change nothing."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from ..forms import ANY, GetForm, GovukDateField, WholeNumberField, filter_select
from ..vocabulary import FLAG_DUE_SOON, FLAG_OVERDUE, FLAG_STALE
from .listing import ACTION_SORTS
from .rollups import CONCERN_TITLES, DEFAULT_EVIDENCE_MONTHS


class ChangesSinceForm(GetForm):
    since = GovukDateField(
        "Show what changed since", what="the date to show changes since", required=False,
        description="For example, the date of the last board meeting: 27 3 2025",
    )


class ActionFilterForm(GetForm):
    q = StringField("Search action titles, descriptions and progress updates", widget=GovTextInput(), default="")
    weakness = filter_select("Finding answered")
    lead = filter_select("Lead officer")
    status = filter_select(
        "Status",
        [
            ANY,
            SelectChoice("not_started", "Not started"),
            SelectChoice("in_progress", "In progress"),
            SelectChoice("complete", "Complete"),
            SelectChoice("signed_off", "Signed off"),
            SelectChoice("retired", "Retired"),
        ],
    )
    rag = filter_select(
        "RAG rating",
        [
            ANY,
            SelectChoice("red", "Red"),
            SelectChoice("amber", "Amber"),
            SelectChoice("green", "Green"),
            SelectChoice("not_rated", "Not rated"),
        ],
    )
    flag = filter_select(
        "Overdue or stale",
        [
            ANY,
            SelectChoice(FLAG_OVERDUE, "Overdue"),
            SelectChoice(FLAG_STALE, "Stale: no recent update"),
            SelectChoice(FLAG_DUE_SOON, "Due soon"),
        ],
    )
    sort = filter_select("Sort by", [SelectChoice(key, label) for key, (label, _) in ACTION_SORTS.items()])


class ReadinessForm(GetForm):
    months = WholeNumberField(
        "Evidence is out of date after this many months",
        what="The number of months",
        validators=[Optional(), NumberRange(min=1, max=60, message="Enter a number of months between 1 and 60")],
        default=DEFAULT_EVIDENCE_MONTHS,
    )
    problem = filter_select(
        "Show", [SelectChoice("", "Everything")] + [SelectChoice(k, v) for k, v in CONCERN_TITLES.items()]
    )
    sort = filter_select(
        "Sort by",
        [
            SelectChoice("kind", "Kind of problem"),
            SelectChoice("reference", "Reference"),
            SelectChoice("worst", "Longest overdue or oldest first"),
        ],
    )


OWNER_SORTS = {
    "name": "Name",
    "overdue": "Most overdue",
    "stale": "Most stale",
    "actions": "Most actions",
}


class OwnerForm(GetForm):
    sort = filter_select("Sort by", [SelectChoice(key, label) for key, label in OWNER_SORTS.items()])


OVERVIEW_SORTS = {
    "name": "Area name",
    "overdue": "Most overdue actions",
    "key_date": "Next key date, soonest first",
    "red": "Most red actions",
}


class OverviewForm(GetForm):
    q = StringField("Search area names", widget=GovTextInput(), default="")
    sort = filter_select("Sort by", [SelectChoice(key, label) for key, label in OVERVIEW_SORTS.items()])
