"""Returned forms uploaded, read, reviewed and saved (issue 6; safety from issue 8).

``/uploads/``: upload a returned form (size limit; type by content through the gate) and see the
recent uploads. Each file is kept under a generated key (:mod:`webforms.upload_store`) before
anything reads it, then read in a child process with memory and time limits
(:mod:`parsers.sandbox`). ``/uploads/<id>``: the record read, the evidence of each opinion block
and the differences from the stored record, with the fields a person must check beside their
crops; accept or correct them and save. ``/uploads/review``: the queue of uploads waiting.

Reading runs in the background (:mod:`webforms.upload_jobs`): the upload is kept at once and
its page shows 解析中 / parsing with live progress until the outcome is settled onto its row. The
same file (SHA-256) uploaded again within what the user may see is not read twice: the earlier
upload is named. Saving stores the reviewed record on the upload's row and writes the paper's
signed and sealed opinion blocks back into the stored record of the same id where the lifecycle
allows (:mod:`registry.writeback`), with audit entries, all in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select, update
from werkzeug.wrappers import Response as BaseResponse

from forms.errors import PaperworkError, RecordInvalid
from forms.kinds import KINDS
from registry import audit, writeback
from registry.models_org import User
from registry.models_upload import Upload
from webforms import upload_jobs, upload_preview, upload_store
from webforms.auth import actor, login_manager, tr
from webforms.database import db
from webforms.errors import error_page
from webforms.i18n import lang
from webforms.schema_form import Node, fields_of

bp = Blueprint("uploads", __name__, url_prefix="/uploads")
UPLOADERS = ("district", "admin", "unit_union")
MAX_UPLOAD = 25 * 1024 * 1024  # the gate's own limit (parsers.gate.Limits.max_bytes)
CROP_NAME = re.compile(r"crop-\d+\.png")
STATUS = {"parsing": ("解析中", "parsing"), "parsed": ("已读取", "read"),
          "needs_review": ("待核对", "needs review"),
          "refused": ("未能读取，已保留待人工录入", "not read — kept for manual entry"),
          "saved": ("已保存", "saved")}


def _larger_bodies() -> None:
    """Before the CSRF check reads the form: an upload may be larger than a typed form."""
    if request.blueprint == "uploads":
        request.max_content_length = current_app.config.get("UPLOAD_MAX_BYTES", MAX_UPLOAD)


@bp.record_once
def _install(state: Any) -> None:
    app: Flask = state.app
    app.before_request_funcs.setdefault(None, []).insert(0, _larger_bodies)
    app.jinja_env.globals["upload_status"] = lambda s: tr(*STATUS.get(s, (s, s)))
    app.jinja_env.globals["field_label"] = field_label
    app.jinja_env.globals["duplicate_notice"] = duplicate_notice
    app.jinja_env.filters["pretty_json"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1)


def field_label(kind_name: str, path: str) -> str:
    """``team.2.name`` as the form names it: 创新团队 › 第3项 › 姓名 (or in English)."""
    kind = KINDS.get(kind_name)
    if kind is None:
        return path
    zh = lang().startswith("zh")
    nodes: tuple[Node, ...] = fields_of(kind.model)
    words = []
    for part in path.split("."):
        if part.isdigit():
            words.append(f"第{int(part) + 1}项" if zh else f"item {int(part) + 1}")
            continue
        node = next((n for n in nodes if n.name == part), None)
        if node is None:
            words.append(part)
            continue
        words.append(node.label("zh" if zh else "en"))
        nodes = node.children
    return " › ".join(words)


@bp.before_request
def _allowed() -> BaseResponse | tuple[str, int] | None:
    if not current_user.is_authenticated:
        response: BaseResponse = login_manager.unauthorized()
        return response
    if actor().role not in UPLOADERS:
        return error_page(403, "上传回收的文书由区总工会或单位工会办理",
                          "returned forms are uploaded by the district union or a unit union")
    return None


def _visible() -> Any:
    """The uploads the signed-in user may see: all for the district union and the
    administrator, those of their own organisation's users for a unit union."""
    who = actor()
    query = select(Upload).order_by(Upload.id.desc())
    if who.role in ("district", "admin"):
        return query
    return query.where(Upload.uploaded_by.in_(
        select(User.id).where(User.organisation_id == who.org_id)))


def _get(upload_id: int) -> Upload | None:
    found: Upload | None = db().scalars(_visible().where(Upload.id == upload_id)).first()
    return found


