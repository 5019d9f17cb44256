from datetime import date

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..attempts import attempt
from ..downloads import evidence_download
from ..loaders import load_area
from ..permissions import AREA_MANAGER, MANAGE, PUBLIC, route_rule
from .forms import PublishForm, UnpublishForm, choices_form, chosen, summary_field
from .page import choice_groups, group_summary, iso_long_date
from .services import (
    PreviewOutOfDate,
    PublishingError,
    choices_for,
    current_inspection,
    page_facts,
    page_of,
    preview,
    publish,
    published_evidence_file,
    published_page,
    save_choices,
    unpublish,
)

bp = Blueprint("public", __name__)
bp.add_app_template_filter(iso_long_date, "iso_long_date")

# Long enough to spare the server when a page is shared widely; short enough that taking a page down (or
# correcting it) reaches readers within a minute.
PUBLIC_PAGE_MAX_AGE_SECONDS = 60


@bp.route("/areas/<int:area_id>/public-page", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def manage(area_id: int):
    area = load_area(area_id, MANAGE)
    page = page_of(area)
    inspection = current_inspection(area)
    if inspection is None:
        return render_template("public/manage.html", area=area, page=page, facts=None, form=None, inspection_id=None)
    facts = page_facts(inspection)
    form = choices_form(facts, choices_for(area, facts))
    saving = lambda: save_choices(current_user, area, chosen(form, facts))  # noqa: E731 - read only when valid
    if form.validate_on_submit() and attempt(saving, form.findings).succeeded:
        return redirect(url_for("public.preview_page", area_id=area.id))
    return render_template(
        "public/manage.html",
        area=area,
        page=page,
        facts=facts,
        form=form,
        groups=choice_groups(facts, page.snapshot if page else None),
        summary_field=summary_field,
        inspection_id=inspection.id,
    )


@bp.route("/areas/<int:area_id>/public-page/preview")
@login_required
@route_rule(AREA_MANAGER)
def preview_page(area_id: int):
    area = load_area(area_id, MANAGE)
    proposed = preview(current_user, area, date.today())
    if proposed is None:
        flash("Choose what to publish first.")
        return redirect(url_for("public.manage", area_id=area.id))
    return render_template(
        "public/preview.html",
        area=area,
        preview=proposed,
        form=PublishForm(previewed=proposed.fingerprint),
        group_summary=group_summary,
    )


@bp.route("/areas/<int:area_id>/public-page/publish", methods=["POST"])
@login_required
@route_rule(AREA_MANAGER)
def publish_page(area_id: int):
    area = load_area(area_id, MANAGE)
    form = PublishForm()
    if not form.validate_on_submit():
        return redirect(url_for("public.preview_page", area_id=area.id))
    try:
        page = publish(current_user, area, form.previewed.data or "", date.today())
    except PreviewOutOfDate as error:
        flash(str(error))
        return redirect(url_for("public.preview_page", area_id=area.id))
    except PublishingError as error:
        flash(str(error))
        return redirect(url_for("public.manage", area_id=area.id))
    flash(f"The progress page is published at {url_for('public.page', slug=page.slug, _external=True)}", "success")
    return redirect(url_for("public.manage", area_id=area.id))


@bp.route("/areas/<int:area_id>/public-page/unpublish", methods=["GET", "POST"])
@login_required
@route_rule(AREA_MANAGER)
def unpublish_page(area_id: int):
    area = load_area(area_id, MANAGE)
    page = page_of(area)
    if page is None or page.snapshot is None:
        flash("The progress page is not published.")
        return redirect(url_for("public.manage", area_id=area.id))
    form = UnpublishForm()
    if form.validate_on_submit():
        unpublish(current_user, area)
        flash("The progress page has been taken down. Its address now answers “page not found”.", "success")
        return redirect(url_for("public.manage", area_id=area.id))
    return render_template("public/unpublish.html", area=area, page=page, form=form)


@bp.route("/public/<slug>")
@route_rule(PUBLIC)
def page(slug: str):
    published = published_page(slug)
    if published is None:
        abort(404)  # never published, taken down or no such area: the same answer, revealing nothing
    response = make_response(
        render_template(
            "public/page.html",
            snapshot=published.snapshot,
            slug=slug,
            group_summary=group_summary,
            without_user=True,  # the same page for everyone: nothing about who is asking
        )
    )
    # Shared caches may keep the page for a visitor without cookies. Anyone with a cookie (staff signed in) may
    # be sent a refreshed session cookie with it, which no shared cache may ever keep and hand to someone else.
    sharing = "private" if request.cookies else "public"
    response.headers["Cache-Control"] = f"{sharing}, max-age={PUBLIC_PAGE_MAX_AGE_SECONDS}"
    return response


@bp.route("/public/<slug>/evidence/<int:evidence_id>")
@route_rule(PUBLIC)
def evidence_file(slug: str, evidence_id: int):
    evidence = published_evidence_file(slug, evidence_id)
    if evidence is None:
        abort(404)
    return evidence_download(evidence)
