from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..actions.services import finding_numbers, findings_without_actions, has_actions, plan_actions
from ..attempts import attempt
from ..formatting import highlighted_segments
from ..letters import FRAMEWORK_2023, LetterError
from ..loaders import load_area, load_inspection
from ..permissions import (
    AREA_MANAGER,
    AREA_MEMBER,
    IMPORTER,
    MANAGE,
    SIGNED_IN,
    PermissionDenied,
    can_manage_area,
    route_rule,
)
from .cycle import (
    FIRST_PLAN,
    CycleError,
    follow_on_plan_name,
    plan_name,
    plan_title,
    statement_name,
    visit_name,
)
from .cycle_services import (
    PlanConflict,
    area_timeline,
    carry_over_choices,
    close_plan,
    close_refusal,
    current_plan,
    cycle_of,
    insufficient_findings,
    judgement_lines,
    latest_judgement_lines,
    latest_submission,
    open_follow_on_plan,
    open_refusal,
    plan_rounds,
    plan_version,
    record_decision,
    record_judgements,
    record_meeting,
    record_revisit,
    record_submission,
    visit_of,
)
from .forms import (
    NOT_RECORDED,
    ClosePlanForm,
    ConfirmImportForm,
    DecisionForm,
    FollowOnPlanForm,
    KeyDatesForm,
    MeetingForm,
    RevisitForm,
    SubmissionForm,
    UploadLetterForm,
    judgements_form,
)
from .grouping import finding_label, group_findings
from .key_dates import key_dates
from .services import (
    KEY_DATE_FIELDS,
    ImportRefused,
    confirm_import,
    find_imported,
    inspections_for,
    may_import_letters,
    open_reading,
    seal_reading,
    set_key_dates,
)

bp = Blueprint("inspections", __name__)


@bp.route("/")
@login_required
@route_rule(SIGNED_IN)
def index():
    return render_template(
        "inspections/index.html",
        inspections=inspections_for(current_user),
        may_import=may_import_letters(current_user),
    )


@bp.route("/inspections/<int:inspection_id>")
@login_required
@route_rule(AREA_MEMBER)
def show(inspection_id: int):
    inspection = load_inspection(inspection_id)
    return render_template(
        "inspections/show.html",
        inspection=inspection,
        groups=group_findings(inspection.findings),
        key_dates=key_dates(inspection, cycle_of(inspection.id)),
        may_manage=can_manage_area(current_user, inspection.local_area_id),
        unanswered=findings_without_actions(inspection),
        plan_started=has_actions(inspection),
        judgements=latest_judgement_lines(inspection.id, inspection.framework),
        names=_names(inspection, FIRST_PLAN),
    )