def _message(zh: str, en: str) -> str:
    return f"{zh}\n{en}"


def _page(status: int = 200, **extra: Any) -> tuple[str, int]:
    uploads = list(db().scalars(_visible().limit(30)).all())
    upload_jobs.settle_all(db(), uploads)
    return render_template("uploads.html", uploads=uploads, **extra), status


@bp.get("/")
def index() -> tuple[str, int]:
    return _page()


@bp.post("/")
def upload_post() -> BaseResponse | tuple[str, int]:
    file = request.files.get("file")
    data = b""
    if file is not None:
        try:
            data = file.read()
        finally:
            file.close()  # a large upload is spooled to a temporary file: close it now
    if not data:
        return _page(400, problem=(tr("请选择要上传的文件。", "Choose a file to upload.")))
    digest = hashlib.sha256(data).hexdigest()
    earlier = db().scalars(_visible().where(Upload.sha256 == digest)).first()
    if earlier is not None:
        return _page(409, duplicate=earlier)
    session = db()
    upload = upload_store.keep(session, data, (file.filename if file else "") or "",
                               actor().user_id)
    session.commit()  # the file is kept whatever happens next
    # The same file sent twice at the same moment: the first kept (lower id) stays.
    earlier = session.scalars(_visible().where(Upload.sha256 == digest,
                                               Upload.id < upload.id)).first()
    if earlier is not None:
        upload_store.discard(session, upload)
        return _page(409, duplicate=earlier)
    upload_jobs.start(session, upload, actor())
    return redirect(url_for("uploads.show", upload_id=upload.id))


def duplicate_notice(earlier: Upload) -> Markup:
    """同一文件已上传过: which upload, when, in what state, with a link to it."""
    link = Markup('<a href="{}">{}</a>').format(
        url_for("uploads.show", upload_id=earlier.id),
        tr(f"查看第 {earlier.id} 号上传", f"open upload {earlier.id}"))
    when = earlier.uploaded_at.strftime("%Y-%m-%d %H:%M")
    status = tr(*STATUS.get(earlier.status, (earlier.status, earlier.status)))
    text = tr(f"同一文件（SHA-256 相同）已于 {when}（UTC）上传过，为第 {earlier.id} 号上传"
              f"（“{earlier.original_name}”，状态：{status}），不再重复读取。",
              f"The same file (same SHA-256) was already uploaded on {when} UTC as upload "
              f"{earlier.id} (“{earlier.original_name}”, {status}); it was not read again.")
    return escape(text) + Markup(" ") + link


@bp.get("/review")
def queue() -> str:
    upload_jobs.settle_all(db(), list(db().scalars(_visible().where(
        Upload.status == "parsing")).all()))
    waiting = db().scalars(_visible().where(Upload.status.in_(("needs_review", "parsed")))).all()
    return render_template("uploads_review.html", uploads=waiting)


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _text_value(text: str, was: Any) -> Any:
    if isinstance(was, str) or was is None:
        return text if text or was is not None else None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _show(upload: Upload, status: int = 200, **extra: Any) -> tuple[str, int]:
    job = upload_jobs.settle(db(), upload)
    result = upload.result or {}
    fields = {f["path"]: f for f in result.get("fields", [])}
    review = [(n, fields[p], _value_text(fields[p]["value"]), p in result.get("crops", {}))
              for n, p in enumerate(result.get("review", [])) if p in fields]
    kind = KINDS.get(upload.kind)
    return render_template("upload.html", upload=upload, result=upload.result or {},
                           review=review, kind=kind, job=job,
                           progress=upload_jobs.progress(job),
                           preview=upload_preview.preview(actor(), upload), **extra), status


@bp.get("/<int:upload_id>")
def show(upload_id: int) -> tuple[str, int]:
    upload = _get(upload_id)
    if upload is None:
        return error_page(404, "没有找到该上传文件", "no such upload")
    return _show(upload)


@bp.get("/<int:upload_id>/state.json")
def state_json(upload_id: int) -> BaseResponse | tuple[str, int]:
    """The reading's progress for the page's script: settles the outcome when it is done."""
    upload = _get(upload_id)
    if upload is None:
        return error_page(404, "没有找到该上传文件", "no such upload")
    job = upload_jobs.settle(db(), upload)
    response = jsonify({"status": upload.status, "label": tr(*STATUS.get(
        upload.status, (upload.status, upload.status))), **upload_jobs.progress(job)})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:upload_id>/read-again")
