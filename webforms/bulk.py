"""Bulk printing pages: upload a roster, follow the job live, download the ZIP and merged PDF.

The job runs in the background (jobs.runner: a thread here, or an RQ worker when
``STUDIO_REDIS_URL`` is set); its state is a file, so the progress page survives a reload and
any gunicorn worker can answer it. Without JavaScript the page refreshes itself while the job
runs.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from forms.errors import PaperworkError
from forms.kinds import KINDS, get_kind
from generators.bulk import describe
from jobs.runner import submit
from jobs.store import JobStore
from parsers.roster import read_roster

bp = Blueprint("bulk", __name__, url_prefix="/bulk")
BULK_KINDS = ("certificate", "plaque")  # one-page documents printed by the hundred
ROSTER_SUFFIXES = (".xlsx", ".csv")


def store() -> JobStore:
    """Job folders: ``JOBS_DIR`` (``STUDIO_JOBS_DIR``), by default ``instance/jobs``."""
    root = current_app.config.get("JOBS_DIR") or Path(current_app.instance_path) / "jobs"
    return JobStore(Path(root))


@bp.get("/")
def index() -> str:
    return render_template("bulk.html", kinds=[KINDS[k] for k in BULK_KINDS if k in KINDS],
                           jobs=store().recent())


@bp.post("/")
def start() -> BaseResponse | tuple[str, int]:
    kind_name = request.form.get("kind", "")
    upload = request.files.get("roster")
    problem = None
    if kind_name not in BULK_KINDS or kind_name not in KINDS:
        problem = _("请选择要批量生成的文书。")
    elif upload is None or not upload.filename:
        problem = _("请选择名单文件（.xlsx 或 .csv）。")
    elif Path(upload.filename).suffix.lower() not in ROSTER_SUFFIXES:
        problem = _("名单文件应为 .xlsx 或 .csv。")
    if problem is not None or upload is None or upload.filename is None:
        flash(problem or "", "error")
        return render_template("bulk.html", kinds=[KINDS[k] for k in BULK_KINDS],
                               jobs=store().recent(), chosen=kind_name), 400
    kind = get_kind(kind_name)
    try:
        rows = read_roster(Path(upload.filename), kind, upload.read())
    except PaperworkError as exc:
        flash(exc.message(str(request.args.get("lang") or "zh")), "error")
        return render_template("bulk.html", kinds=[KINDS[k] for k in BULK_KINDS],
                               jobs=store().recent(), chosen=kind_name), 400
    good = [r.record for r in rows if r.record is not None]
    errors = [dataclasses.asdict(i) for r in rows for i in r.issues]
    if not good:
        flash(_("名单中没有可生成的记录，请改正后重新上传。"), "error")
        return render_template("bulk.html", kinds=[KINDS[k] for k in BULK_KINDS],
                               jobs=store().recent(), chosen=kind_name, row_errors=errors), 400
    described = [describe(r) for r in good]
    state = store().create(kind_name, good, [d[0] for d in described], [d[1] for d in described],
                           errors,
                           title=f"{kind.title_zh}（{len(good)}份）")
    submit(store(), state.id, current_app.config.get("REDIS_URL") or None)
    return redirect(url_for("bulk.job", job_id=state.id))


def _state(job_id: str) -> Any:
    try:
        return store().state(job_id)
    except PaperworkError:
        abort(404)


@bp.get("/<job_id>")
def job(job_id: str) -> str:
    state = _state(job_id)
    return render_template("bulk_job.html", job=state, kind=get_kind(state.kind))


@bp.get("/<job_id>/state.json")
def state_json(job_id: str) -> BaseResponse:
    response = jsonify(dataclasses.asdict(_state(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<job_id>/cancel")
def cancel(job_id: str) -> BaseResponse:
    state = _state(job_id)
    if not state.finished:
        store().request_cancel(job_id)
        flash(_("已请求取消，正在停止……"), "info")
    return redirect(url_for("bulk.job", job_id=job_id))


@bp.get("/<job_id>/download/<which>")
def download(job_id: str, which: str) -> Response:
    state = _state(job_id)
    name = state.outputs.get(which) if state.status == "done" else None
    if not name:
        abort(404)
    return send_file(store().folder(job_id) / name, as_attachment=True, download_name=name)
