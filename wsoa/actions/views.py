from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from ..attempts import Attempt, attempt
from ..board.services import last_meeting_dates
from ..downloads import evidence_download
from ..formatting import long_date
from ..forms import ANY
from ..inspections.cycle import follow_on_plan_name, visit_name
from ..inspections.grouping import finding_label, group_by_kind, judged_at_revisit
from ..loaders import load_action, load_area, load_evidence, load_inspection, load_measured_value, load_milestone
from ..paging import page_number, paginate, pagination_for
from ..permissions import (
    AREA_MANAGER,
    AREA_MEMBER,
    AUTHOR,
    COMPLETE,
    CONTRIBUTE,
    CONTRIBUTOR,
    EVIDENCE_AUTHOR,
    MANAGE,
    SIGNED_IN,
    can_contribute,
    can_manage_area,
    may_mark_complete,
    route_rule,
)
from ..storage import Storage, storage_for
from ..vocabulary import (
    ACTION_COMPLETE,
    ACTION_IN_PROGRESS,
    ACTION_NOT_STARTED,
    ACTION_SIGNED_OFF,
    OPEN_STATUSES,
    flags_of,
)
from .evidence import (
    EvidenceDetails,
    add_evidence,
    evidence_for_download,
    replace_evidence,
    review_evidence,
    withdraw_evidence,
)
from .forms import (
    LEAVE_AS_IT_IS,
    ActionChangeForm,
    ActionForm,
    AreaSettingsForm,
    BulkChangeForm,
    CommentForm,
    ConfirmForm,
    CorrectMeasureForm,
    EvidenceForm,
    MeasureForm,
    MilestoneForm,
    MyActionsFilterForm,
    ProgressUpdateForm,
    RemoveMeasureForm,
    RetireActionForm,
    ReviewEvidenceForm,
    SeedActionsForm,
    SignOffForm,
    SplitActionForm,
    board_update_form,
)
from .measures import (
    Correction,
    Measurement,
    correct_measure,
    measure_chart,
    record_measure,
    remove_measure,
    standing_of,
)
from .services import (
    ActionDetails,
    AreaSettings,
    BoardLine,
    BulkChange,
    UpdateDetails,
    WorkflowError,
    add_comment,
    add_milestone,
    answered_finding_ids,
    area_members,
    change_area_settings,
    change_many,
    changeable_actions,
    closed_plan_message,
    complete_milestone,
    create_action,
    default_seed_choice,
    edit_action,
    every_plan_closed_message,
    finding_numbers,
    findings_without_actions,
    history_of,
    mark_complete,
    my_actions,
    open_plan_id,
    plan_actions_page,
    post_board_update,
    post_update,
    retire_action,
    return_action,
    seed_actions,
    sign_off,
    sign_off_problem,
    split_action,
    trackable_findings,
)

bp = Blueprint("actions", __name__)




def change_form(form_class: type[ActionChangeForm], action, **defaults) -> ActionChangeForm:
    """The form for a change to `action`: shown with the version it is about; posted back with it."""
    form = form_class(**defaults)
    if request.method == "GET":
        form.version.data = action.version
    return form


def _version(form: ActionChangeForm) -> int | None:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None


def _store() -> Storage:
    return storage_for(current_app)


def _flags(action, today: date | None = None):
    return flags_of(action, action.local_area.thresholds, today or date.today())


def _choice_label(finding, numbers) -> str:
    section = f" ({finding.section})" if finding.section and len(finding.section) < 20 else ""
    return f"{finding_label(finding.kind, numbers[finding.id])}{section}"


