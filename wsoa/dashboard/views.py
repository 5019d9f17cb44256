"""Dashboard pages. Thin: read the query string, call services, render.

Every member of an area may see its dashboards (viewers include parent carer forum representatives and
DfE or NHS England advisers, who read the same plan); see docs/dashboards.md.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from ..inspections.cycle import visit_name
from ..inspections.cycle_services import latest_judgement_lines
from ..loaders import load_inspection_summary
from ..paging import page_number, paginate, pagination_for
from ..permissions import AREA_MEMBER, SIGNED_IN, can_manage_area, route_rule
from ..vocabulary import flags_of
from .forms import ActionFilterForm, ChangesSinceForm, OverviewForm, OwnerForm, ReadinessForm
from .listing import NO_LEAD_FILTER, ActionCriteria
from .queue import QUEUE_TITLES
from .rollups import CONCERN_TITLES, DEFAULT_EVIDENCE_MONTHS
from .services import (
    action_list,
    area_dashboard,
    manager_queues,
    overview_rows,
    owner_report,
    readiness_report,
)

bp = Blueprint("dashboard", __name__)

CHANGES_PER_PAGE = 20
DEFAULT_SINCE_DAYS = 28


@bp.route("/work")
@login_required
@route_rule(SIGNED_IN)
def work_queue():
    """A manager's start: what waits for them in each area they manage, and what needs chasing."""
    return render_template("dashboard/work.html", areas=manager_queues(current_user, date.today()), titles=QUEUE_TITLES)


@bp.route("/dashboard")
@login_required
@route_rule(SIGNED_IN)
def overview():
    form = OverviewForm(formdata=request.args)
    rows = overview_rows(current_user, date.today(), form.q.data or "", form.sort.data or "name")
    page = paginate(rows, page_number(request.args.get("page")))
    return render_template(
        "dashboard/overview.html", filters=form, page=page, pagination=pagination_for(page, label="Areas pages")
    )


@bp.route("/inspections/<int:inspection_id>/dashboard")
@login_required
@route_rule(AREA_MEMBER)
def area(inspection_id: int):
    summary = load_inspection_summary(inspection_id)
    today = date.today()
    form = ChangesSinceForm(formdata=request.args)
    since = today - timedelta(days=DEFAULT_SINCE_DAYS)
    if "since" in request.args and form.validate():
        since = form.since.data or since
    if form.since.data is None and not form.since.errors:
        form.since.data, form.since.raw_data = since, None
    dashboard = area_dashboard(summary, today, since)
    page = paginate(dashboard.change_list, page_number(request.args.get("page")), CHANGES_PER_PAGE)
    return render_template(
        "dashboard/area.html",
        form=form,
        inspection=summary,
        dashboard=dashboard,
        rag_svg=Markup(dashboard.rag_svg),  # noqa: S704 - built by charts.py, every text escaped there
        progress_svg=Markup(dashboard.progress_svg),  # noqa: S704
        page=page,
        pagination=pagination_for(page, label="Changes pages", fragment="#changes"),
        may_manage=can_manage_area(current_user, summary.local_area_id),
        today=today,
        judgements=latest_judgement_lines(summary.id, summary.framework),
        visit=visit_name(summary.framework),
    )


@bp.route("/inspections/<int:inspection_id>/dashboard/actions")
@login_required
@route_rule(AREA_MEMBER)
def actions(inspection_id: int):
    summary = load_inspection_summary(inspection_id)
    today = date.today()
    form = ActionFilterForm(formdata=request.args)
    try:
        weakness_id = int(form.weakness.data) if form.weakness.data else None
    except ValueError:
        weakness_id = None
    criteria = ActionCriteria(
        weakness_id=weakness_id,
        lead=form.lead.data or "",
        status=form.status.data or "",
        rag=form.rag.data or "",
        flag=form.flag.data or "",
        query=(form.q.data or "")[:200],
        sort=form.sort.data or "reference",
    )
    plan, chosen = action_list(summary, criteria, today)
    form.weakness.choices = [SelectChoice("", "Any")] + [
        SelectChoice(str(w.id), f"{w.label}: {w.text[:80]}{'…' if len(w.text) > 80 else ''}") for w in plan.weaknesses
    ]
    leads = sorted({(a.lead_id, a.lead_name) for a in plan.actions if a.lead_id}, key=lambda lead: lead[1].lower())
    form.lead.choices = [SelectChoice("", "Any"), SelectChoice(NO_LEAD_FILTER, "No lead yet")] + [
        SelectChoice(str(lead_id), name) for lead_id, name in leads
    ]
    page = paginate(chosen, page_number(request.args.get("page")))
    tracked = {w.id: w for w in plan.weaknesses}
    answers = {
        a.id: [
            finding.label
            for finding in sorted((tracked[f] for f in a.finding_ids if f in tracked), key=lambda f: f.number)
        ]
        for a in page.items
    }
    chosen_finding = tracked.get(criteria.weakness_id) if criteria.weakness_id else None
    return render_template(
        "dashboard/actions.html",
        filters=form,
        inspection=summary,
        page=page,
        pagination=pagination_for(page, label="Actions pages"),
        flags={a.id: flags_of(a, summary.thresholds, today) for a in page.items},
        answers=answers,
        chosen_finding=chosen_finding,
        filtered=any(request.args.get(key) for key in ("q", "weakness", "lead", "status", "rag", "flag")),
        total=len(plan.actions),
    )


@bp.route("/inspections/<int:inspection_id>/readiness")
@login_required
@route_rule(AREA_MEMBER)
def readiness(inspection_id: int):
    summary = load_inspection_summary(inspection_id)
    form = ReadinessForm(formdata=request.args)
    months = DEFAULT_EVIDENCE_MONTHS
    if form.validate() and form.months.data:
        months = form.months.data
    if "months" not in request.args:
        form.months.data = months
    report = readiness_report(summary, date.today(), months, form.problem.data or "", form.sort.data or "kind")
    page = paginate(report.concerns, page_number(request.args.get("page")))
    return render_template(
        "dashboard/readiness.html",
        form=form,
        inspection=summary,
        counts=report.counts,
        development=report.development,
        judged_findings=[w for w in report.plan.weaknesses if w.judged],
        titles=CONCERN_TITLES,
        months=months,
        page=page,
        pagination=pagination_for(page, label="Problems pages"),
        problem=form.problem.data or "",
    )


@bp.route("/inspections/<int:inspection_id>/owners")
@login_required
@route_rule(AREA_MEMBER)
def owners(inspection_id: int):
    summary = load_inspection_summary(inspection_id)
    form = OwnerForm(formdata=request.args)
    plan, leads, organisations = owner_report(summary, date.today(), form.sort.data or "name")
    lead_page = paginate(leads, page_number(request.args.get("lead_page")))
    organisation_page = paginate(organisations, page_number(request.args.get("organisation_page")))
    return render_template(
        "dashboard/owners.html",
        filters=form,
        inspection=summary,
        lead_page=lead_page,
        organisation_page=organisation_page,
        lead_pagination=pagination_for(lead_page, "lead_page", "Lead officers pages", "#leads"),
        organisation_pagination=pagination_for(
            organisation_page, "organisation_page", "Partner organisations pages", "#organisations"
        ),
    )
