"""The written statement's page (versions, what changed, submission), its settings, and the evidence packs."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ..actions.services import WorkflowError, finding_numbers
from ..attempts import attempt
from ..documents.evidence_pack import pack_index_pdf, zip_stream
from ..documents.signatories import SignatoriesError, Signatory, parse_signatories, signatories_for
from ..inspections.cycle import plan_title, submitted_to
from ..inspections.grouping import finding_label, judged_at_revisit
from ..loaders import load_area, load_inspection, load_statement_version
from ..permissions import AREA_MANAGER, AREA_MEMBER, MANAGE, can_manage_area, route_rule
from ..storage import storage_for
from .forms import (
    WHOLE_PLAN,
    EvidencePackForm,
    GenerateStatementForm,
    GovernanceForm,
    MarkSubmittedForm,
    OutcomesForm,
)
from .packs import NoSuchFinding, evidence_pack, pack_choices
from .services import (
    DOCUMENT_TYPES,
    Governance,
    OutcomeConflict,
    OutcomeEdit,
    document_title,
    fingerprint,
    generate_statement,
    mark_statement_submitted,
    set_governance,
    set_intended_outcomes,
    statement_document,
    statement_history,
    tracked_findings,
)

bp = Blueprint("statements", __name__)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _signatories(area_name: str) -> tuple[tuple[Signatory, ...], str | None]:
    """From the STATEMENT_SIGNATORIES setting (docs/deploy.md), or why it cannot be read (`wsoa check` says so too)."""
    try:
        return signatories_for(parse_signatories(current_app.config["STATEMENT_SIGNATORIES"]), area_name), None
    except SignatoriesError as error:
        return (), f"The site's STATEMENT_SIGNATORIES setting cannot be read: {error}. Ask the site's administrator."


def _statement_page(inspection, form: GenerateStatementForm, status: int = 200):
    signatories, problem = _signatories(inspection.local_area.name)
    judged = [f for f in tracked_findings(inspection) if judged_at_revisit(f.kind)]
    history = statement_history(inspection, signatories)
    return render_template(
        "statements/show.html",
        inspection=inspection,
        document_title=document_title(inspection),
        judged_name="priority action" if inspection.framework == "2023" else "significant weakness",
        missing_outcomes=sum(1 for finding in judged if not finding.intended_outcome),
        history=history,
        plan_titles={v.plan_number: plan_title(inspection.framework, v.plan_number) for v in history.versions},
        signatories=signatories,
        signatories_problem=problem,
        may_manage=can_manage_area(current_user, inspection.local_area_id),
        form=form,
    ), status


@bp.route("/inspections/<int:inspection_id>/statement")
@login_required
@route_rule(AREA_MEMBER)
def show(inspection_id: int):
    return _statement_page(load_inspection(inspection_id), GenerateStatementForm())


@bp.route("/inspections/<int:inspection_id>/statement/versions", methods=["POST"])
@login_required
@route_rule(AREA_MANAGER)
def generate(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    form = GenerateStatementForm()
    signatories, problem = _signatories(inspection.local_area.name)
    if form.validate_on_submit():
        if problem:
            form.submit.errors = [problem]
            return _statement_page(inspection, form, 400)
        try:
            version = generate_statement(current_user, inspection, signatories)
        except WorkflowError as error:
            form.submit.errors = [str(error)]
            return _statement_page(inspection, form, 409)
        flash(f"Version {version.number} generated", "success")
    return redirect(url_for("statements.show", inspection_id=inspection.id))


@bp.route("/inspections/<int:inspection_id>/statement/versions/<int:number>.<any(pdf, docx):kind>")
@login_required
@route_rule(AREA_MEMBER)
def download(inspection_id: int, number: int, kind: str):
    version = load_statement_version(inspection_id, number)
    data = statement_document(current_user, version, kind)
    filename = f"statement-{_slug(version.local_area.name)}-version-{version.number}.{kind}"
    return Response(data, mimetype=DOCUMENT_TYPES[kind],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/inspections/<int:inspection_id>/statement/versions/<int:number>/submitted", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def mark_submitted(inspection_id: int, number: int):
    version = load_statement_version(inspection_id, number, MANAGE)
    form = MarkSubmittedForm()
    marking = lambda: mark_statement_submitted(current_user, version, form.submitted_on.data)  # noqa: E731
    if form.validate_on_submit() and attempt(marking, form.submitted_on).succeeded:
        flash(f"Version {version.number} recorded as submitted", "success")
        return redirect(url_for("statements.show", inspection_id=inspection_id))
    return render_template(
        "statements/submitted.html",
        form=form,
        version=version,
        plan=plan_title(load_inspection(inspection_id, MANAGE).framework, version.plan_number),
        recipients=submitted_to(version.plan_number),
    )


@bp.route("/inspections/<int:inspection_id>/statement/outcomes", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def outcomes(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    findings = tracked_findings(inspection)
    numbers = finding_numbers(inspection)
    labels = {f.id: finding_label(f.kind, numbers[f.id]) for f in findings}
    form = OutcomesForm()
    if request.method == "GET":
        for finding in findings:
            form.findings.append_entry(
                {"finding_id": finding.id, "shown": fingerprint(finding.intended_outcome),
                 "outcome": finding.intended_outcome}
            )
    if form.validate_on_submit():
        try:
            edits = [OutcomeEdit(int(e.finding_id.data), e.outcome.data or "", e.shown.data or "")
                     for e in form.findings]
        except (TypeError, ValueError):
            abort(400)
        try:
            changed = set_intended_outcomes(current_user, inspection, edits, labels)
        except OutcomeConflict as conflict:
            # Saving again is then deliberate: based on what the editor has now been shown.
            current = {f.id: f.intended_outcome for f in findings}
            for entry in form.findings:
                finding_id = _int(entry.finding_id.data)
                entry.shown.data = fingerprint(current.get(finding_id, ""))
                if finding_id in conflict.finding_ids:
                    entry.outcome.errors.append(str(conflict))
        except WorkflowError:
            abort(400)  # only a hand-made post names findings the page did not offer
        else:
            flash(f"{changed} intended outcome{'s' if changed != 1 else ''} saved" if changed
                  else "No intended outcome changed", "success")
            return redirect(url_for("statements.show", inspection_id=inspection.id))
    return render_template(
        "statements/outcomes.html", form=form, inspection=inspection, labels=labels,
        findings={f.id: f for f in findings}, entry_id=_int,
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@bp.route("/areas/<int:area_id>/statement/governance", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def governance(area_id: int):
    area = load_area(area_id, MANAGE)
    form = GovernanceForm(data={"board": area.statement_board, "governance": area.statement_governance,
                                "coproduction": area.statement_coproduction})
    if form.validate_on_submit():
        governance = Governance(form.board.data or "", form.governance.data or "", form.coproduction.data or "")
        if attempt(lambda: set_governance(current_user, area, governance), form.board).succeeded:
            flash("Governance saved: the next version of the statement includes it", "success")
            return redirect(url_for("statements.governance", area_id=area.id))
    return render_template("statements/governance.html", form=form, area=area)


@bp.route("/inspections/<int:inspection_id>/evidence-pack")
@login_required
@route_rule(AREA_MANAGER)
def evidence_packs(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    form = EvidencePackForm(formdata=None, scope=WHOLE_PLAN)
    form.scope.choices = [SelectChoice(WHOLE_PLAN, "The whole plan")] + [
        SelectChoice(str(finding_id), label) for finding_id, label in pack_choices(inspection)
    ]
    return render_template("statements/evidence_pack.html", form=form, inspection=inspection)


@bp.route("/inspections/<int:inspection_id>/evidence-pack.zip")
@login_required
@route_rule(AREA_MANAGER)
def evidence_pack_download(inspection_id: int):
    inspection = load_inspection(inspection_id, MANAGE)
    scope = request.args.get("scope", WHOLE_PLAN)
    finding_id = None if scope == WHOLE_PLAN else _int(scope)
    if scope != WHOLE_PLAN and finding_id is None:
        abort(404)
    try:
        pack = evidence_pack(current_user, inspection, storage_for(current_app), finding_id,
                             include_unaccepted=request.args.get("include_unaccepted") == "y")
    except NoSuchFinding:
        abort(404)
    body = zip_stream(pack.files, [("index.pdf", lambda: pack_index_pdf(pack.facts))], pack.made_at)
    return Response(body, mimetype="application/zip", direct_passthrough=True,
                    headers={"Content-Disposition": f'attachment; filename="{pack.file_name}"'})