@bp.route("/inspections/<int:inspection_id>/actions")
@login_required
@route_rule(AREA_MEMBER)
def plan(inspection_id: int):
    inspection = load_inspection(inspection_id)
    page = plan_actions_page(inspection, None, page_number(request.args.get("page")))
    numbers = finding_numbers(inspection)
    answered = {
        action.id: sorted((f for f in action.findings if f.id in numbers), key=lambda f: numbers[f.id])
        for action in page.items
    }
    judged = [a for a in page.items if any(judged_at_revisit(f.kind) for f in answered[a.id])]
    return render_template(
        "actions/plan.html",
        inspection=inspection,
        page=page,
        groups=[
            ("significant weaknesses" if inspection.framework == "2016" else "priority actions", judged),
            (
                "areas for development" if inspection.framework == "2016" else "areas for improvement",
                [a for a in page.items if a not in judged],
            ),
        ],
        answers={a.id: [finding_label(f.kind, numbers[f.id]) for f in answered[a.id]] for a in page.items},
        pagination=pagination_for(page, label="Action plan pages"),
        flags={action.id: _flags(action) for action in page.items},
        may_manage=can_manage_area(current_user, inspection.local_area_id),
        unanswered=findings_without_actions(inspection),
        follow_on_plan_open=open_plan_id(inspection.id) is not None,
        follow_on_name=follow_on_plan_name(inspection.framework),
        visit_name=visit_name(inspection.framework),
    )


