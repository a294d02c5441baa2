"""Import and export pages: CSV exports of the lists; import in steps (upload, columns, preview, confirm), undo.

The uploaded rows stay on the server between the steps (``crm.transfer.staging``, found through a token in the
session); the forms carry only choices, which are checked against the staged data.
"""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm import audit, policy
from crm.contacts.services import contact_log_filters
from crm.extensions import db
from crm.formatting import local_today
from crm.forms import ConfirmForm
from crm.models import User
from crm.pagination import paginate
from crm.transfer import exports, staging
from crm.transfer.analysis import analyse
from crm.transfer.columns import auto_map, columns, mapping_problems
from crm.transfer.csvio import CsvRefused, csv_stream, read_upload
from crm.transfer.forms import UploadForm, confirm_form, mapping_form
from crm.transfer.imports import ImportRefused, decision_options, run_import
from crm.transfer.models import IMPORT_KINDS, ImportBatch
from crm.transfer.undo import may_undo, undo_import, undo_plan

bp = Blueprint("transfer", __name__)

IMPORT_LIMIT = 5 * 1024 * 1024
STAGED = "transfer_import"  # session key of the staged import's token
MAX_CHOICES = 1000  # duplicates offered one by one; the rest are skipped
SHOWN = 500  # rows with problems listed on the preview (all are in the download)