def read_again(upload_id: int) -> BaseResponse | tuple[str, int]:
    """A file that was not read (time limit, interrupted worker) may be read once more."""
    upload = _get(upload_id)
    if upload is None:
        return error_page(404, "没有找到该上传文件", "no such upload")
    if upload.status != "refused":
        return _show(upload, 409, problem=tr("只有未能读取的文件可以重新读取。",
                                             "only a file that was not read can be read again."))
    upload_jobs.start(db(), upload, actor())
    return redirect(url_for("uploads.show", upload_id=upload.id))


@bp.get("/<int:upload_id>/crop/<int:n>")
def crop(upload_id: int, n: int) -> BaseResponse | tuple[str, int]:
    upload = _get(upload_id)
    result = upload.result if upload is not None else {}
    paths = result.get("review", [])
    name = result.get("crops", {}).get(paths[n]) if 0 <= n < len(paths) else None
    if upload is None or not name or not CROP_NAME.fullmatch(name):
        return error_page(404, "没有该字段的截图", "no crop image for this field")
    png = (upload_store.work_dir(upload) / name).read_bytes()  # a few kilobytes
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=0"})


def _put(data: Any, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data[int(part)] if isinstance(data, list) else data.setdefault(part, {})
    if isinstance(data, list):
        data[int(parts[-1])] = value
    else:
        data[parts[-1]] = value


@bp.post("/<int:upload_id>")
def save(upload_id: int) -> BaseResponse | tuple[str, int]:
    upload = _get(upload_id)
    if upload is None:
        return error_page(404, "没有找到该上传文件", "no such upload")
    kind = KINDS.get(upload.kind)
    if upload.status not in ("parsed", "needs_review") or kind is None:
        return _show(upload, 409, problem=tr("此文件不能保存到登记册：未读取出可识别的文书。",
                                             "this file cannot be saved: no known document "
                                             "was read from it."))
    result = upload.result
    data = json.loads(json.dumps(result.get("record") or result.get("data") or {}))
    fields = {f["path"]: f for f in result.get("fields", [])}
    corrected = []
    for n, path in enumerate(result.get("review", [])):
        text = request.form.get(f"v{n}")
        if text is None or path not in fields:
            continue
        text = text.strip()[:5000]
        if text != _value_text(fields[path]["value"]):
            corrected.append(path)
        try:
            _put(data, path, _text_value(text, fields[path]["value"]))
        except (KeyError, IndexError, ValueError, TypeError):
            continue
    record, checked = kind.check(data)
    if record is None:
        return _show(upload, 400, issues=checked.issues)
    return _store(upload, record.model_dump(mode="json"), corrected)


def _store(upload: Upload, reviewed: dict[str, Any], corrected: list[str]) -> BaseResponse | \
        tuple[str, int]:
    """The reviewed record on the upload's row, its opinion blocks written back into the stored
    record (registry.writeback), and both audit entries: one transaction, or nothing."""
    session = db()
    before = upload.status
    try:
        done = writeback.write_back(session, actor(), upload.kind, upload.record_id, reviewed,
                                    upload_preview.today())
    except RecordInvalid as exc:
        session.rollback()
        return _show(upload, 409, issues=exc.issues)
    except PaperworkError as exc:
        session.rollback()
        issues = getattr(exc, "issues", None) or [exc]
        return _show(upload, 409, issues=issues, problem=tr(
            "登记册的规则不允许写回以下内容，未保存任何内容。",
            "The registry's rules refuse the write-back below; nothing was saved."))
    moved = session.execute(update(Upload).where(Upload.id == upload.id,
                                                 Upload.status == before)
                            .values(status="saved", reviewed=reviewed,
                                    result={**upload.result, "writeback": done.as_dict()
                                            if done else None})
                            .execution_options(synchronize_session=False))
    if getattr(moved, "rowcount", 0) != 1:
        session.rollback()
        return _show(upload, 409, problem=tr("该文件已由他人保存，请刷新。",
                                             "someone else saved this file meanwhile; reload."))
    studio_id = done.studio_id if done else upload.result.get("studio_id")
    audit.record(session, actor(), "upload_saved", "upload", upload.id,
                 studio_id=studio_id, before=before, after="saved",
                 detail={"kind": upload.kind, "record_id": upload.record_id,
                         "stored": done.ref if done else "", "corrected": corrected,
                         "written": [c.path for c in done.written] if done else [],
                         "file": upload.original_name, "sha256": upload.sha256})
    session.commit()
    return redirect(url_for("uploads.show", upload_id=upload.id))