@bp.route("/inspections/<int:inspection_id>/seed", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def seed(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    findings = trackable_findings(inspection)
    numbers = finding_numbers(inspection)
    answered = answered_finding_ids(inspection)
    form = SeedActionsForm()
    form.findings.choices = [SelectChoice(f.id, _choice_label(f, numbers)) for f in findings]
    if request.method == "GET":
        form.findings.data = default_seed_choice(findings, answered, everything=request.args.get("with") == "all")
    if form.validate_on_submit():
        outcome = attempt(lambda: seed_actions(current_user, inspection, form.findings.data), form.findings)
        if outcome.succeeded:
            created = outcome.result
            flash(
                f"{len(created)} draft action{'s' if len(created) != 1 else ''} created"
                if created
                else "Every chosen finding already has an action: nothing new was created",
                "success",
            )
            return redirect(url_for("actions.plan", inspection_id=inspection.id))
    return render_template(
        "actions/seed.html",
        form=form,
        inspection=inspection,
        groups=group_by_kind(findings),
        numbers=numbers,
        answered=answered,
    )


def _fill_action_choices(form: ActionForm, inspection) -> None:
    numbers = finding_numbers(inspection)
    form.findings.choices = [
        SelectChoice(f.id, _choice_label(f, numbers) + ": " + f.text[:160] + ("…" if len(f.text) > 160 else ""))
        for f in trackable_findings(inspection)
    ]
    members = area_members(inspection.local_area_id)
    form.lead.choices = [SelectChoice("", "No lead yet")] + [SelectChoice(str(u.id), u.name) for u in members]
    form.partners.choices = [SelectChoice(u.id, u.name) for u in members]


def _details_from(form: ActionForm) -> ActionDetails:
    return ActionDetails(
        title=form.title.data or "",
        description=form.description.data or "",
        finding_ids=list(form.findings.data or []),
        lead_id=int(form.lead.data) if form.lead.data else None,
        partner_user_ids=list(form.partners.data or []),
        partner_organisations=(form.partner_organisations.data or "").splitlines(),
        start_date=form.start_date.data,
        due_date=form.due_date.data,
        success_measure=form.success_measure.data or "",
        baseline=form.baseline.data or "",
        target=form.target.data or "",
        baseline_value=form.baseline_value.data,
        target_value=form.target_value.data,
        measure_unit=form.measure_unit.data or "",
        measure_better=form.measure_better.data or "",
        measured_by=form.measured_by.data or "",
    )


@bp.route("/inspections/<int:inspection_id>/actions/new", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def new_action(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    form = ActionForm()
    _fill_action_choices(form, inspection)
    if form.validate_on_submit():
        outcome = attempt(lambda: create_action(current_user, inspection, _details_from(form)), form.title)
        if outcome.succeeded:
            flash(f"Action {outcome.result.reference} added", "success")
            return redirect(url_for("actions.show", action_id=outcome.result.id))
    return render_template("actions/form.html", form=form, inspection=inspection, action=None)


@bp.route("/actions/<int:action_id>")
@login_required
@route_rule(AREA_MEMBER)
def show(action_id: int):
    action = load_action(action_id)
    return render_template(
        "actions/show.html",
        action=action,
        flags=_flags(action),
        numbers=finding_numbers(action.inspection),
        may_manage=can_manage_area(current_user, action.local_area_id),
        may_contribute=can_contribute(current_user, action),
        may_complete=(
            action.status in (ACTION_NOT_STARTED, ACTION_IN_PROGRESS) and may_mark_complete(current_user, action)
        ),
        sign_off_problem=sign_off_problem(action) if action.status == ACTION_COMPLETE else None,
        history=history_of(action),
        closed_plan=closed_plan_message(action),
        measure_svg=Markup(measure_chart(action)),  # noqa: S704 - built by charts.py, every text escaped there
        standing=standing_of(action),
    )


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def edit(action_id: int):
    action = load_action(action_id, MANAGE)
    form = ActionForm(obj=action) if request.method == "GET" else ActionForm()
    _fill_action_choices(form, action.inspection)
    if request.method == "GET":
        form.version.data = action.version
        form.findings.data = [f.id for f in action.findings]
        form.lead.data = str(action.lead_id) if action.lead_id else ""
        form.partners.data = [u.id for u in action.partner_users]
        form.partner_organisations.data = "\n".join(o.name for o in action.partner_organisations)
    outcome = Attempt(False)
    if form.validate_on_submit():
        outcome = attempt(
            lambda: edit_action(current_user, action, _details_from(form), _version(form)), form.title, form
        )
        if outcome.succeeded:
            flash(f"Action {action.reference} saved", "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template(
        "actions/form.html", form=form, inspection=action.inspection, action=action, conflict=outcome.conflict
    )


@bp.route("/actions/<int:action_id>/split", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def split(action_id: int):
    action = load_action(action_id, MANAGE)
    form = change_form(SplitActionForm, action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        outcome = attempt(lambda: split_action(current_user, action, form.title.data, _version(form)), form.title, form)
        if outcome.succeeded:
            part = outcome.result
            flash(f"Action {action.reference} split: the new action is {part.reference}", "success")
            return redirect(url_for("actions.show", action_id=part.id))
    return render_template("actions/split.html", form=form, action=action, conflict=outcome.conflict)


@bp.route("/actions/<int:action_id>/retire", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def retire(action_id: int):
    action = load_action(action_id, MANAGE)
    form = change_form(RetireActionForm, action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        outcome = attempt(
            lambda: retire_action(current_user, action, form.reason.data, _version(form)), form.reason, form
        )
        if outcome.succeeded:
            flash(f"Action {action.reference} retired", "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template("actions/retire.html", form=form, action=action, conflict=outcome.conflict)


@bp.route("/actions/<int:action_id>/update", methods=["GET", "POST"])
@login_required
@route_rule(CONTRIBUTOR)
def update(action_id: int):
    action = load_action(action_id, CONTRIBUTE)
    form = change_form(ProgressUpdateForm, action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        details = UpdateDetails(
            rag=form.rag.data,
            rag_reason=form.rag_reason.data,
            done=form.done.data,
            next_steps=form.next_steps.data or "",
            percent_complete=form.percent_complete.data,
        )
        outcome = attempt(lambda: post_update(current_user, action, details, _version(form)), form.done, form)
        if outcome.succeeded:
            flash("Progress update posted", "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template("actions/update.html", form=form, action=action, conflict=outcome.conflict)


def _evidence_details(form: EvidenceForm) -> EvidenceDetails:
    upload = form.file.data
    return EvidenceDetails(
        kind=form.kind.data,
        description=form.description.data,
        as_at=form.as_at.data,
        link_url=form.link_url.data or "",
        filename=(upload.filename or "") if upload else "",
        file=upload.stream if upload else None,  # spooled to disk by the web server: streamed, not read
    )


def _evidence_form(action, **defaults) -> EvidenceForm:
    form = change_form(EvidenceForm, action, **defaults)
    if request.method == "GET":
        form.as_at.data = date.today()  # most evidence is as at the day it is added
    return form


def _ask_for_the_file_again(form: EvidenceForm) -> None:
    """Browsers never re-fill a file input, so a form shown again with a problem says so plainly."""
    upload = form.file.data
    if request.method == "POST" and upload and upload.filename and not form.file.errors:
        form.file.errors.append(
            f"Choose {upload.filename} again: a chosen file cannot be kept when the form has a problem"
        )


def _evidence_error_field(form: EvidenceForm, details: EvidenceDetails):
    return form.file if details.filename or not details.link_url else form.link_url


@bp.route("/actions/<int:action_id>/evidence/new", methods=["GET", "POST"])
@login_required
@route_rule(CONTRIBUTOR)
def new_evidence(action_id: int):
    action = load_action(action_id, CONTRIBUTE)
    form = _evidence_form(action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        details = _evidence_details(form)
        store, limit = _store(), current_app.config["EVIDENCE_MAX_BYTES"]
        outcome = attempt(
            lambda: add_evidence(current_user, action, details, store, limit, _version(form)),
            _evidence_error_field(form, details),
            form,
        )
        if outcome.succeeded:
            flash("Evidence added: a manager will review it", "success")
            return redirect(url_for("actions.show", action_id=action.id) + "#evidence")
    _ask_for_the_file_again(form)
    return render_template("actions/evidence.html", form=form, action=action, conflict=outcome.conflict)


@bp.route("/evidence/<int:evidence_id>/replace", methods=["GET", "POST"])
@login_required
@route_rule(EVIDENCE_AUTHOR)
def replace_returned_evidence(evidence_id: int):
    returned = load_evidence(evidence_id, AUTHOR)
    action = returned.action
    form = _evidence_form(action, kind=returned.kind, description=returned.description)
    form.submit.label.text = "Replace the evidence"
    outcome = Attempt(False)
    if form.validate_on_submit():
        details = _evidence_details(form)
        store, limit = _store(), current_app.config["EVIDENCE_MAX_BYTES"]
        outcome = attempt(
            lambda: replace_evidence(current_user, returned, details, store, limit, _version(form)),
            _evidence_error_field(form, details),
            form,
        )
        if outcome.succeeded:
            flash("Evidence replaced: a manager will review the new one", "success")
            return redirect(url_for("actions.show", action_id=action.id) + "#evidence")
    _ask_for_the_file_again(form)
    return render_template(
        "actions/evidence.html", form=form, action=action, conflict=outcome.conflict, replacing=returned
    )


@bp.route("/evidence/<int:evidence_id>/withdraw", methods=["POST"])
@login_required
@route_rule(EVIDENCE_AUTHOR)
def withdraw_returned_evidence(evidence_id: int):
    evidence = load_evidence(evidence_id, AUTHOR)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            withdraw_evidence(current_user, evidence, _version(form))
        except WorkflowError as refusal:
            flash(str(refusal), "info")
        else:
            flash("Evidence withdrawn", "success")
    return redirect(url_for("actions.show", action_id=evidence.action_id) + "#evidence")


@bp.route("/actions/<int:action_id>/comments/new", methods=["GET", "POST"])
@login_required
@route_rule(CONTRIBUTOR)
def new_comment(action_id: int):
    action = load_action(action_id, CONTRIBUTE)
    form = CommentForm()
    if (
        form.validate_on_submit()
        and attempt(lambda: add_comment(current_user, action, form.body.data), form.body).succeeded
    ):
        flash("Comment added", "success")
        return redirect(url_for("actions.show", action_id=action.id) + "#discussion")
    return render_template("actions/comment.html", form=form, action=action)


@bp.route("/evidence/<int:evidence_id>/download")
@login_required
@route_rule(AREA_MEMBER)
def download_evidence(evidence_id: int):
    evidence = evidence_for_download(current_user, evidence_id)
    if evidence is None:
        abort(404)
    return evidence_download(evidence)


@bp.route("/evidence/<int:evidence_id>/review", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def review(evidence_id: int):
    evidence = load_evidence(evidence_id, MANAGE)
    form = change_form(ReviewEvidenceForm, evidence.action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        accept = form.decision.data == "accept"
        outcome = attempt(
            lambda: review_evidence(current_user, evidence, accept, form.comment.data or "", _version(form)),
            form.comment,
            form,
        )
        if outcome.succeeded:
            flash("Evidence accepted" if accept else "Evidence returned", "success")
            return redirect(url_for("actions.show", action_id=evidence.action_id) + "#evidence")
    return render_template(
        "actions/review.html", form=form, evidence=evidence, action=evidence.action, conflict=outcome.conflict
    )


@bp.route("/actions/<int:action_id>/complete", methods=["GET", "POST"])
@login_required
@route_rule(CONTRIBUTOR)
def complete(action_id: int):
    action = load_action(action_id, COMPLETE)
    form = change_form(ConfirmForm, action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        outcome = attempt(lambda: mark_complete(current_user, action, _version(form)), form.submit, form)
        if outcome.succeeded:
            flash(f"Action {action.reference} marked complete: a manager will sign it off", "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template("actions/complete.html", form=form, action=action, conflict=outcome.conflict)


@bp.route("/actions/<int:action_id>/sign-off", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def decide_sign_off(action_id: int):
    action = load_action(action_id, MANAGE)
    form = change_form(SignOffForm, action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        signing_off = form.decision.data == "sign_off"
        outcome = (
            attempt(lambda: sign_off(current_user, action, _version(form)), form.decision, form)
            if signing_off
            else attempt(
                lambda: return_action(current_user, action, form.reason.data or "", _version(form)), form.reason, form
            )
        )
        if outcome.succeeded:
            flash(
                f"Action {action.reference} "
                + ("signed off" if form.decision.data == "sign_off" else "returned to its lead"),
                "success",
            )
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template(
        "actions/sign_off.html",
        form=form,
        action=action,
        problem=sign_off_problem(action),
        conflict=outcome.conflict,
    )


@bp.route("/actions/<int:action_id>/milestones/new", methods=["GET", "POST"])
@login_required
@route_rule(CONTRIBUTOR)
def new_milestone(action_id: int):
    action = load_action(action_id, CONTRIBUTE)
    form = change_form(MilestoneForm, action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        outcome = attempt(
            lambda: add_milestone(current_user, action, form.title.data, form.due_date.data, _version(form)),
            form.title,
            form,
        )
        if outcome.succeeded:
            flash("Milestone added", "success")
            return redirect(url_for("actions.show", action_id=action.id) + "#milestones")
    return render_template("actions/milestone.html", form=form, action=action, conflict=outcome.conflict)


@bp.route("/actions/<int:action_id>/measures/new", methods=["GET", "POST"])
@login_required
@route_rule(CONTRIBUTOR)
def new_measure(action_id: int):
    action = load_action(action_id, CONTRIBUTE)
    form = change_form(MeasureForm, action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        measurement = Measurement(form.measured_on.data, form.value.data, form.source.data or "")
        outcome = attempt(
            lambda: record_measure(current_user, action, measurement, _version(form)), form.value, form
        )
        if outcome.succeeded:
            flash("Measured value recorded", "success")
            return redirect(url_for("actions.show", action_id=action.id) + "#measures")
    return render_template("actions/measure.html", form=form, action=action, conflict=outcome.conflict)


@bp.route("/measures/<int:measured_id>/correct", methods=["GET", "POST"])
@login_required
@route_rule(CONTRIBUTOR)
def correct_measured_value(measured_id: int):
    measured = load_measured_value(measured_id, CONTRIBUTE)
    action = measured.action
    form = change_form(CorrectMeasureForm, action)
    if request.method == "GET":
        form.value.data, form.source.data = measured.value, measured.source
    outcome = Attempt(False)
    if form.validate_on_submit():
        correction = Correction(form.value.data, form.source.data or "", form.reason.data or "")
        outcome = attempt(lambda: correct_measure(current_user, measured, correction, _version(form)), form.value, form)
        if outcome.succeeded:
            flash(f"Value for {long_date(measured.measured_on)} corrected", "success")
            return redirect(url_for("actions.show", action_id=action.id) + "#measures")
    return render_template(
        "actions/correct_measure.html", form=form, action=action, measured=measured, conflict=outcome.conflict
    )


@bp.route("/measures/<int:measured_id>/remove", methods=["GET", "POST"])
@login_required
@route_rule(CONTRIBUTOR)
def remove_measured_value(measured_id: int):
    measured = load_measured_value(measured_id, CONTRIBUTE)
    action = measured.action
    form = change_form(RemoveMeasureForm, action)
    outcome = Attempt(False)
    if form.validate_on_submit():
        outcome = attempt(
            lambda: remove_measure(current_user, measured, form.reason.data or "", _version(form)), form.reason, form
        )
        if outcome.succeeded:
            flash(f"Value for {long_date(measured.measured_on)} removed", "success")
            return redirect(url_for("actions.show", action_id=action.id) + "#measures")
    return render_template(
        "actions/remove_measure.html", form=form, action=action, measured=measured, conflict=outcome.conflict
    )


@bp.route("/milestones/<int:milestone_id>/done", methods=["POST"])
@login_required
@route_rule(CONTRIBUTOR)
def milestone_done(milestone_id: int):
    milestone = load_milestone(milestone_id, CONTRIBUTE)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            complete_milestone(current_user, milestone, date.today(), _version(form))
        except WorkflowError as refusal:
            # A conflict too: the button was pressed on a page that no longer shows the action as it is.
            flash(str(refusal), "info")
        else:
            flash("Milestone marked as met", "success")
    return redirect(url_for("actions.show", action_id=milestone.action_id) + "#milestones")


def _versions_posted(ids: list[int]) -> dict[int, int | None]:
    """The version of each action the page showed (hidden "version_<id>" fields); None if missing or garbled."""
    versions = {}
    for action_id in ids:
        text = request.form.get(f"version_{action_id}", "")
        versions[action_id] = int(text) if text.isdigit() else None
    return versions


@bp.route("/inspections/<int:inspection_id>/actions/change-several", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def change_several(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    open_actions = changeable_actions(inspection)
    members = area_members(inspection.local_area_id)
    form = BulkChangeForm()
    form.actions.choices = [
        SelectChoice(
            a.id,
            f"{a.reference} {a.title} (lead: {a.lead.name if a.lead else 'none yet'}; "
            f"due: {a.due_date.strftime('%-d %B %Y') if a.due_date else 'not set'})",
        )
        for a in open_actions
    ]
    people = [SelectChoice(str(member.id), member.name) for member in members]
    form.lead.choices = [LEAVE_AS_IT_IS, *people]
    form.partner.choices = [LEAVE_AS_IT_IS, *people]
    if form.validate_on_submit():
        change = BulkChange(
            lead_id=int(form.lead.data) if form.lead.data else None,
            partner_id=int(form.partner.data) if form.partner.data else None,
            due_date=form.due_date.data,
        )
        chosen = list(form.actions.data or [])
        outcome = attempt(lambda: change_many(current_user, inspection, _versions_posted(chosen), change), form.actions)
        if outcome.succeeded:
            flash(f"{outcome.result} action{'s' if outcome.result != 1 else ''} changed", "success")
            return redirect(url_for("actions.plan", inspection_id=inspection.id))
    return render_template(
        "actions/change_several.html",
        form=form,
        inspection=inspection,
        actions=open_actions,
        closed=every_plan_closed_message(inspection),
    )


@bp.route("/my-actions/board-update", methods=["GET", "POST"])
@login_required
@route_rule(SIGNED_IN)
def board_update():
    """A rating and one line for each action the person leads, posted together before a board meeting."""
    led = [a for a in my_actions(current_user) if a.lead_id == current_user.id and a.status in OPEN_STATUSES]
    form = board_update_form(led)
    if request.method == "GET":
        for action in led:
            form[f"version_{action.id}"].data = action.version
            form[f"rag_{action.id}"].data = action.rag
    if led and form.validate_on_submit():
        lines = [
            BoardLine(
                action,
                form[f"rag_{action.id}"].data or "",
                form[f"line_{action.id}"].data or "",
                _versions_posted([action.id])[action.id],
            )
            for action in led
        ]
        # A rating alone is not an update: the page shows each action's current rating already.
        lines = [line if line.line.strip() else BoardLine(line.action, "", "", line.version) for line in lines]
        outcome = attempt(lambda: post_board_update(current_user, lines), form[f"line_{led[0].id}"])
        if outcome.succeeded:
            flash(f"{outcome.result} progress update{'s' if outcome.result != 1 else ''} posted", "success")
            return redirect(url_for("actions.mine"))
    last = last_meeting_dates({action.inspection_id for action in led})
    meetings = sorted({(a.local_area.name, last[a.inspection_id]) for a in led if a.inspection_id in last})
    return render_template("actions/board_update.html", form=form, actions=led, last_meetings=meetings)


@bp.route("/my-actions")
@login_required
@route_rule(SIGNED_IN)
def mine():
    actions = my_actions(current_user)
    flags = {action.id: _flags(action) for action in actions}
    filters = MyActionsFilterForm(formdata=request.args)
    areas = sorted({(a.local_area_id, a.local_area.name) for a in actions}, key=lambda area: area[1].lower())
    filters.area.choices = [ANY] + [SelectChoice(str(area_id), name) for area_id, name in areas]
    shown = [a for a in actions if _matches(a, flags[a.id], filters.area.data or "", filters.show.data or "")]
    shown.sort(
        key=lambda a: (
            not flags[a.id].overdue,
            a.status in (ACTION_COMPLETE, ACTION_SIGNED_OFF),
            a.due_date or date.max,
            a.reference,
        )
    )
    page = paginate(shown, page_number(request.args.get("page")))
    return render_template(
        "actions/mine.html",
        page=page,
        pagination=pagination_for(page, label="My actions pages"),
        flags=flags,
        filters=filters,
        filtered=bool(filters.area.data or filters.show.data),
        total=len(actions),
    )


def _matches(action, flags, area: str, show: str) -> bool:
    if area and str(action.local_area_id) != area:
        return False
    return {
        "": True,
        "open": action.status in (ACTION_NOT_STARTED, ACTION_IN_PROGRESS),
        "overdue": flags.overdue,
        "stale": flags.stale,
        "due_soon": flags.due_soon,
        "awaiting_sign_off": action.status == ACTION_COMPLETE,
    }.get(show, False)


@bp.route("/areas/<int:area_id>/settings", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def area_settings(area_id: int):
    area = load_area(area_id, MANAGE)
    form = AreaSettingsForm(obj=area)
    if form.validate_on_submit():
        settings = AreaSettings(
            stale_after_days=form.stale_after_days.data,
            due_soon_days=form.due_soon_days.data,
            require_impact_evidence=form.require_impact_evidence.data,
            key_date_reminder_days=form.key_date_reminder_days.parsed,
            allow_self_review=form.allow_self_review.data,
        )
        if attempt(lambda: change_area_settings(current_user, area, settings), form.stale_after_days).succeeded:
            flash("Settings saved", "success")
            return redirect(url_for("actions.area_settings", area_id=area.id))
    return render_template("actions/area_settings.html", form=form, area=area)
