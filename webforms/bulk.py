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
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response as BaseResponse

from forms.errors import Issue, PaperworkError
from forms.kinds import KINDS, get_kind
from generators.bulk import describe
from jobs.runner import submit
from jobs.store import JobStore
from parsers.roster import read_roster
from registry.models_studio import Certificate
from webforms.auth import actor, login_manager
from webforms.database import db
from webforms.errors import error_page

bp = Blueprint("bulk", __name__, url_prefix="/bulk")
PRINTERS = ("district", "admin")  # 区总工会 prints certificates (第七条)


@bp.before_request
def _district_only() -> BaseResponse | tuple[str, int] | None:
    """Bulk printing is the district union's: sign in first; other roles get a 403 page."""
    if not current_user.is_authenticated:
        response: BaseResponse = login_manager.unauthorized()
        return response
    if actor().role not in PRINTERS:
        return error_page(403, "批量打印证书由区总工会办理",
                          "bulk printing of certificates is done by the district union")
    return None


def registry_years() -> list[tuple[int, int]]:
    """(year, number of certificates) for every year the registry has named studios in."""
    rows = db().execute(select(Certificate.year, func.count()).group_by(Certificate.year)
                        .order_by(Certificate.year.desc()))
    return [(int(y), int(n)) for y, n in rows]
BULK_KINDS = ("certificate", "plaque")  # one-page documents printed by the hundred
ROSTER_SUFFIXES = (".xlsx", ".csv")


def store() -> JobStore:
    """Job folders: ``JOBS_DIR`` (``STUDIO_JOBS_DIR``), by default ``instance/jobs``."""
    root = current_app.config.get("JOBS_DIR") or Path(current_app.instance_path) / "jobs"
    return JobStore(Path(root))


def page(status: int = 200, **extra: Any) -> tuple[str, int]:
    return render_template("bulk.html", kinds=[KINDS[k] for k in BULK_KINDS if k in KINDS],
                           jobs=store().recent(), years=registry_years(), **extra), status


def registry_conflict(record: Any) -> str | None:
    """The studio the registry gave this record's certificate number to, if not this one."""
    number = getattr(record, "number", None)
    if not number:
        return None
    found = db().scalars(select(Certificate).where(Certificate.number == number)).first()
    if found is None:
        return None
    owner = str(found.record.get("studio_name", ""))
    return owner if owner != getattr(record, "studio_name", owner) else None


@bp.get("/")
def index() -> tuple[str, int]:
    return page()


def _start_job(kind_name: str, records: list[Any], errors: list[dict[str, Any]],
               title: str) -> BaseResponse:
    described = [describe(r) for r in records]
    state = store().create(kind_name, records, [d[0] for d in described],
                           [d[1] for d in described], errors, title=title)
    submit(store(), state.id, current_app.config.get("REDIS_URL") or None)
    return redirect(url_for("bulk.job", job_id=state.id))


@bp.post("/registry")
def from_registry() -> BaseResponse | tuple[str, int]:
    """The certificates (or plaques) of the studios named in a year, in number order, from the
    records the registry stored when it named them — numbers from its sequence, never retyped."""
    kind_name = request.form.get("kind", "")
    try:
        year = int(request.form.get("year", ""))
    except ValueError:
        year = 0
    if kind_name not in BULK_KINDS or year not in dict(registry_years()):
        flash(_("请选择年度和文书。"), "error")
        return page(400)
    kind = get_kind(kind_name)
    rows = db().scalars(select(Certificate).where(Certificate.year == year)
                        .order_by(Certificate.serial)).all()
    records = [kind.model.model_validate(r.record) for r in rows]
    return _start_job(kind_name, records, [], f"{year}年{kind.title_zh}（{len(records)}份）")


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
        return page(400, chosen=kind_name)
    kind = get_kind(kind_name)
    try:
        rows = read_roster(Path(upload.filename), kind, upload.read())
    except PaperworkError as exc:
        flash(f"{exc.zh} / {exc.en}", "error")
        return page(400, chosen=kind_name)
    for r in rows:
        taken = registry_conflict(r.record)
        if taken:
            r.record = None
            r.issues.append(Issue(
                f"第{r.row}行.number",
                f"第 {r.row} 行：证书编号已由登记册给了“{taken}”，编号不能重复使用",
                f"row {r.row}: the registry gave this certificate number to {taken}; numbers "
                "are never given twice", "第七条"))
    good = [r.record for r in rows if r.record is not None]
    errors = [dataclasses.asdict(i) for r in rows for i in r.issues]
    if not good:
        flash(_("名单中没有可生成的记录，请改正后重新上传。"), "error")
        return page(400, chosen=kind_name, row_errors=errors)
    return _start_job(kind_name, good, errors, f"{kind.title_zh}（{len(good)}份）")


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
