from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..actions.services import findings_without_actions, inspection_actions
from ..formatting import highlighted_segments
from ..letters import FRAMEWORK_2023, LetterError, read_document
from ..loaders import load_inspection
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
from .forms import ConfirmImportForm, KeyDatesForm, UploadLetterForm
from .grouping import group_findings
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
        key_dates=key_dates(inspection),
        may_manage=can_manage_area(current_user, inspection.local_area_id),
        unanswered=findings_without_actions(inspection),
        plan_started=bool(inspection_actions(inspection)),
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
        "inspections/key_dates.html", form=form, inspection=inspection, key_dates=key_dates(inspection)
    )


def _require_importer() -> None:
    if not may_import_letters(current_user):
        raise PermissionDenied("Only managers can import inspection letters.")


@bp.route("/inspections/import", methods=["GET", "POST"])
@login_required
@route_rule(IMPORTER)
def upload():
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