def _csv_response(name: str, header, rows) -> Response:
    response = Response(stream_with_context(csv_stream(header, rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{local_today().isoformat()}.csv"'
    return response


@bp.get("/")
def index():
    """Exports, imports, and the imports one may see with their undo."""
    query = (select(ImportBatch).options(joinedload(ImportBatch.user))
             .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc()))
    if current_user.role == "team_lead" and current_user.team_id is not None:  # as may_undo: no team is not a team
        query = query.join(User, ImportBatch.user_id == User.id).where(User.team_id == current_user.team_id)
    elif current_user.role != "admin":
        query = query.where(ImportBatch.user_id == current_user.id)
    return render_template("transfer/index.html", kinds=IMPORT_KINDS, may_import=current_user.role != "specialist",
                           page=paginate(query, request.args.get("page"), per_page=20))


@bp.get("/export/employers.csv")
def export_employers():
    """The employer list, with its filters, as CSV."""
    filters, used = exports.employer_filters(request.args)
    audit.record("export", "employers", fields=used, detail=f"{len(used)} filters")
    return _csv_response("employers", exports.EMPLOYER_HEADER, exports.employer_rows(filters))


@bp.get("/export/contacts.csv")
def export_contacts():
    """The contact log one may see, with its filters, as CSV (names of others' participants left out)."""
    kwargs, used = contact_log_filters(request.args, current_user)
    audit.record("export", "employer_contacts", fields=used, detail=f"{len(used)} filters")
    viewer = policy.Viewer.of(current_user)  # the rows are written after the request's session is gone
    return _csv_response("contact-log", exports.CONTACT_HEADER, exports.contact_rows(viewer, kwargs))


@bp.get("/export/openings.csv")
def export_openings():
    """The openings list, with its filters, as CSV."""
    filters, used = exports.opening_filters(request.args)
    audit.record("export", "openings", fields=used, detail=f"{len(used)} filters")
    return _csv_response("openings", exports.OPENING_HEADER, exports.opening_rows(filters))


@bp.get("/import/<kind>/template.csv")
def template(kind: str):
    """An empty file with the column names an import of this kind understands."""
    if kind not in IMPORT_KINDS:
        abort(404)
    response = Response(csv_stream([c.label for c in columns(kind)], []), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}-import-template.csv"'
    return response


def _filename(raw: str | None) -> str:
    name = re.sub(r"[\x00-\x1f\x7f]", "", (raw or "").replace("\\", "/").rsplit("/", 1)[-1])
    return name[:200] or "upload.csv"


@bp.route("/import/<kind>", methods=["GET", "POST"])
def upload(kind: str):
    """Step 1: choose a CSV file; it is read and kept on the server, nothing is imported yet."""
    if kind not in IMPORT_KINDS:
        abort(404)
    form = UploadForm()
    if form.validate_on_submit():
        try:
            table = read_upload(form.file.data.stream, _filename(form.file.data.filename), IMPORT_LIMIT)
        except CsvRefused as error:
            form.file.errors.append(str(error))
        else:
            staging.discard(session.get(STAGED))
            session[STAGED] = staging.stage(current_user.id, {
                "kind": kind, "filename": _filename(form.file.data.filename), "headers": table.headers,
                "rows": table.rows, "mapping": auto_map(kind, table.headers), "analysis": None})
            return redirect(url_for("transfer.mapping"))
    return render_template("transfer/upload.html", form=form, kind=kind, kinds=IMPORT_KINDS, columns=columns(kind),
                           limit_mb=IMPORT_LIMIT // (1024 * 1024)), 400 if form.errors else 200


def _staged() -> dict | None:
    staged = staging.load(session.get(STAGED), current_user.id)
    if staged is None:
        flash("There is no import in progress (it may have been finished or have expired). Upload the file again.",
              "warning")
    return staged


@bp.route("/import/mapping", methods=["GET", "POST"])
def mapping():
    """Step 2: say which field each column of the file fills (matched by name to begin with)."""
    staged = _staged()
    if staged is None:
        return redirect(url_for("transfer.index"))
    kind, headers = staged["kind"], staged["headers"]
    form = mapping_form(kind, headers, staged["mapping"])
    problems = []
    if form.validate_on_submit():
        chosen = [form[f"column_{i}"].data for i in range(len(headers))]
        problems = mapping_problems(kind, chosen)
        if not problems:
            staged.update(mapping=chosen, analysis=analyse(kind, headers, staged["rows"], chosen))
            staging.save(session[STAGED], staged)
            return redirect(url_for("transfer.preview"))
    samples = [[cells[i] if i < len(cells) else "" for _, cells in staged["rows"][:3]] for i in range(len(headers))]
    return render_template("transfer/mapping.html", form=form, staged=staged, kinds=IMPORT_KINDS, samples=samples,
                           problems=problems), 400 if problems or form.errors else 200


@bp.route("/import/preview", methods=["GET", "POST"])
def preview():
    """Step 3: every row's problems and possible duplicates; nothing is written until the user confirms here."""
    staged = _staged()
    if staged is None or not staged.get("analysis"):
        return redirect(url_for("transfer.mapping" if staged else "transfer.index"))
    kind, rows = staged["kind"], staged["analysis"]["rows"]
    duplicates = [row for row in rows if row["matches"] and not row["errors"]]
    bad = [row for row in rows if row["errors"]]
    form = confirm_form({row["line"]: decision_options(kind, row) for row in duplicates[:MAX_CHOICES]}, bool(bad))
    if form.validate_on_submit():
        chosen = {row["line"]: form[f"line_{row['line']}"].data for row in duplicates[:MAX_CHOICES]}
        try:
            batch = run_import(current_user, staged, chosen,
                               good_rows_only=bool(bad) and form.good_rows_only.data)
        except ImportRefused as error:
            flash(str(error), "danger")
        else:
            db.session.commit()
            staging.discard(session.pop(STAGED, None))
            flash(f"Import finished: {batch.counts['created']} added, {batch.counts['merged']} merged.", "success")
            return redirect(url_for("transfer.batch", batch_id=batch.id))
    ready = [row["line"] for row in rows if not row["errors"] and not row["matches"]]
    return render_template("transfer/preview.html", form=form, staged=staged, kinds=IMPORT_KINDS, bad=bad,
                           shown=SHOWN, duplicates=duplicates, max_choices=MAX_CHOICES, ready=ready,
                           sample=_sample(staged, ready[:20])), 400 if form.errors else 200


def _sample(staged: dict, lines: list[int]) -> dict:
    """The first ready rows as they were in the file, under the names of the fields their columns fill."""
    labels = {column.key: column.label for column in columns(staged["kind"])}
    used = [(i, labels[key]) for i, key in enumerate(staged["mapping"]) if key]
    wanted = set(lines)
    rows = [(line, [cells[i] if i < len(cells) else "" for i, _ in used]) for line, cells in staged["rows"]
            if line in wanted]
    return {"headings": [label for _, label in used], "rows": rows}


@bp.get("/import/problems.csv")
def problems():
    """The rows of the staged file that have problems, as they were, with the problems in a last column."""
    staged = _staged()
    if staged is None or not staged.get("analysis"):
        return redirect(url_for("transfer.index"))
    errors = {row["line"]: row["errors"] for row in staged["analysis"]["rows"] if row["errors"]}
    rows = [[*cells, " ".join(errors[line])] for line, cells in staged["rows"] if line in errors]
    response = Response(csv_stream([*staged["headers"], "Problems"], rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="rows-to-fix.csv"'
    return response


@bp.post("/import/cancel")
def cancel():
    """Drop the import in progress; nothing was written."""
    if ConfirmForm().validate_on_submit():
        staging.discard(session.pop(STAGED, None))
        flash("Import cancelled: nothing was imported.", "info")
    return redirect(url_for("transfer.index"))


def _batch(batch_id: int) -> ImportBatch:
    batch = db.get_or_404(ImportBatch, batch_id)
    if not may_undo(current_user, batch):
        audit.record_refusal("denied", "import_batch", batch.id, detail="another team's import")
        abort(403)
    return batch


@bp.get("/imports/<int:batch_id>")
def batch(batch_id: int):
    """What an import did, and its undo."""
    batch = _batch(batch_id)
    return render_template("transfer/batch.html", batch=batch, kinds=IMPORT_KINDS, confirm=ConfirmForm(),
                           undone_by=db.session.get(User, batch.undone_by_id) if batch.undone_by_id else None)


@bp.route("/imports/<int:batch_id>/undo", methods=["GET", "POST"])
def undo(batch_id: int):
    """Undo a whole import: see first what will be removed and what has to stay, then confirm."""
    batch = _batch(batch_id)
    if batch.undone_at is not None:
        flash("This import has already been undone.", "info")
        return redirect(url_for("transfer.batch", batch_id=batch.id))
    if ConfirmForm().validate_on_submit():
        plan = undo_import(batch, current_user)
        db.session.commit()
        flash(f"Import undone: {len(plan.remove)} removed" + (f", {len(plan.keep)} kept (see below)." if plan.keep
                                                              else "."), "success")
        return redirect(url_for("transfer.batch", batch_id=batch.id))
    return render_template("transfer/undo.html", batch=batch, kinds=IMPORT_KINDS, plan=undo_plan(batch),
                           confirm=ConfirmForm())


def too_large(_error):
    """A file over the app's upload limit: say what the import limit is."""
    return render_template("errors/error.html", code=413, title="That file is too large to import",
                           hint=f"Files to import can be at most {IMPORT_LIMIT // (1024 * 1024)} MB. Split a bigger "
                                "file into parts and import them one after another."), 413


bp.register_error_handler(413, too_large)