@bp.route("/inspections/<int:inspection_id>/key-dates", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def edit_key_dates(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    form = KeyDatesForm(obj=inspection)
    if form.validate_on_submit():
        set_key_dates(current_user, inspection, {name: form[name].data for name in KEY_DATE_FIELDS})
        flash("Key dates saved", "success")
        return redirect(url_for("inspections.show", inspection_id=inspection.id))
    return render_template(
        "inspections/key_dates.html",
        form=form,
        inspection=inspection,
        key_dates=key_dates(inspection, cycle_of(inspection.id)),
    )


def _require_importer() -> None:
    if not may_import_letters(current_user):
        raise PermissionDenied("Only managers can import inspection letters.")


@bp.route("/inspections/import", methods=["GET", "POST"])
@login_required
@route_rule(IMPORTER)
def upload():
    from ..letters import read_document  # here: a process that never reads one (the digest run) skips its PDF libraries

    _require_importer()
    form = UploadLetterForm()
    if form.validate_on_submit():
        upload_file = form.letter.data
        data = upload_file.read()
        try:
            if len(data) > current_app.config["LETTER_MAX_BYTES"]:
                raise LetterError(
                    f"The file must be smaller than {current_app.config['LETTER_MAX_BYTES'] // 1048576}MB"
                )
            letter = read_document(data)
        except LetterError as error:
            form.letter.errors.append(str(error))
        else:
            already = find_imported(letter)
            if already is not None:
                form.letter.errors.append(_already_imported_message(already))
            else:
                return _render_preview(
                    ConfirmImportForm(
                        reading=seal_reading(letter, upload_file.filename, current_app.secret_key),
                        local_area=letter.local_area,
                        letter_date=letter.letter_date,
                        inspection_start=letter.inspection_start,
                        inspection_end=letter.inspection_end,
                        formdata=None,
                    ),
                    letter,
                )
    return render_template("inspections/upload.html", form=form)


def _already_imported_message(inspection) -> str:
    return (
        f"This letter has already been imported for {inspection.local_area.name}. "
        "Nothing was changed."
    )


def _render_preview(form: ConfirmImportForm, letter):
    return render_template(
        "inspections/preview.html",
        form=form,
        letter=letter,
        groups=group_findings(letter.findings),
        segments=highlighted_segments(letter.source_text, [(f.start, f.end) for f in letter.findings]),
    )


@bp.route("/inspections/import/confirm", methods=["POST"])
@login_required
@route_rule(IMPORTER)
def confirm():
    _require_importer()
    form = ConfirmImportForm()
    try:
        letter, filename = open_reading(form.reading.data or "", current_app.secret_key)
    except ImportRefused as refusal:
        upload_form = UploadLetterForm(formdata=None)
        upload_form.letter.errors = [str(refusal)]
        return render_template("inspections/upload.html", form=upload_form), 400
    if form.validate():
        corrections = {
            "local_area": form.local_area.data.strip(),
            "letter_date": form.letter_date.data,
            "inspection_start": form.inspection_start.data,
            "inspection_end": form.inspection_end.data,
        }
        try:
            result = confirm_import(current_user, letter, filename, corrections)
        except ImportRefused as refusal:
            form.local_area.errors.append(str(refusal))
        else:
            inspection = result.inspection
            if not result.created:
                flash(_already_imported_message(inspection), "info")
                return redirect(url_for("inspections.show", inspection_id=inspection.id))
            document = "report" if inspection.framework == FRAMEWORK_2023 else "letter"
            flash(f"Imported the {inspection.local_area.name} inspection {document}", "success")
            if can_manage_area(current_user, inspection.local_area_id):
                # The next job is the plan: choose the findings to track.
                return redirect(url_for("actions.seed", inspection_id=inspection.id))
            return redirect(url_for("inspections.show", inspection_id=inspection.id))
    return _render_preview(form, letter)


# -- The inspection cycle after the plan (issue 12) ------------------------------------------------------------


def _names(inspection, plan_number: int | None = None) -> dict[str, str]:
    """What this framework calls the statement, and, for the current plan (or the one given), the plan, its visit
    and the plan after it."""
    if plan_number is None:
        plan_number = current_plan(inspection)[1].number
    return {
        "statement": statement_name(inspection.framework),
        "plan": plan_title(inspection.framework, plan_number),
        "plan_name": plan_name(inspection.framework, plan_number),
        "visit": visit_name(inspection.framework, plan_number),
        "follow_on": follow_on_plan_name(inspection.framework, plan_number + 1),
    }


def _cycle_form_page(template: str, form, inspection, **context):
    return render_template(template, form=form, inspection=inspection, names=_names(inspection), **context)


def _back_to_cycle(inspection, message: str):
    flash(message, "success")
    return redirect(url_for("inspections.cycle", inspection_id=inspection.id))


@bp.route("/inspections/<int:inspection_id>/cycle")
@login_required
@route_rule(AREA_MEMBER)
def cycle(inspection_id: int):
    inspection = load_inspection(inspection_id)
    submission = latest_submission(inspection)
    facts = cycle_of(inspection.id)
    rounds = plan_rounds(inspection)
    return render_template(
        "inspections/cycle.html",
        inspection=inspection,
        names=_names(inspection, rounds[-1].facts.number),
        key_dates=key_dates(inspection, facts),
        accepted=facts.accepted_on is not None,
        rounds=rounds,
        awaiting_decision=submission is not None and submission.decision is None,
        may_manage=can_manage_area(current_user, inspection.local_area_id),
        may_close=close_refusal(inspection) is None,
    )


@bp.route("/inspections/<int:inspection_id>/submission", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def record_submission_page(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    form = SubmissionForm()
    if form.validate_on_submit() and attempt(
        lambda: record_submission(current_user, inspection, form.submitted_on.data, form.note.data or "", date.today()),
        form.submitted_on,
    ).succeeded:
        return _back_to_cycle(inspection, f"Submission of the {statement_name(inspection.framework)} recorded")
    return _cycle_form_page("inspections/submission.html", form, inspection)


@bp.route("/inspections/<int:inspection_id>/decision", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def record_decision_page(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    form = DecisionForm()
    if form.validate_on_submit() and attempt(
        lambda: record_decision(
            current_user,
            inspection,
            form.decision.data,
            form.decided_on.data,
            form.resubmit_by.data,
            form.note.data or "",
            date.today(),
        ),
        form.decided_on,
    ).succeeded:
        return _back_to_cycle(inspection, "Decision recorded")
    return _cycle_form_page("inspections/decision.html", form, inspection, submission=latest_submission(inspection))


@bp.route("/inspections/<int:inspection_id>/revisit", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def record_revisit_page(inspection_id: int):
    """The current plan's visit: the revisit, or once a follow-on plan is open, the follow-on plan's own."""
    inspection = load_inspection(inspection_id, MANAGE)
    form = RevisitForm(obj=visit_of(inspection, current_plan(inspection)[1].number))
    if form.validate_on_submit() and attempt(
        lambda: record_revisit(
            current_user,
            inspection,
            form.notice_on.data,
            form.starts_on.data,
            form.ends_on.data,
            form.letter_published_on.data,
            date.today(),
        ),
        form.starts_on,
    ).succeeded:
        return _back_to_cycle(inspection, f"The {_names(inspection)['visit']} is recorded")
    return _cycle_form_page("inspections/revisit.html", form, inspection)


@bp.route("/inspections/<int:inspection_id>/judgements", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def record_judgements_page(inspection_id: int):
    """The judgements of the current plan's visit."""
    inspection = load_inspection(inspection_id, MANAGE)
    lines = judgement_lines(inspection, current_plan(inspection)[1].number)
    form = judgements_form(lines)
    if form.validate_on_submit():
        chosen = {
            line.finding_id: (form[f"progress_{line.finding_id}"].data, form[f"words_{line.finding_id}"].data or "")
            for line in lines
            if form[f"progress_{line.finding_id}"].data not in (None, NOT_RECORDED)
        }
        if attempt(lambda: record_judgements(current_user, inspection, chosen), form.submit).succeeded:
            return _back_to_cycle(inspection, "Judgements saved")
    return _cycle_form_page("inspections/judgements.html", form, inspection, lines=lines)


@bp.route("/inspections/<int:inspection_id>/meetings/new", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def new_meeting(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    form = MeetingForm()
    if form.validate_on_submit() and attempt(
        lambda: record_meeting(current_user, inspection, form.kind.data, form.held_on.data, form.note.data or ""),
        form.kind,
    ).succeeded:
        return _back_to_cycle(inspection, "Meeting recorded")
    return _cycle_form_page("inspections/meeting.html", form, inspection)


@bp.route("/inspections/<int:inspection_id>/follow-on-plan")
@login_required
@route_rule(AREA_MEMBER)
def follow_on_plan(inspection_id: int):
    """Every follow-on plan of the inspection, the newest first, each with what brought it and its actions."""
    inspection = load_inspection(inspection_id)
    rounds = plan_rounds(inspection)
    numbers = finding_numbers(inspection)
    actions = {r.plan.id: plan_actions(inspection, r.plan.id) for r in rounds[1:]}
    return render_template(
        "inspections/follow_on_plan.html",
        inspection=inspection,
        names=_names(inspection, rounds[-1].facts.number),
        first=rounds[0],
        plans=list(reversed(rounds[1:])),
        actions=actions,
        answers_by_action={
            a.id: [finding_label(f.kind, numbers[f.id]) for f in a.findings if f.id in numbers]
            for in_plan in actions.values()
            for a in in_plan
        },
        may_manage=can_manage_area(current_user, inspection.local_area_id),
        may_close=close_refusal(inspection) is None,
    )


def _shown_versions(form: FollowOnPlanForm) -> dict[int, int]:
    """"12:3,14:1" -> {12: 3, 14: 1}: the version of each action the page showed."""
    versions = {}
    for pair in (form.shown_versions.data or "").split(","):
        action_id, _, version = pair.partition(":")
        if action_id.isdigit() and version.isdigit():
            versions[int(action_id)] = int(version)
    return versions


@bp.route("/inspections/<int:inspection_id>/follow-on-plan/open", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def open_follow_on_plan_page(inspection_id: int):
    """Open the plan after the current one, answering what the current plan's visit judged insufficient."""
    inspection = load_inspection(inspection_id, MANAGE)
    plan, facts = current_plan(inspection)
    insufficient = {f.id for f in insufficient_findings(inspection, facts.number)}
    choices = carry_over_choices(inspection, plan)
    form = FollowOnPlanForm()
    form.carry_over.choices = [(action.id, f"{action.reference} {action.title}") for action in choices]
    if not form.is_submitted():
        # Carried over by default: the open actions answering a weakness judged insufficient.
        form.carry_over.data = [a.id for a in choices if any(f.id in insufficient for f in a.findings)]
    if form.validate_on_submit():
        try:
            opened = open_follow_on_plan(
                current_user, inspection, form.carry_over.data or [], date.today(), _shown_versions(form)
            )
        except CycleError as error:
            form.carry_over.errors.append(str(error))
            if isinstance(error, PlanConflict):
                # The choices are read again below: opening again is then based on what the page now shows.
                choices = carry_over_choices(inspection, plan)
                form.carry_over.choices = [(a.id, f"{a.reference} {a.title}") for a in choices]
        else:
            flash(f"{follow_on_plan_name(inspection.framework, opened.number)} opened", "success")
            return redirect(url_for("inspections.follow_on_plan", inspection_id=inspection.id))
    form.shown_versions.data = ",".join(f"{a.id}:{a.version}" for a in choices)
    lines = judgement_lines(inspection, facts.number)
    return _cycle_form_page(
        "inspections/open_follow_on_plan.html",
        form,
        inspection,
        insufficient=[line for line in lines if line.finding_id in insufficient],
        first_plan=facts.number == FIRST_PLAN,
        refusal=open_refusal(inspection),
    )


@bp.route("/inspections/<int:inspection_id>/plan/close", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def close_plan_page(inspection_id: int):
    """Close the current plan (the first plan, or the newest follow-on plan) as complete, once its visit judged
    every weakness it answers sufficient."""
    inspection = load_inspection(inspection_id, MANAGE)
    plan, facts = current_plan(inspection)
    form = ClosePlanForm()
    if request.method == "GET":
        form.version.data = plan_version(inspection, plan)
    if form.validate_on_submit():
        try:
            closed = close_plan(current_user, inspection, _posted_int(form.version.data), date.today())
        except CycleError as error:
            form.submit.errors = [str(error)]
            if isinstance(error, PlanConflict):
                plan, facts = current_plan(inspection)
                form.version.data = plan_version(inspection, plan)
        else:
            flash(f"{plan_title(inspection.framework, closed.number)} closed as complete", "success")
            where = "inspections.cycle" if closed.number == FIRST_PLAN else "inspections.follow_on_plan"
            return redirect(url_for(where, inspection_id=inspection.id))
    return _cycle_form_page(
        "inspections/close_plan.html",
        form,
        inspection,
        lines=judgement_lines(inspection, facts.number),
        refusal=close_refusal(inspection),
    )


def _posted_int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


@bp.route("/areas/<int:area_id>/timeline")
@login_required
@route_rule(AREA_MEMBER)
def timeline(area_id: int):
    area = load_area(area_id)
    return render_template("inspections/timeline.html", area=area, entries=area_timeline(area))
